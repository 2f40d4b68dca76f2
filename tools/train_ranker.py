"""Fit the sentence-selection and confidence models in qa/rank.py on an outside question set.

    python tools/train_ranker.py --corpus ../shared/devsets/xquad-en/corpus \
        --questions ../shared/devsets/xquad-en/questions.jsonl --store /tmp/xq-store \
        --extra tests/data/news/{a..j}

The shipped weights also learn from the news sets given by --extra (see tools.fitting.setup).

Only generic signals are used (retrieval and span scores; see qa.rank.FEATURES), so the weights
carry nothing about any article. The selection model learns which read sentence holds a gold
answer; the confidence model learns whether the first one does. Its unanswerable examples are made
two ways: each question asked with its own article filtered out (off-topic for what is left), and
asked with every sentence that states a gold answer left out of the reading (on topic, the fact
itself missing: the harder, more realistic case). Articles are split in two halves: the models are fitted on one and
measured on the other (printed), then refitted on all and written to qa/data/ranker.json.
Deterministic: plain batch gradient descent from zeros.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa.evaluate import f1, normalize_answer  # noqa: E402
from qa.pipeline import Engine  # noqa: E402
from qa.rank import CONF_FEATURES, FEATURES, OWN_FEATURES, WEIGHTS, compared  # noqa: E402
from tools.fitting import QuestionSet, cached, described, fit_logistic, fit_softmax, setup  # noqa: E402


def collect(engine: Engine, questions: list[dict], all_sources: list[str], name: str = ""):
    """Per question: every read sentence's features with its label, and the gold data. Article
    names are qualified by the question set's ``name``."""
    out = []
    for i, q in enumerate(questions):
        golds = [normalize_answer(a) for a in q["answers"]]
        for variant in ("answerable", "other articles", "fact removed"):
            unanswerable = variant != "answerable"
            sources = [s for s in all_sources if s != q["source"]] if variant == "other articles" else None
            _, readings, qvec = engine.read_with_vector(q["question"], None, sources)
            rows = []
            snap = engine.snap
            assert snap is not None
            for r in readings:
                if r.logit < -1e8:
                    continue
                s = snap.sentences[r.candidate.index]
                text = normalize_answer(s.text)
                says = any(g and g in text for g in golds)
                if variant == "fact removed" and says:
                    continue  # as if no article said it: the rest of its article is still there
                has = not unanswerable and s.source == q["source"] and says
                choice = r.choice
                if choice is not None and qvec is not None and not unanswerable:
                    choice = engine.second_look(s.text, choice, qvec)  # the span as answered
                ans = s.text[choice.start:choice.end] if choice else ""
                rows.append((list(r.features[:len(OWN_FEATURES)]), float(has),
                             0.0 if unanswerable else f1(ans, q["answers"])))
            out.append({"source": name + q["source"], "unanswerable": unanswerable,
                        "variant": variant, "rows": rows})
        if i % 100 == 0:
            print(f"  {name}{i}/{len(questions)}", file=sys.stderr)
    return out


def collect_all(sets: list[QuestionSet]) -> list[dict]:
    """``collect`` over every set's answerable questions, each repeated its set's weight times."""
    out = []
    for qs in sets:
        sources = sorted({a.source for a in qs.engine.load().articles})
        out += [d for d in collect(qs.engine, qs.answerable, sources, qs.name) for _ in range(qs.weight)]
    return out


def with_compared(data):
    """The rows' own features (as collected) extended to FEATURES: each compared with the best of
    the question's rows (after a removed fact is gone: it is not there to trail)."""
    out = []
    for d in data:
        full = compared([list(f) for f, _, _ in d["rows"]], len(d["rows"]))
        out.append({**d, "rows": [(f, h, s) for f, (_, h, s) in zip(full, d["rows"])]})
    return out


def train(data):
    # which sentence: a softmax over each question's read sentences (a ranking objective)
    ws = fit_softmax([(np.array([f for f, _, _ in d["rows"]]), np.array([h for _, h, _ in d["rows"]]))
                      for d in data if not d["unanswerable"] and d["rows"]])
    bs = 0.0
    conf_x, conf_y, conf_w = [], [], []
    # as many unanswerable as answerable questions in all (each is asked two unanswerable ways),
    # so the confidence is not pulled down by how the training set was made
    n_ways = max(1, len({d["variant"] for d in data if d["unanswerable"]}))
    for d in data:
        if not d["rows"]:
            continue
        logits = sorted(((np.dot(ws, f) + bs, f, has) for f, has, _ in d["rows"]), key=lambda t: -t[0])
        margin = logits[0][0] - logits[1][0] if len(logits) > 1 else 1.0
        conf_x.append(list(logits[0][1]) + [margin])
        conf_y.append(logits[0][2])  # the first sentence holds an answer (never, if unanswerable)
        conf_w.append(1.0 / n_ways if d["unanswerable"] else 1.0)
    wc, bc = fit_logistic(np.array(conf_x), np.array(conf_y), sample_weight=np.array(conf_w))
    return {"select": {"w": ws.tolist(), "b": float(bs)}, "confidence": {"w": wc.tolist(), "b": float(bc)}}


