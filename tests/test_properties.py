"""Property-based tests (hypothesis): arbitrary questions, histories, files and texts.

Everything runs on the deterministic FakeEmbedder from conftest, so the whole module stays fast.
Invariants checked:

* ``qa.answer`` only ever returns an ``Answer`` honouring the JSON contract or raises ``QAError``;
* ``qa.ingest`` over arbitrary files finishes, lists what it skipped, and leaves an index that
  matches the corpus exactly (verbatim slices, unique ids, Chroma ids == snapshot ids);
* sentence splitting and chunking keep spans ordered, disjoint, trimmed and verbatim, and
  passages under the budget unless they are a single piece.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import qa
from qa.chunking import chunk_article
from qa.corpus import content_regions, read_article
from qa.store import DenseIndex, read_snapshot
from qa.text import count_tokens, split_sentences

from .conftest import TINY, FakeEmbedder

SUFFIXES = (".txt", ".md", ".html", ".htm")

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def raw_text(path: Path) -> str:
    """A corpus file exactly as a user reads it: UTF-8, newlines untranslated."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def check_index_matches(store: Path, corpus: Path) -> None:
    """The index holds exactly the corpus: verbatim slices, unique ids, Chroma == snapshot."""
    snap = read_snapshot(store)
    for a in snap.articles:
        assert raw_text(corpus / a.source) == a.text, a.source
    ids = [p.id for p in snap.passages]
    assert len(ids) == len(set(ids)), "duplicate passage ids"
    assert DenseIndex(store).ids() == set(ids), "Chroma ids differ from the snapshot's passages"
    sentence_spans = {(s.source, s.start, s.end) for s in snap.sentences}
    assert len(sentence_spans) == len(snap.sentences), "duplicate sentences"
    for p in snap.passages:
        text = snap.article_by_source[p.source].text
        assert text[p.start:p.end] == p.text and p.text
        for a, b in p.sentences:
            assert (p.source, a, b) in sentence_spans
    for s in snap.sentences:
        text = snap.article_by_source[s.source].text
        assert text[s.start:s.end] == s.text and s.text == s.text.strip()
    assert snap.passage_vectors.shape[0] == len(snap.passages)
    assert snap.sentence_vectors.shape[0] == len(snap.sentences)


# ---------------------------------------------------------------------------------------------
# qa.answer with arbitrary questions and histories
# ---------------------------------------------------------------------------------------------

EXTRA = {
    "crlf.txt": (
        "Harbour Bridge Reopens After Repairs\r\n\r\n"
        "The Harbour Bridge reopened on Monday after eight months of repairs.\r\n"
        "Mayor Anna Lindqvist said the work cost 40 million euros.\r\n"
    ),
    "nested/deep/unicode.md": (
        "# Café Society 🙂 In Zürich\n\n"
        "The café “Zum Löwen” was opened by Jürgen Müller in 1921. "
        "It serves 300\u00a0guests a day — mostly students.\n"
        "Its owner, Ελένη Παπαδοπούλου, bought it in 2019 for 2.5 million francs.\n"
    ),
    "markup.txt": (
        "Markup Heavy Page About Rivers\n\n"
        "<p>The <b>Danube</b> flows through ten countries.</p>\n"
        "**The Rhine** is 1,230 kilometres long, according to [the atlas](http://example.org).\n"
    ),
}

QUESTIONS = [
    "Who founded Acme Corporation?",
    "When was Acme Corporation founded?",
    "How many engineers does the company employ?",
    "Who was overthrown in August 2020?",
    "When did the Harbour Bridge reopen?",
    "How much did the work cost?",
    "Who opened the café?",
    "How long is the Rhine?",
    "What did he say?",
    "And her successor?",
]
MARKUP = [
    "<script>alert('who')</script>",
    "**Who** founded _Acme_?",
    "[Who](javascript:alert(1)) founded Acme?",
    "{{7*7}} ${HOME} %s %n %x",
    "'; DROP TABLE passages; --",
    "\\x00\\n who?",
    "<!-- --> <![CDATA[ when ]]>",
    "SELECT * FROM qa_passages WHERE 1=1",
]
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u2028\u2029\u202f\u3000"
EMOJI = "🙂🔥👩‍👩‍👧‍👦🏳️‍🌈🇫🇷✨💥🤖🧪\u200d\ufe0f"

