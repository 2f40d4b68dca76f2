from __future__ import annotations

from pathlib import Path

import pytest

import qa
from qa.errors import QAError, QuestionError, StoreError


@pytest.fixture
def store(tiny_corpus: Path, tmp_path: Path, fake) -> Path:  # noqa: ANN001
    s = tmp_path / "store"
    qa.ingest(tiny_corpus, store=s, embedder=fake, progress=False)
    return s


def check_contract(ans: qa.Answer, corpus: Path) -> None:
    d = ans.to_dict()
    assert set(d) == {"question", "answer", "abstained", "score", "citations"}
    assert 0.0 <= d["score"] <= 1.0
    quotes = [c["quote"] for c in d["citations"]]
    assert len(quotes) == len(set(quotes))
    for i, c in enumerate(d["citations"]):
        raw = (corpus / c["source"]).read_text(encoding="utf-8")
        assert raw[c["start"]:c["end"]] == c["quote"]
        assert c["start"] <= c["answer_start"] <= c["answer_end"] <= c["end"]
        assert 0.0 <= c["score"] <= 1.0
        if i == 0 and not d["abstained"]:
            assert raw[c["answer_start"]:c["answer_end"]] == d["answer"]
            assert d["answer"] and d["answer"] in c["quote"]
    if d["abstained"]:
        assert d["answer"] == ""


def indexed(tmp_path: Path, fake, files: dict[str, str]) -> tuple[Path, Path]:  # noqa: ANN001
    """A corpus of ``files`` (name -> text) ingested with the fake embedder: (corpus, store)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    qa.ingest(corpus, store=store, embedder=fake, progress=False)
    return corpus, store


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Who founded Acme Corporation?", "Marie Dupont"),
        ("When was Acme Corporation founded?", "March 1998"),
        ("How many engineers does the company employ?", "twelve"),
        ("Who was overthrown in August 2020?", "Ibrahim Boubacar Keïta"),
    ],
)
def test_short_answers_from_the_right_sentence(store: Path, tiny_corpus: Path, fake, question: str, expected: str) -> None:  # noqa: ANN001
    ans = qa.answer(question, store=store, embedder=fake)
    check_contract(ans, tiny_corpus)
    assert not ans.abstained
    assert ans.answer == expected


def test_the_answer_is_the_second_looks_pick(store: Path, tiny_corpus: Path, fake, monkeypatch) -> None:  # noqa: ANN001
    from qa import extract

    seen: dict[str, object] = {}

    def other_span(text, first, similarity):  # noqa: ANN001, ANN202
        seen["first"] = text[first.start:first.end]
        seen["sims"] = list(similarity(["Marie Dupont", "Lyon"]))
        i = text.index("March 1998")
        return extract.Choice(i, i + len("March 1998"), 0.5, "date")

    monkeypatch.setattr(extract, "second_look", other_span)
    question = "Who founded Acme Corporation?"
    ans = qa.answer(question, store=store, embedder=fake)
    check_contract(ans, tiny_corpus)
    assert seen["first"] == "Marie Dupont" and ans.answer == "March 1998"
    # the similarity offered is MiniLM's (here the fake's) cosine of each span with the question
    expected = fake.embed(["Marie Dupont", "Lyon"]) @ fake.embed([question])[0]
    assert seen["sims"] == pytest.approx([float(v) for v in expected])


def test_the_second_look_embeds_with_int8_unless_given_an_embedder(tmp_path: Path, fake, monkeypatch) -> None:  # noqa: ANN001
    from qa import pipeline

    int8 = object()
    monkeypatch.setattr(pipeline, "span_embedder", lambda settings: int8)
    settings = qa.Settings().with_(store=tmp_path / "store")
    assert pipeline.Engine(settings).span_embedder is int8
    assert pipeline.Engine(settings, fake).span_embedder is fake  # same vectors as its questions


def test_accent_and_quote_folding_find_the_text(store: Path, tiny_corpus: Path, fake) -> None:  # noqa: ANN001
    ans = qa.answer("When was Keita overthrown?", store=store, embedder=fake)
    check_contract(ans, tiny_corpus)
    assert "Keïta" in ans.citations[0].quote
    ans = qa.answer("When was N'Daw removed?", store=store, embedder=fake)
    assert "N’Daw" in ans.citations[0].quote


def test_follow_up_uses_history(store: Path, tiny_corpus: Path, fake) -> None:  # noqa: ANN001
    history = [("Who was overthrown in August 2020?", "Ibrahim Boubacar Keïta")]
    ans = qa.answer("Who was his successor?", history=history, store=store, embedder=fake)
    check_contract(ans, tiny_corpus)
    assert "N’Daw" in ans.citations[0].quote


def test_unsupported_question_abstains_with_nearest_passages(store: Path, tiny_corpus: Path, fake) -> None:  # noqa: ANN001
    ans = qa.answer("What is the population of Jupiter's moons?", store=store, embedder=fake)
    check_contract(ans, tiny_corpus)
    assert ans.abstained and ans.answer == ""
    assert ans.citations


MARKDOWN = """# Harbour bridge opens in **Porto Vale**

