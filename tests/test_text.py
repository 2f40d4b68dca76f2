from __future__ import annotations

import pytest

import qa.text
from qa.text import count_tokens, fold, readable, split_sentences, stem, terms, unmark


def sentences(text: str) -> list[str]:
    spans = split_sentences(text)
    for a, b in spans:
        assert text[a:b] == text[a:b].strip() and text[a:b]
    return [text[a:b] for a, b in spans]


def test_basic_split_keeps_offsets() -> None:
    text = "  First one. Second one!  Third?\nFourth line"
    assert sentences(text) == ["First one.", "Second one!", "Third?", "Fourth line"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.N. Security Council met. It voted.", ["The U.N. Security Council met.", "It voted."]),
        ("Mr. Smith paid 3.5 million. Then he left.", ["Mr. Smith paid 3.5 million.", "Then he left."]),
        ("“We understand,” Lavrov said. “We agree.” He left.",
         ["“We understand,” Lavrov said.", "“We agree.”", "He left."]),
        ("attempted a coup on May 11-12, 2022,”The statement was made on Monday.",
         ["attempted a coup on May 11-12, 2022,”", "The statement was made on Monday."]),
        ("unaware of the changes. ” According to Diop, fine.",
         ["unaware of the changes. ”", "According to Diop, fine."]),
        ("George W. Bush spoke. Then he sat.", ["George W. Bush spoke.", "Then he sat."]),
    ],
)
def test_split_edge_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2028"], ids=["CRLF", "CR", "LF", "LS"])
def test_any_line_break_ends_a_sentence(newline: str) -> None:
    text = f"Heading without a stop{newline}{newline}The bird flew to Oslo.{newline}"
    assert sentences(text) == ["Heading without a stop", "The bird flew to Oslo."]


def test_byte_order_mark_is_not_part_of_a_sentence() -> None:
    assert sentences("\ufeffThe first line. The second.") == ["The first line.", "The second."]


def test_split_inside_a_region() -> None:
    text = "IGNORED. Kept one. Kept two. IGNORED."
    a = text.index("Kept")
    b = text.index(" IGNORED.", a)
    assert [text[s:e] for s, e in split_sentences(text, a, b)] == ["Kept one.", "Kept two."]


def test_fold_and_terms_match_accents_and_quotes() -> None:
    assert fold("Keïta’s") == "keita's"
    assert terms("Keita") == terms("Keïta")
    assert terms("N'Daw") == terms("N’Daw")
    assert terms("the U.N. and the UN") == ["un", "un"]
    assert terms("elections were held") == ["election", "held"]


def test_count_tokens_uses_offline_cl100k() -> None:
    assert count_tokens("hello world") == 2
    assert count_tokens("") == 0


@pytest.mark.parametrize("a, b", [
    ("met", "meeting"), ("announced", "announces"), ("announce", "announcing"),
    ("children", "child"), ("taught", "teaches"), ("won", "wins"), ("policies", "policy"),
    ("died", "die"), ("used", "uses"),
])
def test_inflections_and_irregular_forms_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a, b", [("state", "station"), ("meet", "meat"), ("taught", "taut"),
                                   ("need", "nee"), ("seed", "see")])
def test_different_words_keep_different_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_lemma_table_is_shipped_with_its_source() -> None:
    import json
    from pathlib import Path

    data = json.loads((Path(qa.text.__file__).parent / "data" / "lemmas.json").read_text())
    assert "UD English EWT" in data["source"]
    assert data["lemmas"]["met"] == stem("meet")


@pytest.mark.parametrize("raw, seen", [
    ("founded by [Martin Eberhard](https://example.org/wiki/Martin_Eberhard) in 2003.",
     "founded by Martin Eberhard in 2003."),
    ("It cost **€5 billion** and employs _12,000 people_.", "It cost €5 billion and employs 12,000 people ."),
    ("> “A great day,” she said.", "“A great day,” she said."),
    ("- The plant builds the Model Y.", "The plant builds the Model Y."),
    ("## A *new* plant", "A new plant"),
    ("![a photo](https://example.org/a.jpg) Visit https://example.org/x or www.example.org today.",
     "Visit or today."),
    ("A <b>bold</b> move<br/>.", "A bold move ."),
    # plain text is left alone: brackets, stars and underscores that are not markup
    ("He said [the price of oil] would rise by 3 * 4 units in snake_case_names.",
     "He said [the price of oil] would rise by 3 * 4 units in snake_case_names."),
])
def test_markup_is_blanked_keeping_offsets(raw: str, seen: str) -> None:
    blanked = unmark(raw)
    assert len(blanked) == len(raw)
    assert all(b == r or b == " " for b, r in zip(blanked, raw))
    assert readable(raw) == seen


def test_a_title_written_short_is_the_title_written_out() -> None:
    assert terms("Who is Solvind’s CEO?") == terms("Who is Solvind’s chief executive?")
    assert terms("the PM said") == terms("the prime minister said")
    assert "prim" not in terms("at 5 p.m. on Friday") and "pm" in terms("at 5 p.m. on Friday")


def test_a_small_number_is_one_term_in_words_or_figures() -> None:
    assert terms("Four fishermen were rescued") == terms("4 fishermen were rescued") == ["4", "fishermen", "rescu"]
    assert terms("one of the men") == ["man"]  # "one" stays a function word
