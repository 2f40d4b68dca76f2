"""Tests for qa.evaluate and for the team's fixed question set (tests/data/mali_questions.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from qa.errors import QAError
from qa.evaluate import (
    QUESTION_TYPES,
    EvalReport,
    evaluate,
    exact_match,
    f1,
    format_table,
    load_questions,
    normalize_answer,
    question_type,
    trade_off,
    write_report,
)

HERE = Path(__file__).resolve()
QUESTIONS = HERE.parent / "data" / "mali_questions.jsonl"


def _corpus_dir() -> Path:
    for candidate in (HERE.parents[1] / "corpus", HERE.parents[1].parent / "shared" / "corpus"):
        if candidate.is_dir():
            return candidate
    pytest.skip("no corpus folder found (corpus/ in the repo or ../shared/corpus)")


def _raw(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


# ------------------------------------------------------------------ normalization, EM, F1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Denver Broncos", "denver broncos"),
        ("  a  cat,  an   apple! ", "cat apple"),
        ("“colonial mentality”", "colonial mentality"),  # curly quotes are punctuation
        ("Bah N’Daw", "bah ndaw"),  # as the official script does with "N'Daw"
        ("Bah N'Daw", "bah ndaw"),
        ("Keïta", "keïta"),  # accents are kept
        ("2020–2021 — coups", "20202021 coups"),  # en/em dashes removed like "-"
        ("$5 + tax", "5 tax"),  # ASCII symbols in string.punctuation still removed
        ("theatre anthem", "theatre anthem"),  # articles only as whole words
        ("Mali\xa0wanted", "mali wanted"),
    ],
)
def test_normalize_answer(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


def test_exact_match() -> None:
    assert exact_match("the Denver Broncos", ["Denver Broncos"]) == 1.0
    assert exact_match("Denver Broncos!", ["Carolina Panthers", "denver  broncos"]) == 1.0
    assert exact_match("Broncos", ["Denver Broncos"]) == 0.0
    assert exact_match("anything", []) == 0.0
    assert exact_match("Keita", ["Keïta"]) == 0.0


def test_f1_known_values() -> None:
    assert f1("the Denver Broncos", ["Denver Broncos"]) == 1.0
    # pred {denver}, gold {denver, broncos}: p=1, r=1/2 -> 2/3
    assert f1("Denver", ["Denver Broncos"]) == pytest.approx(2 / 3)
    # pred 3 tokens, gold 2 tokens, 2 in common: p=2/3, r=1 -> 4/5
    assert f1("Denver Broncos team", ["Denver Broncos"]) == pytest.approx(4 / 5)
    # pred {colonel, assimi, goita} vs gold {assimi, goita, led, coup}: p=2/3 r=1/2 -> 4/7
    assert f1("Colonel Assimi Goita", ["Assimi Goita led coup"]) == pytest.approx(4 / 7)
    # max over golds
    assert f1("Denver", ["Carolina Panthers", "Denver Broncos", "Denver"]) == 1.0
    # repeated tokens count with multiplicity: "wheat wheat" vs "wheat": p=1/2, r=1 -> 2/3
    assert f1("wheat wheat", ["wheat"]) == pytest.approx(2 / 3)
    assert f1("Panthers", ["Denver Broncos"]) == 0.0
    assert f1("", ["Denver Broncos"]) == 0.0
    assert f1("anything", []) == 0.0
    assert isinstance(f1("x", ["x"]), float)


# ------------------------------------------------------------------ question types


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Who is Mali's foreign minister?", "who"),
        ("Whom did Goita topple in May 2021?", "who"),
        ("To whom is Wagner said to be close?", "who"),
        ("Whose comments hurt Mali?", "who"),
        ("When did France withdraw?", "when"),
        ("In what year did Mali gain independence?", "when"),
        ("What year was the peace agreement?", "when"),
        ("On which day did Diop speak?", "when"),
        ("Since when has Mali fought insurgents?", "when"),
        ("Where did Diop meet Lavrov?", "where"),
        ("How many people were detained?", "how many"),
        ("About how much wheat will Russia send?", "how much"),
        ("How did Keïta leave office?", "how"),
        ("What did Lavrov say?", "what"),
        ("Which force did Mali quit?", "which"),
        ("In which city did they meet?", "which"),
        ("Why did the coup fail?", "why"),
        ("According to Lavrov, who is to blame?", "who"),
        ("Name Mali's foreign minister.", "other"),
        ("", "other"),
    ],
)
def test_question_type(q: str, expected: str) -> None:
    assert question_type(q) == expected
    assert question_type(q) in QUESTION_TYPES


# ------------------------------------------------------------------ load_questions


def _write(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "qs.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_load_questions_ok(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        [
            json.dumps({"id": "a", "question": "Who?", "answers": ["X"], "source": "f.txt"}),
            "",
            json.dumps({"id": "b", "question": "What?", "answers": [], "unanswerable": True}),
            json.dumps(
                {
                    "question": "When was he overthrown?",
                    "answers": ["2020"],
                    "history": [["Q", "A"]],
                }
            ),
        ],
    )
    qs = load_questions(p)
    assert [q["id"] for q in qs] == ["a", "b", "q4"]
    assert qs[0]["type"] == "who" and qs[0]["unanswerable"] is False
    assert qs[1]["unanswerable"] is True and qs[1]["answers"] == []
    assert qs[2]["history"] == [["Q", "A"]] and qs[2]["type"] == "when"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"line 2: not valid JSON"),
        ('["a list"]', r"line 2: expected a JSON object"),
        ('{"answers": ["x"]}', r'line 2: "question" must be a non-empty string'),
        ('{"question": "Who?"}', r'line 2: missing "answers"'),
        ('{"question": "Who?", "answers": "x"}', r'line 2: "answers" must be a list'),
        ('{"question": "Who?", "answers": []}', r'line 2: "answers" is empty'),
        ('{"question": "Who?", "answers": [], "unanswerable": 1}', r'line 2: "unanswerable" must'),
        ('{"question": "Who?", "answers": ["x"], "sources": "a.txt"}', r'line 2: "sources" must'),
        (
            '{"question": "Who?", "answers": ["x"], "unanswerable": true}',
            r'line 2: "unanswerable" is true but "answers" is not empty',
        ),
        ('{"question": "Who?", "answers": ["x"], "history": [["q"]]}', r'line 2: "history"'),
        ('{"question": "Who?", "answers": ["x"], "type": "whence"}', r'line 2: unknown "type"'),
        ('{"id": "a", "question": "Who?", "answers": ["x"]}', r"line 2: duplicate id 'a'"),
    ],
)
def test_load_questions_errors(tmp_path: Path, line: str, message: str) -> None:
    first = json.dumps({"id": "a", "question": "Who?", "answers": ["x"]})
    p = _write(tmp_path, [first, line])
    with pytest.raises(QAError, match=message):
        load_questions(p)


def test_load_questions_missing_and_empty(tmp_path: Path) -> None:
    with pytest.raises(QAError, match="question file not found"):
        load_questions(tmp_path / "nope.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(QAError, match="no questions found"):
        load_questions(empty)


# ------------------------------------------------------------------ evaluate()

ART = "Intro line.\r\nMali’s president, Ibrahim Boubacar Keïta, was overthrown in August 2020.\r\n"
OTHER = "Unrelated text about Doha and Qatar.\nKeïta once visited Doha.\n"


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    # write bytes so the \r\n survive: offsets must index the raw text
    (d / "a.txt").write_bytes(ART.encode("utf-8"))
    (d / "b.txt").write_bytes(OTHER.encode("utf-8"))
    return d


def _cite(source: str, text: str, quote: str, answer: str = "", score: float = 0.9) -> dict:
    start = text.index(quote)
    a_start = text.index(answer, start) if answer else start
    return {
        "source": source,
        "title": source,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "answer_start": a_start,
        "answer_end": a_start + len(answer),
        "score": score,
    }


TINY_QUESTIONS = [
    {
        "id": "q1",
        "question": "When was Keïta overthrown?",
        "answers": ["August 2020"],
        "source": "a.txt",
    },
    {
        "id": "q2",
        "question": "Who was overthrown?",
        "answers": ["Ibrahim Boubacar Keïta"],
        "source": "a.txt",
        "type": "who",
    },
    {"id": "q3", "question": "Who leads Qatar?", "answers": [], "unanswerable": True},
    {"id": "q4", "question": "How many people live in Mali?", "answers": [], "unanswerable": True},
    {
        "id": "q5",
        "question": "When did it happen?",
        "answers": ["2020"],
        "source": "a.txt",
        "history": [["Who was overthrown?", "Keïta"]],
    },
]

SENT = "Mali’s president, Ibrahim Boubacar Keïta, was overthrown in August 2020."


def _fake_answer_fn(calls: list):
    def answer_fn(question: str, history):
        calls.append((question, history))
        if question == "When was Keïta overthrown?":  # right answer, evidence at rank 1
            return {
                "question": question,
                "answer": "August 2020",
                "abstained": False,
                "score": 0.9,
                "citations": [_cite("a.txt", ART, SENT, "August 2020")],
            }
        if question == "Who was overthrown?":  # partly right answer, evidence at rank 2
            # (rank 1 quotes a file that is not a gold source)
            return {
                "question": question,
                "answer": "Keïta",
                "abstained": False,
                "score": 0.4,
                "citations": [
                    _cite("b.txt", OTHER, "Keïta once visited Doha.", "Keïta"),
                    _cite("a.txt", ART, SENT),
                ],
            }
        if question == "Who leads Qatar?":  # wrongly answered, with a corrupted quote
            c = _cite("b.txt", OTHER, "Doha and Qatar", "Qatar")
            c["quote"] = "Doha and Qatar!"
            return {
                "question": question,
                "answer": "Qatar",
                "abstained": False,
                "score": 0.2,
                "citations": [c],
            }
        # everything else: abstain
        return {
            "question": question,
            "answer": "",
            "abstained": True,
            "score": 0.1,
            "citations": [],
        }

    return answer_fn


def test_evaluate_metrics(tiny_corpus: Path) -> None:
    calls: list = []
    report = evaluate(TINY_QUESTIONS, _fake_answer_fn(calls), corpus_dir=tiny_corpus)
    assert isinstance(report, EvalReport)
    assert calls[-1] == ("When did it happen?", [("Who was overthrown?", "Keïta")])
    assert calls[0][1] is None

    o = report.overall
    assert (o["n"], o["n_answerable"], o["n_unanswerable"]) == (5, 3, 2)
    assert o["evidence_at_1"] == pytest.approx(1 / 3)  # q1 only
    assert o["evidence_at_3"] == pytest.approx(2 / 3)  # q1, q2
    assert o["mrr"] == pytest.approx((1 + 1 / 2 + 0) / 3)
    assert o["em"] == pytest.approx(1 / 3)
    # q2: "keïta" vs "ibrahim boubacar keïta": p=1, r=1/3 -> 1/2
    assert o["f1"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert o["abstention_recall"] == pytest.approx(1 / 2)  # q4 abstained, q3 answered
    assert o["false_abstention_rate"] == pytest.approx(1 / 3)  # q5
    assert o["abstention_precision"] == pytest.approx(1 / 2)  # q4 and q5 abstained
    assert o["latency_p50_ms"] is not None and o["latency_p95_ms"] >= o["latency_p50_ms"] >= 0
    # q3: the quote is not the text at its offsets
    assert o["verbatim_failures"] == 1 and o["verbatim_failed_questions"] == 1
    rows = {r["id"]: r for r in report.rows}
    assert rows["q3"]["verbatim_ok"] is False
    assert "quote differs" in rows["q3"]["verbatim_errors"][0]
    assert rows["q1"]["verbatim_ok"] is True and rows["q2"]["verbatim_ok"] is True
    assert rows["q2"]["score"] == 0.4 and rows["q2"]["reciprocal_rank"] == 0.5
    assert rows["q3"]["f1"] is None and rows["q3"]["evidence_at_1"] is None

    # types: from the "type" field when present, else from the wording
    assert rows["q1"]["type"] == "when" and rows["q4"]["type"] == "how many"
    assert set(report.by_type) == {"who", "when", "how many"}
    assert report.by_type["when"]["n"] == 2 and report.by_type["when"]["evidence_at_1"] == 0.5
    assert report.by_type["how many"]["f1"] is None


def test_evaluate_verbatim_answer_span_and_missing_source(tiny_corpus: Path) -> None:
    def answer_fn(question, history):
        c = _cite("a.txt", ART, SENT, "August 2020")
        if question.startswith("When"):
            c["answer_start"] += 1  # answer offsets off by one
        else:
            c["source"] = "missing.txt"
        return {
            "question": question,
            "answer": "August 2020",
            "abstained": False,
            "score": 0.5,
            "citations": [c],
        }

    qs = [
        {"question": "When?", "answers": ["August 2020"], "source": "a.txt"},
        {"question": "Where?", "answers": ["August 2020"], "source": "a.txt"},
    ]
    report = evaluate(qs, answer_fn, corpus_dir=tiny_corpus)
    errs = [r["verbatim_errors"] for r in report.rows]
    assert any("answer differs" in e for e in errs[0])
    assert any("not found in the corpus" in e for e in errs[1])
    # evidence is judged on source + quote, not on the verbatim check
    assert report.rows[0]["evidence_at_1"] == 1.0 and report.rows[1]["evidence_at_1"] == 0.0
    # without a corpus nothing is checked
    unchecked = evaluate(qs, answer_fn)
    assert unchecked.overall["verbatim_failures"] == 0
    assert unchecked.rows[0]["verbatim_ok"] is None


def test_evidence_token_boundaries_and_sources(tiny_corpus: Path) -> None:
    def answer_fn(question, history):
        return {
            "question": question,
            "answer": "",
            "abstained": True,
            "score": 0.0,
            "citations": [
                {
                    "source": "sub/a.txt",
                    "title": "",
                    "start": 0,
                    "end": 0,
                    "quote": "in 12020 and May 11-12, 2022,”The",
                    "answer_start": 0,
                    "answer_end": 0,
                    "score": 0.1,
                }
            ],
        }

    qs = [
        {"question": "When?", "answers": ["2020"], "source": "a.txt"},
        {"question": "When?", "answers": ["020"], "source": "a.txt"},
        {"question": "When?", "answers": ["12020"], "source": "c.txt", "sources": ["a.txt"]},
        {"question": "When?", "answers": ["12020"], "source": "c.txt"},
        # glued by a missing space after the curly quote, still found
        {"question": "When?", "answers": ["May 11-12, 2022"], "source": "a.txt"},
        {"question": "When?", "answers": ["2022"], "source": "a.txt"},
    ]
    rows = evaluate(qs, answer_fn).rows
    # compared by file name; answers only on token boundaries; `sources` counts as gold
    assert [r["evidence_at_1"] for r in rows] == [0.0, 0.0, 1.0, 0.0, 1.0, 1.0]


def test_trade_off_and_reports(tiny_corpus: Path, tmp_path: Path) -> None:
    report = evaluate(TINY_QUESTIONS, _fake_answer_fn([]), corpus_dir=tiny_corpus)
    curve = trade_off(report)
    assert [p["threshold"] for p in curve] == [round(i * 0.05, 2) for i in range(21)]
    at = {p["threshold"]: p for p in curve}
    # scores: q1 0.9, q2 0.4, q3 0.2 (answered); q4, q5 abstained
    assert at[0.0]["answered"] == 3 and at[0.0]["answered_share"] == pytest.approx(3 / 5)
    assert at[0.0]["abstention_recall"] == pytest.approx(1 / 2)
    assert at[0.25]["answered"] == 2 and at[0.25]["abstention_recall"] == 1.0
    assert at[0.25]["f1"] == pytest.approx(0.75) and at[0.25]["em"] == pytest.approx(0.5)
    assert at[0.4]["answered"] == 2  # score >= threshold answers
    assert at[0.5]["f1"] == 1.0 and at[0.5]["false_abstention_rate"] == pytest.approx(2 / 3)
    assert at[1.0]["answered"] == 0 and at[1.0]["f1"] is None
    assert at[1.0]["false_abstention_rate"] == 1.0

    d = report.to_dict()
    assert set(d) == {"overall", "by_type", "trade_off", "questions"}
    json.dumps(d)  # serializable

    table = format_table(report)
    assert "evidence@1" in table and "F1" in table
    for t in report.by_type:
        assert any(line.startswith(t) for line in table.splitlines())

    paths = write_report(report, tmp_path / "out")
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["overall"]["n"] == 5
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_accepts_objects_with_to_dict() -> None:
    class Ans:
        def to_dict(self):
            return {
                "question": "q",
                "answer": "x",
                "abstained": False,
                "score": 1.0,
                "citations": [],
            }

    report = evaluate([{"question": "What?", "answers": ["x"]}], lambda q, h: Ans())
    assert report.overall["em"] == 1.0

    with pytest.raises(QAError, match="must return a dict"):
        evaluate([{"question": "What?", "answers": ["x"]}], lambda q, h: "x")


# ------------------------------------------------------------------ the fixed question set


@pytest.fixture(scope="module")
def mali_questions() -> list[dict]:
    return load_questions(QUESTIONS)


def test_question_set_counts(mali_questions: list[dict]) -> None:
    qs = mali_questions
    answerable = [q for q in qs if not q["unanswerable"]]
    unanswerable = [q for q in qs if q["unanswerable"]]
    assert len(qs) >= 48
    assert len(answerable) >= 38
    assert len(unanswerable) >= 8
    assert len([q for q in answerable if q["history"]]) >= 4
    types = Counter(q["type"] for q in answerable)
    for t in ("who", "when", "where", "how many", "what", "which"):
        assert types[t] >= 3, t
    assert types["why"] + types["how"] >= 3
    for q in qs:
        assert q["type"] in QUESTION_TYPES
        assert q["id"].startswith("q")
        if q["unanswerable"]:
            assert q["answers"] == [] and not q["source"] and not q["sources"]
        else:
            assert q["source"], q["id"]
            assert all(len(a) <= 90 for a in q["answers"]), q["id"]  # short spans


def test_question_set_gold_answers_are_verbatim(mali_questions: list[dict]) -> None:
    """Every gold answer is copied character for character from its source file(s).

    The primary answer is in ``source``; variants (e.g. the Keïta spelling) may come from any file
    in ``sources``; every file listed in ``sources`` holds at least one gold answer.
    """
    corpus = _corpus_dir()
    texts: dict[str, str] = {}

    def text(name: str) -> str:
        if name not in texts:
            path = corpus / name
            assert path.is_file(), f"source file {name} not in {corpus}"
            texts[name] = _raw(path)
        return texts[name]

    problems = []
    for q in mali_questions:
        if q["unanswerable"]:
            continue
        files = [q["source"]] + [s for s in q["sources"] if s != q["source"]]
        if q["sources"]:
            assert q["source"] in q["sources"], q["id"]
        if q["answers"][0] not in text(q["source"]):
            problems.append(f"{q['id']}: {q['answers'][0]!r} not in {q['source']}")
        for a in q["answers"]:
            if a != a.strip():
                problems.append(f"{q['id']}: {a!r} has surrounding whitespace")
            if not any(a in text(f) for f in files):
                problems.append(f"{q['id']}: {a!r} not in any of {files}")
        for f in q["sources"]:
            if not any(a in text(f) for a in q["answers"]):
                problems.append(f"{q['id']}: no gold answer in listed source {f}")
    assert not problems, "\n".join(problems)


def test_question_set_unanswerables_not_in_boilerplate(mali_questions: list[dict]) -> None:
    # the unanswerable questions must not be answered by the corpus' nav/cookie/teaser text either;
    # a cheap guard: none mentions the off-topic teaser subjects
    for q in mali_questions:
        if q["unanswerable"]:
            low = q["question"].lower()
            assert not any(w in low for w in ("trump", "gaza", "cookie", "newsletter")), q["id"]
