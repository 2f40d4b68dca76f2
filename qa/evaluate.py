"""Evaluation: SQuAD-style answer metrics, citation metrics, abstention figures and a runner.

Pure Python and cheap to import; matplotlib is imported only inside :func:`write_report`.

``answer_fn(question, history) -> dict`` must return the JSON contract of ``Answer.to_dict()``::

    {"question", "answer" ("" when abstained), "abstained": bool, "score": float in [0, 1],
     "citations": [{"source", "title", "start", "end", "quote", "answer_start", "answer_end",
                    "score"}]}

Definitions (all per question, then averaged):

* evidence@k: one of the first k citations names a gold source (the question's ``source`` or
  any of ``sources``, compared by file name; any source when the question names none) *and* its
  quote contains a gold answer (normalized with :func:`normalize_answer`, matched on token
  boundaries; punctuation may also separate tokens, see :func:`_contains_answer`). Citations
  are scored even when the answerer abstained. Averaged over answerable questions only.
* reciprocal rank: 1/rank of the first citation satisfying the above, 0 if none (MRR).
* EM / F1: the official SQuAD v1.1 definitions (max over gold answers); an abstention scores 0.
  Averaged over answerable questions only.
* verbatim check (only when ``corpus_dir`` is given): every citation satisfies
  ``raw_text[start:end] == quote``; for an answered question the first citation also satisfies
  ``raw_text[answer_start:answer_end] == answer`` with the answer span inside the quote span.
"""

from __future__ import annotations

import json
import math
import re
import string
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import QAError

__all__ = [
    "QUESTION_TYPES",
    "EvalReport",
    "evaluate",
    "exact_match",
    "f1",
    "format_table",
    "load_questions",
    "normalize_answer",
    "question_type",
    "trade_off",
    "write_report",
]

QUESTION_TYPES = (
    "who",
    "when",
    "where",
    "how many",
    "how much",
    "what",
    "which",
    "why",
    "how",
    "other",
)

AnswerFn = Callable[[str, "list[tuple[str, str]] | None"], Any]

# --------------------------------------------------------------------------------------------
# SQuAD normalization and metrics
# --------------------------------------------------------------------------------------------

