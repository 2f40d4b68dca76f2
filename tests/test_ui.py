"""The web chat: formatting helpers (escaping, exact highlights, confidence words) and the /ask API."""

from __future__ import annotations

import html
import os
import re
import socket
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

import qa
from tests.conftest import TINY
from ui import render

pytestmark = pytest.mark.filterwarnings(  # gradio's queue statistics use pandas' old options
    "ignore:.*no_silent_downcasting:Warning", "ignore:The copy keyword is deprecated:Warning")

EVIL = '<script>alert(1)</script> <img src=x onerror=alert(1)> *bold* _it_ `code` [a](b) # $$x$$'


class _Collect(HTMLParser):
    """Text inside each element of one kind (tag and optional class), in document order."""

    def __init__(self, tag: str, cls: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.cls = tag, cls
        self.stack: list[bool] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hit = tag == self.tag and (self.cls is None or dict(attrs).get("class") == self.cls)
        self.stack.append(hit)
        if hit:
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(self.stack):
            self.found[-1] += data


def marked(fragment: str, tag: str = "mark", cls: str | None = None) -> list[str]:
    """The literal text inside each <tag class=cls> of an HTML fragment (as the browser shows it)."""
    p = _Collect(tag, cls)
    p.feed(fragment.replace("<br>", "\n"))
    return p.found


def joined(fragment: str, tag: str = "mark", cls: str | None = None) -> str:
    return "".join(marked(fragment, tag, cls))


def no_live_markup(fragment: str) -> None:
    """Nothing from the text became markup: only our own tags remain."""
    tags = set(re.findall(r"<\s*/?\s*([a-zA-Z][\w-]*)", fragment))
    assert tags <= {"mark", "b", "code", "br", "span", "div", "p", "details", "summary", "h3",
                    "table", "thead", "tbody", "tr", "th", "td", "i"}, tags
    assert "<script" not in fragment and "<img" not in fragment


# ---------------------------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EVIL, "a*b*c", "snake_case_name", "``ticks``", "[x]", "# head",
                                  "1. not a list", "> not a quote", "back\\slash", "&amp; &lt;",
                                  "price: $5 and $$6$$", "{{template}} ${value}", "Keïta N’Daw"])
def test_escape_round_trips_and_leaves_no_markup(text: str) -> None:
    out = render.escape(text)
    assert html.unescape(out) == text  # what the browser shows is exactly the text
    bare = re.sub(r"&#\d+;", "", out)  # what is left besides character references
    assert not set(bare) & set("<>*_`[]#$\\{}&"), out  # nothing Markdown or HTML acts on
    assert out.count("&") == out.count("&#")  # only numeric references, never a named entity


def test_script_and_img_are_text_not_tags() -> None:
    out = render.escape("<script>alert(1)</script><img src=x onerror=alert(1)>")
    assert "<" not in out and ">" not in out
    assert "&#60;script&#62;" in out


def test_question_keeps_its_line_breaks_and_characters() -> None:
    out = render.format_question("two\nlines with *stars* and <b>tags</b>")
    assert out.count("<br>") == 1 and "<b>" not in out
    assert html.unescape(out.replace("<br>", "\n")) == "two\nlines with *stars* and <b>tags</b>"


# ---------------------------------------------------------------------------------------------
# Highlights
# ---------------------------------------------------------------------------------------------


def test_highlight_wraps_exactly_the_span() -> None:
    text = "Acme <Corp> was founded by *Marie* Dupont in March 1998."
    a = text.index("*Marie*")
    b = a + len("*Marie* Dupont")
    out = render.render_spans(text, [render.Mark(a, b)])
    assert marked(out) == ["*Marie* Dupont"]
    assert html.unescape(re.sub(r"</?mark>", "", out)) == text


def test_overlapping_marks_stay_well_formed_and_exact() -> None:
    text = "0123456789"
    out = render.render_spans(text, [render.Mark(2, 7, "mark", "quote"),
                                     render.Mark(5, 9, "mark", "answer")])
    assert joined(out, cls="quote") == text[2:7]
    assert joined(out, cls="answer") == text[5:9]
    assert out.count("<mark") == out.count("</mark>")
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == text


def test_empty_and_out_of_range_marks_are_dropped() -> None:
    assert render.render_spans("abc", [render.Mark(1, 1), render.Mark(2, 9)]) == "abc"


def test_paragraph_is_the_text_between_blank_lines() -> None:
    text = TINY["acme.txt"]
    a = text.index("The company employs")
    b = text.index("Lyon.", a) + len("Lyon.")
    pa, pb = render.paragraph_bounds(text, a, b)
    assert text[pa:pb] == ("Acme Corporation was founded by Marie Dupont in March 1998. "
                           "The company employs twelve engineers at its new plant in Lyon.")
    assert render.paragraph_bounds("one line", 0, 3) == (0, 8)


