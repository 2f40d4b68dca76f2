"""The sentence-selection and confidence models' inputs: own signals, then the compared ones."""

from __future__ import annotations

import pytest

from qa.rank import COMPARED, FEATURES, OWN_FEATURES, compared, confidence, weights


def row(**values: float) -> list[float]:
    return [values.get(name, 0.0) for name in OWN_FEATURES]


def test_each_sentence_is_compared_with_the_best_sentence_read() -> None:
    rows = compared([row(dense=0.6, fit=1.0), row(dense=0.4, fit=0.5), row(dense=0.9)], read=2)
    assert all(len(r) == len(FEATURES) for r in rows)
    at = {name: FEATURES.index(f"{name}_behind") for name in ("dense", "fit")}
    assert [r[at["dense"]] for r in rows] == pytest.approx([0.0, -0.2, 0.3])  # the third was not read
    assert [r[at["fit"]] for r in rows] == pytest.approx([0.0, -0.5, -1.0])
    assert rows[0][:len(OWN_FEATURES)] == row(dense=0.6, fit=1.0)  # its own signals unchanged


def test_no_rows_and_no_read_rows() -> None:
    assert compared([], read=8) == []
    (r,) = compared([row(dense=0.5)], read=0)  # nothing read: compared with 0
    assert r[FEATURES.index("dense_behind")] == pytest.approx(0.5)


def test_the_shipped_weights_fit_the_features() -> None:
    w = weights()
    assert w["features"] == list(FEATURES) and len(w["select"]["w"]) == len(FEATURES)
    assert len(w["confidence"]["w"]) == len(FEATURES) + 1  # and the lead over the second sentence
    assert set(COMPARED) <= set(OWN_FEATURES)
    f = compared([row(dense=0.6, coverage=1.0, fit=1.0, type_fit=1.0)], read=1)[0]
    assert 0.0 <= confidence(f, 1.0) <= 1.0


def test_the_default_threshold_rule() -> None:
    """tools/train_ranker.py's rule for QA_ABSTAIN_BELOW: the highest threshold on a 0.005 grid
    that abstains on at most 5% of the answerable questions."""
    from tools.train_ranker import rule_threshold

    five = [("answerable", 0.1, 1.0, 1.0)] * 5 + [("answerable", 0.5, 1.0, 1.0)] * 95
    assert rule_threshold(five + [("fact removed", 0.0, 0.0, 0.0)]) == 0.5
    six = [("answerable", 0.1, 1.0, 1.0)] * 6 + [("answerable", 0.5, 1.0, 1.0)] * 94
    assert rule_threshold(six) == 0.1


def test_the_news_threshold_rule() -> None:
    """tools/abstain_threshold.py, which chose the shipped QA_ABSTAIN_BELOW: the same rule on
    (answerable, confidence, F1) rows, a question without a span (-1) abstained on at any threshold."""
    from tools.abstain_threshold import curve

    five = [(True, 0.02, 0.0)] * 4 + [(True, -1.0, 0.0)] + [(True, 0.2, 1.0)] * 95 + [(False, 0.01, 0.0)]
    table, chosen = curve(five)
    assert chosen == 0.2 and "| **0.200** | 5.0% | 0.950 | 100.0% |" in table
    assert "| 0.150 | 5.0% | 0.950 | 100.0% |" in table  # the other rows plain
    _, chosen = curve([(True, 0.02, 0.0)] * 5 + [(True, -1.0, 0.0)] + [(True, 0.2, 1.0)] * 94)
    assert chosen == 0.02
