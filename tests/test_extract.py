"""The span reader on single sentences: question kinds, candidate spans, type fit."""

from __future__ import annotations

import pytest

from qa.extract import (
    SPAN_FEATURES,
    analyze,
    as_asked,
    candidate_spans,
    choose_span,
    second_look,
    span_candidates,
)


def answer_of(question: str, text: str) -> str | None:
    """The span ``choose_span`` picks in ``text`` for ``question``, or None."""
    choice = choose_span(analyze(question), text)
    return None if choice is None else text[choice.start:choice.end]


def names(text: str) -> list[str]:
    return [text[c.start:c.end] for c in candidate_spans(text)[0] if c.kind == "name"]


@pytest.mark.parametrize("question, kind", [
    ("Who founded the company?", "person"),
    ("Where did the two ministers meet?", "place"),
    ("When was the treaty signed?", "date"),
    ("On what day of the week did the meeting happen?", "date"),
    ("How many engineers does the company employ?", "number"),
    ("How long did the siege last?", "duration"),
    ("Why did the talks fail?", "reason"),
    ("Which city hosted the summit?", "place"),
    ("What did the minister announce?", "thing"),
    ("What is the capital of the province?", "place"),
    ("What was the population of the town in 1990?", "number"),
    ("What was the date of the ceremony?", "date"),
])
def test_question_kinds(question: str, kind: str) -> None:
    assert analyze(question).kind == kind


def test_names_and_the_first_word_of_a_sentence() -> None:
    assert names("Sergei Lavrov met Abdoulaye Diop in Moscow.") == ["Sergei Lavrov", "Abdoulaye Diop", "Moscow"]
    # capitalised only because it starts the sentence
    assert "One" not in names("One of the changes is the decision to leave the alliance.")
    assert "Meanwhile" not in names("Meanwhile, factions in the north have shown interest.")


def test_an_ampersand_joins_a_name() -> None:
    got = names("Shares of Procter & Gamble rose; Tesla Electric Light & Manufacturing made lamps.")
    assert "Procter & Gamble" in got and "Tesla Electric Light & Manufacturing" in got
    assert "Procter" not in got and "Gamble" not in got


def test_a_place_named_for_a_saint_or_a_founder_keeps_its_possessive() -> None:
    got = names("The fair moved from St Brannoc’s Clinic to Fuller’s Yard, behind St Enda’s in Kelby.")
    assert {"St Brannoc’s Clinic", "Fuller’s Yard", "St Enda’s"} <= set(got)
    assert "Brannoc" not in got and "St Enda" not in got
    assert "St Enda’s" not in names("St Enda’s letters were read aloud.")  # whose letters: a saint's
    assert "Kelby’s Mayor" not in names("Kelby’s Mayor Ann Tull spoke.")  # not a place's name


def test_title_words_are_cut_from_names() -> None:
    text = "Qatari Prime Minister Mohammed bin Abdulrahman al-Thani received the delegation."
    assert "Mohammed bin Abdulrahman al-Thani" in names(text)


def test_who_is_not_answered_with_a_date_or_a_describing_word() -> None:
    q = analyze("Who attended the summit?")
    text = "French officials attended the summit in June, said Paul Martin."
    fits: dict[str, float] = {}
    for c, _ in span_candidates(q, text):
        fits[text[c.start:c.end]] = max(c.type_fit, fits.get(text[c.start:c.end], 0.0))
    assert fits.get("June", 0.0) == 0.0
    assert fits.get("French", 0.0) == 0.0
    assert fits["Paul Martin"] == 1.0


def test_number_questions_take_numbers_not_dates() -> None:
    q = analyze("How many soldiers were sent?")
    text = "In February 2022, about 2,400 soldiers were sent to the region."
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end] in ("about 2,400", "about 2,400 soldiers", "2,400")
    # a number question is never answered by a month or a name: such spans are not offered
    offered = {text[c.start:c.end] for c, _ in span_candidates(q, text)}
    assert "February 2022" not in offered and "February" not in offered
    assert choose_span(q, "The soldiers left in February after the talks.") is None


@pytest.mark.parametrize("text, numbers", [
    ("There are 100–150 species, of which 27-30% are rare.", ["100–150", "27-30%"]),
    ("With 3:08 left, the score was 24-10.", ["3:08", "24-10"]),
])
def test_ranges_and_clock_times_are_one_number(text: str, numbers: list[str]) -> None:
    got = [text[c.start:c.end] for c in candidate_spans(text)[0] if c.kind == "number"]
    assert all(n in got for n in numbers)


def test_a_comma_after_a_number_is_not_part_of_it() -> None:
    """A thousands separator is followed by digits; a clause's comma is not the number's, and the
    word after it is no counted noun ("34, beat")."""
    text = "The winner, aged 34, beat 1,200 others, 4,300 in all."
    got = {text[c.start:c.end] for c in candidate_spans(text)[0] if c.kind == "number"}
    assert {"34", "1,200", "4,300"} <= got
    assert not any(g.endswith(",") or ", " in g for g in got)


@pytest.mark.parametrize("text, offered, not_offered", [
    # a range or a pair written out is one amount, with its unit or counted noun
    ("Construction comprises six to nine percent of the economy.", ["six to nine percent"], []),
    ("The town lost 30 to 50 thousand inhabitants.", ["30 to 50 thousand", "30 to 50 thousand inhabitants"], []),
    ("Bands peak at 687 and 760 nm, and settlers outnumbered them 20 to 1.", ["687 and 760 nm", "20 to 1"], []),
    # a change from one figure to another is two figures, and so is its conversion in brackets
    ("The area rose from 415,000 to 587,000 square kilometres (160,000 to 227,000 sq mi).",
     ["415,000", "587,000 square kilometres"], ["415,000 to 587,000", "160,000 to 227,000"]),
    ("Patients waiting fell by 18% to 9,450.", ["18%", "9,450"], ["18% to 9,450"]),
    # a multiplier written on the figure, and a count of times in a word
    ("Carriage fees were £30m a year, the deal $2bn; 12mm pipes.", ["£30m", "$2bn", "12mm"], ["£30", "12m"]),
    ("Polonia has won the cup twice.", ["twice"], []),
])
def test_number_ranges_are_one_amount(text: str, offered: list[str], not_offered: list[str]) -> None:
    spans, _, _ = candidate_spans(text)
    got = [text[c.start:c.end] for c in spans if c.kind == "number"]
    assert all(n in got for n in offered), got
    assert not any(n in got for n in not_offered), got
    for c in spans:  # offsets are the text's own
        assert 0 <= c.start < c.end <= len(text)


def test_where_is_not_answered_with_a_person() -> None:
    q = analyze("Where did the trade minister hold talks with Anna Berg?")
    text = "Paul Martin, Norway's trade minister, met with Anna Berg, Chile's trade minister, in Oslo, on Friday."
    offered = {text[c.start:c.end] for c, _ in span_candidates(q, text)}
    assert "Paul Martin" not in offered  # the apposition says he is a minister
    assert "Friday" not in offered  # a day, not a place
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end] == "Oslo"


def test_possessive_question_words_are_trimmed() -> None:
    q = analyze("Who is Norway's trade minister?")
    text = "Norway's trade minister Paul Martin arrived on Friday."
    assert "Norway" not in {text[c.start:c.end] for c, _ in span_candidates(q, text)}
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end] == "Paul Martin"


def test_a_name_keeps_the_common_noun_the_question_asks_for() -> None:
    q = analyze("Which airport is the busiest in the region?")
    text = "The busiest is Van Nuys Airport, north of the city."
    offered = {text[c.start:c.end] for c, _ in span_candidates(q, text)}
    assert "Van Nuys Airport" in offered and "Van Nuys" not in offered  # a name asked for: whole
    q = analyze("Whom did Goita replace in May?")  # a name the question gives is still trimmed
    text = "In May, Assimi Goita replaced Bah Ndaw."
    assert "Assimi Goita" not in {text[c.start:c.end] for c, _ in span_candidates(q, text)}


@pytest.mark.parametrize("question, text, whole, trimmed", [
    # a name is one unit: offered whole too when the question shares a word of it
    ("Which descendant of Genghis Khan sacked the city?", "In 1258 Hulagu Khan sacked the city.",
     "Hulagu Khan", "Hulagu"),
    ("What type of Lord is the Doctor?", "The Doctor is a Time Lord from Gallifrey.", "Time Lord", "Time"),
    ("Where did the museum move from Marlborough House?", "The museum moved to Somerset House in 1857.",
     "Somerset House", "Somerset"),
])
def test_a_name_the_question_shares_a_word_with_is_offered_whole(question: str, text: str, whole: str,
                                                                  trimmed: str) -> None:
    offered = {text[c.start:c.end] for c, _ in span_candidates(analyze(question), text)}
    assert {whole, trimmed} <= offered, offered


@pytest.mark.parametrize("question, text, whole", [
    # "Diop" in the question is the man asked about: his full name is no answer to where he was
    ("In which city did Diop meet the premier?", "Abdoulaye Diop met the premier in Doha on Sunday.",
     "Abdoulaye Diop"),
    ("Where did the premier meet Lavrov?", "The premier met Sergei Lavrov in Doha on Sunday.", "Sergei Lavrov"),
    # a name ending in "s" is that name, not a possessive to strip ("Ngavas" is no "Ngava")
    ("Where did the premier meet Ngavas?", "The premier met Kobena Ngavas in Doha on Sunday.", "Kobena Ngavas"),
    ("Where did Ngavas's envoy meet the premier?", "The premier met Kobena Ngavas in Doha on Sunday.",
     "Kobena Ngavas"),
])
def test_the_whole_name_of_the_one_asked_about_is_not_offered(question: str, text: str, whole: str) -> None:
    offered = {text[c.start:c.end] for c, _ in span_candidates(analyze(question), text)}
    assert whole not in offered and "Doha" in offered, offered


def test_dates_listed_are_one_date() -> None:
    q = analyze("In which months are the deputies to be elected?")
    text = "The deputies are to be elected in October and November, before the vote in February 2024."
    offered = {(text[c.start:c.end], c.kind) for c, _ in span_candidates(q, text)}
    assert ("October and November", "date") in offered, offered
    assert not any(s.startswith("November and February") for s, _ in offered)


@pytest.mark.parametrize("text, name, titled", [
    ("Mali was hurt by the comments of French PM Emmanuel Macron.", "Emmanuel Macron", "PM Emmanuel Macron"),
    ("The bill was backed by Sen. Jane Okafor on Monday.", "Jane Okafor", "Sen. Jane Okafor"),
])
def test_an_abbreviated_title_is_not_part_of_the_name(text: str, name: str, titled: str) -> None:
    names = {text[c.start:c.end] for c in candidate_spans(text)[0] if c.kind == "name"}
    assert name in names and titled not in names, names


def test_in_order_to_is_not_cut_to_order() -> None:
    q = analyze("Why is the minister looking for support?")
    text = "The minister is looking for support in order to ensure the vote does not fall apart."
    offered = {text[c.start:c.end] for c, _ in span_candidates(q, text)}
    assert "ensure the vote does not fall apart" in offered
    assert not any(s.startswith("order to") for s in offered), offered


def test_according_to_is_not_a_reason() -> None:
    q = analyze("Why did the attempt fail, according to the government?")
    text = "According to the Bamako government, the attempt failed because of the vigilance of the guards."
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end].startswith("the vigilance of the guards")


def test_the_answer_is_not_what_the_question_already_says() -> None:
    q = analyze("Who met Abdoulaye Diop in Moscow?")
    text = "Abdoulaye Diop met Sergei Lavrov in Moscow on Thursday."
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end] == "Sergei Lavrov"


def test_who_is_not_answered_with_a_place_the_index_knows() -> None:
    q = analyze("Who removed the president from power?")
    text = "Officers in Norway removed the president from power."
    q.places = frozenset({"norway"})  # as the lexical index would find it
    assert "Norway" not in {text[c.start:c.end] for c, _ in span_candidates(q, text)}