# ---------------------------------------------------------------------------------------------
# Replies and the sources panel
# ---------------------------------------------------------------------------------------------


def answered(quote: str = "Acme was founded by Marie Dupont in 1998.", answer: str = "Marie Dupont",
             title: str = "Acme opens a factory", start: int = 100) -> dict:
    i = quote.index(answer)
    c = {"source": "acme.txt", "title": title, "start": start, "end": start + len(quote),
         "quote": quote, "answer_start": start + i, "answer_end": start + i + len(answer),
         "score": 0.81}
    other = dict(c, quote="Other sentence.", start=500, end=515, answer_start=500,
                 answer_end=500, score=0.42)
    return {"question": "Who founded Acme?", "answer": answer, "abstained": False, "score": 0.87,
            "citations": [c, other]}


@pytest.mark.parametrize("score, word", [(0.0, "low"), (0.49, "low"), (0.5, "medium"),
                                         (0.74, "medium"), (0.75, "high"), (1.0, "high")])
def test_confidence_words(score: float, word: str) -> None:
    assert render.confidence_word(score) == word
    assert render.confidence_label(score).endswith(word)


def test_confidence_label_is_a_percentage() -> None:
    assert render.confidence_label(0.871) == "87% high"
    assert render.confidence_label(0.3) == "30% low"


def test_reply_has_bold_answer_marked_sentence_and_numbered_citations() -> None:
    out = render.format_reply(answered())
    assert marked(out, "b", "answer") == ["Marie Dupont"]
    quote_line = next(line for line in out.splitlines() if line.startswith("> "))
    assert marked(quote_line) == ["Marie Dupont"]
    assert html.unescape(re.sub(r"</?mark>", "", quote_line[2:])) == answered()["citations"][0]["quote"]
    assert "Confidence 87% high" in out
    assert re.search(r"^1\. Acme opens a factory · <code>acme&#46;txt</code> · 81% high$", out, re.MULTILINE)
    assert re.search(r"^2\. .* · 42% low$", out, re.MULTILINE)


def test_abstained_reply_says_so_and_lists_related_passages() -> None:
    r = answered()
    r.update(answer="", abstained=True, score=0.1)
    out = render.format_reply(r)
    assert "The articles don't say." in out
    assert "related, but not an answer" in out
    assert "<mark>" not in out
    assert re.search(r"^1\. “Acme was founded", out, re.MULTILINE)
    nothing = render.format_reply({"question": "q", "answer": "", "abstained": True, "score": 0.0,
                                   "citations": []})
    assert "don't say" in nothing


def test_reply_with_hostile_text_is_inert_and_verbatim() -> None:
    quote = f"He wrote {EVIL} in the report."
    r = answered(quote=quote, answer="<script>alert(1)</script>", title=EVIL)
    out = render.format_reply(r)
    no_live_markup(out)
    assert marked(out) == ["<script>alert(1)</script>"]
    assert marked(out, "b", "answer") == ["<script>alert(1)</script>"]


def test_sources_panel_shows_the_paragraph_with_quote_and_answer_marked() -> None:
    text = TINY["acme.txt"]
    quote = "Acme Corporation was founded by Marie Dupont in March 1998."
    start = text.index(quote)
    r = answered(quote=quote, start=start)
    out = render.sources_html(r, {"acme.txt": text}, chosen=0)
    first = out.split("</details>")[0]
    assert joined(first, cls="quote") == quote
    assert marked(first, cls="answer") == ["Marie Dupont"]
    assert "twelve engineers" in out  # the rest of the paragraph
    assert "Skip to main content" not in out  # but not the neighbouring paragraphs
    assert out.count("<details") == 2 and out.count("<details class=\"source-card\" open>") == 1
    # a changed article: the quote alone, never a wrong passage
    stale = render.sources_html(r, {"acme.txt": "something else entirely"}, chosen=0)
    assert joined(stale.split("</details>")[0], cls="quote") == quote


def test_article_view_is_escaped_and_dims_boilerplate() -> None:
    text = f"Title\n\n{EVIL}\n\nCookies."
    skip = ((text.index("Cookies"), len(text)),)
    out = render.article_html(EVIL, "evil.txt", text, skip, highlight=(7, 15))
    no_live_markup(out)
    assert marked(out, "span", "boilerplate") == ["Cookies."]
    assert joined(out, cls="quote") == text[7:15]


def test_citation_choices_are_plain_labels() -> None:
    assert render.citation_choices(answered())[0] == ("[1] Acme opens a factory — acme.txt", 0)
    assert render.citation_choices(None) == []


