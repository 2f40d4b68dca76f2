#!/usr/bin/env python3
"""Train the averaged-perceptron POS tagger shipped as ``qa/data/pos_tagger.json.gz``.

Data: UD English EWT dev + test (CC BY-SA 4.0), looked for in
``<repo>/../shared/data/ud-english-ewt`` unless ``--data`` is given.

Split (fixed, no randomness): training = all of ``en_ewt-ud-dev.conllu`` plus the
first 80% of the sentences of ``en_ewt-ud-test.conllu``; held out = the last 20%
of the test file's sentences.  The script prints the held-out UPOS accuracy of
the exact weights it writes (after pruning and float16 quantisation, scored by
the runtime code in ``qa.tagger``).

By default the shipped weights are the ones trained on the training split only,
so the held-out number describes them exactly and ``tests/test_tagger.py`` can
check it.  ``--all`` instead retrains on everything (train + held-out) with the
same settings after measuring, and writes those weights; the printed held-out
number is then only an estimate for them.

Pure Python + numpy; deterministic (fixed seed for the per-iteration shuffle).

    .venv/bin/python tools/train_tagger.py            # train, measure, write
    .venv/bin/python tools/train_tagger.py --all      # ... then retrain on all data
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qa import tagger as T

DEFAULT_DATA = REPO.parent / "shared" / "data" / "ud-english-ewt"
DEFAULT_OUT = REPO / "qa" / "data" / "pos_tagger.json.gz"
SOURCE = {
    "name": "UD English EWT",
    "url": "https://github.com/UniversalDependencies/UD_English-EWT",
    "commit": "15d613d8447b3478787d4c278730a1e48a945efb",
    "files": ["en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"],
    "license": "CC BY-SA 4.0",
    "copyright": "(c) 2013-2021 The Board of Trustees of The Leland Stanford Junior University",
}

Sentence = list[tuple[str, str]]  # (form, UPOS)


def read_conllu(path: Path) -> list[Sentence]:
    """Sentences of (FORM, UPOS); multiword-token lines and empty nodes are skipped."""
    sents: list[Sentence] = []
    cur: Sentence = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            cur.append((cols[1], cols[3]))
    if cur:
        sents.append(cur)
    return sents


def split_data(data_dir: Path) -> tuple[list[Sentence], list[Sentence]]:
    dev = read_conllu(data_dir / "en_ewt-ud-dev.conllu")
    test = read_conllu(data_dir / "en_ewt-ud-test.conllu")
    cut = int(len(test) * 0.8)
    return dev + test[:cut], test[cut:]


def make_tagdict(sents: list[Sentence], min_freq: int, min_ratio: float) -> dict[str, str]:
    """Frequent, (almost) unambiguous words get a fixed tag (Honnibal's trick)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for sent in sents:
        for word, upos in sent:
            counts[T.normalize(word)][upos] += 1
    out = {}
    for word, c in counts.items():
        upos, k = c.most_common(1)[0]
        total = sum(c.values())
        if total >= min_freq and k / total >= min_ratio:
            out[word] = upos
    return out


class Perceptron:
    """Averaged perceptron with lazy averaging (as in Honnibal's 200-line tagger)."""

    def __init__(self, tags: list[str]) -> None:
        self.tags = tags
        self.weights: dict[str, dict[str, float]] = {}
        self._totals: dict[tuple[str, str], float] = defaultdict(float)
        self._tstamps: dict[tuple[str, str], int] = defaultdict(int)
        self.i = 0

    def predict(self, feats) -> str:
        scores = dict.fromkeys(self.tags, 0.0)
        weights = self.weights
        for f in feats:
            w = weights.get(f)
            if w:
                for t, v in w.items():
                    scores[t] += v
        # ties broken by tag order, like numpy's argmax at runtime
        return max(self.tags, key=scores.__getitem__)

    def update(self, truth: str, guess: str, feats) -> None:
        self.i += 1
        if truth == guess:
            return
        for f in feats:
            w = self.weights.setdefault(f, {})
            for t, delta in ((truth, 1.0), (guess, -1.0)):
                key = (f, t)
                v = w.get(t, 0.0)
                self._totals[key] += (self.i - self._tstamps[key]) * v
                self._tstamps[key] = self.i
                w[t] = v + delta

    def averaged(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for f, w in self.weights.items():
            avg = {}
            for t, v in w.items():
                key = (f, t)
                total = self._totals[key] + (self.i - self._tstamps[key]) * v
                a = total / self.i
                if a:
                    avg[t] = a
            if avg:
                out[f] = avg
        return out


def train(
    sents: list[Sentence], tagdict: dict[str, str], iterations: int, seed: int, log=print
) -> dict[str, dict[str, float]]:
    model = Perceptron(list(T.UPOS_TAGS))
    prepared = []
    for sent in sents:
        norm = [T.normalize(w) for w, _ in sent]
        prepared.append(
            (norm, [T._lex(w) for w in norm], T.word_features(norm), [t for _, t in sent])
        )
    rng = random.Random(seed)
    order = list(range(len(prepared)))
    for it in range(iterations):
        rng.shuffle(order)
        correct = total = 0
        for k in order:
            norm, lex, wfeats, gold = prepared[k]
            p1, p2 = T.START, T.START2
            for i in range(len(norm)):
                guess = tagdict.get(norm[i])
                if guess is None:
                    feats = wfeats[i] + list(T.context_features(p1, p2, lex[i]))
                    guess = model.predict(feats)
                    model.update(gold[i], guess, feats)
                correct += guess == gold[i]
                total += 1
                p2, p1 = p1, guess
        log(f"  iteration {it + 1}/{iterations}: training accuracy {correct / total:.4f}")
    return model.averaged()


def export(
    weights: dict[str, dict[str, float]], tagdict: dict[str, str], prune: float, extra: dict
) -> dict:
    """The model file's JSON: dense float16 rows for features with a weight >= prune."""
    tags = list(T.UPOS_TAGS)
    col = {t: k for k, t in enumerate(tags)}
    feats = sorted(f for f, w in weights.items() if max(abs(v) for v in w.values()) >= prune)
    mat = np.zeros((len(feats), len(tags)), dtype=np.float32)
    for r, f in enumerate(feats):
        for t, v in weights[f].items():
            if abs(v) >= prune:
                mat[r, col[t]] = v
    mat16 = mat.astype("<f2")
    return {
        "format": T.MODEL_FORMAT,
        "tags": tags,
        "features": feats,
        "dtype": "<f2",
        "weights": base64.b64encode(mat16.tobytes()).decode("ascii"),
        "tagdict": dict(sorted(tagdict.items())),
        **extra,
    }


def accuracy(model, sents: list[Sentence]) -> tuple[float, int]:
    correct = total = 0
    for sent in sents:
        pred = model.tag([w for w, _ in sent])
        correct += sum(p == g for p, (_, g) in zip(pred, sent))
        total += len(sent)
    return correct / total, total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument(
        "--prune",
        type=float,
        default=0.01,
        help="drop averaged weights smaller than this in absolute value",
    )
    ap.add_argument("--tagdict-min-freq", type=int, default=20)
    ap.add_argument("--tagdict-min-ratio", type=float, default=0.99)
    ap.add_argument(
        "--all",
        action="store_true",
        help="after measuring, retrain on train + held-out and ship those weights",
    )
    ap.add_argument("--no-write", action="store_true", help="measure only")
    args = ap.parse_args(argv)

    train_sents, held = split_data(args.data)
    n_train = sum(map(len, train_sents))
    n_held = sum(map(len, held))
    print(
        f"training: {len(train_sents)} sentences / {n_train} words "
        f"(dev + first 80% of test); held out: {len(held)} sentences / {n_held} words "
        f"(last 20% of test)"
    )

    t0 = time.perf_counter()
    tagdict = make_tagdict(train_sents, args.tagdict_min_freq, args.tagdict_min_ratio)
    weights = train(train_sents, tagdict, args.iterations, args.seed)
    print(
        f"trained in {time.perf_counter() - t0:.1f}s; {len(weights)} features, "
        f"{len(tagdict)} tag-dictionary words"
    )

    unpruned = T._Model(export(weights, tagdict, 0.0, {}))
    acc_full, _ = accuracy(unpruned, held)
    print(f"held-out UPOS accuracy, unpruned float16 weights: {acc_full:.4f}")
    data = export(weights, tagdict, args.prune, {})
    model = T._Model(data)
    acc, n = accuracy(model, held)
    print(
        f"held-out UPOS accuracy, pruned (|w| >= {args.prune}) float16 weights: "
        f"{acc:.4f} on {n} words; {len(data['features'])} features kept"
    )

    settings = {
        "iterations": args.iterations,
        "seed": args.seed,
        "prune": args.prune,
        "tagdict_min_freq": args.tagdict_min_freq,
        "tagdict_min_ratio": args.tagdict_min_ratio,
    }
    meta = {
        "source": SOURCE,
        "weights_license": "CC BY-SA 4.0",
        "training": settings,
        "heldout": {
            "split": "last 20% of en_ewt-ud-test.conllu sentences",
            "words": n,
            "upos_accuracy": round(acc, 4),
        },
    }
    if args.all:
        everything = train_sents + held
        print(f"retraining on everything: {len(everything)} sentences / {n_train + n_held} words")
        tagdict = make_tagdict(everything, args.tagdict_min_freq, args.tagdict_min_ratio)
        weights = train(everything, tagdict, args.iterations, args.seed)
        meta["trained_on"] = (
            "dev + all of test (held-out accuracy above measured before retraining)"
        )
    else:
        meta["trained_on"] = "dev + first 80% of test (the held-out part was not used)"
    data = export(weights, tagdict, args.prune, meta)

    if args.no_write:
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 and no file name keep the file byte-for-byte reproducible
    with (
        open(args.out, "wb") as fh,
        gzip.GzipFile(filename="", mode="wb", fileobj=fh, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(raw)
    size = args.out.stat().st_size
    t0 = time.perf_counter()
    loaded = T.load_model(args.out)
    load_s = time.perf_counter() - t0
    acc2, _ = accuracy(loaded, held)
    print(
        f"wrote {args.out} ({size / 1e6:.2f} MB, {len(data['features'])} features); "
        f"reloaded in {load_s:.3f}s; held-out accuracy of written weights: {acc2:.4f}"
        + (" (trained on it: not a held-out number)" if args.all else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