_ASCII_PUNCT = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def _is_punct(ch: str) -> bool:
    # The official script removes string.punctuation (which includes ASCII symbols such as $ + <);
    # in addition, any Unicode punctuation (curly quotes, en/em dashes, ...) counts as punctuation.
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def normalize_answer(s: str) -> str:
    """SQuAD v1.1 normalization: lowercase, drop punctuation, drop a/an/the, collapse whitespace.

    Accents are kept (``Keïta`` and ``Keita`` stay different), as in the official script.
    """
    s = s.lower()
    s = "".join(ch for ch in s if not _is_punct(ch))
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def _f1_single(prediction: str, gold: str) -> float:
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    common = Counter(pred_tokens) & Counter(gold_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0.0
    precision = num_same / len(pred_tokens)
    recall = num_same / len(gold_tokens)
    return (2 * precision * recall) / (precision + recall)


def exact_match(pred: str, golds: Iterable[str]) -> float:
    """1.0 if the normalized prediction equals any normalized gold answer, else 0.0."""
    npred = normalize_answer(pred)
    return max((float(npred == normalize_answer(g)) for g in golds), default=0.0)


def f1(pred: str, golds: Iterable[str]) -> float:
    """Token-overlap F1 (official SQuAD v1.1), max over the gold answers; 0.0 for no golds."""
    return max((_f1_single(pred, g) for g in golds), default=0.0)


def _normalize_loose(s: str) -> str:
    """normalize_answer, except that punctuation separates tokens instead of vanishing."""
    s = "".join(" " if _is_punct(ch) else ch for ch in s.lower())
    return " ".join(_ARTICLES.sub(" ", s).split())


def _contains_answer(text: str, golds: Iterable[str]) -> bool:
    """Whether the text contains a gold answer, both normalized, on token boundaries.

    Matched with :func:`normalize_answer`, and also with punctuation read as a token separator:
    scraped text often lacks the space after a quote mark ("May 11-12, 2022,”The statement"),
    which the official normalization would glue into one token ("2022the").
    """
    strict = f" {normalize_answer(text)} "
    loose = f" {_normalize_loose(text)} "
    for g in golds:
        ng, lg = normalize_answer(g), _normalize_loose(g)
        if (ng and f" {ng} " in strict) or (lg and f" {lg} " in loose):
            return True
    return False


# --------------------------------------------------------------------------------------------
# Question types
# --------------------------------------------------------------------------------------------

_WH = {
    "who": "who",
    "whom": "who",
    "whose": "who",
    "when": "when",
    "where": "where",
    "why": "why",
    "which": "which",
    "what": "what",
    "how": "how",
}
_TIME_NOUNS = frozenset(
    {
        "year",
        "years",
        "date",
        "dates",
        "day",
        "days",
        "month",
        "months",
        "time",
        "decade",
        "century",
        "week",
        "season",
        "period",
    }
)


def question_type(q: str) -> str:
    """A coarse reporting bucket from the question's wording.

    The first wh-word decides ("In what year ..." and "According to X, who ..." work);
    "what/which year|date|day|month ..." and "since when" count as *when*;
    "how many" and "how much" have their own buckets. Anything else is "other".
    """
    words = re.findall(r"[a-z]+", q.lower())
    for i, w in enumerate(words):
        kind = _WH.get(w)
        if kind is None:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if kind == "how":
            if nxt == "many":
                return "how many"
            if nxt == "much":
                return "how much"
            return "how"
        if kind in ("what", "which") and nxt in _TIME_NOUNS:
            return "when"
        return kind
    return "other"


# --------------------------------------------------------------------------------------------
# Question files
# --------------------------------------------------------------------------------------------


def _check_question(obj: Any, where: str, index: int) -> dict[str, Any]:
    """Validate one question record and return it with defaults filled in."""

    def bad(msg: str) -> QAError:
        return QAError(f"{where}: {msg}")

    if not isinstance(obj, dict):
        raise bad(f"expected a JSON object, got {type(obj).__name__}")
    question = obj.get("question")
    if not isinstance(question, str) or not question.strip():
        raise bad('"question" must be a non-empty string')
    if "answers" not in obj:
        raise bad('missing "answers" (use [] with "unanswerable": true for unanswerable questions)')
    answers = obj["answers"]
    if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
        raise bad('"answers" must be a list of non-empty strings')
    qid = obj.get("id", f"q{index}")
    if not isinstance(qid, str) or not qid:
        raise bad('"id" must be a non-empty string')
    unanswerable = obj.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise bad('"unanswerable" must be true or false')
    if unanswerable and answers:
        raise bad('"unanswerable" is true but "answers" is not empty')
    if not unanswerable and not answers:
        raise bad('"answers" is empty; mark the question "unanswerable": true or give answers')
    source = obj.get("source")
    if source is not None and (not isinstance(source, str) or not source):
        raise bad('"source" must be a non-empty string')
    sources = obj.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise bad('"sources" must be a list of non-empty strings')
    history = obj.get("history")
    if history is not None:
        ok = isinstance(history, list) and all(
            isinstance(t, (list, tuple)) and len(t) == 2 and all(isinstance(x, str) for x in t)
            for t in history
        )
        if not ok:
            raise bad('"history" must be a list of ["question", "answer"] pairs')
        history = [[t[0], t[1]] for t in history]
    qtype = obj.get("type")
    if qtype is not None and qtype not in QUESTION_TYPES:
        raise bad(f'unknown "type" {qtype!r}; expected one of {", ".join(QUESTION_TYPES)}')
    out = dict(obj)
    out.update(
        id=qid,
        question=question,
        answers=list(answers),
        unanswerable=unanswerable,
        source=source,
        sources=list(sources),
        history=history or None,
        type=qtype or question_type(question),
    )
    return out


def load_questions(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSONL question file, validating every line.

    Blank lines are skipped. Each record needs ``question`` and ``answers`` (``[]`` only together
    with ``"unanswerable": true``); optional fields are ``id``, ``source``, ``sources``,
    ``history`` (``[["question", "answer"], ...]``) and ``type`` (one of QUESTION_TYPES; derived
    from the wording with :func:`question_type` when absent). Errors are
    :class:`QAError` naming the file and the 1-based line number.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QAError(f"question file not found: {p}") from None
    except UnicodeDecodeError as e:
        raise QAError(f"{p}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise QAError(f"cannot read question file {p}: {e.strerror or e}") from None
    questions: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{p}: line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise QAError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from None
        q = _check_question(obj, where, lineno)
        if q["id"] in seen:
            raise QAError(f"{where}: duplicate id {q['id']!r} (first on line {seen[q['id']]})")
        seen[q["id"]] = lineno
        questions.append(q)
    if not questions:
        raise QAError(f"{p}: no questions found")
    return questions


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


@dataclass
class EvalReport:
    """Aggregate metrics (``overall``), per-type rows (``by_type``) and per-question ``rows``."""

    overall: dict[str, Any]
    by_type: dict[str, dict[str, Any]]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": dict(self.overall),
            "by_type": {k: dict(v) for k, v in self.by_type.items()},
            "trade_off": trade_off(self),
            "questions": [dict(r) for r in self.rows],
        }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _percentile(values: list[float], pct: float) -> float | None:
    """Linear-interpolation percentile (numpy's default method)."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * pct / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def _as_dict(result: Any) -> dict[str, Any]:
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    if not isinstance(result, dict):
        raise QAError(
            f"answer_fn must return a dict (the JSON contract), got {type(result).__name__}"
        )
    return result


class _Corpus:
    """Reads corpus files exactly as stored (UTF-8, newlines untouched), once each."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._cache: dict[str, str | None] = {}

    def text(self, source: str) -> str | None:
        if source not in self._cache:
            path = self.root / source
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    self._cache[source] = fh.read()
            except (OSError, UnicodeDecodeError):
                self._cache[source] = None
        return self._cache[source]


def _verbatim_errors(res: dict[str, Any], corpus: _Corpus) -> list[str]:
    errors: list[str] = []
    answered = not res.get("abstained") and bool(res.get("answer"))
    for i, c in enumerate(res.get("citations") or []):
        src = c.get("source")
        raw = corpus.text(src) if isinstance(src, str) else None
        if raw is None:
            errors.append(f"citation {i + 1}: source {src!r} not found in the corpus")
            continue
        start, end, quote = c.get("start"), c.get("end"), c.get("quote")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(raw)):
            errors.append(f"citation {i + 1}: bad span [{start!r}, {end!r}) for {src}")
            continue
        if raw[start:end] != quote:
            errors.append(f"citation {i + 1}: quote differs from {src}[{start}:{end}]")
        if i == 0 and answered:
            a_start, a_end = c.get("answer_start"), c.get("answer_end")
            if not (isinstance(a_start, int) and isinstance(a_end, int)):
                errors.append("citation 1: answer_start/answer_end missing")
            elif not start <= a_start <= a_end <= end:
                errors.append(
                    f"citation 1: answer span [{a_start}, {a_end}) is outside the quote "
                    f"[{start}, {end})"
                )
            elif raw[a_start:a_end] != res.get("answer"):
                errors.append(f"citation 1: answer differs from {src}[{a_start}:{a_end}]")
    if answered and not res.get("citations"):
        errors.append("answered without a citation")
    return errors


def _evidence_ranks(citations: list[dict[str, Any]], q: dict[str, Any]) -> list[bool]:
    gold_names = {Path(s).name for s in ([q["source"]] if q.get("source") else []) + q["sources"]}
    hits = []
    for c in citations:
        src = c.get("source")
        src_ok = isinstance(src, str) and (not gold_names or Path(src).name in gold_names)
        hits.append(bool(src_ok and _contains_answer(str(c.get("quote") or ""), q["answers"])))
    return hits


def evaluate(
    questions: Iterable[dict[str, Any]],
    answer_fn: AnswerFn,
    *,
    corpus_dir: str | Path | None = None,
) -> EvalReport:
    """Ask every question through ``answer_fn`` and score the answers and citations.

    ``questions`` are records as returned by :func:`load_questions` (raw dicts are validated the
    same way). ``answer_fn(question, history)`` gets ``history`` as a list of
    ``(question, answer)`` tuples, or None. Exceptions from ``answer_fn`` propagate.
    """
    qs = [_check_question(q, f"question {i}", i) for i, q in enumerate(questions, 1)]
    corpus = _Corpus(Path(corpus_dir)) if corpus_dir is not None else None
    rows: list[dict[str, Any]] = []
    for q in qs:
        history = [(h[0], h[1]) for h in q["history"]] if q["history"] else None
        t0 = time.perf_counter()
        raw_result = answer_fn(q["question"], history)
        latency_ms = (time.perf_counter() - t0) * 1000.0
        res = _as_dict(raw_result)
        citations = list(res.get("citations") or [])
        answer = str(res.get("answer") or "")
        abstained = bool(res.get("abstained"))
        try:
            score = float(res.get("score") or 0.0)
        except (TypeError, ValueError):
            score = 0.0
        answerable = not q["unanswerable"]
        row: dict[str, Any] = {
            "id": q["id"],
            "question": q["question"],
            "type": q["type"],
            "answerable": answerable,
            "gold_answers": q["answers"],
            "gold_sources": ([q["source"]] if q["source"] else [])
            + [s for s in q["sources"] if s != q["source"]],
            "has_history": bool(history),
            "answer": answer,
            "abstained": abstained,
            "score": score,
            "cited_sources": [c.get("source") for c in citations],
            "latency_ms": latency_ms,
        }
        if answerable:
            hits = _evidence_ranks(citations, q)
            first = next((i for i, h in enumerate(hits) if h), None)
            row.update(
                evidence_at_1=float(any(hits[:1])),
                evidence_at_3=float(any(hits[:3])),
                reciprocal_rank=0.0 if first is None else 1.0 / (first + 1),
                em=0.0 if abstained else exact_match(answer, q["answers"]),
                f1=0.0 if abstained else f1(answer, q["answers"]),
            )
        else:
            row.update(
                evidence_at_1=None, evidence_at_3=None, reciprocal_rank=None, em=None, f1=None
            )
        if corpus is not None:
            errs = _verbatim_errors(res, corpus)
            row["verbatim_ok"] = not errs
            row["verbatim_errors"] = errs
        else:
            row["verbatim_ok"] = None
            row["verbatim_errors"] = []
        rows.append(row)

    overall = _aggregate(rows)
    overall["verbatim_checked"] = corpus is not None
    by_type: dict[str, dict[str, Any]] = {}
    for t in QUESTION_TYPES:
        sub = [r for r in rows if r["type"] == t]
        if sub:
            by_type[t] = _aggregate(sub)
    return EvalReport(overall=overall, by_type=by_type, rows=rows)


def _aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    abstained = [r for r in rows if r["abstained"]]
    lat = [r["latency_ms"] for r in rows]
    n_abst_una = sum(1 for r in una if r["abstained"])
    return {
        "n": len(rows),
        "n_answerable": len(ans),
        "n_unanswerable": len(una),
        "evidence_at_1": _mean([r["evidence_at_1"] for r in ans]),
        "evidence_at_3": _mean([r["evidence_at_3"] for r in ans]),
        "mrr": _mean([r["reciprocal_rank"] for r in ans]),
        "em": _mean([r["em"] for r in ans]),
        "f1": _mean([r["f1"] for r in ans]),
        "abstention_recall": n_abst_una / len(una) if una else None,
        "false_abstention_rate": (
            sum(1 for r in ans if r["abstained"]) / len(ans) if ans else None
        ),
        "abstention_precision": n_abst_una / len(abstained) if abstained else None,
        "latency_p50_ms": _percentile(lat, 50),
        "latency_p95_ms": _percentile(lat, 95),
        "verbatim_failures": sum(len(r["verbatim_errors"]) for r in rows),
        "verbatim_failed_questions": sum(1 for r in rows if r["verbatim_errors"]),
    }


def trade_off(report: EvalReport) -> list[dict[str, Any]]:
    """The abstention trade-off curve from the per-question scores.

    For each threshold t in 0.00, 0.05, ..., 1.00 a question counts as answered when the
    answerer did not abstain and its top-level score >= t. Reported per threshold: how many and
    what share were answered, mean F1 and EM over the answered answerable questions, abstention
    recall on unanswerable questions and the false-abstention rate on answerable ones.
    """
    rows = report.rows
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    curve = []
    for i in range(21):
        t = round(i * 0.05, 2)

        def answered(r: dict[str, Any], t: float = t) -> bool:
            return not r["abstained"] and r["score"] >= t - 1e-12

        a_ans = [r for r in ans if answered(r)]
        n_answered = sum(1 for r in rows if answered(r))
        curve.append(
            {
                "threshold": t,
                "answered": n_answered,
                "answered_share": n_answered / len(rows) if rows else None,
                "f1": _mean([r["f1"] for r in a_ans]),
                "em": _mean([r["em"] for r in a_ans]),
                "abstention_recall": (
                    sum(1 for r in una if not answered(r)) / len(una) if una else None
                ),
                "false_abstention_rate": (
                    sum(1 for r in ans if not answered(r)) / len(ans) if ans else None
                ),
            }
        )
    return curve


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def _fmt(v: Any, width: int = 7) -> str:
    if v is None:
        return "-".rjust(width)
    if isinstance(v, float):
        return f"{v:.3f}".rjust(width)
    return str(v).rjust(width)


def format_table(report: EvalReport) -> str:
    """A fixed-width text table: overall metrics, then one row per question type."""
    o = report.overall
    lines = [
        (
            f"questions           {o['n']} ({o['n_answerable']} answerable, "
            f"{o['n_unanswerable']} unanswerable)"
        ),
        f"evidence@1          {_fmt(o['evidence_at_1']).strip()}",
        f"evidence@3          {_fmt(o['evidence_at_3']).strip()}",
        f"MRR                 {_fmt(o['mrr']).strip()}",
        f"exact match         {_fmt(o['em']).strip()}",
        f"F1                  {_fmt(o['f1']).strip()}",
        f"abstention recall   {_fmt(o['abstention_recall']).strip()}",
        f"abstention prec.    {_fmt(o['abstention_precision']).strip()}",
        f"false abstention    {_fmt(o['false_abstention_rate']).strip()}",
        (
            f"latency p50 / p95   {_fmt(o['latency_p50_ms']).strip()} / "
            f"{_fmt(o['latency_p95_ms']).strip()} ms"
        ),
        "verbatim failures   "
        + (str(o["verbatim_failures"]) if o.get("verbatim_checked", True) else "not checked"),
        "",
        f"{'type':<10}{'n':>5}{'ans':>5}{'ev@1':>8}{'ev@3':>8}{'F1':>8}{'EM':>8}{'abst.rec':>10}",
        "-" * 62,
    ]
    for t, m in report.by_type.items():
        lines.append(
            f"{t:<10}{m['n']:>5}{m['n_answerable']:>5}{_fmt(m['evidence_at_1'], 8)}"
            f"{_fmt(m['evidence_at_3'], 8)}{_fmt(m['f1'], 8)}{_fmt(m['em'], 8)}"
            f"{_fmt(m['abstention_recall'], 10)}"
        )
    return "\n".join(lines)


def write_report(report: EvalReport, out_dir: str | Path) -> dict[str, Path]:
    """Write ``report.json`` and ``metrics_by_type.png`` into ``out_dir``; return their paths."""
    out = report_dir(out_dir)
    json_path, png_path = out / "report.json", out / "metrics_by_type.png"
    try:
        json_path.write_text(
            json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        _plot(report, png_path)
    except OSError as exc:
        raise QAError(f"cannot write the report into {str(out)!r} ({exc.strerror or exc})") from exc
    return {"json": json_path, "png": png_path}


def report_dir(out_dir: str | Path) -> Path:
    """The report folder, created; a clear error if it is a file or cannot be made (checked before
    an evaluation runs, so a long run is not lost to a typo)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise QAError(f"the report folder {str(out)!r} is a file; pass a folder for --report")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QAError(f"cannot create the report folder {str(out)!r} ({exc.strerror or exc})") from exc
    return out


def _plot(report: EvalReport, path: Path) -> None:
    # The object-oriented API with the Agg canvas: no pyplot, no global backend switch.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(13, 5), dpi=100)
    FigureCanvasAgg(fig)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})

    types = [t for t, m in report.by_type.items() if m["n_answerable"]]
    metrics = [("evidence_at_1", "evidence@1"), ("f1", "F1"), ("em", "EM")]
    width = 0.8 / len(metrics)
    for j, (key, label) in enumerate(metrics):
        xs = [i + (j - 1) * width for i in range(len(types))]
        ys = [report.by_type[t][key] or 0.0 for t in types]
        ax1.bar(xs, ys, width=width, label=label)
    ax1.set_xticks(range(len(types)))
    ax1.set_xticklabels([f"{t}\n(n={report.by_type[t]['n_answerable']})" for t in types])
    ax1.set_ylim(0, 1.15)
    ax1.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax1.set_ylabel("score")
    ax1.set_title("Answerable questions by type")
    ax1.legend(loc="upper center", ncol=3, fontsize="small")
    ax1.grid(axis="y", alpha=0.3)

    curve = trade_off(report)
    xs = [p["threshold"] for p in curve]
    for key, label in (
        ("answered_share", "answered share"),
        ("f1", "F1 over answered"),
        ("abstention_recall", "abstention recall"),
        ("false_abstention_rate", "false abstention rate"),
    ):
        ys = [p[key] if p[key] is not None else math.nan for p in curve]
        ax2.plot(xs, ys, marker=".", label=label)
    ax2.set_xlim(0, 1)
    ax2.set_ylim(-0.02, 1.05)
    ax2.set_xlabel("abstention threshold on answer score")
    ax2.set_title("Abstention trade-off")
    ax2.legend(loc="best", fontsize="small")
    ax2.grid(alpha=0.3)

    fig.tight_layout()
    fig.savefig(path)