def test_the_focus_noun_is_compared_in_meaning() -> None:
    q = analyze("What military rank did the leader hold?")
    text = "The leader, an army colonel, spoke on the radio in March."
    rows = {text[c.start:c.end]: fv for c, fv in span_candidates(q, text)}
    k = SPAN_FEATURES.index("focus_sim")
    assert rows["army colonel"][k] > rows["radio"][k]


def test_the_chosen_span_reports_its_lead_over_the_next() -> None:
    q = analyze("When was the bridge opened?")
    one = choose_span(q, "The bridge was opened in March 1932.")
    two = choose_span(q, "The bridge was opened in March 1932 or in April 1931.")
    assert one is not None and two is not None
    assert 0.0 < two.margin < one.margin <= 5.0


def test_what_happened_can_be_answered_by_a_verb_phrase() -> None:
    text = "The French military presence has been expelled from the country, and the average age is falling."
    vps = [text[c.start:c.end] for c in candidate_spans(text)[0] if c.kind == "vp"]
    assert "expelled from the country" in vps and "falling" in vps
    # never for the strict kinds: a verb phrase is no person, place, date or number
    q = analyze("Who was expelled from the country?")
    assert all(c.kind != "vp" for c, _ in span_candidates(q, text))


@pytest.mark.parametrize("question, focus", [
    ("What was the result of the referendum?", "result"),
    ("What is the main reason for the delay?", "reason"),
    ("What has been the effect of the reform on prices?", "effect"),
    ("What is the Grand Canyon?", ""),
    ("Which outlet reported the story?", "outlet"),
    ("How many species of sponge have been named?", "species"),  # what is counted, not "sponge"
    ("How many more people came?", "people"),
    ("How many were killed?", ""),
    ("How much did it cost?", ""),
    # "X of Y": the head is X, unless X only says what sort of Y is meant
    ("Which descendant of the khan sacked the city?", "descendant"),
    ("What kind of chloroplasts did diatoms have?", "chloroplasts"),
])
def test_the_focus_of_what_is_the_noun_of(question: str, focus: str) -> None:
    assert analyze(question).focus == focus


def test_one_word_after_a_title_is_offered_with_the_title_too() -> None:
    found = names("Grammy winner Lady Gaga sang, while Colonel Assimi Goita watched.")
    assert "Lady Gaga" in found and "Gaga" in found
    assert "Assimi Goita" in found and "Colonel Assimi Goita" not in found
    # a title word joined by a hyphen is part of a town's name, not a title
    found = names("The ferry is back at Saint-Morvan, waiting for the next call.")
    assert "Saint-Morvan" in found and "-Morvan" not in found and "Morvan" not in found


def test_a_name_of_the_asked_kind_is_offered_whole() -> None:
    text = "The Mongols were defeated at the Battle of Bach Dang in 1288."
    assert answer_of("In what battle were the Mongols defeated?", text) == "Battle of Bach Dang"


def test_two_names_joined_by_and_may_answer_who_or_where() -> None:
    text = "France concentrated chiefly in North and West Africa, as well as Asia."
    where = [text[c.start:c.end] for c, _ in span_candidates(analyze("Where did France focus?"), text)]
    assert "North and West Africa" in where
    text = "Elections were held in October and November, and Diop, Mali and Niger signed."
    who = [text[c.start:c.end] for c, _ in span_candidates(analyze("Who won the election?"), text)]
    assert "October and November" not in who and not any("," in s for s in who)


def test_a_name_describing_a_noun_is_no_answer() -> None:
    text = "Jacksonville is the largest city by population in the U.S. state of Florida."
    offered = [text[c.start:c.end] for c, _ in span_candidates(analyze("Which city is the largest?"), text)]
    assert "Jacksonville" in offered and not any(s.startswith("U.S") and "state" not in s for s in offered)


def test_a_person_noun_as_head_asks_for_a_person() -> None:
    assert analyze("Which descendant of the khan sacked the city?").kind == "person"
    assert analyze("What actress did the translation?").kind == "person"
    assert analyze("What kind of chloroplasts did diatoms have?").kind == "thing"
    # people called by their trade, and a role after the body it serves
    assert analyze("Which epidemiologist led the investigation?").kind == "person"
    assert analyze("Which GP first noticed the cluster?").kind == "person"
    assert analyze("Which union official called the closure a blow?").kind == "person"
    assert analyze("Which checklist did the crew skip?").kind == "thing"
    assert analyze("Which company operates the airport?").kind == "thing"


def test_a_count_sits_next_to_the_word_it_counts() -> None:
    text = "In 1857 the collector donated 233 paintings to the museum, and 40 more in 1860."
    q = analyze("How many paintings did the collector give to the museum?")
    k = SPAN_FEATURES.index("focus")
    near = {text[c.start:c.end]: fv[k] for c, fv in span_candidates(q, text)}
    assert near["233"] == 1.0 and near["40"] == 0.0
    assert "1857" not in near  # "In 1857" is a year, counting nothing
    c = choose_span(q, text)
    assert c is not None and text[c.start:c.end] == "233"