texts = st.text(max_size=300)  # any code point but surrogates, control characters included
questions = st.one_of(
    st.text(max_size=3000),
    st.text(alphabet=WHITESPACE, max_size=50),
    st.text(alphabet=EMOJI, min_size=1, max_size=40),
    st.sampled_from(MARKUP),
    st.sampled_from(QUESTIONS),
    st.tuples(st.sampled_from(QUESTIONS), st.text(max_size=60), st.booleans()).map(
        lambda t: t[0] + t[1] if t[2] else t[1] + t[0]
    ),
    # around the 2000-character limit, and far over it
    st.integers(1990, 3000).map(lambda n: ("Who founded Acme Corporation? " * 120)[:n]),
    st.integers(1, 3000).map(lambda n: "x" * n),
)
turn = st.tuples(texts, texts)
histories = st.one_of(
    st.none(),
    st.just([]),
    st.just(()),
    st.lists(turn, max_size=8),
    st.lists(st.lists(texts, min_size=2, max_size=2), max_size=4),  # JSON-style [[q, a], ...]
    st.lists(st.tuples(st.sampled_from(QUESTIONS), st.sampled_from(["Marie Dupont", "Lyon", ""])),
             min_size=1, max_size=3),
    # malformed shapes: must be a QAError, never a traceback
    st.lists(
        st.one_of(st.none(), st.integers(), texts, st.tuples(texts), st.lists(texts, max_size=4),
                  st.dictionaries(st.integers(0, 2), texts, max_size=3),
                  st.tuples(st.none(), st.integers())),
        max_size=4,
    ),
    texts,
    st.integers(),
)
sources_arg = st.one_of(
    st.none(),
    st.just([]),
    st.lists(st.sampled_from(sorted(TINY) + sorted(EXTRA) + ["missing.txt", ""]), max_size=3),
)