# ---------------------------------------------------------------------------------------------
# Header and example questions
# ---------------------------------------------------------------------------------------------


def test_status_line() -> None:
    st = {"articles": 5, "passages": 21, "indexed_at": 1000.0}
    assert render.status_line(st, now=1130.0) == "5 articles, 21 passages, indexed 2 minutes ago"
    assert render.status_line(dict(st, articles=1), now=1000.0).startswith("1 article, ")
    assert render.ago(0, now=3 * 86400) == "3 days ago"


def test_cloze_questions_come_from_the_articles_with_their_answers() -> None:
    got = render.cloze_questions(TINY["acme.txt"], title="Acme Corporation opens a factory in Lyon")
    assert ("Who was founded by Marie Dupont in March 1998?", "Acme Corporation") in got
    assert all(not q.startswith("Who opens a factory") for q, _ in got)  # not the headline
    assert render.cloze_questions(TINY["keita.md"]) == [
        ("Who was overthrown in August 2020?", "President Ibrahim Boubacar Keïta")]


def test_example_questions_are_made_from_titles() -> None:
    items = [{"title": "Acme Corporation opens a factory in Lyon", "source": "a", "chars": 1},
             {"title": "Mali’s foreign ministry in Moscow confirms partner changes", "source": "b",
              "chars": 1}]
    qs = render.example_questions(items)
    assert qs == ["What did Acme Corporation open?",
                  "What did Mali’s foreign ministry in Moscow confirm?"]
    assert render.example_candidates("Elections") == []


# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------


def test_auth_setting() -> None:
    from ui.app import parse_auth

    assert parse_auth(None) is None and parse_auth("") is None
    assert parse_auth("ann:s3cr:et") == ("ann", "s3cr:et")
    for bad in ("nocolon", ":pw", "user:", " :x"):
        with pytest.raises(qa.QAError, match="QA_UI_AUTH must be 'user:password'"):
            parse_auth(bad)


def test_serve_refuses_malformed_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.app import serve

    monkeypatch.setenv("QA_UI_AUTH", "just-a-password")
    with pytest.raises(qa.QAError, match="QA_UI_AUTH"):
        serve(qa.Settings(), port=free_port())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tiny_corpus: Path, tmp_path: Path, use_fake):
    """The app on a free port, over a store built from the tiny corpus with the fake embedder."""
    from ui.app import build_app

    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, progress=False)
    settings = qa.Settings().with_(store=store, corpus=tiny_corpus)
    demo = build_app(settings)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_port=port, quiet=True)
    assert demo.indexer.wait(60)
    try:
        yield demo, f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


def test_served_locally_without_share_link_or_analytics(served) -> None:
    demo, url = served
    assert url.startswith("http://127.0.0.1:") and demo.local_url.startswith("http://127.0.0.1:")
    assert not demo.share and demo.share_url is None
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert demo.enable_monitoring is False


def test_ask_endpoint_returns_the_json_contract(served, tiny_corpus: Path) -> None:
    from gradio_client import Client

    _, url = served
    client = Client(url, verbose=False)
    d = client.predict("Who founded Acme Corporation?", api_name="/ask")
    assert set(d) == {"question", "answer", "abstained", "score", "citations"}
    assert d["question"] == "Who founded Acme Corporation?"
    assert d["answer"] == "Marie Dupont" and not d["abstained"] and 0 <= d["score"] <= 1
    assert d["citations"]
    for i, c in enumerate(d["citations"]):
        assert set(c) == {"source", "title", "start", "end", "quote", "answer_start",
                          "answer_end", "score"}
        raw = (tiny_corpus / c["source"]).read_text(encoding="utf-8")
        assert raw[c["start"]:c["end"]] == c["quote"]  # verbatim
        assert c["start"] <= c["answer_start"] <= c["answer_end"] <= c["end"]
        if i == 0:
            assert raw[c["answer_start"]:c["answer_end"]] == d["answer"]
            assert d["answer"] in c["quote"]

    follow = client.predict("Who was his successor?",
                            [["Who was overthrown in August 2020?", "Ibrahim Boubacar Keïta"]],
                            api_name="/ask")
    assert "N’Daw" in follow["citations"][0]["quote"]


def test_ask_endpoint_errors_are_clear_messages(served) -> None:
    from gradio_client import Client

    demo, url = served
    client = Client(url, verbose=False)
    too_long = "x" * (demo.indexer.settings.max_question_chars + 1)
    with pytest.raises(Exception, match="(?i)the limit is 2000"):
        client.predict(too_long, api_name="/ask")
    with pytest.raises(Exception, match="(?i)history must be a list"):
        client.predict("Who founded Acme?", [1, 2], api_name="/ask")


