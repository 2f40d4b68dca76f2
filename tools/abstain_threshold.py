"""The default abstention threshold (``QA_ABSTAIN_BELOW``) from question sets shaped like the
product's: news pages and their readers' questions, answerable and not.

    python tools/abstain_threshold.py tests/data/news/a ... tests/data/news/j

Each folder holds ``corpus/`` and ``questions.jsonl`` (``qa eval`` format) and is indexed on its own
(in a temporary folder). Every question is read once; its answer's confidence and F1 (against the
gold answers) are kept, so any threshold can be scored without asking again. Printed: the trade-off
(per threshold, answerable questions abstained on, F1 over all answerable questions with a withheld
answer counting 0, unanswerable questions abstained on) and the rule's threshold: the highest on a
0.005 grid that abstains on at most 5% of the answerable questions. A question whose best sentence
offers no span is abstained on at any threshold. Deterministic.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.evaluate import f1, load_questions  # noqa: E402
from qa.pipeline import first_confidence  # noqa: E402
from tools.fitting import indexed  # noqa: E402

GRID = [round(0.005 * i, 3) for i in range(61)]
SHOWN = {0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3}
MOST = 0.05


def collect(folder: Path, store: Path) -> list[tuple[bool, float, float]]:
    """Per question of ``folder``: (answerable, confidence or -1 without a span, F1 of the span)."""
    engine = indexed(folder / "corpus", store)
    out = []
    for q in load_questions(folder / "questions.jsonl"):
        _, readings, _ = engine.read_with_vector(q["question"], None, None)
        answerable = not q.get("unanswerable")
        top = readings[0] if readings else None
        if top is None or top.choice is None:
            out.append((answerable, -1.0, 0.0))
            continue
        text = engine.snap.sentences[top.candidate.index].text
        span = text[top.choice.start:top.choice.end]
        out.append((answerable, first_confidence(readings), f1(span, q["answers"]) if answerable else 0.0))
    return out


def curve(rows: list[tuple[bool, float, float]]) -> tuple[str, float]:
    """The trade-off table (the rule's threshold always shown, in bold) and that threshold."""
    ans = [r for r in rows if r[0]]
    un = [r for r in rows if not r[0]]
    chosen = max((t for t in GRID if sum(r[1] < t for r in ans) / len(ans) <= MOST), default=0.0)
    lines = ["| threshold | answerable abstained on | F1 (answerable, withheld = 0) | unanswerable abstained on |",
             "|---|---|---|---|"]
    for t in sorted(SHOWN | {chosen}):
        false = sum(r[1] < t for r in ans) / len(ans)
        cell = f"**{t:.3f}**" if t == chosen else f"{t:.3f}"
        lines.append(f"| {cell} | {false:.1%} | {sum(r[2] for r in ans if r[1] >= t) / len(ans):.3f} | "
                     + (f"{sum(r[1] < t for r in un) / len(un):.1%} |" if un else "- |"))
    return "\n".join(lines), chosen


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]]
    if not folders:
        sys.exit("usage: python tools/abstain_threshold.py SET_DIR [SET_DIR ...]")
    rows: list[tuple[bool, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, folder in enumerate(folders):
            rows += collect(folder, Path(tmp) / str(i))
    table, chosen = curve(rows)
    n_ans = sum(r[0] for r in rows)
    print(f"{len(rows)} questions ({n_ans} answerable, {len(rows) - n_ans} unanswerable) in {len(folders)} sets")
    print(table)
    print(f"threshold by the rule (highest with at most {MOST:.0%} of answerable questions abstained on): {chosen:g}")


if __name__ == "__main__":
    main()