def predict(model, data) -> list[tuple[str, float, float, float]]:
    """Per question asked: (variant, confidence, first sentence holds the answer, its span's F1)."""
    ws, bs = np.array(model["select"]["w"]), model["select"]["b"]
    wc, bc = np.array(model["confidence"]["w"]), model["confidence"]["b"]
    out = []
    for d in data:
        if not d["rows"]:
            continue
        ranked = sorted(d["rows"], key=lambda r: -(np.dot(ws, r[0]) + bs))
        l0 = np.dot(ws, ranked[0][0]) + bs
        margin = l0 - (np.dot(ws, ranked[1][0]) + bs) if len(ranked) > 1 else 1.0
        conf = float(1 / (1 + np.exp(-(np.dot(wc, list(ranked[0][0]) + [margin]) + bc))))
        out.append((d["variant"], conf, ranked[0][1], ranked[0][2]))
    return out


def measure(model, data):
    """evidence@1 and first-sentence F1 on answerable questions; at the confidence that abstains on
    5% of them, the share of each kind of unanswerable question abstained on."""
    got = predict(model, data)
    ans = [g for g in got if g[0] == "answerable"]
    threshold = float(np.quantile([g[1] for g in ans], 0.05))
    out = {"evidence@1": round(float(np.mean([g[2] for g in ans])), 3),
           "f1_top": round(float(np.mean([g[3] for g in ans])), 3), "threshold_5%": round(threshold, 3)}
    for variant in sorted({g[0] for g in got} - {"answerable"}):
        values = [g[1] for g in got if g[0] == variant]
        out[f"abstained ({variant})"] = round(float(np.mean(np.array(values) < threshold)), 3)
    return out


def rule_threshold(got: list[tuple[str, float, float, float]], most: float = 0.05) -> float:
    """The rule for the abstention threshold: the highest on a 0.005 grid that abstains on at most
    ``most`` of the answerable questions (here on XQuAD; the shipped ``QA_ABSTAIN_BELOW`` applies
    the same rule to the news sets, ``tools/abstain_threshold.py``)."""
    ans = np.array([g[1] for g in got if g[0] == "answerable"])
    grid = [round(0.005 * i, 3) for i in range(201)]
    return max(t for t in grid if (ans < t).mean() <= most)


def curve(got: list[tuple[str, float, float, float]], chosen: float | None = None) -> str:
    """The abstention trade-off as a Markdown table: per threshold, the answerable questions still
    answered and their F1, and the unanswerable ones abstained on; the ``chosen`` row in bold."""
    variants = sorted({g[0] for g in got} - {"answerable"})
    lines = ["| threshold | answerable answered | F1 of answered | evidence@1 of answered | "
             + " | ".join(f"abstained: {v}" for v in variants) + " |",
             "|---" * (4 + len(variants)) + "|"]
    ans = [g for g in got if g[0] == "answerable"]
    grid = {0.0, 0.03, 0.05, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12, 0.13, 0.15, 0.20, 0.30, 0.50}
    for t in sorted(grid | ({chosen} if chosen is not None else set())):
        kept = [g for g in ans if g[1] >= t]
        cells = [f"**{t:g}**" if t == chosen else f"{t:.2f}", f"{len(kept) / len(ans):.1%}",
                 f"{np.mean([g[3] for g in kept]):.3f}" if kept else "-",
                 f"{np.mean([g[2] for g in kept]):.3f}" if kept else "-"]
        for v in variants:
            cells.append(f"{np.mean([g[1] < t for g in got if g[0] == v]):.1%}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    args, sets = setup(WEIGHTS)
    data = with_compared(cached(args.cache, lambda: collect_all(sets)))
    sources = sorted({d["source"] for d in data})
    half = set(sources[::2])
    a = [d for d in data if d["source"] in half]
    b = [d for d in data if d["source"] not in half]
    model_a, model_b = train(a), train(b)
    print("held-out half (fitted on the other):", measure(model_a, b))
    print("held-out half (the other way):      ", measure(model_b, a))
    held_out = predict(model_a, b) + predict(model_b, a)
    chosen = rule_threshold(held_out)
    false_abstention = np.mean([g[1] < chosen for g in held_out if g[0] == "answerable"])
    print(f"threshold by the rule (highest with at most 5% of answerable questions abstained on, "
          f"held out): {chosen:g} ({false_abstention:.2%})")
    print("abstention trade-off, each half scored by the model fitted on the other:")
    print(curve(held_out, chosen))
    model = train(data)
    print("all (in-sample):                    ", measure(model, data))
    trained_on, command = described(args, "train_ranker.py")
    model.update(
        features=list(FEATURES), confidence_features=list(CONF_FEATURES),
        trained_on=trained_on + "; each question also asked with its own article filtered out and "
                                "with the sentences stating its answer left out",
        command=command,
    )
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
