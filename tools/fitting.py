"""Small, deterministic fitting routines and the command line shared by the training tools."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Callable

import numpy as np


def setup(out_default: Path) -> tuple[argparse.Namespace, Any]:
    """Parse the common options, ingest the corpus into the store, return (args, engine)."""
    import qa
    from qa.pipeline import Engine

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--questions", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--out", default=str(out_default))
    ap.add_argument("--cache", help="keep the collected rows here (re-fitting skips collection)")
    args = ap.parse_args()
    settings = qa.Settings().with_(corpus=args.corpus, store=args.store)
    qa.ingest(settings=settings, progress=False)
    return args, Engine(settings)


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
