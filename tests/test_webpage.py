"""Pages saved as raw HTML: laid out as a browser shows them, every offset still into the file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import qa
from qa.chunking import article_sentences
from qa.corpus import list_files, read_corpus
from qa.text import unmark, widen_to_entities
from qa.webpage import is_page, layout, page_title

from .conftest import FakeEmbedder
from .test_pipeline import check_contract, indexed

# A page as a browser's "save page" or a crawler writes it: the head, a script, a menu, a whole
# article on two long lines (one block after another), character references, a footer.
PAGE = (
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Harbour bridge opens | The Coast Herald</title>\n"
    "<script>var tracker = 'Who opened it? Nobody.';</script>"
    "<style>p { color: red; }</style></head>\n"
    "<body><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav>"
    "<article><h1>Harbour bridge opens after &#8220;four long years&#8221;</h1>"
    "<p class=\"byline\">By Jane Roe</p>"
    "<p>The new Kestrel Harbour bridge was opened on Tuesday by the mayor, Ana Ferreira.</p>"
    "<p>It cost &pound;412 million and took four years to build.<br>"
    "Engineers from Dunmore &amp; Pike designed the bridge&rsquo;s 310-metre main span.</p>\n"
    "<p>The harbourmaster, Siobh&aacute;n Kerrigan, said the <a href=\"https://example.org/a?b=1&amp;c=2\">"
    "old ferry</a> will stop in May.</p>"
    "</article><footer>&copy; 2026 The Coast Herald</footer></body></html>\n"
)


def test_a_page_is_laid_out_without_moving_a_character() -> None:
    shown = layout(PAGE)
    assert len(shown) == len(PAGE)
    # the head, its script and style, and every tag are blanks; what a browser shows stays put
    for hidden in ("Who opened it", "color: red", "Harbour bridge opens |", "<p", "href", "</a>"):
        assert hidden not in shown
    at = PAGE.index("The new Kestrel")
    assert shown[at:at + 15] == PAGE[at:at + 15]
    # a block tag starts a line, even in the middle of a line of the file
    lines = [line.strip() for line in shown.splitlines() if line.strip()]
    assert "The new Kestrel Harbour bridge was opened on Tuesday by the mayor, Ana Ferreira." in lines
    assert "It cost       £412 million and took four years to build." in lines
    # a reference reads as its character, next to the words it touches
    assert "Engineers from Dunmore &     Pike designed the       bridge’s 310-metre main span." in lines
    assert "Harbour bridge opens after       “four long       years”" in lines
    closed = [" ".join(line.split()) for line in lines]  # the link's tags are blanks
    assert "The harbourmaster, Siobhán Kerrigan, said the old ferry will stop in May." in closed


def test_plain_text_is_not_a_page() -> None:
    text = "Harbour bridge opens\n\nThe <b>new</b> bridge opened on Tuesday. Smith &amp; Co built it.\n"
    assert not is_page(text)
    assert layout(text) is text
    assert page_title(text) is None
    assert is_page("\ufeff  <!-- saved -->\n<HTML><body>x</body></HTML>")


def test_the_title_is_the_headline_else_the_title_element() -> None:
    assert page_title(PAGE) == "Harbour bridge opens after “four long years”"
    no_h1 = PAGE.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    assert page_title(no_h1) == "Harbour bridge opens | The Coast Herald"


def test_references_read_as_characters_but_not_in_a_link_target() -> None:
    text = "Mali&rsquo;s minister said &#8220;no&#x201D;. See [it](https://x.org/?a=1&amp;b=2)."
    plain = unmark(text)
    assert len(plain) == len(text)
    assert "      Mali’s minister said              “no”. See" in plain
    assert "&amp;" not in plain and "&" not in plain[plain.index("See"):]
    assert unmark("Fish &chips; &bogus; & more") == "Fish &chips; &bogus; & more"


def test_html_files_are_read_and_their_sentences_are_the_files_own_text(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "bridge.html").write_text(PAGE, encoding="utf-8")
    (corpus / "old.htm").write_text(PAGE, encoding="utf-8")
    (corpus / "notes.pdf").write_text("not read", encoding="utf-8")
    assert [s for _, s in list_files(corpus)[0]] == ["bridge.html", "old.htm"]
    articles, skipped = read_corpus(corpus)
    assert not skipped
    article = articles[0]
    assert article.title == "Harbour bridge opens after “four long years”"
    sentences = [s for group in article_sentences(article) for s in group]
    texts = [s.text for s in sentences]
    for s in sentences:
        assert PAGE[s.start:s.end] == s.text
        assert not s.text.startswith("<") and not s.text.endswith(">")  # no tag at either end
    assert "The new Kestrel Harbour bridge was opened on Tuesday by the mayor, Ana Ferreira." in texts
    assert "It cost &pound;412 million and took four years to build." in texts
    assert not any("tracker" in t or "Home" in t or "Jane Roe" in t for t in texts)


def test_a_question_about_a_page_is_answered_with_offsets_into_the_file(tmp_path: Path, fake: FakeEmbedder) -> None:
    corpus, store = indexed(tmp_path, fake, {"bridge.html": PAGE})
    ans = qa.answer("Who opened the new Kestrel Harbour bridge?", store=store, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == "Ana Ferreira"
    assert ans.citations[0].title == "Harbour bridge opens after “four long years”"
    # the sum reads "£412 million"; the answer is the file's own text at its offsets, the whole
    # reference included
    ans = qa.answer("How much did the bridge cost?", store=store, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == "&pound;412 million"
    # a name the file spells with a reference is one name, and the answer holds it whole
    ans = qa.answer("Who is the harbourmaster?", store=store, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == "Siobh&aacute;n Kerrigan"


_BITS = ["<p>", "</p>", "<br/>", "<div class=\"a\n b\">", "</div>", "<a href=\"x?a=1&amp;b\">", "</a>",
         "<li>", "<h1>", "</h1>", "<script>var a = '<p>Hi.</p>';</script>", "<!-- c. -->", "<head>",
         "</head>", "<title>T</title>", "&amp;", "&rsquo;", "&#8220;", "&#x201D;", "&nbsp;", "&bogus;",
         "&", "<", ">", "Ana Ferreira said.", "It cost &pound;4m.", "Keïta", "\n", " ", "U.S.", "“Yes.”"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_BITS), max_size=40))
def test_any_page_keeps_its_offsets(bits: list[str]) -> None:
    from qa.corpus import boilerplate_regions, find_title
    from qa.types import Article

    text = "<!DOCTYPE html>" + "".join(bits)
    shown = layout(text)
    assert len(shown) == len(text)
    assert len(unmark(text)) == len(text)
    article = Article("p.html", find_title(shown, "p"), text, "", boilerplate_regions(shown, "p"))
    for group in article_sentences(article):
        for s in group:
            assert text[s.start:s.end] == s.text and s.text.strip() == s.text
            assert not s.text[0].isspace() and not s.text[-1].isspace()
            a, b = widen_to_entities(s.text, 0, 1)
            assert 0 <= a <= b <= len(s.text)


FACT_BOX = (
    "<!doctype html><html><body><h1>Port workers end their strike</h1>"
    "<p>Dock workers at the port of Brenholm voted on Monday to end their nine-day strike after "
    "the port's owners offered a pay rise and the union agreed to a two-year deal.</p>"
    "<aside><h3>Related</h3><ul><li><a href=\"/a\">Council votes to close two libraries</a></li>"
    "<li><a href=\"/b\">Heatwave warning for the weekend</a></li></ul></aside>"
    "<p>&ldquo;The strike is over and the deal is a good one,&rdquo; said the union leader, Marta "
    "Kowalczyk.</p>"
    "<h2>The deal in numbers</h2><ul><li>Pay rise: 6.5 per cent over two years</li>"
    "<li>Dock workers covered by the deal: 2,340</li></ul></body></html>"
)


def test_list_items_of_a_page_are_facts_and_a_related_list_is_skipped(tmp_path: Path, fake: FakeEmbedder) -> None:
    corpus, store = indexed(tmp_path, fake, {"port.html": FACT_BOX})
    article = read_corpus(corpus)[0][0]
    texts = [s.text for group in article_sentences(article) for s in group]
    # the teasers under "Related" are skipped; the story after them is not
    assert not any("libraries" in t or "Heatwave" in t for t in texts)
    assert ("&ldquo;The strike is over and the deal is a good one,&rdquo; said the union leader, Marta "
            "Kowalczyk.") in texts
    # an item of the fact box is a sentence of its own, from its text on (not its tag), and answers
    assert "Pay rise: 6.5 per cent over two years" in texts
    ans = qa.answer("How many dock workers are covered by the deal?", store=store, embedder=fake)
    check_contract(ans, corpus)
    assert ans.answer == "2,340"
