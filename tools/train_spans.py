"""Fit the answer-span scorer in qa/extract.py on an outside question set.

    python tools/train_spans.py --corpus ../shared/devsets/xquad-en/corpus \
        --questions ../shared/devsets/xquad-en/questions.jsonl --store <dir>

For every question, the sentences the retriever reads that contain a gold answer give training
rows: each candidate span's generic features (qa.extract.SPAN_FEATURES: span kind, question kind,
closeness and alignment to the question's words, length, punctuation around it; no words, no
names) labelled by whether it matches a gold answer (F1 >= 0.6). Articles are split in halves:
fitted on one, measured on the other (printed), then refitted on all and written to
qa/data/spans.json. Deterministic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo: qa and tools

from qa.evaluate import f1, load_questions, normalize_answer  # noqa: E402
from qa.extract import SPAN_FEATURES, span_candidates  # noqa: E402
from qa.pipeline import Engine  # noqa: E402
from tools.fitting import cached, fit_softmax, setup  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "qa" / "data" / "spans.json"


def collect(engine: Engine, questions: list[dict]) -> list[dict]:
    groups = []
    for i, q in enumerate(questions):
        qinfo, readings = engine.read(q["question"])
        golds = [normalize_answer(a) for a in q["answers"]]
        for r in readings[:8]:
            s = engine.snap.sentences[r.candidate.index]
            if s.source != q["source"] or not any(g and g in normalize_answer(s.text) for g in golds):
                continue
            rows = [(fv, f1(s.text[c.start:c.end], q["answers"])) for c, fv in span_candidates(qinfo, s.text)]
            if rows:
                groups.append({"source": q["source"], "rows": rows})
        if i % 200 == 0:
            print(f"  {i}/{len(questions)}", file=sys.stderr)
    return groups


def train(groups: list[dict]) -> np.ndarray:
    """A softmax over each sentence's candidate spans, fitted to pick the gold-matching ones."""
    w = fit_softmax([(np.array([fv for fv, _ in g["rows"]]), np.array([float(v >= 0.6) for _, v in g["rows"]]))
                     for g in groups])
    w[SPAN_FEATURES.index("bias")] = 0.0
    return w


def measure(w: np.ndarray | None, groups: list[dict]) -> float:
    """Mean F1 of the chosen span, over sentences that hold the answer."""
    got = []
    for g in groups:
        if w is None:  # the hand-set heuristic (feature "heuristic")
            k = SPAN_FEATURES.index("heuristic")
            best = max(g["rows"], key=lambda r: r[0][k])
        else:
            best = max(g["rows"], key=lambda r: float(np.dot(w, r[0])))
        got.append(best[1])
    return float(np.mean(got))


def main() -> None:
    args, engine = setup(OUT)
    groups = cached(args.cache, lambda: collect(engine, load_questions(args.questions)))
    sources = sorted({g["source"] for g in groups})
    half = set(sources[::2])
    a = [g for g in groups if g["source"] in half]
    b = [g for g in groups if g["source"] not in half]
    print(f"sentences with the answer: {len(groups)}; span F1 when the sentence is right:")
    print(f"  heuristic:            {measure(None, b):.3f} / {measure(None, a):.3f} (halves)")
    print(f"  fitted, held-out half: {measure(train(a), b):.3f} / {measure(train(b), a):.3f}")
    w = train(groups)
    print(f"  fitted on all (in-sample): {measure(w, groups):.3f}")
    Path(args.out).write_text(json.dumps({
        "features": list(SPAN_FEATURES), "w": [round(float(v), 6) for v in w],
        "trained_on": "XQuAD English (deepmind/xquad, xquad.en.json), CC BY-SA 4.0",
        "command": "python tools/train_spans.py --corpus ../shared/devsets/xquad-en/corpus "
                   "--questions ../shared/devsets/xquad-en/questions.jsonl --store <dir>",
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
