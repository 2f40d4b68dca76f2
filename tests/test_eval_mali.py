"""The evaluation over the default corpus, with the real model: the numbers the README quotes."""

from __future__ import annotations


import pytest

import qa
from qa.evaluate import evaluate, format_table, load_questions, trade_off
from qa.pipeline import Engine

from .conftest import REPO

QUESTIONS = REPO / "tests" / "data" / "mali_questions.jsonl"
CORPUS = REPO / "corpus"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    store = tmp_path_factory.mktemp("mali-store")
    settings = qa.Settings().with_(corpus=CORPUS, store=store)
    qa.ingest(settings=settings, progress=False)
    engine = Engine(settings)
    result = evaluate(
        load_questions(QUESTIONS),
        lambda q, h: engine.answer(q, h).to_dict(),
        corpus_dir=CORPUS,
    )
    print(format_table(result))
    return result


def test_every_citation_is_verbatim(report) -> None:  # noqa: ANN001
    assert report.overall["verbatim_failures"] == 0


# Floors just under the figures measured at the last change (README "Evaluation results"); the
# targets in the issues are higher (evidence@1 0.95, F1 0.85, EM 0.75, abstention 0.80/0.05) and
# not reached yet: these floors stop regressions while the answerer improves.


def test_gold_sentence_first(report) -> None:  # noqa: ANN001
    # the foundation issue's bar: the gold sentence first for at least 90% of answerable questions
    # (62 of 68 at the last change, 0.912)
    assert report.overall["evidence_at_1"] >= 0.90


def test_short_answers(report) -> None:  # noqa: ANN001
    # 0.714 / 0.662 at the last change (0.717 / 0.662, 0.722 / 0.647, 0.707 / 0.632 and 0.715 / 0.647 before);
    # refits move a question across the threshold either way ("What preceded the military coup
    # that toppled Keïta?" has scored 0.192, 0.1453 and back above it), so the floors sit a
    # question or so under the figures
    assert report.overall["f1"] >= 0.70
    assert report.overall["em"] >= 0.63


def test_abstention(report) -> None:  # noqa: ANN001
    assert report.overall["abstention_recall"] >= 0.6
    # 7 of 68 at the last change (6, 7 and 8 in earlier refits): two of them are questions whose first
    # sentence is the wrong one (their answer would have been wrong)
    assert report.overall["false_abstention_rate"] <= 0.105
    answered = trade_off(report)[0]  # threshold 0: the answers as given at the default threshold
    # 0.800 at the last change (0.792, 0.788, 0.784, 0.772 and 0.776 in earlier refits)
    assert answered["f1"] >= 0.775


def test_follow_ups_use_history(report) -> None:  # noqa: ANN001
    follow = [r for r in report.rows if r["has_history"] and r["answerable"]]
    assert len(follow) >= 3
    assert sum(r["evidence_at_1"] for r in follow) / len(follow) >= 0.6