def test_only_ask_is_exposed_to_api_clients(served) -> None:
    from gradio_client import Client

    _, url = served
    info = Client(url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(info["named_endpoints"]) == {"/ask"}
    assert not info["unnamed_endpoints"]


def test_chat_handlers_reply_and_refuse_politely(served) -> None:
    """The UI's own event functions, called as the page calls them."""
    demo, _ = served
    fns = {f.api_name: f.fn for f in demo.fns.values()}
    push, respond = fns["submit_question"], fns["submit_question_answer"]
    chat, turns, box = push("Who founded Acme Corporation?", [])
    assert box == "" and turns[-1]["pending"]
    chat, turns, selected, _pick, sources, _open = respond(turns, [])
    reply = chat[-1]["content"]
    assert "<b class=\"answer\">Marie Dupont</b>" in reply and "<mark>Marie Dupont</mark>" in reply
    assert "acme&#46;txt" in reply and selected == 0
    assert "<mark class=\"answer\">Marie Dupont</mark>" in sources

    # a follow-up uses the conversation, the filter restricts the search
    _, turns, _ = push("Who was his successor?", [{"question": "Who was overthrown in August 2020?",
                                               "result": {"answer": "Ibrahim Boubacar Keïta"}}])
    chat, turns, *_ = respond(turns, ["keita.md"])
    assert "N’Daw" in html.unescape(chat[-1]["content"])

    _, turns, _ = push("x" * 2001, [])
    chat, turns, *_ = respond(turns, [])
    assert "the limit is 2,000" in html.unescape(chat[-1]["content"])
    assert turns[-1]["error"] and "result" not in turns[-1]

    _, turns, _ = push(EVIL, [])
    chat, *_ = respond(turns, [])
    no_live_markup(chat[0]["content"])
    no_live_markup(chat[1]["content"])


def test_share_links_are_refused(tmp_path: Path) -> None:
    from ui.app import build_app

    demo = build_app(qa.Settings().with_(store=tmp_path / "none", corpus=tmp_path / "none"))
    with pytest.raises(qa.QAError, match="share links are disabled"):
        demo.launch(share=True, prevent_thread_lock=True)


def test_questions_wait_politely_while_the_first_index_is_built(
        tiny_corpus: Path, tmp_path: Path, use_fake, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.app import Indexer

    release = threading.Event()
    real_ingest = qa.ingest

    def slow_ingest(*args, **kwargs):
        assert release.wait(30)
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(qa, "ingest", slow_ingest)
    ix = Indexer(qa.Settings().with_(store=tmp_path / "store", corpus=tiny_corpus))
    assert "No index" in ix.header()
    ix.start()
    try:
        assert "Indexing 2 articles…" in ix.header()
        assert "still indexing" in (ix.not_ready() or "")
    finally:
        release.set()
    assert ix.wait(60)
    assert ix.not_ready() is None
    assert "2 articles, " in ix.header() and ix.error is None
    assert ix.examples and all(q.endswith("?") for q in ix.examples)
    assert "Who was founded by Marie Dupont in March 1998?" in ix.examples


def test_an_index_from_another_corpus_is_not_replaced(tiny_corpus: Path, tmp_path: Path,
                                                      use_fake) -> None:
    from ui.app import Indexer

    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, progress=False)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Something else\n\nEntirely different text here.\n")
    ix = Indexer(qa.Settings().with_(store=store, corpus=other))
    ix.start()
    assert ix.wait(60)
    assert [a["source"] for a in qa.articles(store=store)] == ["acme.txt", "keita.md"]
    assert "serving the index built from" in ix.header()


def test_sources_that_disagree_are_shown_side_by_side() -> None:
    from ui.render import differing_answers, format_reply

    result = {
        "question": "When was the election?", "answer": "February 2022", "abstained": False,
        "score": 0.8,
        "citations": [
            {"source": "a.txt", "title": "A", "start": 10, "end": 40,
             "quote": "The vote is set for February 2022.", "answer_start": 30, "answer_end": 43,
             "score": 0.8},
            {"source": "b.txt", "title": "B", "start": 0, "end": 30,
             "quote": "Elections are due in <March 2024>.", "answer_start": 21, "answer_end": 33,
             "score": 0.5},
            {"source": "c.txt", "title": "C", "start": 5, "end": 20,
             "quote": "Again: February 2022.", "answer_start": 12, "answer_end": 25, "score": 0.4},
            {"source": "d.txt", "title": "D", "start": 0, "end": 10,
             "quote": "Unrelated.", "answer_start": 0, "answer_end": 0, "score": 0.1},
        ],
    }
    assert differing_answers(result) == [(2, "<March 2024>")]
    reply = format_reply(result)
    assert "Sources differ" in reply and "[2] says" in reply
    assert "<March" not in reply  # escaped like every other piece of source text
