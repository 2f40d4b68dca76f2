"""Fit the answer-span scorer in qa/extract.py on an outside question set.

    python tools/train_spans.py --corpus ../shared/devsets/xquad-en/corpus \
        --questions ../shared/devsets/xquad-en/questions.jsonl --store <dir> \
        --extra tests/data/news/{a..j}

--extra adds the project's news sets (tools.fitting.setup says how they are indexed and weighed).

For every question, the sentences the retriever reads that contain a gold answer give training
rows: each candidate span's generic features (qa.extract.SPAN_FEATURES: span kind, question kind,
closeness and alignment to the question's words, length, punctuation around it; no words, no
names) labelled by whether it matches a gold answer (F1 >= 0.6). Articles are split in halves:
fitted on one, measured on the other (printed), then refitted on all and written to
qa/data/spans.json. Deterministic.

The second look (qa.extract.second_look) is fitted here too: for each sentence, its K best spans by
the first pass (scored by the model fitted on the other half, as on articles never trained on) and
each span's MiniLM cosine with the question, a softmax over the two. K and the gate (the first
pass's lead under which it runs) were chosen on the held-out curve this prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo: qa and tools

from qa.evaluate import f1, normalize_answer  # noqa: E402
from qa.extract import SPAN_FEATURES, best_distinct, span_candidates  # noqa: E402
from qa.pipeline import Engine  # noqa: E402
from qa.text import unmark  # noqa: E402
from tools.fitting import QuestionSet, cached, described, fit_softmax, setup  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "qa" / "data" / "spans.json"
K, GATE = 3, 0.5  # the second look compares the 3 best spans when the best leads by under 0.5


def collect(engine: Engine, questions: list[dict], name: str = "") -> list[dict]:
    """Per sentence read that holds a gold answer: its candidate spans' features, F1 and words.
    Article names are qualified by the question set's ``name``."""
    groups = []
    for i, q in enumerate(questions):
        qinfo, readings = engine.read(q["question"])
        golds = [normalize_answer(a) for a in q["answers"]]
        for r in readings[:8]:
            s = engine.snap.sentences[r.candidate.index]
            if s.source != q["source"] or not any(g and g in normalize_answer(s.text) for g in golds):
                continue
            plain = unmark(s.text)
            rows = [(fv, f1(s.text[c.start:c.end], q["answers"]), plain[c.start:c.end])
                    for c, fv in span_candidates(qinfo, s.text)]
            if rows:
                groups.append({"source": name + q["source"], "question": q["question"].strip(),
                               "rows": rows})
        if i % 200 == 0:
            print(f"  {name}{i}/{len(questions)}", file=sys.stderr)
    return groups


def collect_all(sets: list[QuestionSet]) -> list[dict]:
    """``collect`` over every set, each group repeated its set's weight times."""
    return [g for qs in sets
            for g in collect(qs.engine, qs.answerable, qs.name)
            for _ in range(qs.weight)]


def train(groups: list[dict]) -> np.ndarray:
    """A softmax over each sentence's candidate spans, fitted to pick the gold-matching ones."""
    w = fit_softmax([(np.array([r[0] for r in g["rows"]]), np.array([float(r[1] >= 0.6) for r in g["rows"]]))
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


def second_rows(engine: Engine, groups: list[dict], w: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Per sentence: [first-pass score by ``w``, cosine(question, span)] of its K best spans,
    their F1, and the first pass's lead over its runner-up. Embedded as the pipeline embeds them
    (Engine.second_look): the question alone by the float32 embedder, each sentence's K spans
    together by the int8 span embedder (its dynamic quantisation scales per batch)."""
    questions = sorted({g["question"] for g in groups})
    qvecs = dict(zip(questions, (engine.embedder.embed([q])[0] for q in questions)))
    out = []
    for g in groups:
        scores = [float(np.dot(w, r[0])) for r in g["rows"]]
        words = [r[2] for r in g["rows"]]
        top = best_distinct(sorted(range(len(scores)), key=lambda i: -scores[i]),
                            words.__getitem__, K)  # as qa.extract.choose_span keeps them
        sims = engine.span_embedder.embed([words[i] for i in top]) @ qvecs[g["question"]]
        x = np.array([[scores[i], float(sim)] for i, sim in zip(top, sims)])
        y = np.array([g["rows"][i][1] for i in top])
        out.append((x, y, scores[top[0]] - scores[top[1]] if len(top) > 1 else 5.0))
    return out


def fit_second(rows: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    return fit_softmax([(x, (y >= 0.6).astype(float)) for x, y, _ in rows])


def measure_second(w: np.ndarray, rows: list[tuple[np.ndarray, np.ndarray, float]],
                   gate: float) -> tuple[float, float]:
    """Mean F1 of the span chosen with the second look below ``gate``, and how often it looked."""
    got = [y[int(np.argmax(x @ w))] if lead < gate else y[0] for x, y, lead in rows]
    return float(np.mean(got)), float(np.mean([lead < gate for _, _, lead in rows]))


def main() -> None:
    args, sets = setup(OUT)
    engine = sets[0].engine
    groups = cached(args.cache, lambda: collect_all(sets))
    sources = sorted({g["source"] for g in groups})
    half = set(sources[::2])
    a = [g for g in groups if g["source"] in half]
    b = [g for g in groups if g["source"] not in half]
    print(f"sentences with the answer: {len(groups)}; span F1 when the sentence is right:")
    print(f"  heuristic:            {measure(None, b):.3f} / {measure(None, a):.3f} (halves)")
    wa, wb = train(a), train(b)
    print(f"  fitted, held-out half: {measure(wa, b):.3f} / {measure(wb, a):.3f}")
    # the second look, each half's first pass scored by the model fitted on the other half
    ra, rb = second_rows(engine, a, wb), second_rows(engine, b, wa)
    print(f"  with the second look (K={K}), held-out half, by gate (share looked at):")
    for gate in (0.25, 0.5, 1.0, 2.0, 99.0):
        (fb, sb), (fa, sa) = measure_second(fit_second(ra), rb, gate), measure_second(fit_second(rb), ra, gate)
        print(f"    {'**' if gate == GATE else '  '}lead < {gate:<5} {fb:.3f} / {fa:.3f}   ({sb:.2f} / {sa:.2f})")
    w2 = fit_second(ra + rb)
    w = train(groups)
    print(f"  fitted on all (in-sample): {measure(w, groups):.3f}")
    trained_on, command = described(args, "train_spans.py")
    Path(args.out).write_text(json.dumps({
        "features": list(SPAN_FEATURES), "w": [round(float(v), 6) for v in w],
        "second": {"k": K, "gate": GATE, "w": [round(float(v), 6) for v in w2]},
        "trained_on": trained_on, "command": command,
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