@pytest.fixture(scope="module")
def qa_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One ingested corpus (TINY plus CRLF, unicode, nested and markup files) for the module."""
    root = tmp_path_factory.mktemp("answer-props")
    corpus = root / "corpus"
    for name, text in {**TINY, **EXTRA}.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # byte-exact: CRLF kept
    store = root / "store"
    qa.ingest(corpus, store=store, embedder=FakeEmbedder(), progress=False)
    check_index_matches(store, corpus)
    return corpus, store


def check_contract(ans: object, corpus: Path) -> None:
    assert isinstance(ans, qa.Answer), type(ans)
    d = ans.to_dict()
    json.dumps(d, ensure_ascii=False)  # serialisable as the /ask and --json contract
    assert set(d) == {"question", "answer", "abstained", "score", "citations"}
    assert isinstance(d["score"], float) and 0.0 <= d["score"] <= 1.0
    raws: dict[str, str] = {}
    for c in d["citations"]:
        raw = raws.setdefault(c["source"], raw_text(corpus / c["source"]))
        assert 0 <= c["start"] < c["end"] <= len(raw)
        assert raw[c["start"]:c["end"]] == c["quote"], "citation is not a verbatim quote"
        assert c["start"] <= c["answer_start"] <= c["answer_end"] <= c["end"]
        assert 0.0 <= c["score"] <= 1.0
    if d["abstained"]:
        assert d["answer"] == ""
    else:
        assert d["citations"], "an answer without a citation"
        c = d["citations"][0]
        raw = raws[c["source"]]
        assert d["answer"], "an empty answer that did not abstain"
        assert raw[c["answer_start"]:c["answer_end"]] == d["answer"]
        assert c["start"] <= c["answer_start"] < c["answer_end"] <= c["end"]
        assert d["answer"] in c["quote"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=questions, history=histories, sources=sources_arg)
def test_answer_returns_a_contract_answer_or_a_qaerror(
    qa_store: tuple[Path, Path], question: str, history: object, sources: list[str] | None
) -> None:
    corpus, store = qa_store
    try:
        ans = qa.answer(question, history=history, store=store, sources=sources,  # type: ignore[arg-type]
                        embedder=FakeEmbedder())
    except qa.QAError as exc:
        event(f"QAError: {type(exc).__name__}")
        assert str(exc)
        if len(question) > 2000:
            assert isinstance(exc, qa.QuestionError)
        return
    assert len(question) <= 2000, "a question over the limit was answered"
    event("abstained" if ans.abstained else "answered")
    check_contract(ans, corpus)
    assert ans.question == question


@pytest.mark.parametrize("question", [None, 42, b"Who founded Acme?", ["Who?"], 3.5])
def test_answer_rejects_non_text_questions(qa_store: tuple[Path, Path], question: object) -> None:
    _, store = qa_store
    with pytest.raises(qa.QuestionError):
        qa.answer(question, store=store, embedder=FakeEmbedder())  # type: ignore[arg-type]


def test_known_questions_answer_verbatim(qa_store: tuple[Path, Path]) -> None:
    corpus, store = qa_store
    answered = 0
    for q in QUESTIONS:
        ans = qa.answer(q, store=store, embedder=FakeEmbedder(),
                        history=[("Who founded Acme Corporation?", "Marie Dupont")])
        check_contract(ans, corpus)
        answered += not ans.abstained
    assert answered >= 3


# ---------------------------------------------------------------------------------------------
# qa.ingest with arbitrary files
# ---------------------------------------------------------------------------------------------

MAX_MB = 0.01  # QA_MAX_FILE_MB for these tests: 10,000 bytes
MAX_BYTES = int(MAX_MB * 1_000_000)

SENTENCES = [
    "Acme Corporation was founded by Marie Dupont in March 1998.",
    "The U.N. Security Council met on Tuesday.",
    "Mr. Smith paid 3.5 million dollars.",
    "“We understand,” Lavrov said.",
    "Skip to main content",
    "By Jane Roe",
    "Related",
    "We use cookies to improve your experience on our website.",
    "Subscribe to our newsletter",
    "A freelance journalist for the Sahel Tribune.",
    "Local Team Wins The Cup Final",
    "The river flooded twelve villages near the border.",
]

names_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1, max_size=30,
)
stems = st.one_of(
    names_text,
    st.sampled_from(["-rf", "--help", "-", " spaced name ", "über", "日本語の記事", "emoji 🙂",
                     "tab\there", "new\nline", "..x", "a.b.c", "CON", "nul", "$HOME", "*", "?"]),
    st.integers(100, 250).map(lambda n: "n" * n),  # long, within NAME_MAX once encoded
)
exts = st.sampled_from([".txt", ".md", ".TXT", ".Md", ".html", ".HTM", ".json", ".xhtml", "", ".txt.bak", ".md~"])
file_names = st.tuples(stems, exts).map("".join).filter(
    lambda n: n not in (".", "..") and len(n.encode("utf-8")) <= 255
)
dir_names = st.one_of(st.sampled_from(["sub", "deep dir", ".hidden", "-x", "ünï", "a.txt"]),
                      names_text).filter(
    lambda n: n not in (".", "..") and len(n.encode("utf-8")) <= 255
)
contents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=400).map(lambda s: s.encode("utf-8")),  # valid UTF-8, controls and NULs too
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=10).flatmap(
        lambda ss: st.sampled_from([" ", "\n", "\n\n", "\r\n"]).map(lambda sep: sep.join(ss).encode())
    ),
    st.sampled_from([b"", b"   \n\t  \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbfBOM first. Then text.",
                     b"caf\xe9 latin-1. Not UTF-8.", b"\x00\x01\x02binary", "\u00a0\u2028".encode()]),
    # over QA_MAX_FILE_MB, and exactly at it
    st.integers(MAX_BYTES - 1, 3 * MAX_BYTES).map(
        lambda n: (b"A huge file keeps repeating itself. " * (n // 36 + 1))[:n]
    ),
)
KINDS = ["file"] * 6 + ["symlink_out", "symlink_in", "symlink_broken"]


@dataclass
class Spec:
    parts: tuple[str, ...]
    content: bytes
    kind: str


specs = st.builds(
    Spec,
    parts=st.tuples(st.lists(dir_names, max_size=2), file_names).map(lambda t: (*t[0], t[1])),
    content=contents,
    kind=st.sampled_from(KINDS),
)
corpora = st.lists(specs, max_size=8, unique_by=lambda s: s.parts)


def expected_outcome(spec: Spec, target: bytes | None) -> str:
    """'indexed', 'skipped' or 'ignored' (not an article file at all) for one created file."""
    if any(p.startswith(".") for p in spec.parts) or not spec.parts[-1].lower().endswith(SUFFIXES):
        return "ignored"
    if spec.kind in ("symlink_out", "symlink_broken"):
        return "skipped"
    data = spec.content if target is None else target
    if len(data) > MAX_BYTES or not data.strip() or b"\x00" in data:
        return "skipped"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "skipped"
    return "indexed"


def build_corpus(corpus: Path, outside: Path, files: list[Spec]) -> dict[str, tuple[str, bytes]]:
    """Create ``files`` under ``corpus``; returns source -> (expected outcome, bytes)."""
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    expected: dict[str, tuple[str, bytes]] = {}
    regular: list[Path] = []
    for i, spec in enumerate(files):
        path = corpus.joinpath(*spec.parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            target: bytes | None = None
            if spec.kind == "symlink_out":
                out = outside / f"out-{i}.txt"
                out.write_bytes(b"An outside article. It must not be read.")
                os.symlink(out, path)
            elif spec.kind == "symlink_broken":
                os.symlink(outside / f"missing-{i}.txt", path)
            elif spec.kind == "symlink_in" and regular:
                os.symlink(os.path.relpath(regular[0], path.parent), path)
                target = regular[0].read_bytes()
            else:
                spec = Spec(spec.parts, spec.content, "file")
                path.write_bytes(spec.content)
                regular.append(path)
        except OSError:  # a name clash between a folder and a file: not this test's subject
            continue
        expected[path.relative_to(corpus).as_posix()] = (expected_outcome(spec, target),
                                                        spec.content if target is None else target)
    return expected


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(versions=st.lists(corpora, min_size=1, max_size=3))
def test_ingest_arbitrary_files_matches_corpus(versions: list[list[Spec]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_MAX_FILE_MB", str(MAX_MB))
    root = Path(tempfile.mkdtemp(prefix="qa-ingest-props-"))
    try:
        corpus, store, outside = root / "corpus", root / "store", root / "outside"
        outside.mkdir()
        for files in versions:  # successive versions of one corpus: incremental ingests
            expected = build_corpus(corpus, outside, files)
            report = qa.ingest(corpus, store=store, embedder=FakeEmbedder(), progress=False)
            skipped = [s.source for s in report.skipped]
            assert len(skipped) == len(set(skipped)), "a file skipped twice"
            assert all(s.reason for s in report.skipped)
            want_indexed = {s for s, (o, _) in expected.items() if o == "indexed"}
            want_skipped = {s for s, (o, _) in expected.items() if o == "skipped"}
            assert set(skipped) == want_skipped
            snap = read_snapshot(store)
            assert {a.source for a in snap.articles} == want_indexed
            assert report.articles == len(want_indexed)
            for a in snap.articles:
                assert a.text == expected[a.source][1].decode("utf-8")
            check_index_matches(store, corpus)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_huge_file_is_skipped_with_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_MAX_FILE_MB", "0.01")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "huge.txt").write_bytes(b"Big. " * 5000)
    (corpus / "ok.md").write_text("# Fine\n\nA small article. It is indexed.\n", encoding="utf-8")
    report = qa.ingest(corpus, store=tmp_path / "s", embedder=FakeEmbedder(), progress=False)
    assert [(s.source, "QA_MAX_FILE_MB" in s.reason) for s in report.skipped] == [("huge.txt", True)]
    assert [a.source for a in read_snapshot(tmp_path / "s").articles] == ["ok.md"]
    check_index_matches(tmp_path / "s", corpus)


def test_non_utf8_file_name_does_not_crash_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("A fine article. It has two sentences.", encoding="utf-8")
    with open(os.fsencode(corpus) + b"/caf\xe9.txt", "wb") as f:  # Latin-1 name, legal on Linux
        f.write(b"The name of this file is Latin-1. Its text is fine.")
    report = qa.ingest(corpus, store=tmp_path / "s", embedder=FakeEmbedder(), progress=False)
    assert report.articles + len(report.skipped) == 2
    check_index_matches(tmp_path / "s", corpus)


def test_symlinked_folder_outside_the_corpus_is_reported(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "c", tmp_path / "elsewhere"
    corpus.mkdir()
    outside.mkdir()
    (outside / "far.txt").write_text("An article kept elsewhere. It is not ours.", encoding="utf-8")
    (corpus / "ok.txt").write_text("A fine article. It has two sentences.", encoding="utf-8")
    os.symlink(outside, corpus / "linked")
    report = qa.ingest(corpus, store=tmp_path / "s", embedder=FakeEmbedder(), progress=False)
    assert [a.source for a in read_snapshot(tmp_path / "s").articles] == ["ok.txt"]
    assert any(s.source.startswith("linked") for s in report.skipped)


def test_ten_thousand_tiny_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(10_000):
        (corpus / f"f{i:05d}.txt").write_text(
            f"Parcel {i} was delivered to depot {i % 97} on time.\n", encoding="utf-8")
    t0 = time.perf_counter()
    report = qa.ingest(corpus, store=tmp_path / "s", embedder=FakeEmbedder(), progress=False)
    took = time.perf_counter() - t0
    print(f"\n10,000 files ingested in {took:.1f} s")
    assert report.articles == 10_000 and not report.skipped
    check_index_matches(tmp_path / "s", corpus)
    again = qa.ingest(corpus, store=tmp_path / "s", embedder=FakeEmbedder(), progress=False)
    assert again.embedded == 0 and not again.changed
    ans = qa.answer("Which depot received parcel 4321?", store=tmp_path / "s", embedder=FakeEmbedder())
    check_contract(ans, corpus)


# ---------------------------------------------------------------------------------------------
# Sentence splitting and chunking
# ---------------------------------------------------------------------------------------------

FRAGMENTS = [
    "Mr.", "U.N.", "Dr. Smith", "said.", "“Quote.”", "\"Hi!\"", "3.5", "e.g.", "The", "cat", "sat.",
    "Who?", "Yes!", "…", "”The", "(Paren.)", "Related", "Skip to main content", "By Jane Roe",
    "We use cookies on our website.", "A", "b", ",", "’", "'", "changes. ”", "2022,”The", "U.S.",
    "Keïta", "N’Daw", "🙂", "###", "# Heading", "- item", "•", "—", "?!", "...", "St.", "W.",
    # Markdown and HTML, whole and broken
    "[a link](https://x.org/a_b)", "[", "](", "**bold**", "**", "_it_", "_", "*", "~~x~~", "> quote",
    "![img](p.png)", "<b>", "</p>", "<script>var a = 1;</script>", "<script>", "<!-- c -->", "<!--",
    "https://example.org/x.y", "www.example.org", "LISBON, Portugal (AP) —",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\x0b", "\x0c",
              "\x85", "", " \n "]
newsy = st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda parts: "".join(f + s for f, s in parts)
)
any_text = st.one_of(st.text(max_size=400), newsy)


def check_spans(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> None:
    prev = lo
    for a, b in spans:
        assert prev <= a < b <= hi, ("spans out of order, overlapping or out of range", spans)
        piece = text[a:b]
        assert piece == piece.strip(), ("span not trimmed", piece)
        assert "\n" not in piece, ("a sentence crosses a newline", piece)
        prev = b


@settings(max_examples=300, deadline=None)
@given(text=any_text, data=st.data())
def test_split_sentences_spans_are_ordered_disjoint_trimmed(text: str, data: st.DataObject) -> None:
    spans = split_sentences(text)
    check_spans(text, spans, 0, len(text))
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert not lost, ("non-space characters fell outside every sentence", [text[i] for i in lost])
    # inside a region
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    check_spans(text, split_sentences(text, lo, hi), lo, hi)


@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_markup_is_blanked_in_place(text: str) -> None:
    from qa.text import readable, unmark

    blanked = unmark(text)
    assert len(blanked) == len(text)
    assert all(b == t or b == " " for b, t in zip(blanked, text)), "unmark changed a character"
    assert readable(text) == " ".join(blanked.split())


@settings(max_examples=150, deadline=None)
@given(text=any_text, budget=st.integers(16, 80), overlap=st.integers(0, 3))
def test_chunk_article_invariants(text: str, budget: int, overlap: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.txt"
        path.write_bytes(text.encode("utf-8"))
        art = read_article(path, "a.txt", 10_000_000)
    assume(isinstance(art, qa.Article))
    assert art.text == text
    sents, passages = chunk_article(art, budget=budget, overlap=overlap)
    regions = content_regions(art)
    prev = 0
    for s in sents:
        assert art.text[s.start:s.end] == s.text and s.text and s.text == s.text.strip()
        assert prev <= s.start, "sentences out of order or overlapping"
        prev = s.end
        assert any(a <= s.start and s.end <= b for a, b in regions), "a sentence in boilerplate"
    spans = [(s.start, s.end) for s in sents]
    index = {sp: i for i, sp in enumerate(spans)}
    assert len(index) == len(spans)
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids)), "duplicate passage ids"
    in_passages: set[tuple[int, int]] = set()
    for p in passages:
        assert art.text[p.start:p.end] == p.text and p.source == "a.txt" and p.title == art.title
        assert p.sentences and p.start == p.sentences[0][0] and p.end == p.sentences[-1][1]
        first = index[p.sentences[0]]
        assert list(p.sentences) == spans[first:first + len(p.sentences)], "not consecutive"
        for a, b in art.skip:
            assert b <= p.start or a >= p.end, "a passage crosses boilerplate"
        tokens = count_tokens(p.text)
        assert tokens <= budget or len(p.sentences) == 1, (tokens, budget, p.text)
        in_passages.update(p.sentences)
    assert in_passages == set(spans), "a sentence in no passage"
    # a piece over the budget is one that cannot be cut at a space
    for s in sents:
        if count_tokens(s.text) > budget:
            assert " " not in s.text, (budget, s.text)
