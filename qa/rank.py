"""Which sentence answers, and how sure we are: two small logistic models over generic signals.

The signals are retrieval scores and span scores (no words, no names). The weights are fitted by
``tools/train_ranker.py`` on the XQuAD English development set (CC BY-SA 4.0, see
``qa/data/ATTRIBUTION.md``) and stored in ``qa/data/ranker.json``; the defaults below are the
hand-set starting point used when no fitted file is present.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from .extract import Choice
    from .retrieve import Candidate

WEIGHTS = Path(__file__).resolve().parent / "data" / "ranker.json"

OWN_FEATURES = (
    "dense", "lexical", "passage", "coverage", "context_coverage", "history",
    "fit", "type_fit", "near", "align", "no_span", "retrieval", "article_coverage",
    "corpus_coverage", "passage_dense", "soft_coverage", "span_margin", "resolved_coverage",
)
# the main signals of a sentence against the best of the sentences read for the same question
# (value minus that best): a pick that trails on several is weaker, and so is a question that no
# sentence answers clearly on every count
COMPARED = ("dense", "lexical", "coverage", "resolved_coverage", "soft_coverage", "passage_dense",
            "fit", "type_fit", "near", "align", "span_margin")
FEATURES = OWN_FEATURES + tuple(f"{name}_behind" for name in COMPARED)
_COMPARED_AT = [OWN_FEATURES.index(name) for name in COMPARED]
CONF_FEATURES = FEATURES + ("margin",)

# the hand-set starting point: select in retrieval order; be confident when the question is
# covered densely and lexically and a fitting span was found
_HAND_SET = {"dense": 3.0, "coverage": 3.5, "context_coverage": 1.5, "fit": 1.5, "no_span": -3.0}
_DEFAULT = {
    "select": {"w": [float(f == "retrieval") for f in FEATURES], "b": 0.0},
    "confidence": {"w": [_HAND_SET.get(f, 0.0) for f in CONF_FEATURES], "b": -5.0},
}


def features(c: "Candidate", choice: "Choice | None") -> list[float]:
    """The sentence's own signals (OWN_FEATURES); ``compared`` adds the rest."""
    return [
        c.dense, c.lexical, c.passage, c.coverage, c.context_coverage, c.history,
        choice.fit if choice else 0.0,
        choice.type_fit if choice else 0.0,
        choice.near if choice else 0.0,
        choice.align if choice else 0.0,
        0.0 if choice else 1.0,
        c.score,
        c.article_coverage,
        c.corpus_coverage,
        c.passage_dense,
        c.soft_coverage,
        choice.margin if choice else 0.0,
        c.resolved_coverage,
    ]


def compared(rows: list[list[float]], read: int) -> list[list[float]]:
    """Each row of ``features`` extended with its compared signals minus the best of the first
    ``read`` rows (the sentences read for the question) to give the full FEATURES."""
    best = [max((r[i] for r in rows[:read]), default=0.0) for i in _COMPARED_AT]
    return [r + [r[i] - b for i, b in zip(_COMPARED_AT, best)] for r in rows]


@lru_cache(maxsize=1)
def weights() -> dict:
    try:
        data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _DEFAULT
    if tuple(data.get("features", ())) != FEATURES:
        return _DEFAULT  # fitted for another feature set: the hand-set order rather than nonsense
    return data


def _dot(w: Sequence[float], x: Sequence[float]) -> float:
    return sum(a * b for a, b in zip(w, x))


def select_score(f: Sequence[float]) -> float:
    """A logit: higher means this sentence (with its best span) more likely holds the answer."""
    m = weights()["select"]
    return _dot(m["w"], f) + m["b"]


def confidence(f: Sequence[float], margin: float) -> float:
    """Probability that the chosen span is right, in [0, 1]."""
    m = weights()["confidence"]
    x = _dot(m["w"], list(f) + [margin]) + m["b"]
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))
