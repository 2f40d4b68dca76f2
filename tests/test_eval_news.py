"""The sixty-two invented news sets (tests/data/news), each in its own index, with the real model: scraped
pages whose chrome and "Related" blocks sit between paragraphs, and paraphrased questions."""

from __future__ import annotations

import pytest

import qa
from qa.evaluate import evaluate, load_questions
from qa.pipeline import Engine

from .conftest import REPO

NEWS = REPO / "tests" / "data" / "news"
SETS = tuple("abcdefghijklmnopqrstuvwxyz") + ("aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al",
                                               "am", "an", "ao", "ap", "aq", "ar", "as", "at", "au", "av", "aw", "ax",
                                               "ay", "az", "ba", "bb", "bc", "bd", "be", "bf", "bg", "bh", "bi", "bj")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory):
    out = {}
    for name in SETS:
        corpus = NEWS / name / "corpus"
        settings = qa.Settings().with_(corpus=corpus, store=tmp_path_factory.mktemp(f"news-{name}"))
        qa.ingest(settings=settings, progress=False)
        engine = Engine(settings)
        out[name] = evaluate(load_questions(NEWS / name / "questions.jsonl"),
                             lambda q, h, e=engine: e.answer(q, h).to_dict(), corpus_dir=corpus)
    return out


def test_every_citation_is_verbatim(reports) -> None:
    assert all(r.overall["verbatim_failures"] == 0 for r in reports.values())


@pytest.mark.parametrize("name", SETS)
def test_no_set_loses_its_articles(reports, name: str) -> None:
    # evidence@1 0.676-0.941 per set at the last change (0.721-0.794 for the blind be-bj); before
    # the seventh session's boilerplate fixes a "Related" list between paragraphs hid the rest of
    # the story: set a 0.588, d 0.485
    assert reports[name].overall["evidence_at_1"] >= 0.65


def test_pooled_figures(reports) -> None:
    rows = [r for rep in reports.values() for r in rep.rows if r["answerable"]]
    ev1 = sum(r["evidence_at_1"] for r in rows) / len(rows)
    f1 = sum(r["f1"] for r in rows) / len(rows)
    em = sum(r["em"] for r in rows) / len(rows)
    # 0.822, 0.715 and 0.654 over the 4216 answerable questions of a-bj at the last change (a-t:
    # F1 0.622 and EM 0.547 before the models were also fitted on news sets, 0.667 and 0.590 at the
    # start of the tenth session; a-z 0.681 and 0.606 at the start of the eleventh; the blind
    # ay-bd 0.826, 0.672 and 0.608; the blind be-bj 0.757, 0.647 and 0.600)
    assert ev1 >= 0.80 and f1 >= 0.68 and em >= 0.60


def test_abstention_on_news_questions(reports) -> None:
    """The default threshold was chosen on sets a-j to abstain on at most 5% of answerable
    questions (tools/abstain_threshold.py)."""
    rows = [r for rep in reports.values() for r in rep.rows]
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    # 4.5% and 34% (250 of 744) at the last change
    assert sum(r["abstained"] for r in answerable) / len(answerable) <= 0.07
    assert sum(r["abstained"] for r in unanswerable) / len(unanswerable) >= 0.2
