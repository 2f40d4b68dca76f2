"""Questions typed casually: in lower case, without a question mark, without a question word."""

from __future__ import annotations

from pathlib import Path

import pytest

import qa
from qa.casing import truecase, typed_lower
from qa.extract import analyze, as_asked
from qa.pipeline import Engine

from .test_pipeline import check_contract, indexed

PAGE = (
    "Ravensworth House Museum reopens\n\n"
    "Ravensworth House Museum reopened on Monday after a two-year restoration. The museum is run by "
    "Henrietta Cázares, who said the museum would stay open late in May. Visitors may book online.\n\n"
    "The Liberal Democratic Party backed the plan. Its leader, Clémence Arnaud-Holt, praised the "
    "Liberal Democratic Party's councillors. The party has 12 seats. The town of Dunmarra has a "
    "population of 4,300. The CEO of the trust, Ian Roe, is 58.\n"
)


@pytest.fixture
def engine(tmp_path: Path, fake) -> Engine:
    _, store = indexed(tmp_path, fake, {"museum.txt": PAGE})
    e = Engine(qa.Settings().with_(store=store), fake)
    e.load()
    return e


@pytest.mark.parametrize(
    "typed, read",
    [
        # names as the articles write them, accents included; the first letter made a capital
        ("who runs ravensworth house museum", "Who runs Ravensworth House Museum?"),
        ("who runs ravensworth house museum?", "Who runs Ravensworth House Museum?"),
        ("what did cazares say", "What did Cázares say?"),
        # "party" is mostly lower case, but after "democratic" the articles write "Party"
        ("who leads the liberal democratic party", "Who leads the Liberal Democratic Party?"),
        # words the articles write in lower case (or use as a month only once) stay so
        ("what may visitors do", "What may visitors do?"),
        ("how old is the ceo of the trust", "How old is the CEO of the trust?"),
        # words the articles never use are left as typed
        ("who is zorblax", "Who is zorblax?"),
        # a chat box's short words, spelled out
        ("storage temp for the vaccine", "Storage temperature for the vaccine?"),
        ("max fine for breaking the ban", "Maximum fine for breaking the ban?"),
    ],
)
def test_a_question_typed_in_lower_case_takes_the_articles_capitals(engine: Engine, typed: str, read: str) -> None:
    assert engine.lexical is not None and engine.snap is not None
    assert truecase(typed, engine.lexical, engine.snap.sentences) == read


def test_a_question_with_capitals_is_left_as_typed_but_asked(engine: Engine) -> None:
    assert engine.lexical is not None and engine.snap is not None
    # one capital after the first letter: the person chose the case, only the question mark is added
    assert truecase("who runs Ravensworth house museum", engine.lexical, engine.snap.sentences) \
        == "who runs Ravensworth house museum?"
    assert truecase("Who is she.", engine.lexical, engine.snap.sentences) == "Who is she."
    assert typed_lower("Who runs it?") and not typed_lower("Who runs IT?")


@pytest.mark.parametrize(
    "typed, asked, kind",
    [
        ("Population of Dunmarra?", "What is the population of Dunmarra?", "number"),
        ("Mihály Farkas age?", "What is the age of Mihály Farkas?", "number"),
        ("Estrella del Norte's captain", "What is the captain of Estrella del Norte?", "person"),
        ("Year the Estrella del Norte was built?", "What is the year the Estrella del Norte was built?", "date"),
        ("And his age?", "What is his age?", "number"),
        # things counted somewhere or at some time: how many
        ("Visitors to San Telmo in 2024", "How many visitors to San Telmo in 2024?", "number"),
        ("deaths in the outbreak?", "How many deaths in the outbreak?", "number"),
        ("Results of the vote?", "What is the results of the vote?", "thing"),
        ("News from Oslo", "What is the news from Oslo", "thing"),
        # a question word, a yes/no question or a command: as typed
        ("Who runs it?", "Who runs it?", "person"),
        ("Is it open?", "Is it open?", "thing"),
        ("Name the party that backed the plan", "Name the party that backed the plan", "thing"),
    ],
)
def test_a_question_without_a_question_word_is_read_as_the_question_it_stands_for(typed: str, asked: str, kind: str) -> None:
    assert as_asked(typed) == asked
    assert analyze(typed).kind == kind


def test_an_age_asked_as_a_noun_is_an_age() -> None:
    assert analyze("What is the age of Ian Roe?").age
    assert analyze("Mihály Farkas age?").age


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("who runs ravensworth house museum", "Henrietta Cázares"),
        ("population of dunmarra", "4,300"),
        ("ian roe age", "58"),
    ],
)
def test_casual_questions_are_answered_like_careful_ones(engine: Engine, tmp_path: Path, fake, typed: str, expected: str) -> None:
    ans = engine.answer(typed)
    assert ans.question == typed  # echoed as typed
    assert not ans.abstained and ans.answer == expected
    corpus = tmp_path / "c"
    check_contract(ans, corpus)
