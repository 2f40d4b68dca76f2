"""Small, deterministic fitting routines and the command line shared by the training tools."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable, NamedTuple

import numpy as np


class QuestionSet(NamedTuple):
    """One question set with its own index: ``name`` qualifies its article names, ``weight`` is
    how many times its questions count in a fit."""

    name: str
    engine: Any
    questions: list[dict]
    weight: int

    @property
    def answerable(self) -> list[dict]:
        return [q for q in self.questions if not q["unanswerable"]]


def indexed(corpus: Path, store: Path) -> Any:
    """An Engine over ``corpus``, indexed (or brought up to date) in ``store``."""
    import qa
    from qa.pipeline import Engine

    settings = qa.Settings().with_(corpus=str(corpus), store=str(store))
    qa.ingest(settings=settings, progress=False)
    return Engine(settings)


def setup(out_default: Path) -> tuple[argparse.Namespace, list[QuestionSet]]:
    """Parse the common options, ingest each question set's corpus into its own store, return
    (args, sets): the main set (--corpus/--questions) first, then each --extra folder (holding
    ``corpus/`` and ``questions.jsonl``), indexed in a folder of its own under --store, its
    questions counted --extra-weight times and its article names qualified by the folder's name
    (so the tools' held-out halves split every set's articles)."""
    from qa.evaluate import load_questions

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--questions", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--extra", nargs="*", default=[], metavar="DIR",
                    help="more question sets, each a folder with corpus/ and questions.jsonl")
    ap.add_argument("--extra-weight", type=int, default=2,
                    help="how many times each extra set's question counts (default 2)")
    ap.add_argument("--out", default=str(out_default))
    ap.add_argument("--cache", help="keep the collected rows here (re-fitting skips collection)")
    args = ap.parse_args()
    folders = [("", Path(args.corpus), Path(args.questions), Path(args.store), 1)]
    for i, extra in enumerate(args.extra):
        d = Path(extra)
        folders.append((f"{d.name}/", d / "corpus", d / "questions.jsonl",
                        Path(args.store) / f"extra-{i}-{d.name}", args.extra_weight))
    sets = [QuestionSet(name, indexed(corpus, store), load_questions(str(questions)), weight)
            for name, corpus, questions, store, weight in folders]
    return args, sets


def described(args: argparse.Namespace, script: str) -> tuple[str, str]:
    """What a fit was trained on and the command that made it, for the weights file."""
    trained_on = "XQuAD English (deepmind/xquad, xquad.en.json), CC BY-SA 4.0"
    command = (f"python tools/{script} --corpus ../shared/devsets/xquad-en/corpus "
               "--questions ../shared/devsets/xquad-en/questions.jsonl --store <dir>")
    if args.extra:
        names = " ".join(Path(e).name for e in args.extra)
        trained_on += (f"; and the project's own invented news sets {names} (tests/data/news), "
                       f"each question counted {_times(args.extra_weight)}")
        command += " --extra " + " ".join(f"tests/data/news/{Path(e).name}" if Path(e).parent.name == "news"
                                          else e for e in args.extra)
        if args.extra_weight != 2:
            command += f" --extra-weight {args.extra_weight}"
    return trained_on, command


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def cached(path: str | None, collect: Callable[[], Any]) -> Any:
    """``collect()``, or what an earlier run kept in ``path``."""
    cache = Path(path) if path else None
    if cache and cache.exists():
        return json.loads(cache.read_text())
    data = collect()
    if cache:
        cache.write_text(json.dumps(data))
    return data


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, lr: float = 0.5,
                 sample_weight: np.ndarray | None = None):
    """Pointwise logistic regression (standardised batch gradient descent from zeros), rows
    weighted by ``sample_weight`` (default 1). Returns weights and bias on the raw features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    sw = sw / sw.mean()
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * sw
        w -= lr * (z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w / sd, b - float((w / sd) @ mu)


def fit_softmax(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = 1e-3, steps: int = 600,
                lr: float = 0.5) -> np.ndarray:
    """Conditional logit: per group (one question or sentence), a softmax over its rows, fitted
    to put the probability on the rows labelled 1 (a ranking objective). Groups with no positive
    row are skipped. Returns weights on the raw features (no bias: it cannot change a choice)."""
    groups = [(x, y) for x, y in groups if y.any()]
    x_all = np.concatenate([x for x, _ in groups])
    mu, sd = x_all.mean(0), x_all.std(0) + 1e-9
    xs = [(x - mu) / sd for x, _ in groups]
    ys = [y for _, y in groups]
    w = np.zeros(x_all.shape[1])
    for _ in range(steps):
        grad = np.zeros_like(w)
        for x, y in zip(xs, ys):
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            q = p * y
            q /= q.sum()
            grad += x.T @ (p - q)
        w -= lr * (grad / len(xs) + l2 * w)
    return w / sd