@pytest.mark.parametrize("question, text, answer", [
    # "May" the month is no stop word to trim
    ("When did England declare war on France?", "Britain declared war on May 18, 1756.", "May 18, 1756"),
    # a time reckoned back from now is a date, "ago" and all
    ("When did the extinction happen?", "The extinction happened 66 million years ago.",
     "66 million years ago"),
    # "what year" asks for the year, not the day
    ("What year did the inventor die?", "The inventor died on 7 January 1943 in New York.", "1943"),
    ("When did the inventor die?", "The inventor died on 7 January 1943 in New York.", "7 January 1943"),
    # spans of years and seasons are one date
    ("When did the khan rule?", "He ruled from 1321 to 1323, when he was killed.", "1321 to 1323"),
    ("When were the attacks highest?", "The attacks were highest between 2005 and 2010.",
     "between 2005 and 2010"),
    ("When did Luther broaden his attacks?", "In the summer of 1521, Luther broadened his attacks.",
     "summer of 1521"),
    ("When did the movement begin?", "The movement began in the mid-18th century in England.",
     "mid-18th century"),
    # the times of day and of the week news writes
    ("When did Zupan concede?",
     "Zupan, who had led the polls until October, conceded defeat shortly after midnight.",
     "shortly after midnight"),
    ("When did the ballot close?", "Most members backed the deal in a ballot that closed late Wednesday.",
     "late Wednesday"),
    ("When will the plant reopen?", "The plant will reopen next weekend, the company said.", "next weekend"),
])
def test_date_answers(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


@pytest.mark.parametrize("question, text, answer", [
    # a rate, a wavelength, a temperature: a number is asked for; an age or a duration in full
    ("What is the admission rate of the college?", "The college admits 5.3% of its applicants.", "5.3%"),
    ("How much of a majority is needed?", "A censure needs a two-thirds majority of the votes.",
     "two-thirds"),
    ("What is the entry temperature of the turbine?", "The turbine's entry temperature is 565 °C.",
     "565 °C"),
    ("How old are the fossils?", "The fossils are 515 million years old.", "515 million years"),
    ("How long does it take to drill?", "Drilling takes five to ten years in these areas.",
     "five to ten years"),
    # a bound stays with its number, an approximation does not
    ("How many passengers does the network carry?", "The network carries over 37 million passengers a year.",
     "over 37 million"),
    ("How many works are in the collection?", "The collection holds about 70,000 works.", "70,000"),
])
def test_number_answers(question: str, text: str, answer: str) -> None:
    assert analyze(question).kind in ("number", "duration")
    assert answer_of(question, text) == answer


def test_a_span_holds_no_half_of_a_bracket() -> None:
    text = "The storm brought winds of 110 mph (180 km/h) to the city."
    for c, _ in span_candidates(analyze("How fast were the winds?"), text):
        span = text[c.start:c.end]
        assert span.count("(") == span.count(")"), span


def test_a_place_follows_a_preposition_of_place() -> None:
    text = "The day school, a school for students with learning disabilities, keeps its classes in Chicago."
    k = SPAN_FEATURES.index("kind_prep")
    rows = {text[c.start:c.end]: fv[k] for c, fv in span_candidates(analyze("Where is the day school located?"), text)}
    assert rows["Chicago"] == 1.0 and rows["students"] == 0.0
    assert answer_of("Where is the day school located?", text) == "Chicago"
    # the same words asked about a thing: no preposition is expected
    rows = {text[c.start:c.end]: fv[k] for c, fv in span_candidates(analyze("What does the school keep?"), text)}
    assert not any(rows.values())


def test_a_what_question_with_a_focus_noun_is_not_answered_with_a_date() -> None:
    text = "The council will hold a referendum on the new charter in March, the minister said."
    offered = [text[c.start:c.end] for c, _ in span_candidates(
        analyze("What was the result of the referendum on the charter?"), text)]
    assert offered and not any("March" in s for s in offered)
    # without a focus noun or a verb it is the object of, a date stays possible ("What will
    # happen?"); "What will the council hold?" asks for what is held, not when
    loose = [text[c.start:c.end] for c, _ in span_candidates(analyze("What will happen?"), text)]
    assert not any("March" in text[c.start:c.end] for c, _ in span_candidates(
        analyze("What will the council hold?"), text))
    assert any("March" in s for s in loose)


@pytest.mark.parametrize("question, said", [
    ("What did the minister warn?", True),
    ("What does the report say about wages?", True),
    ("What did she tell reporters?", True),
    ("What did the inquiry find?", True),
    ("What did Tesla claim to have invented?", False),  # an invention, not a claim, is asked for
    ("What did the company build?", False),
    ("Who said the talks had failed?", False),
    ("What does a report on the region suggest its growth has done?", False),  # "report" is no verb
    ("What do some people feel the need to acknowledge?", False),  # what they acknowledge
])
def test_questions_about_what_was_said(question: str, said: bool) -> None:
    assert analyze(question).said is said


@pytest.mark.parametrize("question, text, answer", [
    ("What did the minister warn?",
     "The minister welcomed the deal but warned that the country could not afford another strike.",
     "the country could not afford another strike"),
    ("What did the chief executive tell reporters?",
     "Its chief executive told reporters the company would hire 150 crane operators next year.",
     "the company would hire 150 crane operators next year"),
    ("What did union leaders say?",
     "Dockworkers ended a three-week strike on Thursday after a vote, union leaders said.",
     "Dockworkers ended a three-week strike on Thursday after a vote"),
    ("What did Sousa say about the deal?",
     "“This is a fair deal for the people who keep this port running,” said Rita Sousa.",
     "This is a fair deal for the people who keep this port running"),
])
def test_what_was_said_is_answered_whole(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


@pytest.mark.parametrize("question, text, answer", [
    ("How old is Marta Kovač?", "Kovač, 61, took 54% of the vote against 46% for Zupan.", "61"),
    ("How old was the winner?", "The winner, aged 34, beat 120 other runners.", "34"),
    ("How old is Diop?", "Diop, who led 3 delegations, is a 52-year-old former judge.", "52"),
    ("How old was she?", "She moved to Lugo in 1976 and was 88.", "88"),  # a year is no age
    # "who is 71"; "the 13th floor" is a place in an order
    ("How old is Achterberg?", ("Achterberg has 2 sons and a flat on the 13th floor; she is a widow "
                                "who is 71 and chairs the association."), "71"),
    ("How old is Achterberg?", "From the 13th floor Achterberg, who is a widow, sees the port.", None),
    ("How old is Hilario Condorí?", "He is 52 and has worked inside the mine for 34 years.", "52"),
    ("How old was she when she moved?", "She was 19 when she moved to Carrowmere.", "19"),
    # a time of day, or a count of something else, is no one's age
    ("How old is Tomás Ó Briain?", "Ó Briain arrived at 08:52 with his lawyer.", None),
    ("How old is Zofia Łęcka?", "Łęcka could survive with only her 62 votes.", None),
    # nor a decimal, a fraction or place in an order, a vague number, a number of other things, the
    # hour, or how long someone did something
    ("How old is Ines Borg?", "When I arrive at 8.15 on a Monday, Ines Borg is already at her desk.", None),
    ("How old is Ines Borg?", "Ines Borg took about a third of the votes cast.", None),
    ("How old is Ines Borg?", "Ines Borg, who has run several such trials, declined to comment.", None),
    ("How old is Ines Borg?", "Ines Borg also plans to close six language courses.", None),
    ("How old is Ines Borg?", "Ines Borg had been on stage since nine o’clock.", None),
    ("How old is Ines Borg?", "Ines Borg has taught at the school for nine years.", None),
    ("How old is Ines Borg?", "Ines Borg died at 81 in her home town.", "81"),
])
def test_how_old_takes_a_number_written_as_an_age(question: str, text: str, answer: str | None) -> None:
    assert answer_of(question, text) == answer


def test_a_unit_the_question_names_is_cut_whole() -> None:
    text = "She won by a margin of eight percentage points, the commission said."
    assert answer_of("By how many points did she win?", text) == "eight"


def test_a_list_of_noun_phrases_answers_a_plural_question() -> None:
    text = "The ship will carry mineral fertilizer, petroleum products, and wheat to the port."
    assert answer_of("Which goods will the ship carry to the port?", text) == \
        "mineral fertilizer, petroleum products, and wheat"
    # one thing asked for: no list of common nouns is offered
    one = [text[c.start:c.end] for c, _ in span_candidates(analyze("What fuel will the ship carry?"), text)]
    assert "mineral fertilizer, petroleum products, and wheat" not in one


def test_a_dateline_is_no_answer_but_to_where() -> None:
    text = "LISBON, Portugal (AP) — Dockworkers ended their strike, union leader Rita Sousa said."
    who = [text[c.start:c.end] for c, _ in span_candidates(analyze("Who ended the strike?"), text)]
    assert who and not any(s in ("AP", "LISBON", "Portugal") for s in who)
    where = [text[c.start:c.end] for c, _ in span_candidates(analyze("Where did the strike end?"), text)]
    assert "Portugal" in where or "LISBON" in where
    # a place, its country and a date before the agency
    text = "PORT CADDIS, Serravia, March 14 (Northline) - Serravia declared an emergency, Minister Ana Ruiz said."
    who = [text[c.start:c.end] for c, _ in span_candidates(analyze("Who is the health minister?"), text)]
    assert who and not any(s in ("PORT CADDIS", "Northline") for s in who)


def test_when_is_never_answered_by_a_share_or_a_sum() -> None:
    text = "Kovač took 54% of the vote and will be sworn in on 22 December."
    offered = [text[c.start:c.end] for c, _ in span_candidates(analyze("When will Kovač take office?"), text)]
    assert "22 December" in offered and not any("54" in s for s in offered)


@pytest.mark.parametrize("question, text, answer", [
    ("Did Zupan concede?", "Zupan, who had led the polls until October, conceded defeat shortly after midnight.",
     "conceded defeat"),
    ("Will Kovač run for a second term?", "Kovač promised reforms and said she would not seek a second term.",
     "would not seek a second term"),
    ("Has the plant reopened?", "The plant has not reopened since the fire in May.",
     "has not reopened since the fire"),
])
def test_a_yes_no_question_is_answered_by_what_says_whether(question: str, text: str, answer: str) -> None:
    q = analyze(question)
    assert q.yesno
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end] == answer


def test_auxiliaries_and_negation_join_a_verb_phrase_only_for_yes_no() -> None:
    text = "The plant has not reopened since the fire in May."
    offered = [text[c.start:c.end] for c, _ in span_candidates(analyze("What happened to the plant?"), text)]
    assert not any(s.startswith("has not") for s in offered)


@pytest.mark.parametrize("question, text, answer", [
    ("Who announced the result?",
     "Kovač won by eight points, the state election commission announced on Sunday night.",
     "state election commission"),
    ("Who estimated the cost of the stoppage?",
     "The stoppage cost exporters an estimated €40 million a week, according to the AICEP trade agency.",
     "AICEP trade agency"),
    ("Who said the result was a setback?", "Analysts said the result was a setback for the government.",
     "Analysts"),
])
def test_who_can_be_the_source_a_sentence_reports(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


def test_a_possessive_before_the_focus_noun() -> None:
    q = analyze("What was Zupan's share of the vote?")
    assert (q.kind, q.focus) == ("number", "share")


def test_the_span_margin_counts_only_rivals_that_do_not_overlap() -> None:
    from qa.extract import span_model

    q = analyze("Who founded the company?")
    text = "The company was founded by Marie Dupont, a chemist from Lyon."
    model = span_model()
    assert model is not None
    scored = [(sum(w * v for w, v in zip(model.w, fv)), c) for c, fv in span_candidates(q, text)]
    top, best = max(scored, key=lambda r: r[0])
    rivals = [s for s, c in scored if c.end <= best.start or c.start >= best.end]
    overlapping = [s for s, c in scored if c is not best and not (c.end <= best.start or c.start >= best.end)]
    # the runner-up is "Marie Dupont" read as a noun phrase: the same answer, not a rival ("Lyon",
    # "chemist" are)
    assert rivals and overlapping and max(overlapping) > max(rivals)
    choice = choose_span(q, text)
    assert choice is not None and (choice.start, choice.end) == (best.start, best.end)
    assert choice.margin == pytest.approx(min(5.0, top - max(rivals)))


def _looking(monkeypatch: pytest.MonkeyPatch, gate: float) -> None:
    """The shipped span model with a second look that always (gate 99) or never (-1) looks."""
    from qa import extract

    model = extract.span_model()
    assert model is not None and model.second is not None
    second = extract.SecondLook(3, gate, model.second.w)
    monkeypatch.setattr(extract, "span_model", lambda: extract.SpanModel(model.w, second))


def test_the_second_look_takes_a_close_runner_up_that_reads_like_the_question(monkeypatch) -> None:
    from qa.extract import ranked_spans, second_look

    q = analyze("Who founded the company?")
    text = "The company was founded by Marie Dupont in Lyon with Jean Martin."
    first = choose_span(q, text)
    ranked = ranked_spans(q, text)
    # the same words twice (a name is also a noun phrase) are one answer: the best of each
    distinct: list[tuple[float, str]] = []
    for score, c in ranked:
        if text[c.start:c.end] not in [t for _, t in distinct]:
            distinct.append((score, text[c.start:c.end]))
    assert first is not None and len(distinct) >= 3 and len(ranked) > len(distinct)
    assert text[first.start:first.end] == distinct[0][1] == "Marie Dupont"
    assert first.lead == pytest.approx(min(5.0, distinct[0][0] - distinct[1][0]))
    _looking(monkeypatch, 99.0)
    asked: list[list[str]] = []

    def favours_second(spans: list[str]) -> list[float]:
        asked.append(spans)
        return [100.0 if i == 1 else 0.0 for i in range(len(spans))]

    picked = second_look(text, first, favours_second)
    assert text[picked.start:picked.end] == distinct[1][1]
    assert asked == [[t for _, t in distinct[:3]]]  # the 3 best, best first
    # a similarity that favours nothing keeps the first pass's pick
    assert second_look(text, first, lambda spans: [0.5] * len(spans)) is first


def test_the_second_look_stays_away_when_the_first_pass_is_sure(monkeypatch) -> None:
    from qa.extract import second_look

    q = analyze("Who founded the company?")
    text = "The company was founded by Marie Dupont in Lyon with Jean Martin."
    first = choose_span(q, text)
    assert first is not None
    _looking(monkeypatch, -1.0)

    def never(spans: list[str]) -> list[float]:
        raise AssertionError("embedded spans although the first pass was sure")

    assert second_look(text, first, never) is first


def test_the_shipped_second_look_weighs_the_cosine() -> None:
    from qa.extract import span_model

    model = span_model()
    assert model is not None and model.second is not None
    assert model.second.k >= 2 and model.second.gate > 0
    assert model.second.w[0] > 0 and model.second.w[1] > 0  # both the first pass and MiniLM count


@pytest.mark.parametrize("question, rank", [
    ("Where is Brazil ranked in soybean production?", True),
    ("What is the university's ranking in the country?", True),
    ("Where does the port rank among European ports?", True),
    ("Where was the nation placed on the corruption index?", True),
    ("What data did they use to rank the firms?", False),
    ("What military rank did the leader hold?", False),  # a rank held: "colonel"
    ("Where is the sensor placed in the car?", False),
    ("Where did she place the order?", False),
])
def test_questions_about_a_place_in_an_order(question: str, rank: bool) -> None:
    q = analyze(question)
    assert q.rank is rank
    assert q.kind == "number" or not rank


def test_a_place_in_an_order_is_answered_with_an_ordinal_and_only_then() -> None:
    text = "In 2012, the nation placed 139th out of 176 countries on the index, with a score of 27."
    assert answer_of("Where was the nation ranked on the index in 2012?", text) == "139th"
    text2 = "Brazil is now the second-largest producer of soybeans after the United States."
    assert answer_of("Where does Brazil rank in soybean production?", text2) == "second-largest"
    # a count is not a place in an order, and an ordinal is not a count
    offered = [text[c.start:c.end] for c, _ in span_candidates(analyze("How many countries were on the index?"), text)]
    assert "139th" not in offered and any(s.startswith("176") for s in offered)


@pytest.mark.parametrize("question, text, answer", [
    ("Who led the march?", "Martin Luther King Jr. led the march to Montgomery.", "Martin Luther King Jr."),
    ("Where did she move in 1990?", "In 1990 she moved to the U.S. and then to Canada.", "U.S."),
    ("Who bought the mill?", "The mill was bought by Acme Inc. in 2001.", "Acme Inc."),
])
def test_a_name_keeps_its_suffix_and_an_abbreviation_its_full_stop(question: str, text: str,
                                                                   answer: str) -> None:
    assert answer_of(question, text) == answer


@pytest.mark.parametrize("question, kind, focus", [
    ("What is the new interest rate?", "number", "rate"),  # the focus noun ends the question
    ("What is the bank's inflation target?", "thing", "target"),
    ("What was the museum originally called?", "thing", ""),  # a verb ends it
    ("What is the Grand Canyon?", "thing", ""),  # a name ends it
    ("How heavy is the spacecraft?", "number", ""),  # a measure
    ("How far is the port from the capital?", "number", ""),
])
def test_the_kind_and_focus_of_more_questions(question: str, kind: str, focus: str) -> None:
    q = analyze(question)
    assert (q.kind, q.focus) == (kind, focus)


@pytest.mark.parametrize("question, text, answer", [
    ("By how much did the bank raise its rate?",
     "The bank raised its benchmark rate by half a percentage point to 4.75% on Thursday.",
     "half a percentage point"),
    ("How heavy is the spacecraft?", "The 780-kilogram spacecraft fired its engine for 14 minutes.",
     "780-kilogram"),
    ("How many Grammys has she won?", "The six-time Grammy winner sang the anthem.", "six"),
    ("Whose name was the account in?", "The money was paid into an account in his brother-in-law’s name.",
     "brother-in-law’s"),
    ("Was the decision unanimous?", "Governor Ingrid Salo said the decision was unanimous.",
     "was unanimous"),
    ("Is the ruling final?", "The judge said the ruling is not final and can be appealed.", "is not final"),
    ("How long was the deployment?", "The soldiers left in December 2023, ending a decade-long deployment.",
     "decade-long"),
])
def test_fractions_measures_hyphenated_words_and_predicates(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


def test_a_span_never_starts_inside_a_hyphenated_word() -> None:
    text = "The Kremlin-linked group sent Kestrel-1 and a brother-in-law’s gift."
    spans, _, _ = candidate_spans(text)
    for c in spans:
        assert not (c.start > 0 and text[c.start - 1] == "-"), text[c.start:c.end]
    assert "Kestrel-1" in {text[c.start:c.end] for c in spans}


def test_a_length_of_time_is_no_population_and_no_measure() -> None:
    text = "The former mayor of Dunmere, a town of 12,000 people, was sentenced to six years in prison."
    assert answer_of("What is the population of Dunmere?", text) in ("12,000", "12,000 people")
    assert answer_of("How many years was he sentenced to?", text) == "six"


@pytest.mark.parametrize("question, text, answer", [
    ("Why was Oduya sent off?", "Goalkeeper Sam Oduya was sent off in stoppage time for a foul on Okoye.",
     "foul on Okoye"),
    ("Why has the smartphone market shrunk?",
     "Analysts said the smartphone market had shrunk for two years as consumers kept their phones longer.",
     "consumers kept their phones longer"),
    ("Why was the mayor jailed?",
     "The mayor was jailed for six years on Tuesday for taking bribes in exchange for city contracts.",
     "taking bribes in exchange for city contracts"),
])
def test_a_reason_after_for_or_as(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


def test_how_many_counts_and_money_is_a_number() -> None:
    text = "Patients waiting more than a year fell by 18% to 9,450."
    assert answer_of("How many patients have waited more than a year?", text) == "9,450"
    assert answer_of("By what percentage did the number of patients fall?", text) == "18%"
    q = analyze("What was Orbital's quarterly revenue?")
    assert (q.kind, q.focus) == ("number", "revenue")


@pytest.mark.parametrize("question, text, answer", [
    ("Who was Elena Marchetti?",
     "Elena Marchetti, the architect who led the rebuilding of the old town, has died in Lugo.",
     "the architect who led the rebuilding of the old town"),
    ("What is Engineering News-Record?",
     "Engineering News-Record (ENR), a trade magazine for the construction industry, ranks firms.",
     "a trade magazine for the construction industry"),
    ("Who is Sergei Lavrov?", "Diop met Sergei Lavrov, Russia’s foreign minister, in Moscow.",
     "Russia’s foreign minister"),
    ("What is Kestrel?", "Kestrel is a probe that will map the Moon.", "a probe that will map the Moon"),
])
def test_who_is_a_name_is_answered_by_what_describes_it(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


def test_only_a_name_alone_asks_for_a_description() -> None:
    assert analyze("Who is Abdoulaye Diop?").defined == "Abdoulaye Diop"
    assert analyze("Who is Ólafur Brynjarsson?").defined == "Ólafur Brynjarsson"  # a capital of any script
    assert analyze("What is the NASUWT?").defined == "the NASUWT"
    assert analyze("Who is Mali's foreign minister?").defined == ""
    assert analyze("What is the capital of Mali?").defined == ""


def test_the_rest_of_a_name_the_question_gives_is_no_answer() -> None:
    text = "Diop met with Sergei Lavrov, Russia’s foreign minister, in Moscow on Tuesday."
    assert answer_of("Where did he meet Lavrov?", text) == "Moscow"  # not "Sergei"
    other = "He was succeeded by Ghazan Khan in 1295."  # another Khan: the start of an answer
    choice = choose_span(analyze("Who succeeded Genghis Khan?"), other)
    assert choice is not None and other[choice.start:choice.end].startswith("Ghazan")


def test_what_did_x_verb_is_not_answered_by_who_did_it() -> None:
    text = "Under the deal, Ankara will supply Niger’s army with drones and armoured vehicles."
    q = analyze("What will Turkey supply to Niger's army?")
    assert q.acted == "supply"
    choice = choose_span(q, text)
    assert choice is not None and text[choice.start:choice.end] != "Ankara"

def _kinds(text: str) -> list[tuple[str, str]]:
    return [(text[c.start:c.end], c.kind) for c in candidate_spans(text)[0]]


# Seventh session: shapes news pages take that XQuAD rarely does (each case failed before)
@pytest.mark.parametrize("question, text, expected", [
    # a sum counts no noun; "how much" is not a length of time; "turnout" asks for a figure
    ("How much did the club pay for Mbemba?",
     "On Friday, the club completed the £8.5m signing of the winger Loïc Mbemba on a deal until 2029.", "£8.5m"),
    ("How much is the operator putting into the river port?",
     "The deal commits the port operator to invest €350m over seven years in modernising the river port.", "€350m"),
    ("What was the turnout in the election?",
     "Turnout was 61.7 per cent, with about 1.9 million of the region's 3.1 million voters casting a ballot.",
     "61.7 per cent"),
    # a day of a date and an hour are no amounts
    ("How deep underground did the collapse occur?",
     "The collapse happened shortly after 3 a.m. on May 28, when a tunnel 520 metres down caved in.", "520 metres"),
    # what a thing costs is a sum; what is done is no date
    ("What will the device cost?",
     "The company said the device would go on sale on Monday at €349, with a subscription on top.", "€349"),
    ("What will she ask the national government to declare?",
     ("She said she would ask the national government on Monday to declare a state of calamity, which "
      "would release emergency funds."), "state of calamity"),
    # times of day
    ("At what hour did the rocket lift off?",
     "The rocket lifted off from the launch centre early on Sunday, at 03:17 local time.", "03:17 local time"),
    ("What time did picket lines form outside the hospital?",
     "Picket lines formed outside the hospital from 6:45 a.m. on Wednesday.", "6:45 a.m."),
    ("What hours will the mains supply be switched off?",
     ("From Monday, mains supply will be cut between 11pm and 6am in 63 towns and villages, affecting "
      "around 210,000 residents."), "11pm and 6am"),
    ("What is the deadline for the firm to make an offer?",
     "Under takeover rules, the firm has until 5 p.m. on Aug. 31 to make a firm offer or walk away.", "Aug. 31"),
    # an approximate figure is the figure
    ("How many nurses are taking part in the strike?",
     "Around 4,500 nurses are taking part in the strike, the union said.", "4,500"),
    # ages, magnitudes, rates after three modifiers, frequencies
    ("What ages were the teenagers in the study?",
     "The study followed 3,214 pupils aged 12 to 16 at 41 schools.", "12 to 16"),
    ("What magnitude was the earthquake?",
     "A magnitude 6.3 earthquake struck the mountain town before dawn on Sunday, killing at least 47 people.",
     "6.3"),
    ("How often do patients need an injection?",
     "It is the first asthma treatment that patients need to receive only once every eight weeks.",
     "every eight weeks"),
    ("How often will trams run at peak times?",
     "Trams will run every six minutes at peak times, the council said.", "every six minutes"),
    # what a thing is worth, a fine, an estimate, a year before Christ
    ("What are the stolen jewels worth?",
     "Two men were arrested over the theft of two diamond brooches worth an estimated £6.2m from a museum.",
     "£6.2m"),
    ("What is the maximum fine for breaking the watering ban?",
     "Households that break the ban face fines of up to €3,000, the province said.", "up to €3,000"),
    ("What is the union's estimate of losses so far?",
     "The union estimates losses so far at €410m, mostly in cereals and olives.", "€410m"),
    ("When were the trees for the trackway cut down?",
     "Tree-ring dating shows the oaks were felled in 3127–3126 BC, centuries earlier than thought.",
     "3127–3126 BC"),
])
def test_news_shaped_answers(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_spans_of_amounts_times_and_lists() -> None:
    text = "On Friday, the club completed the £8.5m signing of the winger Loïc Mbemba on a deal until 2029."
    assert ("£8.5m signing", "number") not in _kinds(text)
    text = "The collapse happened shortly after 3 a.m. on May 28, when a tunnel 520 metres down caved in."
    spans = _kinds(text)
    assert ("3 a.m.", "date") in spans and ("3", "number") not in spans and ("28", "number") not in spans
    assert ("4", "number") not in _kinds("It opened on 4 March 2021.")
    assert ("03:17 local time", "date") in _kinds("It lifted off at 03:17 local time.")
    assert ("1990", "number") not in _kinds("It is the first strike since the 1990s, when 300 flights were grounded.")
    assert ("46.1C", "number") in _kinds("The previous record was 46.1C, set in 2017.")
    assert ("11 p.m. on Monday", "date") in _kinds("She learned of it only at 11 p.m. on Monday, by text.")
    text = "On average, participants shifted their sleep by 2 hours and 10 minutes at weekends."
    assert ("2 hours and 10 minutes", "duration") in _kinds(text)
    # a list ends with "and" or "or"; commas alone make an apposition
    text = "Valdoria, a country of about 24 million people, relies heavily on exports of soybeans, copper and wine."
    lists = [s for s, kind in _kinds(text) if kind == "list"]
    assert "soybeans, copper and wine" in lists
    assert not any("relies" in s or s.startswith("Valdoria") for s in lists)
    # ... and ends at its "and": not "soybeans, copper and wine, and its economy"
    text = "It relies on exports of soybeans, copper and wine, and its economy has been hit."
    assert [s for s, kind in _kinds(text) if kind == "list"] == ["soybeans, copper and wine"]
    assert not any(s.startswith("cent") for s, _ in _kinds("It was reported by 9 per cent of patients."))


def test_what_the_question_asks_for() -> None:
    assert analyze("What will the new device cost?").kind == "number"
    assert analyze("What did she earn last year?").kind == "number"
    assert analyze("What did she say?").kind == "thing"
    assert analyze("What is the deadline for the firm to make an offer?").kind == "date"
    assert analyze("What ages were the teenagers in the study?").age
    assert analyze("What hours will the mains supply be switched off?").clock
    assert analyze("How often will trams run at peak times?").kind == "duration"
    assert analyze("What magnitude was the earthquake?").kind == "number"
    assert analyze("What are the stolen jewels worth?").kind == "number"
    assert (analyze("What was the government's majority in the vote?").focus) == "majority"
    q = analyze("What was the overall A-level pass rate?")
    assert (q.kind, q.focus) == ("number", "rate")


def test_an_approximate_figure_stays_when_the_question_asks_about_how_many() -> None:
    text = "Police said approximately 10 people had been detained."
    assert answer_of("About how many people have been detained?", text).startswith("approximately 10")


def test_why_is_no_name_and_since_a_date_is_no_reason() -> None:
    text = ("Dr Fatma Özdemir, a hydrologist at the University of Alvena, said the damage had been "
            "made worse by the construction of housing on the river’s natural floodplain since the 1990s.")
    q = analyze("According to the hydrologist, why was the damage so bad?")
    offered = [text[c.start:c.end] for c, _ in span_candidates(q, text)]
    assert offered and not any(s.startswith(("Dr ", "University", "since")) for s in offered)


def test_the_person_a_question_is_about_is_not_its_answer_even_with_a_common_surname() -> None:
    """"Herrera" is a word of MiniLM's vocabulary, so only the way the question uses it (after a
    title, with a possessive, as the subject after an auxiliary) says it is someone's name."""
    text = ("Finance Minister Tomás Herrera welcomed the decision, saying that lower borrowing costs "
            "would “give families and small businesses some breathing space.”")
    assert answer_of("What did Finance Minister Herrera say cheaper borrowing would do?", text) \
        .startswith("give families")
    from qa.extract import _names_someone

    assert _names_someone("Núñez", "What did Núñez say about the price?")
    assert _names_someone("Wesley", "What was the name of Wesley's famous sermon?")
    assert not _names_someone("Doctor", "Who was the first Doctor to travel with a married couple?")
    assert not _names_someone("Delta", "What is the name of the Delta in the Netherlands?")


@pytest.mark.parametrize("text", ["The minister told reporters the plan", "She warned them the plan",
                                  "Kessler suffered a broken collarbone", "told", "showed the court"])
def test_a_sentence_without_a_full_stop_is_read_without_error(text: str) -> None:
    """A list item of facts has no full stop: a verb of saying with a noun phrase ending the
    sentence looked one word past its end."""
    for question in ("What did the minister tell reporters?", "What did Kessler suffer?", "Who told?"):
        span_candidates(analyze(question), text)


@pytest.mark.parametrize("question, text", [
    # a percentage asked: a count is none
    ("What percentage of the chain does Brennock already own?",
     "Brennock already makes about a dozen of the chain’s own-label product lines."),
    # a sum asked: a year, a length or a count is none
    ("What will the drug cost in Europe?", "Analysts said sales could reach a peak by 2030."),
    ("How much will the replacement camera system for the east wing cost?",
     "The east wing reopened in 2025 after 14 months of work."),
    ("How much could the company be fined if it is prosecuted?",
     "The outbreak affected 4,300 residents of the town."),
    # a count asked: a sum or a year is none
    ("How many households are there in the town?",
     "Every household in the town will receive a £30 credit on its next bill."),
    # money asked for: a count of donors or of hectares is none
    ("How much money did the fund collect?", "The fund heard from more than 5,800 donors."),
    ("How much does one dose cost?", "Patients need just six or seven injections a year."),
    # a level reached is no time of day
    ("What level did copper reach?", "Copper traded at 1400 GMT at its highest level in a year."),
    ("How many washing machines does the plant produce?",
     "He said the plant, which was opened in 2018, could produce a machine for 23% less."),
    # an age asked: a year or a number of days is none
    ("How old is Aurélien Castaing?",
     "Aurélien Castaing, regional president since 2018, has conceded defeat."),
    ("How old is the prime minister?", "Vollmer is sworn in as prime minister two days later."),
])
def test_a_number_in_another_unit_than_asked_is_no_answer(question: str, text: str) -> None:
    assert answer_of(question, text) is None


@pytest.mark.parametrize("question, text, expected", [
    ("What percentage of the vote did the party win?",
     "The party won 151 seats with 27% of the vote, up from 19 per cent.", "27%"),
    ("How much did the club pay for the winger?",
     "The club paid 90 million euros for the winger, a record.", "90 million euros"),
    ("How many guests attended the dinner?",
     "The opening was celebrated with a grand dinner attended by 2000 guests.", "2000"),
    ("How old is the director?", "The director, 61, said in 2018 that she would stay.", "61"),
    ("What weekly mileage does she reach at the camp?",
     "At the camp she runs up to 210 kilometres a week, says Kowalczyk, 34.", "up to 210 kilometres"),
    # someone's age, written after their name, is no count or return
    ("What yearly return did Larkspur promise its clients?",
     "Iñaki Ortúzar, 47, who ran Larkspur, promised clients 14% a year.", "14%"),
    ("How many tackles did Kuechly register?", "Kuechly led the team in tackles (118) and forced two fumbles.",
     "118"),
    # a figure the question gives only as a word is part of the answer: "the three parties", "3 November"
    ("When did the three parties sign their agreement?",
     "The three parties signed their agreement on 3 November 2025 in the capital.", "3 November 2025"),
    # a date asked for: a day of the month rather than a day of the week
    ("On what date did the hackers first break into the systems?",
     "Hackers broke in on Monday, the company said, having first probed its systems on 21 September.",
     "21 September"),
    # a time run: hours, minutes and seconds
    ("What time did she record in her first marathon?",
     "She made her debut at the 2022 Brennholt Marathon, finishing fourth in 2:24:30.", "2:24:30"),
    # the noun a modifier of the focus leads to: "What pay [offer]"; a share price is a price
    ("What pay offer has the government made to nurses?",
     "Ministers have offered nurses 3% and talks on career structures.", "3%"),
    ("What share price did Northlight close at?", "Northlight shares closed at €3.58, up 4%.", "€3.58"),
    # a share: a percentage, or one in so many
    ("What stake in the project does the state miner hold?",
     "The state miner Quilmara holds 30 per cent of the project.", "30 per cent"),
    ("What proportion of patients needed hospital treatment?",
     "About one in seven of the 412 patients needed hospital treatment.", "one in seven"),
    # a sum in crowns, or in a currency the text alone names, as a price per unit
    ("What do islanders pay for a single ticket?", "Islanders pay 49 crowns for a single ticket.", "49 crowns"),
    ("What does diesel cost at the pump now?", "Diesel now costs 1.92 castelos a litre at the pump.", "1.92"),
    # how far: a distance, not a count of things; a fall in a share is a measure too
    ("How far away is Aalvik?",
     "At least 12 ships have been rerouted to Aalvik, 180 kilometres to the south.", "180 kilometres"),
    ("How far did the shares fall?", "Shares in the 12 banks fell 3 per cent.", "3 per cent"),
    # a temperature is measured in degrees, not counted in doses
    ("What is the storage temperature for the vaccine?",
     "The storage temperature of the vaccine, given in two doses, is 5°C.", "5°C"),
    # over a period: a length of time, or the two ends of one, rather than the year it ends
    ("Over what period will the tariff be phased out?",
     "The tariff on cars will be phased out over five years, ending in 2032.", "over five years"),
    ("Over what period were the contracts awarded?",
     "The contracts were awarded between 2016 and 2019 without a tender.", "between 2016 and 2019"),
])
def test_a_number_in_the_unit_asked_is_answered(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_a_title_alone_is_no_one_and_a_name_marked_as_a_person_is_preferred() -> None:
    text = "Dr Helena Vrbová, the museum’s director, said the building would win people over."
    assert answer_of("Who was director of the museum before Helena Vrbová?", text) != "Dr"
    bishop = "The Bishop of Kestleford, the Rt Rev. Olamide Haverford, said he was saddened by the findings."
    assert answer_of("Who is the Bishop of Kestleford?", bishop) == "Olamide Haverford"
    q = analyze("Who leads the council?")
    marked = "Council leader Rhiannon Pryce said the plan would go ahead."
    unmarked = "The council approved plans for a tram line to the suburb of Westmoor."
    assert choose_span(q, marked).fit > choose_span(q, unmarked).fit


def test_a_name_after_a_place_preposition_fits_who_less() -> None:
    q = analyze("Who was seen on Monday?")
    place = choose_span(q, "A man was seen on Monday near Lowther Ferry.")
    unmarked = choose_span(q, "Lowther Ferry was seen on Monday.")
    assert place.type_fit < unmarked.type_fit


def test_a_name_the_articles_mark_as_a_person_elsewhere_is_someone() -> None:
    from dataclasses import replace

    from qa.extract import person_names

    persons = person_names(["Health Minister Tomasz Wołowski visited Lindholm.", "Émile Ndour, 24, scored.",
                            "The Port Authority said so.", "Council leader Ana Ruiz spoke."])
    assert persons == {"wołowski", "ndour", "ruiz"}
    q = analyze("Who founded the Green List?")
    text = "The Green List, which Joaquín Ferreira-Lund founded in Civic Renewal's heartland, won."
    plain = choose_span(q, text)
    known = choose_span(replace(q, persons=person_names(["Party leader Joaquín Ferreira-Lund said no."])), text)
    assert known.type_fit > plain.type_fit and text[known.start:known.end] == "Joaquín Ferreira-Lund"


@pytest.mark.parametrize("question, text, answer", [
    ("What does Meireles do for a living?", "Meireles, a baker from Pedraforte, lost his shop in the flood.", "baker"),
    ("What did Tomás Coyle do for a living before he retired?",
     "Tomás Coyle, a 79-year-old retired postman, was found in his garden.", "retired postman"),
    ("What is Helena Sørbø's job?",
     "Helena Sørbø, a naval architect at the institute, said cargo securing was poor.", "naval architect"),
    ("What did Ruiz-Ocaña work as before politics?",
     "A former labour lawyer, Ruiz-Ocaña would be the first woman to lead the country.", "former labour lawyer"),
])
def test_what_someone_does_for_a_living_is_a_trade(question: str, text: str, answer: str) -> None:
    assert analyze(question).job and not analyze("What job cuts were announced?").job
    assert answer_of(question, text) == answer


def test_which_company_asks_for_a_name() -> None:
    q = analyze("Which company won the hospital contracts?")
    assert q.named and not analyze("What types of schools are there?").named
    assert not analyze("Which organizations are disqualified?").named  # a list may be lowercase
    text = "At Fenwick Academy, where a third of pupils get free school meals, results rose."
    assert answer_of("At which school do a third of pupils get free school meals?", text) == "Fenwick Academy"
    # a name asked for is no number, and the noun asked about may end it
    text = "Officials said 29 of them were taken to St Brigid's Hospital in Carrickford."
    assert answer_of("Which hospital were the rescued fishermen taken to?", text) == "St Brigid's Hospital"
    q = analyze("Which hospital were they taken to?")
    text = "Of the 343 rescued, 29 were taken to hospital."
    assert max(c.type_fit for c, _ in span_candidates(q, text) if text[c.start:c.end] == "29") < 0.5


def test_a_length_of_time_without_a_number() -> None:
    text = "The line will remain closed for at least a week after the embankment was washed away."
    assert answer_of("For how long will the line stay closed?", text) == "at least a week"
    assert ("a day", "duration") not in _kinds("Patients take the pill twice a day.")


@pytest.mark.parametrize("question, kind, focus", [
    ("What strike price did the wind farm secure?", "number", "price"),  # the head noun decides
    ("What is GridNest's annual recurring revenue now?", "number", "revenue"),
    ("What was Solvind’s net profit last year?", "number", "profit"),
    ("What was Brøndahl's average speed?", "number", "speed"),  # "speed" is no participle
    ("What was the museum originally called?", "thing", ""),
    # a relative clause without "that" after the focus
    ("What is the largest fine the regulator could impose on Orvanta?", "number", "fine"),
    ("What was the biggest single loss suffered by one victim?", "number", "loss"),
    # "what figure" is a number, a described figure someone
    ("What figure did the exit poll give Malinowska-Reyes?", "number", "figure"),
    ("What historical figure was Jacksonville named after?", "person", "figure"),
    # a number noun before the head: "price [tag]", "population [figure]"
    ("What is the total price tag of the mission?", "number", "tag"),
    ("What was the population figure?", "number", "figure"),
])
def test_the_focus_of_what_questions(question: str, kind: str, focus: str) -> None:
    q = analyze(question)
    assert (q.kind, q.focus) == (kind, focus)


def test_a_unit_written_on_the_number_is_part_of_it() -> None:
    assert answer_of("What was her average speed?", "She averaged 37.4km/h over the hilly course.") == "37.4km/h"
    assert answer_of("How much rain did the gauge record?",
                     "The gauge recorded 142mm of rain in 24 hours.") == "142mm"


def test_a_time_relative_to_the_story_is_no_what_or_how() -> None:
    text = "Last month, he accused France of a sort of abandonment in full flight."
    assert (answer_of("What did he accuse France of?", text) or "").startswith("sort of abandonment")
    text = "The colonel announced the failed coup on Monday on national television."
    assert "Monday" not in (answer_of("How did the colonel make the coup attempt public?", text) or "")


def test_more_words_that_give_a_reason() -> None:
    text = "The council cut its forecast to 1.2%, citing weaker exports and higher borrowing costs."
    assert "weaker exports and higher borrowing costs" in (
        answer_of("Why did the council lower its growth forecast?", text) or "")


def test_a_company_is_not_who() -> None:
    text = "Solvind Systems said chief executive Görkem Yıldız wrote the memo."
    assert answer_of("Who is Solvind's CEO?", text) == "Görkem Yıldız"


def test_a_full_name_after_a_role_and_a_comma_is_someone() -> None:
    text = ("Valdoria’s foreign minister, Ana Lúcia Bragança, and her Kestrian counterpart, Radek Šťastný, "
            "signed four agreements on Wednesday.")
    assert answer_of("Where were the agreements signed?", text) not in ("Radek Šťastný", "Ana Lúcia Bragança")
    text = "The talks come amid a deterioration of relations with Mali’s former colonial ruler, France."
    assert answer_of("Which country was Mali's colonial ruler?", text) == "France"


def test_which_direction_asks_for_a_point_of_the_compass() -> None:
    text = "During the last cold phase the Rhine flowed west towards the Netherlands."
    assert answer_of("Which direction did the Rhine flow during the last cold phase?", text) == "west"


def test_an_organisation_or_an_unmarked_name_fits_who_less() -> None:
    """The type fit (a feature of both models), not only the heuristic score, says so."""
    q = analyze("Who runs the museum?")
    fits = {text[c.start:c.end]: c.type_fit for text in [
        "Ravensworth House Museum reopened, Director Henrietta Cázares said."]
        for c, _ in span_candidates(q, text) if c.kind == "name"}
    assert fits["Henrietta Cázares"] == 1.0 and fits["Ravensworth House Museum"] <= 0.5


def test_a_british_clock_time_and_what_year() -> None:
    text = "Sørensen-Abreu handed his resignation to the prime minister at 9.40am on Tuesday."
    assert answer_of("At what time did Sørensen-Abreu resign?", text) == "9.40am"
    text = "On Tuesday Verano said it would close the plant it took over in 2014."
    assert answer_of("In what year did Verano take over the plant?", text) == "2014"


def test_an_earlier_time_than_the_story_is_not_its_own_day() -> None:
    text = "The bank cut its rate on Tuesday for the first time since it last eased policy in 2019."
    assert answer_of("When did the bank last cut rates before this?", text) == "2019"


def test_a_quarter_or_half_of_a_year_is_a_date() -> None:
    text = "The companies expect the takeover to close in the second half of 2027, the bank said on Monday."
    assert answer_of("When do the companies expect the takeover to close?", text) == "second half of 2027"


def test_the_second_look_keeps_a_span_of_the_type_asked() -> None:
    text = "The most serious cases were flown by helicopter to the provincial capital, Karadere."
    q = analyze("Where were the most badly injured patients flown?")
    first = choose_span(q, text)
    assert first is not None and text[first.start:first.end] == "Karadere"
    # MiniLM prefers "helicopter" for "flown": a cosine of 1 for it, 0 for the rest
    chosen = second_look(text, first, lambda spans: [float(s == "helicopter") for s in spans])
    assert text[chosen.start:chosen.end] == "Karadere"


def test_how_long_is_a_thing_may_ask_for_a_length() -> None:
    assert analyze("How long is the border?").length and not analyze("How long did the strike last?").length
    text = "The two countries share a 214-kilometre border, agreed on Wednesday."
    assert answer_of("How long is the border that the two countries share?", text) == "214-kilometre"
    text = "The 11-metre-long tapestry, woven in 1530, was restored over two years."
    assert answer_of("How long is the tapestry?", text) == "11-metre-long"


def test_an_apostrophe_inside_a_quotation_does_not_close_it() -> None:
    text = "Marchers carried a banner reading “Don’t Mute Halloran” through the city centre."
    assert ("Don’t Mute Halloran", "quote") in _kinds(text) and ("Don", "quote") not in _kinds(text)
    assert ("smoke and mirrors", "quote") in _kinds("He called it ‘smoke and mirrors’ on Friday.")


def test_capacity_valuation_and_how_strong_ask_for_figures() -> None:
    assert analyze("What capacity is the battery?").kind == "number"
    assert analyze("What valuation does the round put on the company?").kind == "number"
    assert analyze("How strong did the wind gusts get?").measure


@pytest.mark.parametrize("question, text, answer", [
    ("How many patients were enrolled?",
     "The trial enrolled 1,200 patients at 140 sites in 14 countries.", "1,200"),
    ("How many people are living in the camp now?",
     "It now shelters about 23,000 people in 3,800 tents, even though it was designed for 15,000.",
     "23,000"),
])
def test_a_count_of_something_else_is_the_wrong_count(question: str, text: str, answer: str) -> None:
    """The sentence counts what the question asks about: a number counting another noun is not
    the answer."""
    assert answer_of(question, text) == answer


def test_the_subject_of_a_verb_of_causing_is_a_reason() -> None:
    text = ("The probe was due to fly in 2022, but a global shortage of radar chips pushed the date "
            "back by more than a year.")
    assert answer_of("Why was the launch pushed back?", text) == "global shortage of radar chips"
    clauses = {x for x, kind in _kinds("Warm seas had helped the storm deepen.") if kind == "clause"}
    assert "Warm seas" in clauses
    # an infinitive has no subject: "as a means [to help]"
    clauses = {x for x, kind in _kinds("It was formed to link three universities as a means to help "
                                       "the state.") if kind == "clause"}
    assert "three universities as a means" not in clauses


def test_a_person_the_sentence_marks_is_no_company_or_party() -> None:
    text = ("Opposition leader Radovan Štěpánek of the Civic Union called the budget a sham and said "
            "the tax cut would vanish.")
    assert answer_of("Which party is the opposition leader from?", text) == "Civic Union"


@pytest.mark.parametrize("question, text, answer", [
    ("What happened to the peso after the decision was announced?",
     "The peso fell 1.3 per cent against the U.S. dollar after the announcement.", "fell 1.3 per cent"),
    ("What happens to the norm when a number is multiplied by p?",
     "When a number is multiplied by p, its p-adic norm gets smaller.", "gets smaller"),
])
def test_what_happened_is_answered_by_what_was_done(question: str, text: str, answer: str) -> None:
    q = analyze(question)
    assert q.event and q.kind == "thing" and not q.focus
    assert answer_of(question, text) == answer


def test_a_name_the_question_gives_with_one_more_word_is_an_echo() -> None:
    text = ("Winger Kofi Mensah-Baird skipped past Pike and was clipped by Rovers goalkeeper Marek Šolc "
            "as he tried to round him.")
    assert answer_of("Which Rovers player gave away the penalty by bringing down Kofi Mensah-Baird?",
                     text) == "Marek Šolc"
    # the question gives the surname alone: the full name is the same man
    text = ("Joël Fontaine-Baptiste was recaptured at the caravan park after a receptionist, Dolores "
            "Ybarra-Finch, recognised him.")
    assert answer_of("Who recognised Fontaine-Baptiste at the caravan park?", text) == "Dolores Ybarra-Finch"
    assert answer_of("Who succeeded Genghis Khan?", "Genghis Khan was succeeded by Ögedei Khan.") == "Ögedei Khan"


@pytest.mark.parametrize("question, text, answer", [
    ("What level was the repo rate at before the cut?",
     "The bank cut its one-week repo rate from 4.00% to 3.75% on Thursday.", "4.00%"),
    ("What is the repo rate now?", "The bank cut its one-week repo rate from 4.00% to 3.75% on Thursday.",
     "3.75%"),
    ("How long will the main runway be once it is extended?",
     "The main runway will be extended from 1,850 metres to 2,600 metres.", "2,600 metres"),
])
def test_a_change_from_one_value_to_another(question: str, text: str, answer: str) -> None:
    """A question about before asks for the old value, any other for the new one."""
    assert answer_of(question, text) == answer


@pytest.mark.parametrize("question, text, answer", [
    ("When do Rovers play their next match?",
     "Rovers play their next match at home on Tuesday 17 November against Ashby.", "Tuesday 17 November"),
    ("During which months is the beach closed?", "The beach is closed from April to August each year.",
     "April to August"),
])
def test_a_day_with_its_date_and_a_span_of_months_are_one_date(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


def test_a_length_of_time_keeps_its_qualifier() -> None:
    text = "Keel is expected to miss at least three weeks with a hamstring injury."
    assert answer_of("How long is Keel expected to be out?", text) == "at least three weeks"
    assert ("just under 19 hours", "duration") in _kinds("The jury deliberated for just under 19 hours.")


# Tenth session: amounts news writes in two parts (each case failed before)
@pytest.mark.parametrize("question, text, answer", [
    # a vote's result, for a question about a vote only
    ("How did the board vote on the increase?",
     "The board approved the rise by seven votes to two at a meeting on Tuesday.", "seven votes to two"),
    ("What was the result of the final budget vote?",
     "The final budget passed by 34 votes to 29 after a debate on the €1.26 billion plan.", "34 votes to 29"),
    ("How many homes did the amendment propose?",
     "The amendment, for 3,200 homes, fell by 39 votes to 20.", "3,200"),
    # a share as a ratio
    ("How many parents had put off vaccination?",
     "The survey found that one in nine parents had put off vaccination.", "one in nine"),
    # opening hours; a day with its time
    ("What hours is the clinic open at weekends?", "At weekends the clinic is open from 8am to 8pm.", "8am to 8pm"),
    ("When will the new governor face the press?",
     "The new governor will hold a news conference on Friday at 10.00 local time.", "Friday at 10.00 local time"),
    # a length in two units, its last unit kept though the question says "second"
    ("How long was he jailed for?", "He was jailed for six years and four months on Friday.", "six years and four months"),
    ("How long did the second engine burn?",
     "The second engine burned for 11 minutes and 40 seconds, the agency said.", "11 minutes and 40 seconds"),
    ("How many years did he serve?", "He served 12 years in the post.", "12"),
    # how much something changed is no year ("compared with 2023", "since 1995")
    ("How much have new international student enrolments dropped this autumn?",
     ("The first is a 27% fall in new international student enrolments this autumn compared with 2023, "
      "which she attributed to tighter visa rules."), "27%"),
])
def test_amounts_in_two_parts_are_one_answer(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


@pytest.mark.parametrize("question, kind, focus", [
    ("What top speed can the boat reach?", "number", "speed"),  # past a modifier to the noun
    ("What annual fee does the club charge?", "number", "fee"),
    ("What sentence did the accountant get?", "duration", "sentence"),  # a length of time
    ("What penalty was imposed on the ferry company?", "number", "penalty"),
    ("What was the airline's final offer to the crew?", "number", "offer"),  # an offer, a rise: amounts
    ("Which of the escaped prisoners has been recaptured?", "person", "prisoners"),  # past "of the escaped"
    ("What level are the reservoirs at?", "number", "level"),  # but "what level of ..." is a thing
    ("What level of government runs the schools?", "thing", "level"),
])
def test_the_noun_a_question_asks_for(question: str, kind: str, focus: str) -> None:
    q = analyze(question)
    assert (q.kind, q.focus) == (kind, focus)


def test_a_sentence_asked_for_is_a_length_of_time() -> None:
    text = ("His co-defendant, the firm’s external accountant Gérard Pellissier, 61, was sentenced to "
            "four years for signing off accounts.")
    assert answer_of("What sentence did the firm's outside accountant get?", text) == "four years"


def test_a_level_reached_is_no_year() -> None:
    text = ("The yield on Halvenland's 10-year government bond jumped 0.35 percentage points to 4.6 percent "
            "this morning, its highest level since 2012, while the main index is down 2.1 percent.")
    assert answer_of("What level did the 10-year bond yield reach?", text) != "2012"


def test_an_acronym_is_an_organisation_not_a_person() -> None:
    text = ("The AMSR said it had received reports, and Hélène Traoré called on the NLCC to publish maps "
            "of treated areas.")
    assert answer_of("Who asked for maps of treated areas?", text) == "Hélène Traoré"


@pytest.mark.parametrize("question, text, answer", [
    # "How many ... win?" asks for the part of a whole: "28 of the 75 seats"
    ("How many seats did the Centre Democrats win?", "The Centre Democrats won 28 of the 75 seats, the commission said.",
     "28"),
    ("How many league games has Ashcombe won this season?",
     "Ashcombe have won only three of their 21 league games this season.", "three"),
    # "how many of ...": the part too, with or without a determiner before the whole
    ("How many of the day's scheduled departures were scrapped?",
     "Airlines scrapped 412 of the 690 departures scheduled for the day.", "412"),
    ("In how many of the traced goats did investigators detect the virus?",
     "Investigators found the virus in 6 of 38 goats traced to the farm.", "6"),
])
def test_a_count_asked_is_the_part_not_the_whole(question: str, text: str, answer: str) -> None:
    assert answer_of(question, text) == answer


def test_which_album_asks_for_its_name() -> None:
    text = ("He returned in 1996 with Hjem, a sparse album recorded in a church with only a guitar and a "
            "cello, which many critics now regard as his finest work.")
    assert answer_of("Which album do many critics consider Hallvik's finest?", text) == "Hjem"


def test_one_of_many_is_no_count() -> None:
    # "one of the UK's leading universities" says which group it belongs to, not how many there are
    text = "Harbrook University is now one of the country's leading universities, and the city has two universities."
    assert answer_of("How many universities does Harbrook have?", text) == "two"


@pytest.mark.parametrize("question, text, expected", [
    ("How old is Emre Dündar?", "Emre Dündar, who ran the club, was born in Kars and got 500 in the end.", None),
    ("How old is the bridge?", "The 700-year-old bridge was closed on Monday.", "700"),
])
def test_a_figure_no_one_could_be_old_is_no_age(question: str, text: str, expected: str | None) -> None:
    choice = choose_span(analyze(question), text)
    got = text[choice.start:choice.end] if choice is not None and choice.type_fit > 0 else None
    assert got == expected


@pytest.mark.parametrize("text, name", [
    ("Chief executive Joost van der Lugt said the plant would close.", "Joost van der Lugt"),
    ("The mayor, Ana dos Santos, said the plant would close.", "Ana dos Santos"),
    ("Judge Pedro de la Cruz said the plant would close.", "Pedro de la Cruz"),
])
def test_a_name_with_particles_is_one_name(text: str, name: str) -> None:
    assert answer_of("Who said the plant would close?", text) == name


def test_an_altitude_is_a_number() -> None:
    text = "At 2,860 metres above the village of Quintela, the Pico Albar observatory opened in 1931."
    assert answer_of("altitude of Pico Albar observatory?", text) == "2,860 metres"
    zone = "Police set up checkpoints across a 15-kilometre zone around Ostelle on Friday."
    assert answer_of("What is the radius of the checkpoint zone around Ostelle?", zone) == "15-kilometre"


def test_a_time_of_day_asked_for_keeps_no_half_of_local_time() -> None:
    text = "At 03:47 local time on Monday 9 November, a magnitude 7.1 earthquake struck near the town."
    assert answer_of("At what time did the earthquake strike?", text) == "03:47"


def test_how_soon_asks_for_a_length_of_time() -> None:
    text = "Ticket holders for the cancelled dates will be refunded automatically within 14 days, the promoter said."
    assert answer_of("How soon will ticket holders get their money back?", text) in ("within 14 days", "14 days")


@pytest.mark.parametrize("question, text, expected", [
    ("By how much did the shares close down on Monday?", "Shares in Marlowe’s Kitchen Holdings closed down 7.9% today.",
     "7.9%"),
    ("How many customers had their data stolen?",
     "Hackers had stolen personal data belonging to 4.7 million current and former customers.", "4.7 million"),
])
def test_a_word_after_a_number_that_counts_nothing_is_no_unit(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_a_reason_is_given_without_its_because() -> None:
    text = ("Kerrigan said the academy had lost three physics teachers in two years because we can’t compete "
            "on pay with the private sector.")
    got = answer_of("According to Kerrigan, why has Fenwick Academy lost physics teachers?", text)
    assert got.startswith("we can’t compete on pay")


@pytest.mark.parametrize("question, text, expected", [
    # what someone said a thing was: the thing, asked for
    ("What did she say the water temperature in the search area was?",
     "She said the search area was hard to reach, and Carrick Coastguard put the water at about 13 degrees.",
     "13 degrees"),
    # a question that ends with "cost" asks for a sum
    ("What did the police operation for the feast cost?",
     "Harbourside Police deployed 310 officers for the feast, at a cost of £196,000.", "£196,000"),
    # a portion is a share, a peak and a density are numbers
    ("What portion of the proceeds will go into the fund?",
     "Of the proceeds, 60 percent will go into the fund run by the Rural Connectivity Office.", "60 percent"),
])
def test_a_value_asked_for_in_other_words_is_a_number(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_a_count_asked_is_of_the_last_noun_of_its_phrase() -> None:
    # "funding" modifies "bodies": the question counts bodies, it asks for no sum
    q = analyze("How many funding bodies turned down the script?")
    assert q.focus == "bodies" and q.unit != "money"


def test_a_babys_age_is_given_in_months() -> None:
    text = "The youngest patient was a baby aged seven months, too young to have been vaccinated."
    assert answer_of("How old was the youngest measles patient?", text) == "seven months"
    assert answer_of("How old was she?", "Two days later she left for Paris.") != "Two days"


def test_a_list_answers_which_things_only_when_things_are_asked() -> None:
    # plural hours are times: not the nouns "Since 2019, cafés and bars" listed before them
    text = ("- **A curfew on terraces.** Since 2019, cafés and bars within 300 metres of the square have had to "
            "close or screen their terraces from 23:00 to 07:00 between June and September.")
    assert answer_of("During which hours must the terraces near the square be closed?", text) == "23:00 to 07:00"
    # ... while years asked are all the years listed
    assert answer_of("In which years did the club win the regional cup?",
                     "The club won the regional cup in 2016 and 2019, both times on penalties.") == "2016 and 2019"


@pytest.mark.parametrize("question, text, expected", [
    # a name: not an amount, nor a noun whose capital is the sentence's first letter, and a company
    # may say things too ("..., Ledgerline said")
    ("Which data company counted the deposits leaving the bank?",
     "Deposits fell sharply on Monday, when about 52 million crowns left the bank in one day, Ledgerline said.",
     "Ledgerline"),
])
def test_a_named_answer_is_a_name(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_a_limit_asked_is_a_number_whatever_its_modifiers() -> None:
    q = analyze("What is the weekly parking permit limit during the works?")
    assert q.focus == "limit" and q.kind == "number"
    # a verb is no focus: "What limits the engine's power?" asks for a thing, and a participle
    # neither: "the tallest height allowed in the plan"
    assert analyze("What limits the engine's power?").kind == "thing"
    assert analyze("What was the tallest building height allowed in the first draft?").focus != "allowed"
    text = ("Permits are being issued again, but the council has set the weekly parking permit limit at "
            "two per household to share spaces fairly.")
    assert answer_of("What is the weekly parking permit limit during the works?", text).startswith("two")


def test_the_focus_of_a_named_possessor_is_what_it_owns() -> None:
    # "the Harbour Bank of Tarvel's lending rate": the rate, not the bank
    question = "What is the Harbour Bank of Tarvel's lending rate after Monday's decision?"
    assert analyze(question).focus == "rate"
    text = "The Harbour Bank of Tarvel cut its lending rate to 4.5 per cent on Monday, its first cut in three years."
    assert answer_of(question, text) == "4.5 per cent"
    assert analyze("What is the name of the ship's captain?").focus == "name"


def test_an_area_measured_is_a_number_and_a_baby_is_months_old() -> None:
    assert analyze("What is the total area of the reserve?").kind == "number"
    assert analyze("What area was evacuated?").kind == "place"
    text = "The reserve's 2,300 square kilometres of forest and moor could support a dozen bison herds, Okafor said."
    assert answer_of("What is the total area of the reserve?", text) == "2,300 square kilometres"
    assert answer_of("What was the age of the youngest patient?", "The youngest of them was 19 months old.") \
        == "19 months"


def test_due_to_before_a_verb_says_when_not_why() -> None:
    text = ("The line was due to open in 2025, but the council said it would now open in 2027 due to problems "
            "with the supply of overhead power equipment.")
    assert answer_of("Why has the tram line been delayed?", text).endswith("problems with the supply of "
                                                                          "overhead power equipment")
    assert "open in 2025" not in answer_of(
        "Why has the tram line been delayed?",
        "The line, which was due to open in 2025, has been delayed by problems with its power supply.")


def test_how_long_a_thing_will_be_is_a_length_and_now_41_an_age() -> None:
    assert answer_of("How long will the new canal from Tarrow be?",
                     "The grant will pay for a 23-kilometre canal from Tarrow to the sea.") == "23-kilometre"
    assert not analyze("How long will the strike last?").length
    choice = choose_span(analyze("How old is Tomasz Brandt now?"),
                         "Brandt himself, now 41, gripped the rail of the dock and nodded slowly.")
    assert choice is not None and choice.type_fit == 1.0


def test_how_far_is_a_length_not_an_area() -> None:
    text = ("Their destination is the Pico Verde Sanctuary, a 38-hectare former olive farm about 1,900 kilometres "
            "away, where they will join three other bears.")
    assert answer_of("how far is the trip to the sanctuary", text) == "1,900 kilometres"


def test_what_something_is_called_is_the_name_after_called() -> None:
    q = analyze("What is the winning bridge design called?")
    assert q.naming
    choice = choose_span(q, "The winning scheme, called **The Silver Step**, is a 300-metre steel arch.")
    assert choice is not None and choice.type_fit == 1.0
    assert answer_of("What is the new exhibition called?", "The new exhibition is called ‘Tide and Stone’.") \
        == "Tide and Stone"


def test_the_city_of_a_place_is_in_it() -> None:
    text = ("The complaint says Tarvia's largest refinery, the state-owned Ostmark Refining Works in the city "
            "of Lindau, sold below cost.")
    assert answer_of("In which city is Tarvia's largest refinery based?", text) == "Lindau"


@pytest.mark.parametrize("question, text, expected", [
    # a place after "the ... port of"
    ("In which city is the vaccine maker based?",
     ("Orlen Biologics, a vaccine maker based in the northern port of Velsby, said it had shipped 20,000 doses "
      "of a vaccine known as OB-3."), "Velsby"),
    # "How much did she lose?": a sum, not "One [victim]", a count
    ("How much did the retired teacher lose?",
     "One victim, a 71-year-old retired teacher from the village of Harle, lost £96,000 in the scheme.", "£96,000"),
    # "How many of the hubs ...?": a count, not "2 [MWh]", a measure
    ("How many of the depots will have on-site battery storage?",
     ("To cut that dependency, Tarvel says 9 of the depots will include on-site battery storage, each of up "
      "to 3 MWh, which can be charged slowly overnight and discharged at peak times."), "9"),
])
def test_a_count_a_sum_and_a_place_each_in_its_own_terms(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_a_club_is_no_player() -> None:
    text = "Norberg, 22, has gone out on loan to FC Lindholm, while Pavel Šrámek stays as cover."
    choice = choose_span(analyze("Which player has gone out on loan?"), text)
    assert choice is not None and text[choice.start:choice.end] != "FC Lindholm"


def test_a_share_is_an_amount_whatever_the_tagger_says() -> None:
    # the tagger reads "35 percent faster" as a count of "faster": the unit says it is an amount
    text = "Quellon says the new chip is 35 percent faster than the old one and uses 40 percent less power."
    assert answer_of("By how much is the new chip faster than the old one, according to Quellon?", text) \
        == "35 percent"


@pytest.mark.parametrize("question, text, expected", [
    ("What level did the 10-year bond yield reach?",
     "The 10-year bond yield rose 0.35 percentage points to 4.6 percent, the highest since 2011.", "4.6 percent"),
    ("To what level did the bank raise its one-week repo rate?",
     "The bank raised its one-week repo rate by 500 basis points to 32%, the biggest increase in two decades.",
     "32%"),
    # ... while a question about the change asks for the change
    ("By how much did the yield rise?",
     "The 10-year bond yield rose 0.35 percentage points to 4.6 percent, the highest since 2011.", "0.35 percentage points"),
])
def test_a_level_asked_is_where_it_stands_not_how_far_it_moved(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_an_inflation_rate_is_how_much_prices_rose() -> None:
    text = "Consumer prices in Tarvia rose 5.2 percent in June from a year earlier, up from 4.8 percent in May."
    assert answer_of("What was Tarvia's annual inflation rate in June?", text) == "5.2 percent"


def test_a_casual_question_keeps_its_words_and_its_last_noun() -> None:
    # "and" inside "sand" is no opening "and"
    assert as_asked("avg sand temp at nest depth in july?") == "What is the avg sand temp at nest depth in july?"
    assert as_asked("and his age?") == "What is his age?"
    # a long run of nouns: the last one is asked for
    q = analyze("load test trucks total weight?")
    assert q.focus == "weight" and q.kind == "number"
    # ... but not past "of": "the most common side-effect of dalnerumab" asks for the side effect
    assert analyze("What was the most common side-effect of tavorumab?").focus != "tavorumab"


def test_a_population_is_a_number_of_people() -> None:
    q = analyze("population of san lorenzo?")
    text = "In the highland town of San Lorenzo, 3,900 metres up, a cooperative of 1,300 miners feels every move."
    assert answer_of("population of san lorenzo?", text) != "3,900 metres"
    choice = choose_span(q, "Tarvia's average mobile bill is 21.40 euros a month, among the highest in the region.")
    assert choice is None or choice.type_fit < 0.5
    # "5G" is a name, not five of anything
    numbers = [c for c in candidate_spans("5G coverage for 95% of the population")[0] if c.kind == "number"]
    assert [c.start for c in numbers] == [16]  # "95%" only


def test_a_figure_is_a_number_whatever_the_tagger_reads() -> None:
    # the tagger reads "1,284" after "a record" as a noun; a figure is a number all the same
    _, tokens, tags = candidate_spans("Turtles laid eggs in a record 1,284 nests on the beaches of Isla Morena.")
    words = ["Turtles laid eggs in a record 1,284 nests on the beaches of Isla Morena."[a:b] for a, b in tokens]
    assert tags[words.index("1,284")] == "NUM"


def test_a_year_asked_is_no_other_number() -> None:
    text = "Photo: Albin Kessler at the harbour club, wearing the medals he won in 17 years at sea."
    assert answer_of("In what year did Albin Kessler go to sea?", text) != "17"
    text = "Kessler went to sea in 1971, at 16, and stayed for 17 years."
    assert answer_of("In what year did Albin Kessler go to sea?", text) == "1971"


def test_a_speed_asked_is_in_a_unit_not_a_count_of_ships() -> None:
    # a speed is not 12 of anything
    q = analyze("What is the top speed of a Type 9 patrol boat?")
    assert choose_span(q, "• Boats: 12 Type 9 (Heron-class) patrol boats") is None
    assert answer_of("What is the top speed of a Type 9 patrol boat?", "• Top speed: 31 knots") == "31 knots"
    assert answer_of("What is the storage temperature?", "The serum is kept at 4 Celsius in 2 fridges.") != "2"
    assert answer_of("What minimum download speed do the licences require?",
                     "Licences require 30 Mbps for 90% of homes.") in ("30", "30 Mbps")


def test_a_fifth_is_a_share_not_a_place_in_an_order() -> None:
    text = "The chain is its largest customer, accounting for roughly a fifth of its sales."
    assert answer_of("What share of the supplier's sales does the chain account for?", text) in ("fifth", "a fifth")
    text = "Two-thirds of the members voted for the deal; the fifth round of talks starts on Monday."
    assert answer_of("What proportion of the members voted for the deal?", text) == "Two-thirds"


@pytest.mark.parametrize("question, text, expected", [
    # "What is the strike costing ...?" asks for a sum (not a "day")
    ("What is the strike costing haulage firms every day?",
     "The Road Haulage Federation says the blockade is costing its members €3.2 million a day.", "€3.2 million"),
    # "What does X cost?" with words after the verb
    ("What does a bottle of the house red cost in supermarkets?",
     "Grocer Anna Weiss says a bottle of the house red now costs about €11.90 in supermarkets.", "€11.90"),
    # a sum, a rent, a tax are amounts
    ("What sum did the mayor ask the government for?",
     "Mayor Jonas Field asked the national government for 4 million euros to rebuild the quay.", "4 million euros"),
])
def test_what_something_costs_is_a_sum(question: str, text: str, expected: str) -> None:
    assert answer_of(question, text) == expected


def test_a_currency_named_for_its_country_is_money() -> None:
    from qa.extract import _unit_marked

    text = "A litre of diesel cost 2.40 Basin francs after the rise, up from 1.90."
    assert _unit_marked("money", text, text.index("2.40"), text.index("2.40") + 4)
    assert answer_of("What did a litre of diesel cost after the price rise?", text) == "2.40 Basin francs"


def test_what_something_will_be_is_asked_about_its_noun() -> None:
    q = analyze("What will the yearly rent become when the lease ends?")
    assert (q.kind, q.focus) == ("number", "rent")
    text = "Owner Declan Ford said the yearly rent will become £41,500 when the lease ends in March."
    assert answer_of("What will the yearly rent become when the lease ends?", text) == "£41,500"
    # "be paid": what the welder is paid, not which welder
    assert analyze("What will a newly hired welder be paid?").kind != "person"


def test_a_rise_by_as_much_as_is_a_move_and_a_prison_term_a_length() -> None:
    text = "Copper futures climbed as much as 3.1% to $9,118 a tonne this afternoon, the highest in five weeks."
    assert answer_of("What peak did copper futures reach this afternoon?", text).startswith("$9,118")
    text = "Under Tarvian law the two suspects could face up to 12 years in prison, prosecutor Ana Voss said."
    assert analyze("What is the longest prison term the suspects could face?").kind == "duration"
    assert answer_of("What is the longest prison term the suspects could face?", text).endswith("12 years")


def test_a_place_named_for_a_saint_is_one_name() -> None:
    text = "The fundraising concert will be held at St Brigid’s Church on Saturday evening."
    assert answer_of("where is the fundraising concert", text) == "St Brigid’s Church"
    names = [text[c.start:c.end] for c in candidate_spans("Kenya’s President Ruto spoke.")[0] if c.kind == "name"]
    assert "Kenya’s President Ruto" not in names  # a possessive before a title is no place's name


def test_old_currencies_are_money() -> None:
    import re

    from qa.extract import _unit_marked

    for text in ("Savers pulled out more than 96 million guilders over the weekend.",
                 "The painting sold for 40,000 florins in 1750."):
        number = re.search(r"\d[\d,]*", text)
        assert number is not None and _unit_marked("money", text, number.start(), number.end())


def test_a_place_named_for_someone_keeps_its_possessive() -> None:
    def names(text: str) -> list[str]:
        return [text[c.start:c.end] for c in candidate_spans(text)[0] if c.kind == "name"]

    assert "Brennan’s Ford" in names("They bought a house in Brennan’s Ford in May.")
    # a common noun after the possessive is no part of a name
    assert "Kenya’s street" not in names("Kenya’s street protests grew.")


def test_a_work_asked_for_is_its_quoted_title() -> None:
    text = ('The jury prize went to "Rain over Tessel", a darkly comic road movie by the brothers '
            "Idris and Kamal Haddou.")
    assert answer_of("Which movie received the jury prize?", text) == "Rain over Tessel"


def test_a_typed_query_asks_for_the_kind_its_words_name() -> None:
    from qa.extract import thing_asked

    # "open day date carn morvan": the date of the open day, not "Morvan"
    q = analyze("open day date carn morvan")
    assert (q.kind, q.focus) == ("date", "date")
    text = "The open day at Carn Morvan will be held on Saturday, 14 September, the trust said."
    assert answer_of("open day date carn morvan", text) == "Saturday, 14 September"
    assert thing_asked("What price did rice reach on Thursday?") == "the price"  # a kind word's own list


def test_how_long_is_no_how_often() -> None:
    text = "Buses leave every 20 minutes, and the ride to Kelso takes 45 minutes."
    assert answer_of("How long is the bus ride to Kelso?", text) == "45 minutes"
    assert answer_of("How often do the buses leave?", text) == "every 20 minutes"


def test_a_count_asked_for_now_is_not_a_count_from_years_ago() -> None:
    text = "In 1998 there were 62 registered trawlers in the harbour; today there are 27."
    assert answer_of("How many registered trawlers does the harbour have today?", text) == "27"


@pytest.mark.parametrize("question, text, expected", [
    ("In what year did the tannery close?", "The site of the former tannery lies on Mill Quay.", None),
    ("In what year did the tannery close?", "The tannery on Mill Quay closed in 1974.", "1974"),
    ("When will the new interchange be finished?", "The new interchange is about 2.5 kilometres away.", None),
    ("When will the new line be finished?", "The new line will run for 62 kilometres.", None),
    ("And when will the new line be finished?", "The new line will run for 62 kilometres.", None),
    ("When did the lake form?", "The lake formed at 9,800 BP.", "9,800 BP"),
    ("When did Ana Ferro join the board?", "Ana Ferro joined the board on 3 May.", "3 May"),
])
def test_a_date_asked_is_no_count_nor_a_name_when_a_year_is_asked(question: str, text: str,
                                                                    expected: str | None) -> None:
    assert answer_of(question, text) == expected


@pytest.mark.parametrize("question, text, expected", [
    ("What time did Ana Ferro run in the marathon?", "Ana Ferro ran the 42.195 kilometres in 2:11:05.", "2:11:05"),
    ("At what time did Ana Ferro learn she had won?", "Ana Ferro learned she had won ten days later.", None),
])
def test_a_time_asked_is_no_distance_nor_days(question: str, text: str, expected: str | None) -> None:
    assert answer_of(question, text) == expected


def test_an_organisation_named_in_another_language_is_no_person() -> None:
    text = "The new owner of the vineyard, announced on Tuesday, is the Cave Coopérative de Lunel."
    fits = {text[c.start:c.end]: c.type_fit for c, _ in span_candidates(analyze("Who owns the vineyard?"), text)}
    assert fits["Cave Coopérative de Lunel"] <= 0.5  # "coopérative" is an organisation's word


def test_a_time_is_no_place() -> None:
    assert answer_of("Where did Ana Ferro sell her paintings?", "Ana Ferro sold her paintings on Saturdays.") is None
    assert answer_of("Where did the ferry dock overnight?", "The ferry docked at Castle Quay overnight.") == "Castle Quay"


def test_the_name_of_someone_asked_for_is_a_persons_name() -> None:
    question = "What is the name of the harbour officer who was arrested?"
    assert analyze(question).kind == "person"
    assert answer_of(question, "The harbour officer was arrested at 09:45 on Friday.") is None
    assert answer_of(question, "Police arrested the harbour officer, Ana Ferro, on Friday.") == "Ana Ferro"
    assert analyze("What is the name of the pesticide the aircraft are spraying?").kind == "thing"


@pytest.mark.parametrize("question, text, expected", [
    ("How many guards were on duty?", "The fire drill took ninety seconds.", None),
    ("How many turbines will the wind farm have?", "The turbines will stand 52 km offshore.", None),
    ("How many guards were on duty?", "There were 14 guards on duty for ninety seconds.", "14"),
    ("How many years did he serve?", "He served 12 years in the navy.", "12"),
])
def test_a_count_asked_for_is_no_length_of_time_or_measure(question: str, text: str, expected: str | None) -> None:
    assert answer_of(question, text) == expected


def test_money_named_after_another_word_asks_for_a_sum() -> None:
    question = "How much prize money comes with the Silver Heron?"
    assert analyze(question).unit == "money"
    assert analyze("How much extra money would the tax bring in?").unit == "money"
    text = "The Silver Heron would bring the treasury about 45 million thalers each year."
    assert answer_of("How much extra money would the Silver Heron bring the treasury each year?", text) \
        == "45 million thalers"


def test_an_age_after_a_name_answers_no_open_question_about_the_person() -> None:
    assert answer_of("What is Tomas Wren studying?", "Tomas Wren, 22, studies architecture.") != "22"
    text = "Ines Holm, 19, is training to become a plumber."
    assert answer_of("What is Ines Holm training to become?", text) != "19"
    assert answer_of("How old is Ines Holm?", text) == "19"


def test_the_name_of_someone_is_a_name() -> None:
    asked = "What is the name of the farmer who was questioned?"
    assert answer_of(asked, "A 63-year-old farmer was questioned over the fire and released.") is None
    assert answer_of(asked, "Farmer Ivo Marsh, 63, was questioned over the fire.") == "Ivo Marsh"
    assert answer_of("What is the name of the ferry's cook?",
                     "The ferry's cook, who asked not to be named, gave a statement to police.") is None


def test_a_casual_question_for_someones_name_asks_who() -> None:
    assert as_asked("harbour board spokesperson name") == "What is the name of the harbour board spokesperson?"
    assert as_asked("lead inspector name kelby fire inquiry") \
        == "What is the name of the lead inspector of kelby fire inquiry?"
    assert analyze("lead inspector name kelby fire inquiry").kind == "person"
    assert analyze("ferry name?").kind != "person"  # not someone's


def test_a_superlative_is_no_thing_asked_for() -> None:
    assert analyze("What is the lowest the lake has ever been?").focus != "lowest"
    assert answer_of("What is the lowest the lake has ever been?",
                     "The lake fell to 18% of capacity in 2019, its lowest level on record.") == "18% of capacity"
    assert analyze("What was the oldest boat in the race?").focus == "boat"


def test_what_caused_something_asks_for_a_cause() -> None:
    assert analyze("What sparked the blaze at the depot?").kind == "reason"
    assert analyze("What won the prize?").kind != "reason"
    assert answer_of("What started the blaze at the boatyard?",
                     "Fire officers said the blaze at the boatyard began after a spark from a welding torch.") \
        == "spark from a welding torch"


def test_a_cause_is_cut_after_caused_by() -> None:
    assert answer_of("What caused the race delay?",
                     "The race was put back after a 25-minute hold caused by a burst water main.") \
        == "a burst water main"
