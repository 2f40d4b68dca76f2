"""Small, deterministic fitting routines shared by the training tools (numpy only)."""

from __future__ import annotations

import numpy as np


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, lr: float = 0.5):
    """Pointwise logistic regression (standardised batch gradient descent from zeros).
    Returns weights and bias on the raw features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = p - y
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