![The bridge at night](https://example.org/img/bridge.jpg)

The harbour bridge was designed by [Ana Ferreira](https://example.org/people/ana_ferreira) and cost **€450 million**.

It will carry _30,000 cars_ a day, according to the [city council](https://example.org/council).
"""


@pytest.mark.parametrize("question, expected", [
    ("Who designed the harbour bridge?", "Ana Ferreira"),
    ("How much did the harbour bridge cost?", "€450 million"),
    ("How many cars will the bridge carry a day?", "30,000"),
])
def test_markdown_is_read_without_its_markup(tmp_path: Path, fake, question: str, expected: str) -> None:  # noqa: ANN001
    corpus, store = indexed(tmp_path, fake, {"bridge.md": MARKDOWN})
    ans = qa.answer(question, store=store, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == expected  # not "[Ana Ferreira](https", "**€450 million**" or "000"
    assert ans.citations[0].title == "Harbour bridge opens in Porto Vale"
    assert not any("img/bridge" in c.quote for c in ans.citations)  # an image is not a sentence


def test_a_surname_stands_for_the_full_name_the_article_gives(tmp_path: Path, fake) -> None:  # noqa: ANN001
    from qa.pipeline import Engine

    corpus, s = indexed(tmp_path, fake, {
        "vote.txt": ("Kovač Wins The Presidential Run-off\n\n"
                     "Former judge Marta Kovač has won the run-off, defeating Anton Zupan, the "
                     "election commission announced on Sunday.\n\n"
                     "Kovač, 61, took 54% of the vote against 46% for Zupan.\n"),
        "other.txt": "Ivo Kovač Opens A Bakery\n\nKovač, 45, opened a bakery in Split.\n"})
    engine = Engine(qa.Settings().with_(corpus=corpus, store=s), fake)
    _, readings = engine.read("How old is Marta Kovač?")
    cov = {engine.snap.sentences[r.candidate.index].text: r.candidate.coverage for r in readings}
    full = cov["Former judge Marta Kovač has won the run-off, defeating Anton Zupan, the election "
               "commission announced on Sunday."]
    # "Kovač" stands for "Marta Kovač" where the article names her in full, not in another one
    assert cov["Kovač, 61, took 54% of the vote against 46% for Zupan."] == full
    assert cov["Kovač, 45, opened a bakery in Split."] < full


def test_boilerplate_is_never_cited(store: Path, fake) -> None:  # noqa: ANN001
    ans = qa.answer("Which team won the cup final on Saturday night?", store=store, embedder=fake)
    assert all("football" not in c.quote and "cup final" not in c.quote for c in ans.citations)


def test_sources_filter(store: Path, fake) -> None:  # noqa: ANN001
    ans = qa.answer("Who was overthrown?", store=store, embedder=fake, sources=["acme.txt"])
    assert all(c.source == "acme.txt" for c in ans.citations)
    with pytest.raises(QAError, match="unknown article"):
        qa.answer("Who?", store=store, embedder=fake, sources=["nope.txt"])


@pytest.mark.parametrize(
    "question, match",
    [("", "empty"), ("   \n\t", "empty"), ("x" * 2001, "limit is 2000"), (None, "must be text")],
)
def test_bad_questions_raise_qaerror(store: Path, fake, question, match: str) -> None:  # noqa: ANN001
    with pytest.raises(QuestionError, match=match):
        qa.answer(question, store=store, embedder=fake)


def test_never_ingested_store(tmp_path: Path, fake) -> None:  # noqa: ANN001
    with pytest.raises(StoreError, match="run `qa ingest` first"):
        qa.answer("Who founded Acme?", store=tmp_path / "empty", embedder=fake)


@pytest.mark.parametrize(
    "question",
    ["Who\x00 founded\x1b[31m Acme?", "<script>alert(1)</script>", "🙂🙂🙂?", "‮evil", "?", "the the the",
     "Who founded Acme? " * 100],
)
def test_odd_text_gets_an_ordinary_answer(store: Path, tiny_corpus: Path, fake, question: str) -> None:  # noqa: ANN001
    ans = qa.answer(question, store=store, embedder=fake)
    check_contract(ans, tiny_corpus)
    assert ans.question == question


def test_status_and_articles(store: Path, fake) -> None:  # noqa: ANN001
    st = qa.status(store=store)
    assert st["articles"] == 2 and st["passages"] >= 2 and st["model"] == "fake-embedder"
    arts = qa.articles(store=store)
    assert {a["source"] for a in arts} == {"acme.txt", "keita.md"}
    assert qa.article("keita.md", store=store).title == "Elections in the Sahel"
    with pytest.raises(QAError, match="no indexed article"):
        qa.article("../../etc/passwd", store=store)


def test_a_place_finds_the_word_for_its_people(tmp_path: Path, fake) -> None:  # noqa: ANN001
    """"Canada's" in the question matches "Canadian" in the text (the index knows both names)."""
    corpus, s = indexed(tmp_path, fake, {"a.txt": (
        "# Talks in Lyon\n\nCanada and France signed a trade deal on Monday.\n\n"
        "The prime minister of France, Paul Martin, spoke in Lyon.\n\n"
        "Canadian Prime Minister Jean Tremblay arrived in Lyon the day before.\n")})
    ans = qa.answer("Who is Canada's prime minister?", store=s, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == "Jean Tremblay"


def test_name_aliases_pair_places_and_peoples() -> None:
    from qa.retrieve import name_aliases

    got = name_aliases(["russia", "russian", "mali", "malian", "qatar", "qatari", "canada",
                        "canadian", "state", "statement", "lyon", "west", "western", "modern", "mod"])
    assert got["russia"] == ("russian",) and got["malian"] == ("mali",)
    assert got["qatar"] == ("qatari",) and got["canadian"] == ("canada",)
    assert got["west"] == ("western",) and got["western"] == ("west",)
    assert "state" not in got and "lyon" not in got and "modern" not in got


def test_two_sources_that_disagree_both_show_their_answer(tmp_path: Path, fake) -> None:  # noqa: ANN001
    corpus, s = indexed(tmp_path, fake, {
        "a.txt": "# Bridge news\n\nThe Harbour Bridge was opened in March 1932 by the state premier.\n",
        "b.txt": "# Bridge history\n\nThe Harbour Bridge was opened in April 1931 after eight years "
                 "of work.\n",
        "c.txt": "# Weather\n\nRain fell across the coast on Tuesday.\n",
    })
    ans = qa.answer("When was the Harbour Bridge opened?", store=s, embedder=fake)
    check_contract(ans, corpus)
    marked = {c.source: c.quote[c.answer_start - c.start:c.answer_end - c.start]
              for c in ans.citations if c.answer_end > c.answer_start}
    assert marked.get("a.txt") in ("March 1932",) and marked.get("b.txt") in ("April 1931",)
    assert ans.answer in ("March 1932", "April 1931")
    assert "c.txt" not in marked  # a passage that does not answer marks nothing


def test_the_first_citation_carries_the_answers_confidence(store: Path, fake) -> None:  # noqa: ANN001
    for q in ("Who founded Acme Corporation?", "What colour is the sky on Neptune?"):
        ans = qa.answer(q, store=store, embedder=fake)
        assert ans.citations and ans.citations[0].score == ans.score


def test_other_names_in_other_sentences_are_not_a_disagreement(tmp_path: Path, fake) -> None:  # noqa: ANN001
    corpus, s = indexed(tmp_path, fake, {"a.txt": (
        "# Cabinet\n\nThe prime minister of Ruritania is Anna Berg.\n\n"
        "The foreign minister of Ruritania is Karl Lind.\n\n"
        "The finance minister of Ruritania is Olga Sand.\n")})
    # with no abstention threshold every other citation is confident enough to offer its span
    ans = qa.answer("Who is the prime minister of Ruritania?", store=s, embedder=fake,
                    settings=qa.Settings().with_(abstain_below=0.0))
    check_contract(ans, corpus)
    assert ans.answer == "Anna Berg" and len(ans.citations) >= 2
    assert all(c.answer_end == c.answer_start for c in ans.citations[1:])


def test_who_is_never_answered_with_a_place_of_the_index(tmp_path: Path, fake) -> None:  # noqa: ANN001
    from qa.pipeline import Engine

    corpus, s = indexed(tmp_path, fake, {"a.txt": (
        "# Unrest\n\nCanadian officers spoke on Monday. Officers in Canada removed the president.\n")})
    engine = Engine(qa.Settings().with_(corpus=corpus, store=s), fake)
    engine.load()
    assert engine.lexical is not None and engine.lexical.places == {"canada"}
    ans = engine.answer("Who removed the president?")
    assert ans.answer != "Canada"


@pytest.mark.parametrize("question, answer, expected", [
    ("When was he elected?", "Ana Ruiz", "When was Ana Ruiz elected?"),
    ("Where did she speak about the troops?", "Ana Ruiz", "Where did Ana Ruiz speak about the troops?"),
    ("What did her speech say?", "Ana Ruiz", "What did Ana Ruiz's speech say?"),
    ("Who did they thank for it?", "Mohammed bin Salman", "Who did Mohammed bin Salman thank for it?"),
    ("When was he elected?", "17", "When was he elected?"),  # not a name: left as it is
    ("When was he elected?", "the army colonel", "When was he elected?"),
    ("Where did we go?", "Ana Ruiz", "Where did we go?"),  # no third-person pronoun
])
def test_a_follow_up_pronoun_reads_as_the_last_answer(question: str, answer: str, expected: str) -> None:
    from qa.retrieve import resolve_references

    assert resolve_references(question, [("Who leads the party?", answer)]) == expected
    assert resolve_references(question, []) == question


def test_a_follow_up_finds_the_sentence_about_the_last_answer(tmp_path: Path, fake) -> None:  # noqa: ANN001
    corpus, s = indexed(tmp_path, fake, {"a.txt": (
        "# Council\n\nThe council met on Friday to discuss the troops. Several envoys spoke. "
        "Ana Ruiz told the Security Council that the troops must leave. "
        "Paul Weber spoke to reporters in Geneva about the troops.\n")})
    ans = qa.answer("Where did she speak about the troops?", store=s, embedder=fake,
                    history=[("Who is the deputy envoy?", "Ana Ruiz")])
    assert not ans.abstained and "Ana Ruiz" in ans.citations[0].quote


def _read(tmp_path: Path, fake, name: str, text: str, question: str) -> dict:  # noqa: ANN001
    """The sentences read for ``question`` over a one-article corpus: text -> Candidate."""
    from qa.pipeline import Engine

    corpus, s = indexed(tmp_path, fake, {name: text})
    engine = Engine(qa.Settings().with_(corpus=corpus, store=s), fake)
    _, readings = engine.read(question)
    return {engine.snap.sentences[r.candidate.index].text: r.candidate for r in readings}


def _answer_after(tmp_path: Path, fake, text: str, question: str, turn: tuple[str, str]) -> qa.Answer:  # noqa: ANN001
    """The answer to ``question`` after the one ``turn`` of conversation, over one article ``text``
    (checked against the contract)."""
    corpus, s = indexed(tmp_path, fake, {"a.txt": text})
    ans = qa.answer(question, store=s, embedder=fake, history=[turn])
    check_contract(ans, corpus)
    return ans


def test_a_question_that_names_nothing_asks_about_the_question_before(tmp_path: Path, fake) -> None:  # noqa: ANN001
    from qa.retrieve import elliptical

    assert elliptical("In what year?") and elliptical("Why?") and elliptical("And how much?")
    assert not elliptical("When was the fort surveyed?") and not elliptical("In what year was it built?")
    assert elliptical("How long did that one last?")  # "that one": what the question before asked about
    ans = _answer_after(tmp_path, fake, (
        "# The fort\n\nThe museum, housed in a warehouse built in 1788, draws visitors every year. "
        "The hill fort was first surveyed in 1911 by the antiquarian Edmund Harcourt.\n"),
        "In what year?", ("Who carried out the first survey of the hill fort?", "Edmund Harcourt"))
    assert ans.answer == "1911"


def test_it_after_a_value_is_the_thing_the_question_before_asked_about(tmp_path: Path, fake) -> None:  # noqa: ANN001
    from qa.extract import thing_asked

    assert thing_asked("What price did rice reach on Thursday?") == "the price"
    assert thing_asked("Over what tariff did they argue?") == "the tariff"
    # a kind of answer is no thing; after "how much money", "it" is whoever spent it
    assert thing_asked("What year did it open?") == thing_asked("What share of members voted?") == ""
    assert thing_asked("How much money has the government released?") == ""
    ans = _answer_after(tmp_path, fake, (
        "# Rice\n\nThe price of rice climbed to $671 a tonne on Thursday, from $528 on October 10, "
        "according to the Port Callisto Grain Exchange.\n"),
        "What was it on October 10?", ("What price did rice reach on Thursday?", "$671 a tonne"))
    assert ans.answer == "$528"


def test_a_sentence_opening_with_a_pronoun_covers_the_words_of_the_one_before(tmp_path: Path, fake) -> None:  # noqa: ANN001
    by_text = _read(tmp_path, fake, "a.txt", (
        "# Bridges\n\nThe harbor bridge opened in 1998 after four years of work. "
        "It cost $450 million. Tunnels cost more than bridges in the region.\n"),
        "How much did the harbor bridge cost?")
    it = by_text["It cost $450 million."]
    # "harbor" and "bridge" are in the sentence before, which "It" stands for
    assert it.resolved_coverage > it.coverage
    other = by_text["Tunnels cost more than bridges in the region."]
    assert other.resolved_coverage == other.coverage  # does not open with a pronoun


def test_a_quotation_a_pronoun_attributes_covers_the_words_of_the_sentence_before(tmp_path: Path,
                                                                                  fake) -> None:  # noqa: ANN001
    by_text = _read(tmp_path, fake, "a.txt", (
        "# Vote\n\nBlake, who had been mayor for eight years, conceded on Friday. "
        "“The voters have spoken and I wish her well,” he said. Turnout was 47%.\n"),
        "What did the mayor say on Friday?")
    quoted = by_text["“The voters have spoken and I wish her well,” he said."]
    assert quoted.resolved_coverage > quoted.coverage  # "he" is Blake, the mayor, on Friday


def test_a_question_in_the_text_is_context_never_the_quoted_answer(tmp_path: Path, fake) -> None:  # noqa: ANN001
    by_text = _read(tmp_path, fake, "a.md", (
        "# An interview\n\n**What does your laboratory work on?**\n\n"
        "We build robotic hands for people who have lost a limb.\n"),
        "What does the laboratory work on?")
    assert not any(t.rstrip("*").endswith("?") for t in by_text)
    answer = by_text["We build robotic hands for people who have lost a limb."]
    assert answer.resolved_coverage > answer.coverage  # the question before it says what it answers


def test_a_chain_of_follow_ups_keeps_the_name_a_pronoun_stands_for() -> None:
    from qa.retrieve import referent, resolve_references

    history = [("Who is the City manager?", "Greta Lindqvist"), ("When did she take charge?", "2022")]
    assert referent("Which club did she manage before?", history) == "Greta Lindqvist"
    assert resolve_references("Which club did she manage before?", history) == \
        "Which club did Greta Lindqvist manage before?"
    # a question of its own in between, whose answer names no one: nothing to refer back to
    assert referent("Where does she live?", history + [("How many fans came?", "61,204")]) == ""
    assert referent("How many fans came?", history) == ""  # no pronoun
    # a name may open with a capital outside A-Z
    assert resolve_references("Which school does he work at?", [("Who raised the alarm?", "Ólafur Brynjarsson")]) \
        == "Which school does Ólafur Brynjarsson work at?"


def test_that_thing_is_the_name_the_last_answer_gave_it() -> None:
    from qa.retrieve import named_by_that

    history = [("Which ground station was the first to hear from the probe?", "Kerrow Point")]
    assert named_by_that("Where is that station located?", history) == "Where is Kerrow Point located?"
    # the noun must be the one the last question asked for, and the answer a name
    assert named_by_that("Who owns that company?", history) == "Who owns that company?"
    assert named_by_that("Where is that station?", [("Which station?", "the old one")]) == "Where is that station?"
    assert named_by_that("Where is that station?", None) == "Where is that station?"


def test_it_is_the_place_the_last_answer_named() -> None:
    from qa.retrieve import resolve_references

    where = [("To which port have the ships been rerouted?", "Aalvik")]
    assert resolve_references("And how far away is it?", where) == "And how far away is Aalvik?"
    assert resolve_references("How far is that from the border?", where) == "How far is Aalvik from the border?"
    assert resolve_references("How big is its harbour?", where) == "How big is Aalvik's harbour?"
    # after "who", "it" is what the question was about, not the person; and an answer that is no name
    assert resolve_references("When was it made?", [("Who made the astrolabe?", "Jörg Häberlein")]) \
        == "When was it made?"
    assert resolve_references("What was it a year ago?", [("What price did rice reach?", "$671 a tonne")]) \
        == "What was it a year ago?"
    assert resolve_references("Is that so?", where) == "Is that so?"  # "that" stands alone only at the end


def test_a_pronoun_after_an_answer_that_names_no_one_is_the_person_asked_about() -> None:
    from qa.retrieve import resolve_references

    assert resolve_references("How old is she?", [("Since when has Noémie Achterberg lived there?", "1979")]) \
        == "How old is Noémie Achterberg?"
    assert resolve_references("Why did he go?", [("How old is Jürgen Böhme?", "67")]) == "Why did Jürgen Böhme go?"
    # the opening word and a name after "the" are no one's
    assert resolve_references("Who leads it now?", [("How big is the Kestrel Society?", "400 members")]) \
        == "Who leads it now?"
    assert resolve_references("Where does she live?", [("Since 2019, how many fans came?", "61,204")]) \
        == "Where does she live?"


def test_a_list_of_facts_is_read_though_its_items_have_no_full_stop(tmp_path: Path, fake) -> None:
    text = ("# Results day\n\nStudents across the country received their grades on Thursday.\n\n"
            "## Key facts\n\n- **312,400** students received A-level results this year\n"
            "- **Injury:** Kessler suffered a broken collarbone\n\n## More\n\nTop grades fell.\n")
    corpus, store = indexed(tmp_path, fake, {"results.md": text})
    ans = qa.answer("How many students received A-level results this year?", store=store, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == "312,400" and "students received A-level results" in ans.citations[0].quote
    (tmp_path / "again").mkdir()
    by_text = _read(tmp_path / "again", fake, "results.md", text, "What did Kessler suffer?")
    assert any("broken collarbone" in t for t in by_text)
    assert not any(t.startswith(("# Results", "## Key", "## More")) for t in by_text)  # headings stay context


def test_who_reads_first_a_sentence_naming_someone_close_behind() -> None:
    from qa.extract import Choice, analyze
    from qa.pipeline import PERSON_PROMOTE_GAP, Reading, person_first

    def reading(logit: float, kind: str, type_fit: float) -> Reading:
        return Reading(None, Choice(0, 1, 0.9, kind, type_fit, 0.5, 0.0), [], logit)  # type: ignore[arg-type]

    def first(q: str, readings: list[Reading]) -> Reading:
        return person_first(analyze(q), readings, lambda r: "")[0]

    officers, director = reading(16.3, "np", 0.35), reading(14.5, "name", 1.0)
    q = analyze("Who runs the museum?")
    assert person_first(q, [officers, director], lambda r: "") == [director, officers]
    assert first("Who runs the museum?", [officers, reading(16.3 - PERSON_PROMOTE_GAP - 0.1, "name", 1.0)]) is officers
    assert first("What runs the museum?", [officers, director]) is officers


def test_who_holds_a_role_reads_first_a_sentence_giving_a_name_that_role() -> None:
    from qa.extract import Choice, analyze
    from qa.pipeline import PERSON_PROMOTE_GAP, Reading, person_first

    texts: dict[int, str] = {}

    def reading(logit: float, text: str, span: str) -> Reading:
        start = text.index(span)
        r = Reading(None, Choice(start, start + len(span), 0.9, "name", 0.8, 0.5, 0.0), [], logit)  # type: ignore[arg-type]
        texts[id(r)] = text
        return r

    def first(question: str, *readings: Reading) -> Reading:
        return person_first(analyze(question), list(readings), lambda r: texts[id(r)])[0]

    place = reading(12.0, "The Lanmore Folk Archive, which opened in Kelby in 1991, holds 4,000 tapes.", "Kelby")
    named = reading(10.5, "“We will not sell a single tape,” archive director Maren Quist said.", "Maren Quist")
    after = reading(10.5, "“Not one tape,” said Maren Quist, the archive’s director, on Friday.", "Maren Quist")
    of_it = reading(10.5, "Staff told the director of the Lanmore Folk Archive on Friday.", "Lanmore Folk Archive")
    asked = "Who is the director of the Lanmore Folk Archive?"
    assert first(asked, place, named) is named and first(asked, place, after) is after
    assert first(asked, place, of_it) is place  # "the director of [X]": X has no director's name
    assert first("Who opened the Lanmore Folk Archive?", place, named) is place  # no role asked
    far = reading(12.0 - PERSON_PROMOTE_GAP - 0.1, "Archive director Maren Quist said so.", "Maren Quist")
    assert first(asked, place, far) is place
    chair = reading(10.5, "Trust chairwoman Maren Quist said the tapes would stay.", "Maren Quist")
    assert first("Who chairs the trust that runs the Lanmore Folk Archive?", place, chair) is chair  # its verb's role
    assert first("Who leads the Lanmore Folk Archive?", place, named) is place  # a director does not lead it
    quist = reading(12.0, "Quist, who opened the Lanmore Folk Archive in 1991, said no.", "Quist")
    assert first(asked, quist, named) is quist  # the same person, named again


def test_a_surname_alone_is_answered_from_the_sentence_naming_the_person_in_full() -> None:
    from qa.extract import Choice
    from qa.pipeline import FULL_NAME_GAP, Reading, full_name_first
    from qa.types import Sentence

    sentences: dict[int, Sentence] = {}

    def reading(logit: float, text: str, span: str, source: str = "mill.txt") -> Reading:
        start = text.index(span)
        r = Reading(None, Choice(start, start + len(span), 0.9, "name", 1.0, 0.5, 0.0), [], logit)  # type: ignore[arg-type]
        sentences[id(r)] = Sentence(source, 0, len(text), text)
        return r

    def first(*readings: Reading) -> Reading:
        return full_name_first(list(readings), lambda r: sentences[id(r)])[0]

    bare = reading(12.0, "Brandvold, who runs the mill, said the looms would stay.", "Brandvold")
    full = reading(10.0, "Mill owner Ilse Brandvold bought the looms in 2019.", "Ilse Brandvold")
    assert first(bare, full) is full
    assert first(bare, reading(10.0, "Mill owner Ilse Brandvold bought them.", "Ilse Brandvold", "other.txt")) is bare
    assert first(bare, reading(10.0, "Mill owner Ilse Quist bought them.", "Ilse Quist")) is bare  # someone else
    far = reading(12.0 - FULL_NAME_GAP - 0.1, "Mill owner Ilse Brandvold bought them.", "Ilse Brandvold")
    assert first(bare, far) is bare
    assert first(full, bare) is full  # named in full already


def test_acronyms_the_articles_define_are_read_both_ways() -> None:
    from qa.retrieve import defined_acronyms

    texts = ["Members of the Dock and Harbour Workers' Union (DHWU) voted on Monday.",
             "Fares rise after Maldern Regional Transport (MRT) voted them through.",
             "The Marabé Association for Rural Health (AMSR) said so.", "It rose 5% (GDP)."]
    assert defined_acronyms(texts) == {
        "dhwu": ("dock", "harbour", "workers", "union"),  # from the word its D stands for
        "mrt": ("maldern", "regional", "transport"),
        "amsr": ("association", "rural", "health"),  # from its first letter's word, all the same
    }  # and "(GDP)" after no name defines nothing


def test_an_organisation_asked_about_by_name_is_not_answered_by_its_acronym(tmp_path: Path, fake) -> None:  # noqa: ANN001
    page = ("# Fares rise\n\nPassengers will pay 6.8% more after the board of Maldern Regional Transport "
            "(MRT) voted through the increase.\n\nMRT chief executive Beatriz Núñez-Holt said the "
            "increase was unavoidable.\n")
    _, store = indexed(tmp_path, fake, {"fares.txt": page})
    engine = pipeline_engine(store, fake)
    assert engine.lexical is not None
    assert engine.lexical.acronym_words("Who runs Maldern Regional Transport?") == ["mrt"]
    assert sorted(engine.lexical.acronym_words("Who runs MRT?")) == ["maldern", "regional", "transport"]
    assert engine.lexical.acronym_words("What does MRT stand for?") == []  # then it is the answer
    assert engine.lexical.acronym_words("Which arts mrt?") == []  # an acronym is asked in capitals
    qinfo, readings = engine.read("Who is the chief executive of Maldern Regional Transport?")
    assert "mrt" in qinfo.words
    for r in readings:
        text = engine.snap.sentences[r.candidate.index].text
        assert r.choice is None or text[r.choice.start:r.choice.end] != "MRT"


def pipeline_engine(store: Path, fake):  # noqa: ANN001, ANN201
    from qa.pipeline import Engine

    engine = Engine(qa.Settings().with_(store=store), fake)
    engine.load()
    return engine


def test_who_does_what_the_question_asks_is_named_by_the_noun_for_it(tmp_path: Path, fake) -> None:
    """"Who leads the party?" is covered by "the party leader": the noun for whoever does the verb."""
    from qa.extract import doers

    assert doers("Who founded the museum?") == {"found": ("founder", "foundor")}
    assert doers("Who is the museum's director?") == {}  # no verb asked: nothing to stand for
    # the bare verb after "did" and its subject, which the tagger alone reads as a noun
    assert doers("Which team does Ana Ferro ride for?") == {"rid": ("rider", "ridor")}  # terms are stems
    by_text = _read(tmp_path, fake, "a.txt", (
        "# Coalition\n\nThe finance minister, Ivo Brandt, resigned and his Green Party left the government. "
        "The party leader, Mara Holm, has stepped down too.\n"), "Who leads the Green Party?")
    leader = by_text["The party leader, Mara Holm, has stepped down too."]
    assert leader.coverage == 1.0  # "leader" covers "leads"


def test_what_about_someone_else_asks_the_question_before_of_them(tmp_path: Path, fake) -> None:
    text = ("# Chess final\n\nAna Ferro won the Tarvia Open on Sunday and takes home €1.44 million in prize money. "
            "The runner-up, Ivo Vance, who praised the winner's favour with the crowd, collects €960,000.\n")
    from qa.pipeline import Engine

    corpus, s = indexed(tmp_path, fake, {"a.txt": text})
    engine = Engine(qa.Settings().with_(corpus=corpus, store=s), fake)
    qinfo, readings = engine.read("And what about Vance?",
                                  [("How much prize money does Ferro take home?", "€1.44 million")])
    assert qinfo.kind == "number"  # the kind the question before asked for
    spans = {engine.snap.sentences[r.candidate.index].text: r.choice for r in readings}
    vance = next(t for t in spans if "Vance" in t)
    choice = spans[vance]
    assert choice is not None and vance[choice.start:choice.end] == "€960,000"  # not "the winner's favour"
