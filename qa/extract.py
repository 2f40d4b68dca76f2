"""Choosing the short answer: what the question asks for, and the span of a sentence that gives it.

Model-free: the question's wording gives an expected answer type; candidate spans come from the
sentence's structure (name runs, dates, numbers with units, quoted phrases, noun phrases from the
UD-trained tagger); each candidate is scored by type fit, by not repeating the question, and by
closeness to the words it shares with the question.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypeVar

from . import tagger
from .text import STOPWORDS, UPPER, fold, stem, terms, unmark

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# The question
# ---------------------------------------------------------------------------------------------

PERSON_NOUNS = frozenset(
    """person people man woman men women leader president minister secretary ambassador official
    officer general colonel king queen prince emperor chief head member founder author inventor
    player coach spokesman spokeswoman spokesperson politician director chairman ruler governor
    mayor prime senator representative commander scientist artist writer composer singer actor
    pope bishop judge lawyer student teacher professor citizen envoy diplomat counterpart
    successor predecessor replacement husband wife son daughter father mother brother sister ceo
    manager owner designer architect engineer physicist philosopher theologian poet novelist
    explorer emperor general pilot lord duke actress quarterback defender receiver athlete
    champion winner chemist biologist mathematician economist historian journalist reporter
    astronaut soldier captain admiral chancellor premier dictator empress sultan khan pharaoh
    priest monk missionary saint doctor physician surgeon nurse pharmacist scholar researcher
    astronomer geologist musician painter sculptor photographer producer host presenter
    businessman entrepreneur investor banker executive candidate nominee descendant ancestor heir
    enemy rival opponent companion prisoner inmate defendant suspect victim witness survivor
    passenger patient striker midfielder goalkeeper referee gp midwife paramedic analyst farmer
    worker resident editor curator conductor winger skipper driver prosecutor detective inspector
    constable sergeant superintendent chair treasurer negotiator mediator campaigner volunteer
    trader broker vicar dean cardinal rabbi imam nun baker plumber carpenter builder miner butcher
    chef cook waiter waitress tailor shepherd potter welder mechanic cleaner accountant keeper
    shopkeeper""".split()
)
# what people are called by their trade: "epidemiologist", "analyst", "technician", "fisherman"
_PERSON_ENDING = re.compile(r"[a-z]{3,}(?:ologist|[aeo]list|[^l]ist|yst|ician|ographer|man|woman|person)")
PLACE_NOUNS = frozenset(
    """country city town village region state province capital place location area continent
    island nation county district territory border river mountain sea ocean lake site venue
    neighborhood neighbourhood street building stadium port harbour""".split()
)
_TIME_WORD = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))\b"
_TIME_AFTER = re.compile(r"[\s-]+" + _TIME_WORD, re.IGNORECASE)
# a length: "58 kilometres", "214-kilometre", "40-metre", "6.2km", "11 miles"
_LENGTH = re.compile(r"\d[\d,.]*\s*-?\s*(?:kilomet(?:re|er)s?|met(?:re|er)s?|miles?|feet|foot|yards?|inch(?:es)?|km|ft|cm|mm)\b"
                     r"|\b(?:" + "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
                     + r")[\s-]+(?:kilomet(?:re|er)s?|met(?:re|er)s?|miles?|feet|foot|yards?)\b", re.IGNORECASE)
# a measure that is no length: "45-hectare", "3,000 tonnes", "1.44 gigawatts"
_NOT_LENGTH = re.compile(r"\d[\d,.]*\s*-?\s*(?:hectares?|acres?|tonnes?|tons?"
                         r"|kilo(?:gram)?s?|kg|litres?|liters?|gallons?|barrels?|square|cubic|(?:kilo|mega|giga)?watts?"
                         r"|[kMG]W)\b", re.IGNORECASE)
_TIME_UNIT = re.compile(r"\b" + _TIME_WORD, re.IGNORECASE)
_TIME_UNITS = frozenset(stem(w) for w in "seconds minutes hours days weeks months years decades centuries".split())
DATE_NOUNS = frozenset("year date month day decade century time era period season week deadline hour".split())
NUMBER_NOUNS = frozenset(
    """number amount percentage percent share total count size population rate ratio proportion
    fraction price cost salary length height width depth distance weight speed temperature
    wavelength frequency revenue profit income budget turnover debt deficit wage fee fare
    earnings turnout attendance score sales value magnitude margin majority fine reward ransom estimate
    capacity valuation figure loss penalty compensation damages payout offer rise increase raise
    stake return yield discount growth mileage catch tonnage output altitude elevation diameter
    radius thickness density peak portion limit threshold ceiling temp sum rent tax levy tariff premium
    deposit pension subsidy toll allowance grant""".split()
)
# a length of time by another name: "What sentence did he get?" ("four years")
DURATION_NOUNS = frozenset("sentence duration".split())

# an area measured, not a place: "the total area", "What is the area of the park?"
_SIZE_AREA = re.compile(r"\b(?:total|surface|floor|land|combined|overall)\s+area\b|\b(?:is|was)\s+the\s+area\s+of\b")
# "What is it called?", "... originally named?": a name is asked, the one a sentence gives after
# "called" ("The new collection is called ‘Salt and Ash’", "called **The Reading Terraces**")
_NAMING_WORDS = r"\b(?:called|named|dubbed|titled|entitled|known\s+as)"
_NAMING_ASKED = re.compile(_NAMING_WORDS + r"\s*[?.!]*\s*$")
_NAMING = re.compile(_NAMING_WORDS + r"\s+[‘'\"“*_]*$", re.IGNORECASE)
_WH = re.compile(r"\b(who|whom|whose|what|which|when|where|why|how)\b", re.IGNORECASE)
# a stretch of time written as its two ends: "between 2016 and 2019", "from May to July 2020"
_DATE_RANGE = re.compile(r"(?:between\s+\S.*\s+and|from\s+\S.*\s+(?:to|until|till))\s+\S.*", re.I)
# focus nouns that only say what kind of answer is wanted: no thing a later "it" could stand for
_KIND_WORDS = frozenset("""number amount percentage percent proportion fraction share total count figure
    year date month day decade century time era period season week hour name kind type sort way
    reason thing one part""".split())


@dataclass
class Question:
    text: str
    kind: str  # person | place | date | number | duration | reason | manner | thing
    focus: str = ""  # the head noun of "what/which X" questions
    plural: bool = False  # the focus is plural: a list may be the answer
    left: set[str] = field(default_factory=set)  # terms expected just before the answer
    right: set[str] = field(default_factory=set)  # terms expected just after it
    terms: set[str] = field(default_factory=set)  # content terms (stemmed, folded)
    words: set[str] = field(default_factory=set)  # every folded word of the question
    places: frozenset[str] = frozenset()  # terms the index knows as places (Mali of Mali/Malian)
    persons: frozenset[str] = frozenset()  # last words of names the index marks as people's (person_names)
    said: bool = False  # "What did X say / warn / find (about Y)?": what was said is the answer
    age: bool = False  # "How old is X?", "At what age ...?"
    yesno: bool = False  # "Did Zupan concede?": the verb phrase that says whether, is the answer
    rank: bool = False  # "Where is Kenya ranked?", "What is its ranking?": an ordinal ("139th")
    measure: bool = False  # "How heavy/far/tall ...?": a number with its unit ("780-kilogram")
    count: bool = False  # "How many [patients] ...?" (no share asked for): a count, not a percentage
    clock: bool = False  # "What time / At what hour ...?": a time of day, not a day
    length: bool = False  # "How long is the line?", "How long will the pipeline be?": a length
    # ("58 kilometres") as well as a time
    named: bool = False  # "Which company ...?" (not "What type of school ...?"): a name is asked for
    unit: str = ""  # "share" ("What percentage ...?") or "money" ("How much did it cost?"): the unit asked for
    defined: str = ""  # "Who is [Abdoulaye Diop]?", "What is [the NASUWT]?": a description is asked for
    acted: str = ""  # the verb a "what did X [verb]?" question asks the object of, as a term ("suppli")
    event: bool = False  # "What happened to the peso?": what was done or became of it ("fell 1.3 per cent")
    job: bool = False  # "What does she do for a living?": a trade ("a baker", "naval architect")
    naming: bool = False  # "What is the new collection called?": the name it is "called" or "named"
    # what span_candidates reads of the question for every sentence, worked out once here
    how_much: bool = False  # "How much ...?"
    earlier: bool = False  # "When did they last win the cup before this final?": an earlier time
    before: bool = False  # "What was the rate before the cut?": the "from" end of a change
    vote: bool = False  # "By what margin ...?", "How did the board vote?": a vote's result
    physical: bool = False  # "How far ...?", "What is the storage temperature?": a quantity in units
    distance: bool = False  # "How far is the trip?", "How tall is it?": a length, no area or weight
    part_asked: bool = False  # "How many of the departures were scrapped?": a part of a whole
    level_asked: bool = False  # "What level did copper reach?": where a value stands, not its move
    # words of the question as typed (a follow-up read as the question before keeps its own)
    what_year: bool = False  # "In what / which year ...?"
    now_asked: bool = False  # "... today?", "... now?", "... currently?"
    how_long: bool = False  # "How long ...?"


# after "what is/was": the noun a "the/a ... NOUN of/for/..." phrase is about
_COPULA_FOCUS = re.compile(
    r"(?:is|was|are|were|(?:has|have|had) been)\s+(?:the|a|an|his|her|its|their|[\w-]+['’]s?)\s+(?:[a-z'-]+\s+){0,3}?(?!(?:at|in|on|of|for|to|by|with|from|as)\s)([a-z]+)(?<![^e]ed)\s+"
    # or a relative clause without "that": "the largest [fine] the regulator could impose", "the
    # biggest single [loss] suffered by one victim"; or a time: "the daily cash machine [limit]
    # during the disruption"
    r"(?:of|for|in|on|at|to|that|which|behind|between|with|from|by|the|he|she|it|they|we|you"
    r"|during|after|before|since|until|under|when|[a-z]+ed\s+by)\b")
# "is the Bank of Calvera's": a possessor that is a name with "of" in it (not "the name of the
# ship's captain", nor "the name of Diop's ministry")
_OF_POSSESSOR = re.compile(r"^(is|was|are|were)\s+the\s+(?:[\w-]+\s+){1,3}of\s+((?:[\w-]+\s+){0,2}[\w-]+['’]s)\s")
_NAMED_POSSESSOR = re.compile(rf"\b(?:is|was|are|were)\s+the\s+(?:[{UPPER}][\w-]*\s+){{1,3}}of\s+"
                              rf"(?:[{UPPER}][\w-]*\s+){{0,2}}[{UPPER}][\w-]*['’]s\s")
# "What will the yearly [rent] be when the lease ends?", "What would the new [fare] become?"
_MODAL_COPULA_FOCUS = re.compile(
    r"(?:will|would|could|might|should|may|must)\s+(?:the|a|an|his|her|its|their|[\w-]+['’]s?)\s+(?:[a-z'-]+\s+){0,3}?"
    r"([a-z]+)\s+(?:be|become)\b")
# ... or ending the question: "What is the new interest [rate]?", "What is the bank's [target]?"
_COPULA_FOCUS_END = re.compile(
    r"(?:is|was|are|were|(?:has|have|had) been)\s+(?:the|a|an|his|her|its|their|[\w-]+['’]s?)\s+(?:(?!of\s)[a-z'-]+\s+){0,5}?([a-z]+)"
    r"(?:\s+(?:now|today|currently|then|so far|this year|last year|next year))?\s*\??$")


# "What did the minister warn?", "What does the report say about wages?", "What did she tell
# reporters?": the verb of saying (or finding) ends the question, but for its object or topic
_REPORTED = re.compile(
    r"^what\s+(?:did|does|do|has|have|had|will|would)\s+\S.*?(?<!\bto)\s+"
    r"(?:(?:tell|told)(?:\s+\S+){1,3}?|(?:say|said|warn|warned|claim|claimed|argue|argued|state|stated|"
    r"announce|announced|insist|insisted|add|added|explain|explained|believe|find|found|suggest|"
    r"report|write|wrote|predict|fear|conclude|admit|deny|note|stress|promise|reveal|confirm|"
    r"acknowledge|assert|allege|declare|urge))"
    # the topic: a few words, no verb of its own ("about the deal", not "on X suggest it has")
    r"(?:\s+(?:about|on|regarding|concerning)(?:\s+(?!(?:is|are|was|were|has|have|had|do|does|did|"
    r"will|would|can|could|should|may|might)\b)[^\s']+){1,6})?\s*\??$")


# "Where is Brazil ranked?", "what is Jacksonville's ranking", "where does it rank", "where is it
# placed on the list": a place in an order is asked for (not "what to rank them by", "what [rank]
# did he hold", "where is the sensor placed")
_RANK = re.compile(
    r"\b(?:where|what|which)\b.*?(?<!\bto )\b(?:ranked|ranking)\b(?!\s+(?:by|as)\b)"
    r"|\bwhere\b.*?\b(?:do|does|did)\b.*?\branks?\b"
    r"|\bwhere\b.*?\b(?:place|placed|positioned)\s+(?:on|in|among)\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:scale|list|ranking|rankings|index|table|league|chart|standings)\b")


# a number that is an age, matched at the number: ", 61," after a name, "aged 61", "age of 61",
# "61-year-old", "61 years old", "(61)" after a name, "who is 61"
_AGE = re.compile(r"(?:(?<=[A-Za-zÀ-ɏ], )|(?<=\baged )|(?<=\bage of )|(?<=[A-Za-zÀ-ɏ] \())"
                  r"\d{1,3}(?=,|\))|\d{1,3}(?=[- ]years?[- ]old\b)|(?<=\baged )\d{1,3}\b"
                  # "Zieliński, now 41, said"
                  r"|(?<=, now )\d{1,3}(?=,)"
                  # "She was 88.", "he is 61;" (the end of a clause)
                  r"|(?:(?<=\bwas )|(?<=\bis ))\d{1,3}(?=\s*[.;]|\s*$)"
                  # "He is 52 and has worked ...", "she was 19 when she moved"
                  r"|(?:(?<=\b[Hh]e is )|(?<=\b[Ss]he is )|(?<=\b[Hh]e was )|(?<=\b[Ss]he was ))\d{1,3}"
                  r"(?=\s+(?:and|when|but)\b|\s*,)"
                  # "Achterberg, who is 71 and chairs ...", "who turned 40 in May"
                  r"|(?:(?<=\bwho is )|(?<=\bwho was )|(?<=\bwho turns )|(?<=\bwho turned ))\d{1,3}"
                  r"(?![\d,.%]|\s*(?:per|percent|years?|months?|weeks?|days?|hours?)\b)")


# "how [heavy]", "how [far]": a measure is asked for, a number with its unit
_MEASURES = frozenset("""heavy tall far big fast high deep wide large hot cold warm loud steep thick
    wealthy rich expensive costly strong""".split())


# "How far / tall / deep ...?": a physical measure, counted in a unit of measure (stemmed) rather
# than in things ("140 kilometres", not "12 ships")
_PHYSICAL = re.compile(r"\bhow\s+(?:far|tall|high|deep|wide|heavy|fast|hot|cold|warm|thick|steep)\b", re.I)
_PHYSICAL_FOCUS = frozenset(stem(w) for w in """temperature distance height depth width weight speed
    altitude elevation diameter radius temp""".split())
_MEASURE_UNITS = frozenset(stem(w) for w in """kilometres kilometers metres meters miles feet foot
    yards inches centimetres millimetres km m cm mm ft kilograms kilos kg grams tonnes tons pounds lbs
    degrees knots mph kph kmh decibels db storeys stories floors percent cent points hectares acres
    litres liters gallons barrels watts kilowatts megawatts gigawatts volts nautical c f kwh mwh gwh
    celsius fahrenheit kbps mbps gbps hz khz mhz ghz""".split()) | {""}
_UNIT_TERMS = _MEASURE_UNITS - {""}  # a unit written after a number: "2 [MWh]", "3,900 [metres]"
_NO_COUNT_UNITS = _TIME_UNITS | _UNIT_TERMS  # what a count of things is not written in: "ninety [seconds]"


def thing_asked(question: str) -> str:
    """What a "What/Which NOUN ...?" question asks about, for a later "it": "What price did rice
    reach on Thursday?" -> "the price" ("" for a kind of answer: "What year ...?", "What share
    ...?")."""
    if not re.match(r"\W*(?:\w+\s+)?(?:what|which)\b", question, re.I):
        return ""  # "How much money has the government released?": "it" is the government
    focus = analyze(question).focus
    return f"the {focus}" if focus and focus not in _KIND_WORDS else ""


def _kind_of_noun(noun: str) -> str:
    """The answer kind a focus noun asks for ("" if it says nothing: "result", "name")."""
    base = stem(noun)
    for kind, nouns in (("person", PERSON_NOUNS), ("place", PLACE_NOUNS), ("date", DATE_NOUNS),
                        ("number", NUMBER_NOUNS), ("duration", DURATION_NOUNS)):
        if noun in nouns or base in nouns:
            return kind
    return "person" if _PERSON_ENDING.fullmatch(noun) else ""


# "Who is Abdoulaye Diop?", "What was the NASUWT?": a name and nothing else after the copula
_DEFINE = re.compile(rf"\s*(?:[Ww]ho|[Ww]hat)\s+(?:is|was|are|were)\s+((?:the\s+)?[{UPPER}][\w.’'-]*(?:\s+(?:[{UPPER}][\w.’'-]*|"
                     r"of|de|bin|al|van|von))*)\s*\??\s*$")
# what follows a name to describe it: ", the architect who ...," or " is a trade magazine ..."
_DESCRIBES = re.compile(r"(?:’s|'s)?(?:\s*\([^()]{1,40}\))?(?:\s*,\s*|\s+(?:is|was|has been|remains)\s+)"
                        rf"(?=(?:the|a|an|[{UPPER}][\w’'-]*(?:’s|'s)|former|chief|deputy)\b)")


def roles_asked(question: str) -> frozenset[str]:
    """The stems of the question's nouns for someone by their role: "director" and "minister" of
    "Who is the director of ...?", "Who is Varnholm's health minister?", and the roles of its verbs:
    "leader" of "Who leads ...?", "head" of "Who heads ...?"."""
    named = {stem(w) for w in re.findall(r"(?<![\w’'])[a-z]+\b(?![’'])", question)
             if w not in _NOT_ROLES and not w.endswith(("s", "’", "'")) and _kind_of_noun(w) == "person"}
    doing = {stem(w) for verb, nouns in doers(question).items() for w in (verb, *nouns)
             if _kind_of_noun(w) == "person"}
    return frozenset(named | doing)


def role_attached(roles: frozenset[str], text: str, a: int, b: int) -> bool:
    """Does ``text`` give the name ``text[a:b]`` one of ``roles``, right before it ("archive
    director [Maren Quist]", "The mayor, [Ilse Brandvold]", "chaired by Prof. [X]") or in an
    apposition after it ("[Tomas Wren], the trust's head of ...")?"""
    def role(word: str) -> bool:  # "chair", "chairman" and "chairwoman" hold one role
        w = stem(fold(word.lower()))
        return w in roles or re.sub(r"(?:wo)?m[ae]n$|person$", "", w) in roles

    for m in _ROLE_WORD.finditer(text, max(0, a - 40), a):
        if role(m.group()) and _ROLE_BEFORE.fullmatch(text, m.end(), a):
            return True
    after = _ROLE_AFTER.match(text, b)
    return bool(after) and any(role(w) for w in _ROLE_WORD.findall(after.group(1)))


_NOT_ROLES = frozenset(("who", "whom", "whose", "person", "people", "man", "woman", "men", "women"))
_ROLE_WORD = re.compile(r"[\w’']+")
# what may stand between a role and the name it is given: "director [X]", "mayor, [X]", "chaired by
# Prof. [X]", "Health Minister [X]", "chair of trustees, [X]" (not "director of [the Authority]")
_ROLE_BEFORE = re.compile(rf"(?:\s+(?:of|at)\s+[^,.;:]{{1,40}},)?\s*,?\s*(?:(?:by|[{UPPER}][\w.’'-]*)\s+)*")
# an apposition after a name, up to its end: ", the authority's director," / ", head of ..."
_ROLE_AFTER = re.compile(r"\s*,\s*([^,.;:()“”\"]{1,60})")


def _described(q: Question, text: str) -> list[tuple[int, int]]:
    """Where ``text`` describes what ``q.defined`` names: the apposition or the predicate after
    it, up to the end of its clause ("Elena Marchetti, [the architect who led the rebuilding of
    Tessel's old town after the 1976 earthquake], has died")."""
    last = re.sub(r"^the\s+", "", q.defined).split()[-1]
    out = []
    for m in re.finditer(rf"(?<![\w-]){re.escape(last)}(?![\w-])", text):
        d = _DESCRIBES.match(text, m.end())
        if d is None:
            continue
        rest = text[d.end():]
        stop = re.search(r"[,;:.!?”\"]\s|[,;:!?”\"]$|\.$|\s[-–—]\s|\s\(", rest)
        b = d.end() + (stop.start() if stop else len(rest))
        if 1 <= len(text[d.end():b].split()) <= 25:
            out.append((d.end(), b))
    return out


def _object_verb(words: list[str], tags: list[str]) -> str:
    """The verb of a question (its words and tags) that asks for its object, as a term: "What
    will Turkey [supply] to Niger's army?", "Who did Rivera [defeat]?" ("" when the wh-word is the
    subject, or for "be"). The bare verb after "did X" is often read as a noun by the tagger
    (trained on statements), so it is taken as the word before the first preposition or the end."""
    low = [w.lower() for w in words]
    wh = next((i for i, w in enumerate(low) if w in _WH_WORDS), None)
    if wh is None:
        return ""
    j = wh + 1
    while j < len(words) and tags[j] in ("NOUN", "PROPN", "ADJ", "NUM") and low[j] not in _AUX:
        j += 1  # "which [company]"
    if j >= len(words) or low[j] not in _DO_OR_MODAL:
        return ""
    stop = next((k for k in range(j + 2, len(words)) if tags[k] in ("ADP", "PART", "PUNCT")), len(words))
    verb = next((k for k in range(j + 2, stop) if tags[k] == "VERB"), stop - 1)
    if verb <= j + 1 or not words[verb].islower() \
            or words[verb].endswith("ly") and not words[verb].endswith(("ply", "rely", "fly")):
        return ""  # an adverb: "What did they find [very quickly]?", but "supply", "rely"
    found = terms(words[verb])
    return found[0] if len(found) == 1 else ""


_TRAILING_TIME = frozenset("now today currently then so far this last next year".split())


def _ends_with_noun(question: str, word: str) -> bool:
    """The question's last word is ``word``, in lower case, and can be a common noun: not a
    participle or an adverb ("originally [called]"), whatever the tagger makes of a question."""
    _, words, tags = _tokens(question.rstrip(" ?.!"), question=True)
    while len(words) > 1 and words[-1].lower() in _TRAILING_TIME:  # "... revenue [now]?"
        words, tags = words[:-1], tags[:-1]
    if not words or words[-1] != word or word.endswith(("ed", "ing", "ly")) and not word.endswith("eed"):
        return False
    return tags[-1] in ("NOUN", "VERB", "PROPN")


def doers(question: str) -> dict[str, tuple[str, str]]:
    """The question's verbs (as terms) with the terms of the nouns for whoever does them: "Who
    [leads] the party?" -> {"lead": ("leader", "leador")}, "Who founded it?" -> founder. A sentence
    naming "the party leader" speaks of what was asked, though the words differ."""
    return dict(_doers(question))


@lru_cache(maxsize=4096)
def _doers(question: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    """``doers``, kept per question: the retriever and ``roles_asked`` both ask for it."""
    _, words, tags = _tokens(question.rstrip(" ?.!"), question=True)
    out: dict[str, tuple[str, str]] = {}
    for word, tag in zip(words, tags):
        if tag == "VERB" and (t := terms(word)) and len(t[0]) > 2:
            out[t[0]] = (t[0] + "er", t[0] + "or")
    return tuple(out.items())


_COMMANDS = frozenset("name list give tell describe explain define show find compare summarise summarize "
                      "please".split())
_DETERMINERS = frozenset("the a an his her its their this that these those".split())
# after a plural noun typed alone, where or when the things were counted ("visitors [to] Azúa")
_COUNTED_WHERE = frozenset("to in at on from for since during per this last".split())
# what someone does for a living is asked: "What does Meireles do for a living?", "What is Sørbø's
# job?", "What did she work as before politics?"
_JOB = re.compile(r"\bfor a living\b|\bwork(?:s|ed)?\s+as\b|(?:'s|’s)\s+(?:job|profession|occupation)\b"
                  r"|\bwhat\s+(?:job|profession|occupation|line of work)\s+(?:does|did|do|is|was|has|had)\b")
# people by what they are rather than what they do for a living
_NO_TRADE = frozenset("""person people man woman men women member citizen resident victim patient
    passenger winner head chief leader candidate nominee son daughter father mother husband wife
    brother sister heir rival opponent companion prisoner inmate defendant suspect witness survivor
    champion successor predecessor replacement counterpart""".split())
_NOT_PLURAL = frozenset("news series species means politics economics physics athletics headquarters".split())
# words that say what kind of answer a question typed without a question word asks for
_ASKED_WORDS = frozenset({"date", "time", "year", "day", "month", "price", "cost", "fee", "fare", "rent",
                          "population", "age", "salary", "size", "length", "height", "weight", "capacity",
                          "budget", "value", "total", "number", "score", "speed", "temperature", "temp",
                          "distance", "deadline"})
# the words after "the name of", up to where a clause or a phrase after the noun starts
_NAME_OF = re.compile(r"\bname of\s+((?:(?!who\b|that\b|which\b|whose\b|in\b|at\b|on\b|from\b|for\b|over\b)"
                      r"[\w'’-]+\s*){1,4})")
_LEADING = re.compile(r"\A\s*(?:and|but|so|also|ok|okay)\b[\s,]*", re.IGNORECASE)


def as_asked(question: str) -> str:
    """A question typed without a question word, as the question it stands for: "population of
    Dunmarra?" as "What is the population of Dunmarra?", "Mihály Farkas age" as "What is the age
    of Mihály Farkas?" (a name, then a noun). Unchanged if it has a question word, or opens with
    a verb ("Is it ...?", "Name the ...")."""
    q = question.strip()
    if _WH.search(q):
        return question
    rest = _LEADING.sub("", q, count=1) or q
    spans, words, tags = _tokens(rest.rstrip(" ?.!"), question=True)
    if not words or words[0].lower() in _AUX or words[0].lower() in _COMMANDS \
            or tags[0] in ("VERB", "AUX") and not words[0][:1].isupper():
        return question
    if len(words) > 1 and tags[-1] == "NOUN" and words[-1].islower() \
            and all(t in ("PROPN", "PART") or w in ("’s", "'s") for w, t in zip(words[:-1], tags[:-1])):
        body = rest.rstrip(" ?.!")
        name = re.sub(r"\s*['’]s?$", "", body[:body.rfind(words[-1])].strip())
        return f"What is the {words[-1]} of {name}?"
    # "harbour board spokesperson name", "lead inspector name kelby fire inquiry": someone's name
    at = next((i for i in range(1, len(words)) if words[i].lower() == "name"
               and _kind_of_noun(words[i - 1].lower()) == "person"), None)
    if at is not None:
        body = rest.rstrip(" ?.!")
        about = body[spans[at][1]:].strip()
        return f"What is the name of the {body[:spans[at][0]].strip()}{' of ' + about if about else ''}?"
    # "open day date carn dubhrach", "fireworks start time harbour feast": the word for what is asked,
    # then what about, with no "of" between
    kind_at = next((i for i in range(len(words) - 1) if words[i].lower() in _ASKED_WORDS
                    and tags[i] == "NOUN" and words[i + 1].lower() not in _ASKED_WORDS | _COUNTED_WHERE | {"of", "for"}),
                   None)
    if kind_at is not None:
        body = rest.rstrip(" ?.!")
        cut = spans[kind_at][1]
        return f"What is the {body[:cut].strip()} of {body[cut:].strip()}?"
    if tags[0] == "NOUN" and re.fullmatch(r"[a-z]+[^su]s", low := words[0].lower()) and low not in _NOT_PLURAL \
            and (len(words) == 1 or words[1].lower() in _COUNTED_WHERE):
        return f"How many {low}{rest.rstrip(' ?.!')[len(low):]}?"  # "visitors to San Telmo in 2024": a count
    lead = "What is " if words[0].lower() in _DETERMINERS else "What is the "
    return lead + rest[0].lower() + rest[1:] if tags[0] != "PROPN" else lead + rest


_SAID_TO_BE = re.compile(
    r"(what|which\s+\w+|who|when|where|how\s+\w+)\s+(?:did|does|do)\s+(?:\S+\s+){1,4}?"
    r"(?:say|think|believe|estimate|expect|claim)\s+(?:that\s+)?"
    r"(?:(was|is|were|are)\s+(.+?)|(.+?)\s+(was|is|were|are))\s*\??$")


def _unreported(low: str) -> str:
    """A question about what someone said something is, as the question about the thing itself:
    "what did she say the water temperature was?" -> "what was the water temperature?", "what did
    quellon say was behind the rise?" -> "what was behind the rise?" (folded text)."""
    m = _SAID_TO_BE.fullmatch(low.strip())
    if m is None:
        return low
    wh, be, rest = m.group(1), m.group(2) or m.group(5), m.group(3) or m.group(4)
    return f"{wh} {be} {rest}?"


# "What caused / sparked / prompted ...?": what made it happen, a cause
_CAUSE_ASKED = re.compile(r"\W*(?:and\s+)?what\s+(?:caused|causes|sparked|triggered|prompted|started|set\s+off|led\s+to|"
                          r"led|made|makes|drove|pushed|forced|killed|spurred|persuaded|convinced|inspired)\b")


def analyze(question: str) -> Question:
    q = as_asked(question).strip()
    # "What did she say the water temperature was?" asks what "What was the water temperature?" asks
    low = _unreported(fold(q))
    words = set(re.findall(r"[a-z0-9]+", low.replace("'", "")))
    words.update(re.findall(r"[a-z0-9]+", low.replace("'s", "")))  # "Russia's" as the answer sees it
    kind, focus, measure = "thing", "", False
    m = _WH.search(low)
    wh = m.group(1) if m else ""
    after = low[m.end():].split() if m else low.split()
    nxt = re.sub(r"[^a-z0-9]", "", after[0]) if after else ""
    if re.search(r"\bhow (many|much)\b", low) or nxt in ("number", "percentage"):
        kind = "number"
    elif wh == "how" and nxt in _MEASURES:  # "How heavy is it?": "780-kilogram", "100 kilometres"
        kind, measure = "number", True
    elif re.search(r"\bhow (?:often|frequently)\b", low):
        kind = "duration"  # "How often ...?": "once every eight weeks", "every five years"
    elif re.search(r"\bhow soon\b", low):
        kind = "duration"  # "How soon will they get their money back?": "within 14 days"
    elif re.search(r"\bhow (long|old)\b", low):
        kind = "duration" if "long" in low.split("how", 1)[1][:6] else "number"
    elif re.search(r"\b(?:over|for|within)\s+(?:what|which)\s+(?:period|span|timeframe|time\s?frame)\b", low):
        kind = "duration"  # "Over what period will it be phased out?": "five years", not "2032"
    elif wh == "when" or re.search(r"\b(what|which|in what|in which)\s+(year|date|month|day|decade|century|time|hours?)\b", low):
        kind = "date"
    elif wh == "where":
        kind = "place"
    elif wh in ("who", "whom", "whose"):
        kind = "person"
    elif wh == "why" or _CAUSE_ASKED.match(low):
        kind = "reason"  # "What caused the fire?" asks why there was one: "[an electrical fault]"
    elif wh == "how":
        kind = "manner"
    elif wh in ("what", "which"):
        # "what/which [adjectives] NOUN ...": the first noun-ish word decides
        skip = {"the", "a", "an", "kind", "type", "sort", "of", "two", "other", "new", "main",
                "former", "current", "largest", "first", "last", "best", "worst", "biggest", "oldest",
                "youngest", "highest", "lowest", "longest", "fastest",
                # a modifier before the noun asked about: "What [top] speed", "What [annual] fee"
                "top", "maximum", "max", "minimum", "average", "annual", "yearly", "monthly",
                "weekly", "daily", "estimated", "exact", "overall", "final", "original", "official"}
        for i, w in enumerate(after[:4]):
            w = re.sub(r"[^a-z]", "", w)
            if not w or w in skip:
                continue
            focus = w
            nxt_w = re.sub(r"[^a-z]", "", after[i + 1]) if i + 1 < len(after) else ""
            if i == 0 and nxt_w in _DETERMINERS and w not in _AUX and _kind_of_noun(w):
                focus = ""  # "What limits the cycle's efficiency?": a verb, asked for its subject
                break
            if (nxt_w in PERSON_NOUNS or _PERSON_ENDING.fullmatch(nxt_w)) and _kind_of_noun(w) != "person" \
                    or nxt_w in NUMBER_NOUNS and not _kind_of_noun(w):
                focus = nxt_w  # "Which union [official] ...?", "What pay [offer] ...?"
            break
        if after[:1] == ["of"]:  # "Which of the escaped [prisoners] ...?": the noun, past its adjectives
            _, words_q, tags_q = _tokens(" ".join(after[1:6]))
            focus = next((w.lower() for w, t in zip(words_q, tags_q) if t == "NOUN" and w.isalpha()), focus)
        if focus in _AUX:
            # "What was the [result] of the vote?", "What is the [capital] of Mali?"; "the Bank of
            # Calvera's base [rate]" is the base rate of whoever the possessive names
            joined = " ".join(after)
            if _NAMED_POSSESSOR.search(q):
                joined = _OF_POSSESSOR.sub(r"\1 \2 ", joined)
            m2 = _COPULA_FOCUS.match(joined)
            if m2 is None and (m4 := _MODAL_COPULA_FOCUS.match(joined)) and _kind_of_noun(m4.group(1)) != "person":
                m2 = m4  # "What will the yearly [rent] be ...?" (but "What will a [welder] be paid?" asks
                # what he is paid)
            if m2 is None and (m3 := _COPULA_FOCUS_END.match(" ".join(after))) is not None \
                    and _ends_with_noun(q, m3.group(1)):
                m2 = m3  # "What is the new interest [rate]?", not "What is the Grand Canyon?" or
                # "What was the museum originally [called]?"
            focus = m2.group(1) if m2 and m2.group(1) not in skip else ""
        kind = _kind_of_noun(focus) or kind
    plural = bool(focus) and focus.endswith("s") and not focus.endswith("ss") and stem(focus) != focus
    spans, toks, tags = _tokens(q)
    if not any(t in ("VERB", "AUX") for t in tags):
        tags = _tags(toks, question=True)  # "Which charity [paid] for ...?": a verb, not the noun asked for
    left, right, head = _answer_context(spans, toks, tags)
    if head and wh in ("what", "which"):
        focus = head
        if kind == "thing" and (head_kind := _kind_of_noun(head)) in ("person", "place", "number"):
            kind = head_kind
        plural = head.endswith("s") and not head.endswith("ss") and stem(head) != head
    elif kind == "number" and wh == "how" and after[:1] in (["many"], ["much"]):
        # "how many [species] of ...": the count stands next to the word it counts
        for w in (re.sub(r"[^a-z]", "", w) for w in after[1:3]):
            if w not in ("more", "different", "other"):
                focus = "" if w in _AUX or w in STOPWORDS else w
                break
        # ... and a noun before another is its modifier: "how many funding [bodies]", "how many
        # ground-handling [staff]"
        low_toks = [t.lower() for t in toks]
        if focus and focus in low_toks and after[0] == "many":
            i = low_toks.index(focus)
            while i + 1 < len(toks) and tags[i + 1] == "NOUN" and toks[i + 1][:1].islower():
                i += 1
            focus = low_toks[i]
    if kind == "thing" and focus == "name" and (named_of := _NAME_OF.search(low)) is not None \
            and any(_kind_of_noun(w) == "person" for w in named_of.group(1).split()):
        kind = "person"  # "What is the name of the customs [officer] who ...?": someone's name
    figure = stem(focus) == stem("figure")
    if figure and not re.search(r"\b(?:what|which)\s+figures?\b", low):
        kind = "person"  # "What figure did the poll give her?" asks for a number; "What historical
        # figure was it named after?" for someone
    if (kind == "thing" or figure) and focus and wh in ("what", "which") \
            and (pre := re.search(r"([a-z]+)\s+" + re.escape(focus) + r"\b", low)) \
            and _kind_of_noun(pre.group(1)) == "number":
        kind = "number"  # "the expected price [tag]", "the population [figure]": the noun before says
        # what is asked for
    if kind in ("thing", "date") and _WHAT_COSTS.search(low):
        kind, focus = "number", ""  # "What is the strike costing firms every day?": a sum, not "day"
    if stem(focus) == "term" and re.search(r"\b(?:prison|jail|custodial)\s+terms?\b", low):
        kind = "duration"  # "What is the longest prison term they could face?": "12 years"
    if kind == "place" and focus == "area" and _SIZE_AREA.search(low):
        kind = "number"  # "What is the total area of the park?": "1,140 square kilometres"
    if kind == "thing" and stem(focus) == "level" and wh in ("what", "which") \
            and not re.search(r"\blevels?\s+of\b", low):
        kind = "number"  # "What level are the reservoirs at?": "19 per cent" (not "what level of ...")
    age = bool(re.search(r"\bhow old\b|\b(?:what|which) ages?\b", low)) or focus == "age" and wh == "what"
    if age:
        kind = "number"
    yesno = not wh and bool(after) and after[0] in _AUX
    said = wh == "what" and _REPORTED.match(low.rstrip(" ?.")) is not None
    rank = not said and _RANK.search(low) is not None
    if rank:  # a place in an order: "third", "12th", "second-largest"
        kind, focus, plural = "number", "", False
    if said:  # "What did the chief [executive] tell reporters?": no noun or person is asked for
        kind, focus, plural = "thing", "", False
    d = _DEFINE.match(q)
    defined = d.group(1) if d else ""
    acted = _object_verb(toks, tags) if wh in ("what", "which", "whom") or wh == "who" and re.match(
        r"\s*who\s+(?:did|does|do|will|would|can|could)\b", low) else ""
    if kind == "thing" and not focus and acted in _AMOUNT_VERBS \
            or kind == "thing" and re.search(r"\b(?:worth|cost)\s*\??$", low):
        kind = "number"  # "What will the device cost?", "What did she earn?", "What is it worth?", "What
        # did the police operation for the feast cost?": a sum
    count = bool(re.search(r"\bhow many (?!of\b)", low)) \
        and not re.search(r"\bper ?cent|percentage|share|proportion", low)
    unit = _unit_asked(low, kind, focus, acted)
    length = kind == "duration" and re.match(
        r"\s*how long (?:is|was|are|were\b|(?:will|would|could|should|might)\b.*\bbe\b)", low) is not None
    event = wh == "what" and re.match(
        r"\s*what\s+(?:(?:has|have|had|will|would|might|could)\s+)?happen(?:s|ed)?\b", low) is not None
    if event:
        kind, focus, plural = "thing", "", False
    job = wh == "what" and _JOB.search(low) is not None
    if job:
        kind, focus, plural = "thing", "", False
    clock = kind == "date" and re.search(r"\b(?:what|which)\s+(?:times?|hours?)\b(?!\s+of\s+(?:the\s+)?year)",
                                         low) is not None
    naming = kind == "thing" and wh == "what" and _NAMING_ASKED.search(low) is not None
    focus_stem = stem(focus) if focus else ""
    physical = measure and _PHYSICAL.search(q) is not None or focus_stem in _PHYSICAL_FOCUS
    return Question(q, kind, focus=focus, plural=plural, terms=set(terms(q)), words=words,
                    left=left, right=right, said=said, age=age, yesno=yesno, rank=rank,
                    measure=measure, count=count, defined=defined, acted=acted, clock=clock,
                    length=length, unit=unit, event=event, job=job, naming=naming,
                    named=kind == "thing" and stem(focus) in _NAMED_FOCUS and not plural
                    and not re.search(r"\b(?:types?|kinds?|sorts?|forms?)\s+of\b", low),
                    how_much=_HOW_MUCH.search(q) is not None,
                    earlier=kind == "date" and _EARLIER.search(q) is not None,
                    before=_BEFORE.search(q) is not None, vote=_VOTE.search(q) is not None,
                    physical=physical,
                    distance=physical and re.search(r"\bhow\s+(?:far|tall)\b", q, re.IGNORECASE) is not None,
                    part_asked=re.search(r"\bhow\s+many\s+of\b", q, re.IGNORECASE) is not None,
                    level_asked=kind == "number" and (focus_stem in _LEVEL_FOCUS or _LEVEL_VERB.search(q) is not None)
                    and not _DELTA_ASKED.search(q),
                    **asked_words(q))


def asked_words(text: str) -> dict[str, bool]:
    """The Question fields read from the question's words alone (``what_year``, ``now_asked``,
    ``how_long``)."""
    return {"what_year": re.search(r"\b(?:what|which)\s+year\b", text, re.IGNORECASE) is not None,
            "now_asked": _NOW.search(text) is not None,
            "how_long": re.search(r"\bhow\s+long\b", text, re.IGNORECASE) is not None}


# what marks a share or a sum in the number's span, just before it or just after it: "38%",
# "25.9 per cent", "€349", "USD 2m", "90 million euros", "410 million złoty"
_CURRENCY = (r"(?:dollars?|euros?|pounds?|sterling|yen|yuan|renminbi|francs?|kron[aeor]r?|crowns?|rupees?|pesos?|"
             r"rand|roubles?|rubles?|liras?|dinars?|dirhams?|riyals?|shillings?|naira|cedis?|baht|zlotys?|"
             r"złoty|złotych|forints?|koruna|korun|lei|rupiah|ringgit|pence|cents?|centimes?|"
             r"ducats?|guilders?|florins?|escudos?|pesetas?|drachmas?|lire|thalers?|shekels?|hryvnias?|reais|"
             r"kwacha|leva|kuna)")
_SHARE = r"%|\bper ?cent\b|\bpercent\b|\bpercentage points?\b"
_SYMBOL = r"[$€£¥₹₩₽₺₦]|(?-i:\b[A-Z]{3}\b)"
# (in the span, right after it, at the end of the few characters before it)
_UNIT_MARK = {
    "share": (re.compile(_SHARE + r"|\b(?:half|thirds?|quarters?|fifths?)\b"
                         r"|\b(?:one|two|three|four|five|\d+)\s+(?:in|out of)\s+(?:every\s+)?[\w,]+", re.IGNORECASE),
              re.compile(r"\s*(?:" + _SHARE + ")", re.IGNORECASE), None),
    "money": (re.compile(_SYMBOL + r"|\b" + _CURRENCY + r"\b", re.IGNORECASE),
              # ... a currency named for its country: "2.40 [Basin] francs", "300 [Hong Kong] dollars"
              re.compile(r"\s*(?:(?:million|billion|trillion|thousand|bn|m)\s+)?(?:of\s+)?(?-i:[A-Z][a-z]+\s+){0,2}"
                         + _CURRENCY + r"\b"
                         # a price in a currency of its own: "1.92 castelos a litre"
                         r"|\s+(?!(?:percentage|percent|points?|people|persons|times|in|on|at|for|of|to|by)\b)"
                         r"[^\W\d_]+\s+(?:a|per)\s+(?:litre|liter|gallon|kilo|kilogram|kg|tonne|ton|barrel|"
                         r"share|ticket)\b", re.IGNORECASE),
              re.compile(r"(?:" + _SYMBOL + r")\s*$")),
}


def _unit_marked(unit: str, text: str, a: int, b: int) -> bool:
    """Whether the number ``text[a:b]`` is in the ``unit`` asked for: its span, the words right
    after it ("%", "per cent", "million euros") or the characters right before it ("€", "USD ")
    say so."""
    inside, after, before = _UNIT_MARK[unit]
    return bool(inside.search(text, a, b) or after.match(text, b)
                or before is not None and before.search(text[max(0, a - 5):a]))


_CURRENCY_TERMS = frozenset(stem(w) for w in "dollars euros pounds yen francs rupees pesos".split())
# a year as a year: "in 2018", "since 2020", "the 2024 election" (not "2,340 people" or "2018 votes")
_YEAR_AS_YEAR = re.compile(r"\b(?:in|since|by|until|till|from|before|after|of|during|early|late|mid|"
                           r"the|than|year|between|and|to|with)[\s-]+(?:1[5-9]|20)\d\d(?!\d|,\d)"
                           # not counting something: "attended by 2000 guests"
                           r"(?!\s+(?!(?:and|or|to|in|on|at|for|of|when|while|as|with|after|before|but|from)\b)[a-z]{3,})", re.IGNORECASE)


_MONEY_NOUNS = frozenset("""price cost salary wage fee fare fine reward ransom bill money cash funding
    compensation damages payout bonus donations sum rent deposit pension subsidy toll allowance grant""".split())
# "How much prize [money] ...?", "How much public [funding] ...?": the noun after the first says what
_MONEY_AFTER = re.compile(r"\bhow much\s+(?:[\w-]+\s+){1,2}?(?:money|cash|funding|funds|revenue|profits?|income|aid)\b")
# "How much did they pay / is it worth / will it cost?": a sum
_MONEY_ASKED = re.compile(r"\bhow much\b(?:\s+\S+){0,12}?\s+(?:cost|costs|pay|paid|pays|earn|earns|earned|spend|"
                          r"spent|spends|charge|charged|charges|worth|fetch|fetched|owe|owed|owes|fined?|"
                          r"invest|invested)\b"
                          # "What did the police operation for the feast cost?", "What is the strike
                          # costing firms?"
                          r"|^what\b.*\bcost(?:s|ing)?\b")


def _unit_asked(low: str, kind: str, focus: str, acted: str) -> str:
    """The unit a number question asks in: "share" for a percentage, "money" for a sum, or ""."""
    if kind != "number":
        return ""
    if re.search(r"\b(?:what|which|by what)\s+(?:\w+\s+)?(?:percentage|percent|per cent|percentile)\b", low) \
            or focus in ("proportion", "portion", "share", "stake", "fraction") \
            and not re.search(r"\bshares?\s+(?:price|prices|capital|buy-?backs?|sales?|offering)\b", low):
        return "share"  # "What proportion of the homes ...?", "What stake does it hold?": "35%"
    if focus in _MONEY_NOUNS or acted in _MONEY_VERBS or _MONEY_ASKED.search(low) \
            or re.search(r"\bworth\s*\??$", low) or _MONEY_AFTER.search(low):
        return "money"
    return ""


# "What does a bottle cost ...?", "What is the strike costing ...?": what something costs
_WHAT_COSTS = re.compile(r"^\W*what\s+(?:is|are|was|were|will|would|does|do|did|has|have|had)\s+(?:\S+\s+){1,10}?"
                         r"(?:cost|costs|costing)\b")
_AMOUNT_VERBS = frozenset(terms("cost costs weigh weighs earn earns pay pays spend spends"))
_MONEY_VERBS = frozenset(terms("cost costs earn earns pay pays spend spends"))
_AUX = frozenset("do does did is was are were be been has have had can could will would shall "
                 "should may might must".split())
_DO_OR_MODAL = frozenset("do does did will would can could shall should may might must".split())
_WH_WORDS = frozenset("who whom whose what which when where why how".split())


_OF_WORDS = frozenset("kind kinds type types sort sorts form forms name names variety".split())


def _answer_context(spans: list[tuple[int, int]], words: list[str],
                    tags: list[str]) -> tuple[set[str], set[str], str]:
    """Turn the question (its tokens, words and tags) around its wh-word into the words a
    declarative answer sentence would have before and after the answer: "What did the queen open
    in Newcastle?" -> left {queen, open}, right {newcastle}; "What conjecture holds that ...?" ->
    right {hold, ...}."""
    if not words:
        return set(), set(), ""
    low = [w.lower() for w in words]
    wh = next((i for i, w in enumerate(low) if w in _WH_WORDS), None)
    if wh is None:
        return set(), set(), ""
    before = " ".join(words[:wh])
    j = wh + 1
    if low[wh] in ("how",) and j < len(words) and tags[j] in ("ADJ", "ADV"):
        j += 1  # how many / how long
    while j < len(words) and (tags[j] in ("NOUN", "PROPN", "ADJ", "NUM") or low[j] in ("kind", "type", "of")):
        j += 1  # the focus phrase: "what German general"
        if j + 1 < len(words) and low[j] == "-" and spans[j][0] == spans[j - 1][1]:
            j += 2  # a hyphenated word: "which Kremlin-linked contractor"
    # the head noun: "what [actress]", "which [descendant] of Genghis Khan", but "what kind of
    # [chloroplasts]"
    of = next((k for k in range(wh + 1, j) if low[k] == "of"), j)
    if not any(tags[k] in ("NOUN", "PROPN") and low[k] not in _OF_WORDS for k in range(wh + 1, of)):
        of = j
    head = next((low[k] for k in range(of - 1, wh, -1) if tags[k] in ("NOUN", "PROPN")), "")
    rest = words[j:]
    if j < len(words) and low[j] in _AUX:
        verb = next((k for k in range(j + 1, len(words)) if tags[k] == "VERB"), None)
        if verb is not None:  # "what did [the queen open] [in Newcastle]"
            left = " ".join(words[j + 1:verb + 1])
            right = " ".join(words[verb + 1:])
        else:  # "what is [the capital of France]": either side
            left = right = " ".join(words[j + 1:])
    else:  # the wh-phrase is the subject: "[what conjecture] holds that ..."
        left, right = "", " ".join(rest)
    return set(terms(before + " " + left)), set(terms(right)), head


# ---------------------------------------------------------------------------------------------
# Candidate spans in a sentence
# ---------------------------------------------------------------------------------------------

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
           r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# between two dates that make one span of time: "April [to] August", "1981[–]2003"
_DATE_JOIN = re.compile(r"\s*(?:-|–|\bto\b|\buntil\b)\s*")
_HOW_MUCH = re.compile(r"\bhow much\b(?! (?:time|longer)\b)", re.IGNORECASE)  # a sum or amount, not a time
_DATE = re.compile(
    r"\b(?:(?:the\s+)?(?:night|morning|evening|end|beginning|middle|(?:(?:first|second|third|fourth|final|last)\s+)?"
    r"(?:quarter|half))\s+of\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"(?:,?\s+\d{4})?"
    r"|" + _MONTHS + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?)?(?:,?\s+\d{4})?"
    r"|(?:early|mid|late)[-\s]\d{4}s?|\d{4}s"
    # a span of years, a season of a year: "1321 to 1323", "1500 and 1850", "the summer of 1521"
    r"|(?:between\s+)?(?:1[0-9]|20)\d{2}\s+and\s+(?:1[0-9]|20)\d{2}"
    r"|(?:1[0-9]|20)\d{2}\s+(?:to|until|through)\s+(?:1[0-9]|20)\d{2}"
    r"|(?:spring|summer|autumn|fall|winter)\s+of\s+(?:1[0-9]|20)\d{2}"
    r"|\d{1,5}(?:\s*[-–]\s*\d{1,5})?\s+(?:BC|BCE|AD|CE)(?![\w-])"  # "3127–3126 BC", "AD 79" is rare
    r"|(?:1[0-9]|20)\d{2}(?:\s*[-–]\s*\d{2,4})?"
    r"|(?:(?:late|early)\s+(?:on\s+)?)?" + _WEEKDAYS + r"(?:\s+(?:morning|evening|night|afternoon))?"
    r"|(?:last|next|this|earlier this|later this)\s+(?:year|month|week|weekend|spring|summer|autumn"
    r"|fall|winter)"
    # a time of day: "shortly after midnight", "before dawn"
    r"|(?:(?:shortly|just|soon|well|hours|minutes)\s+)?(?:before|after)\s+(?:midnight|noon|dawn|dusk"
    r"|daybreak|sunrise|sunset)|midnight|noon"
    r"|(?:(?:early|mid|late)[-\s])?(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)[-\s]+century"
    # a time reckoned back from now: "66 million years ago"
    r"|(?:about\s+|some\s+|around\s+|~)?\d[\d,.]*(?:\s+(?:thousand|million|billion))?\s+"
    r"(?:years?|decades?|centuries|months?|weeks?|days?)\s+ago)\b"
)
_NUMWORDS = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
             r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
             r"eighty|ninety|hundred|thousand|million|billion|dozen|hundreds|thousands|millions|"
             r"billions|dozens|half|several|a few)")
_ORDINAL = re.compile(
    r"(?<![\w-])(?:\d{1,4}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
    r"nineteenth|twentieth|thirtieth|fortieth|fiftieth|hundredth)(?:-[a-z]+est)?(?![\w-])", re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\w-])(?:half\s+an?|(?:a|one)\s+(?:quarter|third|fifth|sixth|tenth)(?:\s+of\s+an?)?|"
                       r"(?:two|three|four|seven|nine)[\s-](?:thirds|quarters|fifths|tenths)(?:\s+of\s+an?)?)(?=\s)",
                       re.IGNORECASE)
_NUMWORD = re.compile(_NUMWORDS + r"|trillion|trillions|percent|per cent")
_NUMBER = re.compile(
    r"(?<![\w.])(?<![A-Za-z]-)(?:(?:about|approximately|around|nearly|almost|over|more than|less than|some|"
    r"at least|up to)\s+)?(?:[$€£]\s?)?(?:\d(?:,?\d)*(?:\.\d+)?(?::\d\d)?(?:\s?[-–]\s?\d(?:,?\d)*(?:\.\d+)?)?"
    # "142mm", "37.4km/h", "1.2GW": a unit written on; "£30m", "$2bn": the multiplier written on
    r"(?:(?:km/h|mm|cm|km|kg|mg|ml|mph|kph|kmh|hPa|GWh|MWh|kWh|GW|MW|kW|ft|lbs?)(?![\w/])|(?:bn|mn|m|k|tn)(?!\w))?"
    r"|" + _NUMWORDS + r"(?!\w)|once|twice|thrice)"
    r"(?:[\s-]+(?:" + _NUMWORDS + r"|percent|per cent|thirds|quarters|fifths|tenths)(?!\w))*"
    r"(?:\s*%|\s?°\s?[CFK]\b|\s?°|(?<=\d)[CF](?![\w-]))?",  # "46.1C", like "46.1 °C"
    re.IGNORECASE,
)
_AM_PM = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
# "3 a.m.", "9.40am" (British), "03:17 local time", "14:32 BST"
# a name and a comma, as before an age ("Iñaki Ortúzar, 47, ran ...")
_AFTER_NAME = re.compile(rf"[{UPPER}][\w’'.-]*,\s$")
_DATE_FOCUS = stem("date")
# hours, minutes and seconds, as a race or a journey is timed: "2:08:47", "1:02:03.4"
_RACE_TIME = re.compile(r"(?<![\d:.])\d{1,2}:[0-5]\d:[0-5]\d(?:\.\d+)?(?![\d:])")
# a time of day written as four figures and a zone: "1400 GMT", "0930 local time"
_HOURS_TIME = re.compile(r"[0-2]\d[0-5]\d\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|local time|hours|hrs|h)\b")
_CLOCK = re.compile(r"(?<![\w:.,])(?:\d{1,2}(?:[:.]\d{2})?" + _AM_PM.pattern
                    + r"|\d{1,2}:\d{2}(?:\s+(?:local\s+time|GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT))?"
                    + r"|\d{1,2}\.\d{2}\s+(?:local\s+time|GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT))(?![\w:])",
                    re.IGNORECASE)
# a span ending in a word for a time, which no place is
_WHEN_NOT_WHERE = re.compile(r"\b(?:" + _WEEKDAYS + r"s?|" + _MONTHS + r"|(?:night|morning|evening|afternoon|day|week|"
                             r"month|year|decade|century|hour|minute|weekend)s?|GMT|UTC|BST|CET)$", re.IGNORECASE)
_ERAS = frozenset(("bc", "bce", "ad", "ce", "bp"))  # "13,000 BP", "390 BC"
# lengths of time longer than a day, which no time of day is
_LONG_TIME = re.compile(r"\b(?:days?|weeks?|fortnights?|months?|years?|decades?)\b", re.IGNORECASE)
_WHEN_ASKED = re.compile(r"\s*(?:(?:and|so|but)\s+)?when\b", re.IGNORECASE)  # "When ...?", "And when ...?"
# the words a number answering "when" may carry: a unit of time, a time of day, a bound
_WHEN_WORDS = re.compile(r"\b(?:about|around|roughly|nearly|almost|over|under|within|in|after|at|by|up to|more than"
                         r"|less than|least|early|late|mid|local time|GMT|UTC|BST|CET|o['’]clock|" + "|".join(sorted(_ERAS)) + "|"
                         + _NUMWORDS + r")\b"
                         r"|\b" + _TIME_WORD + r"|(?:a\.m\.|p\.m\.|am|pm)\b", re.IGNORECASE)
# a bound, or "for", that opens a number span asked for as an age: "about 40", "for nine years"
_AGE_BOUND = re.compile(r"(for\s+)?(?:(?:about|around|roughly|nearly|almost|over|under|more\s+than)\s+)?",
                        re.IGNORECASE)
# what an unmarked number asked for as an age is not: a decimal, a vague number or a number of
# other things than years, months, weeks or days (the span ends with the noun counted)
_NOT_AN_AGE = re.compile(r"\d\.\d|o['’]clock|^(?:several|many|few|a few|dozens|hundreds|some|(?:a\s+)?(?:half|quarter"
                         r"|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+(?:teen|ie)th))\b"
                         r"|\s(?!(?:years?|months?|weeks?|days?|old|" + _NUMWORDS + r")$)[a-z]+$", re.IGNORECASE)
_FREQUENCY = re.compile(
    r"\b(?:(?:once|twice|(?:\d+|" + _NUMWORDS + r")\s+times)\s+(?:a|an|per|each)\s+\w+"
    r"|(?:(?:once|twice|(?:\d+|" + _NUMWORDS + r")\s+times)\s+)?every\s+(?:(?:\d+|" + _NUMWORDS
    + r"|other|few)\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?)"
    r"|(?:hourly|daily|weekly|fortnightly|monthly|quarterly|annually|yearly))\b", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(_MONTHS + r"\s+$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS)
_RANGE_JOIN = re.compile(r"\s+(?:to|and|or)\s+")  # between two numbers: a range or a pair
_UNIT = re.compile(r"%|\bper ?cent\b|°", re.IGNORECASE)
_CHANGE_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|some\s+)?(?:[$€£]\s?)?$", re.IGNORECASE)
# ... and the other end of a change "from X to Y" or "to Y from X": seen from a value, what
# precedes it ("from 4.00% [to] 3.75%", "to 3.75% [from] 4.00%") or follows it ("4.00% [to 3.75%]")
_ABOUT_SUM = r"(?:about\s+|around\s+)?(?:[$€£]\s?)?"  # "about", "€" before a value
_UNIT_WORD = r"(?:%|per ?cent|[a-z]+)"  # "%", "per cent", "metres" after one


def _change(first: str, then: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For a change written "<first> X <then> Y": the text before Y ending it, and the text after
    X up to Y's first digit."""
    return (re.compile(rf"\b{first}\s+{_ABOUT_SUM}\d[\d,.]*\s?{_UNIT_WORD}?\s+{then}\s+{_ABOUT_SUM}$",
                       re.IGNORECASE),
            re.compile(rf"(?:\s?{_UNIT_WORD})?\s+{then}\s+{_ABOUT_SUM}\d", re.IGNORECASE))


_CHANGE_TO, _NEXT_TO = _change("from", "to")
_CHANGE_TO_FROM, _NEXT_FROM = _change("to", "from")
_BEFORE = re.compile(r"\b(?:before|previous(?:ly)?|prior|originally|used to|former(?:ly)?|old)\b", re.IGNORECASE)
# a length of time without a number, when something says it is one: "for [at least] a week",
# "more than a year", "within an hour" (not "twice a day", "€50 a month")
_A_DURATION = re.compile(
    r"\b(?:(for|over|within)\s+)?(?:(at least|about|nearly|almost|more than|less than|under|up to|around|"
    r"roughly|just over|just under|another|only)\s+)?(?:a|an)\s+(?:year|month|week|fortnight|day|hour|minute|"
    r"decade|century)\b(?![\s-]+(?:old|long|ago)\b)", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(?:(?:for|over|about|nearly|almost|more than|less than|at least|up to|around|roughly"
    r"|just (?:under|over))\s+)?"  # "at least three weeks", "just under 19 hours"
    # "515 million years", "five to ten years"
    r"(?:(?:\d[\d,.]*|" + _NUMWORDS + r")(?!\w)\s*(?:to|-|–)\s*)?"
    r"(?:\d[\d,.]*(?:\s+(?:thousand|million|billion))?|" + _NUMWORDS + r")"
    r"(?!\w)[\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries)\b"
    # "a decade-long deployment", "a year-long inquiry"
    r"|\b(?:centur(?:y|ies)|decades?|years?|months?|weeks?|days?|hours?)-long\b",
    re.IGNORECASE,
)
# a quotation closed by its own kind of mark; inside “...” or ‘...’ an apostrophe between letters is
# part of a word ("“Don’t Mute Halloran”")
_QUOTED = re.compile(r"“((?:[^“”\"‘’]|(?<=\w)’(?=\w)){2,120})”|\"([^“”\"]{2,120})\""
                     r"|‘((?:[^“”\"‘’]|(?<=\w)’(?=\w)){2,120})’")
_NAME_JOIN = frozenset({"of", "bin", "ibn", "al", "el", "de", "del", "della", "da", "di", "du",
                        "van", "von", "der", "den", "la", "le", "y", "and", "dos", "das"})
# name particles that come in pairs: "van der", "de la", "van den"
_PARTICLE_PAIRS = frozenset({("van", "der"), ("van", "den"), ("de", "la"), ("de", "los"), ("von", "der")})


def _after_joiners(words: list[str], j: int) -> int:
    """The index of the word after the joining word at ``j``, or after two that pair ("van der")."""
    if j + 1 < len(words) and (words[j].lower(), words[j + 1].lower()) in _PARTICLE_PAIRS:
        return j + 2
    return j + 1


_NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
_HONORIFICS = frozenset("mr mrs ms dr prof sir dame lord lady st col gen lt sgt capt rev pm mp gov sen rep "
                        "pres amb maj adm cmdr supt rt revd hon".split())


def _title_word(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in _HONORIFICS or w in PERSON_NOUNS or stem(w) in PERSON_NOUNS


@dataclass(frozen=True)
class Span:
    start: int  # offsets into the sentence text
    end: int
    kind: str  # name | date | number | duration | quote | np | list | clause | vp
    said: bool = False  # a clause that is what someone said or found ("said [that ...]")
    nominal: bool = False  # a list of common noun phrases ("fertilizer, petroleum goods, and wheat")
    whole: bool = False  # a verb phrase with its auxiliaries and negation ("would not seek ...")
    ordinal: bool = False  # a place in an order ("third", "139th", "second-largest")
    compound: bool = False  # a number joined to its unit by a hyphen ("780-kilogram", "six-time")


_FIGURE = re.compile(r"\d+(?:[,.]\d+)*")


def _tokens(text: str, question: bool = False) -> tuple[list[tuple[int, int]], list[str], list[str]]:
    spans = tagger.tokenize(text)
    words = [text[a:b] for a, b in spans]
    return spans, words, _tags(words, question)


def _tags(words: list[str], question: bool = False) -> list[str]:
    """The tags of ``words`` (``tagger.tag_question`` for a question's)."""
    tags = (tagger.tag_question if question else tagger.tag)(words) if words else []
    # a figure is a number whatever the tagger read it as ("a record [1,284] nests": NOUN)
    return ["NUM" if _FIGURE.fullmatch(w) else t for w, t in zip(words, tags)]


# what is named for a saint, a king or a founder: "St Columba’s [Church]", "Guy's [Hospital]",
# "Brennan’s [Ford]"
_NAMED_FOR = frozenset({"church", "cathedral", "chapel", "abbey", "priory", "hospital", "college", "school",
                        "academy", "park", "square", "street", "road", "lane", "bridge", "hall", "wharf",
                        "quay", "market", "ford", "cross", "wood", "end", "hill", "bay", "point", "green",
                        "gate", "island", "head", "row", "infirmary", "clinic", "place", "court", "yard",
                        "mill", "inn", "dock", "gardens", "fields"})
_SAINT = frozenset({"St", "St.", "Saint", "Ste", "Sainte"})


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and False)


@lru_cache(maxsize=50_000)
def candidate_spans(text: str) -> tuple[tuple[Span, ...], tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Every span worth offering as an answer, the sentence's token spans and their part-of-speech
    tags (cached: a sentence's candidates do not depend on the question)."""
    out, spans, tags = _candidate_spans(text)
    return tuple(out), tuple(spans), tuple(tags)


# verbs of saying and finding, whose object is a clause; and those that name who was told first
_SAY_VERBS = frozenset(stem(w) for w in """say tell warn claim argue state announce insist add explain
    believe find suggest report write predict fear conclude admit deny note stress promise reveal
    confirm acknowledge assert allege declare urge""".split())
_ON_THE = re.compile(r"\s+on\s+(?:the\s+)?", re.IGNORECASE)
_AT = re.compile(r",?\s+at\s+", re.IGNORECASE)
# a part of a whole: "[28] of the 75 seats", "only [three] of their 21 league games"
_PART_OF = re.compile(r"\s+(?:of|out\s+of)\s+(?:the|their|its|his|her|our)\s+\d", re.IGNORECASE)
# ... and the whole it is of: "28 of the [75] seats"; without a determiner ("6 of [38] goats") only
# a "how many of" question asks for the part
_WHOLE_OF = re.compile(r"\b(?:\d[\d,.]*|" + _NUMWORDS + r")\s+(?:of|out\s+of)\s+"
                       r"(?:(?P<det>the|their|its|his|her|our)\s+)?$", re.IGNORECASE)
# what a reason's clause opens with and the reason itself does not: "[because of] cracks in its walls"
_BECAUSE = re.compile(r"(?:partly\s+|largely\s+|mainly\s+)?because\s+(?:of\s+)?", re.IGNORECASE)
# what comes before a cause inside a span: "a hold [caused by] high winds"
_CAUSED_BY = re.compile(r"\b(?:caused|started|sparked|triggered|brought\s+on|set\s+off)\s+by\s+", re.IGNORECASE)
# words the tagger may call nouns that never name what a number counts: "7.9% [today]", "7.8
# [fewer] migraine days", "4.7 million [current] and former customers"
_NOT_COUNTED = frozenset("today yesterday tomorrow tonight now fewer less more current former".split())
# an age before a trade: "a [79-year-old ]retired postman"
_AGED = re.compile(r"\d{1,3}-year-old\s+")
# "one of the leading universities" (not "one of the 12"): one among many, not a count
_ONE_OF = re.compile(r"one\s+of\b", re.IGNORECASE)
_VOTE = re.compile(r"\bvot(?:e|es|ed|ing)\b|\bmargin\b|\bballots?\b", re.IGNORECASE)
# the smaller unit after a length of time: "six years [and four months]", "11 minutes [and 40 seconds]"
_DURATION_REST = re.compile(r",?\s+(?:and\s+)?(?:\d{1,2}|" + _NUMWORDS + r")[\s-]+(?:months?|weeks?|days?|hours?|"
                            r"minutes?|seconds?)\b", re.IGNORECASE)
# two counts of one vote ("1,512 votes to 214", "seven votes to two") ...
_VOTE_RESULT = (r"(?<![\w.,])(?:\d[\d,]*|" + _NUMWORDS + r")\s+votes?\s+to\s+(?:\d[\d,]*|" + _NUMWORDS
                + r")(?![\w,.]\d)")
_VOTES = re.compile(_VOTE_RESULT, re.IGNORECASE)
# ... or a share as a ratio ("one in nine", "three out of every four"; not "5 in 2023": a year)
_TALLY = re.compile(_VOTE_RESULT + r"|(?<![\w.,])(?:\d+|" + _NUMWORDS + r")\s+(?:in|out\s+of)\s+(?:every\s+)?"
                    + r"(?!(?:1[5-9]|20)\d\d\b)(?:\d[\d,]*|" + _NUMWORDS + r")(?!\w)", re.IGNORECASE)
_THE = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)
# "for" that says how long or which time, not why: "for 14 minutes", "for the first time"
_FOR_NOT_REASON = re.compile(r"for\s+(?:the\s+)?(?:first|second|third|last|next|\d|a\s+(?:while|time|moment)|"
                             r"years|months|weeks|days|hours|decades|ever|now|example|instance|"
                             + _NUMWORDS + r"\b)", re.IGNORECASE)
_BE = frozenset("is was are were be been being 's".split())
_NEGATIONS = frozenset("not n't never no longer".split())
_TELL = frozenset("tell tells told telling warn warns warned warning remind reminded assure assured "
                  "inform informed".split())


def _candidate_spans(text: str) -> tuple[list[Span], list[tuple[int, int]], list[str]]:
    spans, words, tags = _tokens(text)
    out: list[Span] = []
    # runs of capitalised words (names), allowing a few lower-case joiners inside
    i, n = 0, len(words)
    while i < n:
        starts_name = _is_cap(words[i]) and (
            tags[i] == "PROPN"
            or i > 0 and tags[i] not in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PUNCT")
            # a sentence's first word is capitalised anyway: "One", "Meanwhile" are not names
            or i == 0 and i + 1 < n and _is_cap(words[i + 1]) and tags[i] in ("NOUN", "ADJ", "X"))
        if starts_name:
            j = i + 1
            placed = False  # a place named for a saint: "St" is part of its name
            while j < n:
                if _is_cap(words[j]) and tags[j] not in ("PUNCT",):
                    j += 1
                elif words[j] == "-" and j + 1 < n and _is_cap(words[j + 1]) and spans[j][0] == spans[j - 1][1]:
                    j += 2  # "Al-Jazeera", "Guinea-Bissau"
                elif words[j] == "&" and j + 1 < n and _is_cap(words[j + 1]):
                    j += 2  # "Procter & Gamble", "Tesla Electric Light & Manufacturing"
                elif words[j].lower() in _NAME_JOIN and j + 2 < n and words[j + 1] == "-" \
                        and _is_cap(words[j + 2]):
                    j += 3  # "al-Thani", "el-Sisi"
                elif words[j].lower() in _NAME_JOIN and words[j].lower() != "and" \
                        and (m := _after_joiners(words, j)) < n and _is_cap(words[m]):
                    j = m + 1  # "Bank of England", "Ana dos Santos", "Joost van der Lugt"
                elif words[j] in ("'s", "’s") and j + 1 < n and _is_cap(words[j + 1]) \
                        and (words[j + 1].lower() in _NAMED_FOR or words[i] in _SAINT) \
                        and spans[j][0] == spans[j - 1][1]:
                    j += 2  # "St Columba’s Church", "King's College": a place named for someone
                    placed = True
                elif words[j] in ("'s", "’s") and words[i] in _SAINT and j == i + 2 \
                        and spans[j][0] == spans[j - 1][1] and (j + 1 == n or tags[j + 1] not in ("NOUN", "ADJ", "NUM")):
                    j += 1  # "behind [St Jude’s]": the church or school of a saint, named for them
                    placed = True
                    break
                else:
                    break
            # "Qatari Prime Minister Mohammed bin Abdulrahman al-Thani" -> the name after the title
            k = i
            for t in range(i, j - 1):
                # not before a suffix alone: "Martin Luther [King] Jr." is a name, not a title; nor
                # joined by a hyphen: "Saint-Aubel" is a town's name
                if _title_word(words[t]) and words[t + 1] != "-" and not all(
                        w.lower().rstrip(".") in _NAME_SUFFIXES for w in words[t + 1:j]):
                    k = t + 1
            if placed and words[i] in _SAINT:
                k = i
            while k < j - 1 and words[k + 1] != "-" and (
                    words[k] in _NAME_JOIN or not words[k][:1].isalnum()):
                k += 1  # "Minister of Foreign Affairs" -> not "of Foreign Affairs"
            out.append(Span(spans[k][0], spans[j - 1][1], "name"))
            if k == j - 1 and k > i:  # one word after a title: "Lady [Gaga]", "Doctor [Who]" too
                out.append(Span(spans[k - 1][0], spans[j - 1][1], "name"))
            if j - k > 3:  # "... Vice President of Football Operations John Elway": the last names
                for m in (2, 3):
                    if words[j - m][:1].isupper() and words[j - m].lower() not in _NAME_JOIN:
                        out.append(Span(spans[j - m][0], spans[j - 1][1], "name"))
            i = j
        else:
            i += 1
    dates = list(_DATE.finditer(text))
    for i, m in enumerate(dates):
        out.append(Span(m.start(), m.end(), "date"))
        # two dates as one: a day and its date ("Tuesday 17 November"), a span of time ("April
        # to August", "1981 to 2003")
        if i + 1 < len(dates) and (_DATE_JOIN.fullmatch(text, m.end(), dates[i + 1].start())
                                   or re.fullmatch(r",?\s", text[m.end():dates[i + 1].start()])
                                   and re.fullmatch(_WEEKDAYS, m.group(0))):
            out.append(Span(m.start(), dates[i + 1].end(), "date"))
    clocks = list(_CLOCK.finditer(text))
    for i, m in enumerate(clocks):  # a time of day: "03:17 local time", "3 a.m."
        out.append(Span(m.start(), m.end(), "date"))
        on = _ON_THE.match(text, m.end())  # ... and with its day: "11 p.m. on Monday"
        if on and (day := _DATE.match(text, on.end())):
            out.append(Span(m.start(), day.end(), "date"))
        # opening hours: "8am to 8pm", "5am until 9am", "10.00-16.00"
        if i + 1 < len(clocks) and _DATE_JOIN.fullmatch(text, m.end(), clocks[i + 1].start()):
            out.append(Span(m.start(), clocks[i + 1].end(), "date"))
    for m in dates:  # a day and its time: "Friday at 10.00 local time"
        if (at := _AT.match(text, m.end())) and (clock := _CLOCK.match(text, at.end())):
            out.append(Span(m.start(), clock.end(), "date"))
    for m in _DURATION.finditer(text):
        out.append(Span(m.start(), m.end(), "duration"))
        # one length in two units: "six years and four months", "11 minutes and 40 seconds"
        if rest := _DURATION_REST.match(text, m.end()):
            out.append(Span(m.start(), rest.end(), "duration"))
    for m in _RACE_TIME.finditer(text):  # a time run or taken: "in 2:08:47", which "what time" asks for too
        out.append(Span(m.start(), m.end(), "date"))
        out.append(Span(m.start(), m.end(), "duration"))
    for m in _TALLY.finditer(text):  # a vote's result: "by 1,512 votes to 214", "one in nine"
        out.append(Span(m.start(), m.end(), "number"))
    for m in _A_DURATION.finditer(text):  # "for at least a week", "more than a year"
        if m.group(1) or m.group(2):
            out.append(Span(m.start(), m.end(), "duration"))
    for m in _COMPASS_SPAN.finditer(text):  # "flowed [west]", "militants in [the north]"
        out.append(Span(m.start(), m.end(), "np"))
    for m in _FREQUENCY.finditer(text):  # how often: "once every eight weeks", "twice a year"
        out.append(Span(m.start(), m.end(), "duration"))
    def counted(b: int, hyphen: bool = False) -> int:
        """The end of the counted noun or unit right after ``b`` ("10 [persons]", "a quarter
        [percentage point]"; with ``hyphen``, "780-[kilogram]"), or ``b``: not into a name ("two
        [Major League] teams"), though a unit in capitals is fine ("BP")."""
        k = next((t for t, (s, e) in enumerate(spans) if s >= b), None)
        if k is not None and k + 1 < n and words[k] == "-" and spans[k][0] == b \
                and spans[k + 1][0] == spans[k][1]:
            if not hyphen:
                return b
            k += 1
        elif hyphen:
            return b
        end = b
        if k is not None and k + 1 < n and words[k][:1].isupper() and spans[k][0] - b <= 1 \
                and re.fullmatch(_CURRENCY, words[k + 1], re.IGNORECASE):
            return spans[k + 1][1]  # "2.40 [Basin francs]": a currency named for its country
        if k is not None and tags[k] in ("NOUN", "PROPN") and spans[k][0] - b <= 1 \
                and (words[k][:1].islower() or words[k].isupper()) and words[k].lower() not in _NOT_COUNTED:
            end = spans[k][1]
            if k + 1 < n and tags[k + 1] == "NOUN" and spans[k + 1][0] - end <= 1:
                end = spans[k + 1][1]
        return end

    numbers = [m for m in _NUMBER.finditer(text)
               if (w := m.group(0).strip()) and w.lower() not in ("some", "half")]
    for i, m in enumerate(numbers):
        a, b = m.start(), m.end()
        if _DAY_OF_MONTH.search(text[max(0, a - 12):a]) or _MONTH_AFTER.match(text, b) \
                or _AM_PM.match(text, b) or re.match(r"[’']?s\b", text[b:b + 3]) and m.group(0)[-1:].isdigit():
            continue  # "May [28]", "[4] March", "[3] a.m.", "the [1990]s": part of a date or a time
        if re.match(r"[A-Z](?!\w)", text[b:b + 2]) and m.group(0)[-1:].isdigit():
            continue  # "[5]G", "[4]K", "[3]D": a name, not a number
        # with the counted noun: "10 persons", "seventeen agreements"; not a sum's ("£8.5m signing")
        end = b if re.search(r"[$€£¥]", m.group(0)) else counted(b)
        out.append(Span(a, b, "number"))
        if end > b:
            out.append(Span(a, end, "number"))
        # a range or a pair is one amount: "six to nine percent", "30 to 50 thousand", "20 to 1"
        if i + 1 < len(numbers) and _RANGE_JOIN.fullmatch(text, b, numbers[i + 1].start()) \
                and not _CHANGE_FROM.search(text, 0, a) and not text[:a].endswith("(") \
                and not (_UNIT.search(m.group(0)) and not _UNIT.search(numbers[i + 1].group(0))):
            # not a change ("rose from 415,000 to 587,000", "fell by 18% to 9,450": the unit of the
            # first is the second's too in a range) or its conversion ("(160,000 to 227,000 sq mi)")
            b2 = numbers[i + 1].end()
            out.append(Span(a, b2, "number"))
            if (end2 := counted(b2)) > b2:
                out.append(Span(a, end2, "number"))
        joined = counted(b, hyphen=True)  # "780-kilogram": a measure, not a count ("six-time")
        if joined > b:
            out.append(Span(a, joined, "number", compound=True))
    # a fraction of a unit: "half a percentage point", "a quarter point", "two thirds of a mile"
    for m in _FRACTION.finditer(text):
        end = counted(m.end())
        if end > m.end():
            out.append(Span(m.start(), end, "number"))
        elif not m.group(0).lower().startswith("half"):  # "a third (of the vote)"; "half" alone is no amount
            out.append(Span(m.start(), m.start() + len(re.sub(r"\s+of\s+an?$", "", m.group(0))), "number"))
    for m in _ORDINAL.finditer(text):  # offered only for a place in an order (Question.rank)
        out.append(Span(m.start(), m.end(), "number", ordinal=True))
    for m in _QUOTED.finditer(text):
        g = next(k for k in (1, 2, 3) if m.group(k) is not None)
        b = m.start(g) + len(m.group(g).rstrip(" ,;:"))  # “... running,” said: not the comma
        if b > m.start(g):
            out.append(Span(m.start(g), b, "quote"))
    chunks = tagger.noun_chunks(words, tags)
    # not "9 per [cent]": the rest of an amount
    chunks = [(i, j) for i, j in chunks if not (words[i].lower() == "cent" and i > 0
                                                and words[i - 1].lower() == "per")]
    for i, j in chunks:
        out.append(Span(spans[i][0], spans[j - 1][1], "np"))
    # coordinations: "Chad, Burkina Faso and Mauritania", "fertilizer, petroleum goods, and wheat"
    by_kind: dict[str, list[Span]] = {}
    for c in out:
        by_kind.setdefault(c.kind, []).append(c)
    for kind in ("name", "np", "date", "duration"):
        items = sorted(by_kind.get(kind, []), key=lambda c: c.start)
        i = 0
        while i < len(items):
            j, ended = i, False  # ended: joined to its last item by "and" or "or"
            while j + 1 < len(items) and (sep := re.fullmatch(
                r"\s*(?:,|,?\s+(and|or))\s*", text[items[j].end:items[j + 1].start]
            )):
                j += 1
                if sep.group(1):
                    ended = True
                    break  # the last item: "soybeans, copper and wine[, and its economy has ...]"
            if j > i and (kind in ("date", "duration") or ended):
                # dates listed are a date ("in October and November"), lengths of time a length
                # ("2 hours and 10 minutes"); a list ends with "and" or "or" ("Chad, Burkina Faso
                # and Mauritania"): "Valdoria, a country of 24 million people, relies ..." is an
                # apposition, not a list
                out.append(Span(items[i].start, items[j].end, kind if kind in ("date", "duration") else "list",
                                nominal=kind == "np"))
            i = j + 1
    # noun phrase + "of" + noun phrase ("the purpose of the visit")
    for (i1, j1), (i2, j2) in zip(chunks, chunks[1:]):
        if j1 < n and i2 == j1 + 1 and words[j1].lower() in ("of", "for"):
            out.append(Span(spans[i1][0], spans[j2 - 1][1], "np"))
    # verb phrases: a verb with what follows it up to the clause's end, at most a few words
    # ("expelled from the country", "be reborn", "falling"), for "what happened" questions
    by_start = {i: j for i, j in chunks}
    for v in range(n):
        if tags[v] != "VERB":
            continue
        k = v + 1  # particles, prepositions and adverbs, then at most one noun phrase
        while k < n and k - v <= 6 and tags[k] in ("ADP", "PART", "ADV"):
            k += 1
        if k < n and k in by_start and by_start[k] - v <= 7:
            k = by_start[k]
        elif k < n and tags[k] == "ADJ":
            while k < n and tags[k] == "ADJ" and k - v <= 6:
                k += 1  # its complement: "gets [smaller]", "became [clear]"
        if k < n and (unit := re.match(r"\s*(?:per ?cent\b|percent\b|%)", text[spans[k - 1][1]:])):
            k = bisect_right(spans, spans[k - 1][1] + unit.end(), key=lambda s: s[1])  # "fell 1.3 [per cent]"
        out.append(Span(spans[v][0], spans[k - 1][1], "vp"))
        # with the auxiliaries and the negation before it, for a yes/no question: "[would not]
        # seek a second term", "[has never] visited"
        a = v
        while a > 0 and (tags[a - 1] == "AUX" or words[a - 1].lower() in _NEGATIONS):
            a -= 1
        if a < v:
            out.append(Span(spans[a][0], spans[k - 1][1], "vp", whole=True))
    # a form of "be" with its predicate, for a yes/no question: "[was unanimous]", "[is not final]"
    for v in range(n - 1):
        if words[v].lower() not in _BE:
            continue
        k = v + 1
        while k < n - 1 and (words[k].lower() in _NEGATIONS or tags[k] == "ADV"):
            k += 1
        if tags[k] == "ADJ":
            while k + 1 < n and tags[k + 1] == "ADJ":
                k += 1
            out.append(Span(spans[v][0], spans[k][1], "vp", whole=True))
    # clauses after a reason word, for "why"
    for m in re.finditer(r"\b(because(?: of)?|due to|since|as a result of|so that|(?<!according )to|over|"
                         r"amid|after|following|on the grounds (?:that|of)|citing|thanks to|owing to|"
                         r"in response to|in protest (?:at|against|over)|for fear (?:of|that)|"
                         r"in the hope (?:of|that))\b", text, re.IGNORECASE):
        if m.group(1).lower() in ("since", "after", "following") \
                and _DATE.match(text, m.end() + len(_THE.match(text, m.end()).group(0))):
            continue  # "since the 1990s", "after May 2020": when, not why
        if m.group(1).lower() == "due to" and (k := bisect_left([a for a, _ in spans], m.end() + 1)) < n \
                and tags[k] in ("VERB", "AUX") and (k + 1 >= n or tags[k + 1] != "NOUN") \
                and not re.search(r"[^s]s$", words[k]):
            continue  # "due to open in 2025" is when it was planned, not why (but "due to heavy
            # snow" or "due to problems with", whatever the tagger makes of "heavy" or "problems")
        b = _clause_end(text, m.end())
        if b - m.end() > 3:
            out.append(Span(m.start(), b, "clause"))
    # what a verb of causing has for its subject: "but [a global shortage of radar chips] pushed
    # the date back", "[sea surface temperatures 1.5C above normal] had helped the storm deepen"
    for t in range(2, n):
        if tags[t] != "VERB" or stem(words[t].lower()) not in _CAUSE_VERBS \
                or stem(words[t].lower()) == "led" and (t + 1 >= n or words[t + 1].lower() != "to") \
                or words[t - 1].lower() == "to":
            continue  # "as a means [to help]" has no subject
        v = t
        while v > 0 and (tags[v - 1] in ("AUX", "ADV", "PART") or words[v - 1].lower() in _AUX):
            v -= 1  # "had [helped]", "has also [forced]"
        k = v
        while k > 0 and tags[k - 1] not in ("PUNCT", "CCONJ", "SCONJ", "VERB", "AUX", "PRON") \
                and words[k - 1].lower() not in ("that", "which", "who"):
            k -= 1
        if v - k >= 2 and tags[k] != "PRON":
            out.append(Span(spans[k][0], spans[v - 1][1], "clause"))
    # ... and after "as" opening a clause ("as consumers kept their phones longer"), or "for"
    # after a verb ("sent off [for a foul on Okoye]"), not "for 14 minutes" or "as a boy"
    for t in range(1, n - 2):
        low = words[t].lower()
        if low == "as":
            if tags[t + 1] not in ("DET", "PRON", "PROPN", "NOUN", "ADJ", "NUM") \
                    or not any(tags[k] in ("VERB", "AUX") for k in range(t + 2, min(n, t + 7))):
                continue
        elif low == "for":
            # a verb before it in the same clause: "was sentenced to six years on Tuesday [for ...]"
            # (its main verb, not a gerund inside another reason: "for taking bribes in exchange
            # [for city contracts]")
            back = next((k for k in range(t - 1, max(-1, t - 9), -1)
                         if tags[k] in ("PUNCT", "CCONJ") or words[k].lower() in ("for", "because")
                         and words[k + 1].lower().endswith("ing")
                         or tags[k] == "VERB" and not words[k].lower().endswith("ing")), None)
            if back is None or tags[back] != "VERB" or tags[t + 1] == "NUM" \
                    or _FOR_NOT_REASON.match(text, spans[t][0]):
                continue
        else:
            continue
        b = _clause_end(text, spans[t][0])
        if len(text[spans[t][0]:b].split()) >= 3:
            out.append(Span(spans[t][0], b, "clause"))
    # what was said, found or believed: the clause after "said that", "told reporters that", or
    # after a verb of saying without "that" ("told reporters the company would ...")
    for t in range(n - 1):
        low = words[t].lower()
        said = stem(fold(low)) in _SAY_VERBS and (
            tags[t] == "VERB"  # or a past form the tagger missed ("Its chief executive [told] ...")
            or (low.endswith("ed") or low in ("said", "told", "found", "wrote"))
            and (t == 0 or tags[t - 1] not in ("DET", "ADP")))
        if tags[t] != "VERB" and not said:
            continue
        k = t + 1
        if said and low in _TELL:
            # past the person told: "told [reporters] the ...", "warned [them] that", "told [the
            # court] that"
            k = next((j for j in range(t + 2, min(n, t + 5))
                      if words[j].lower() == "that" or tags[j] in ("DET", "PRON", "PROPN")), k)
        elif k < n and words[k].lower() != "that" and k in by_start and by_start[k] < n \
                and words[by_start[k]].lower() == "that" and by_start[k] - k <= 3:
            k = by_start[k]  # "showed [the court] that"
        if k < n and words[k].lower() == "that":
            k += 1
        elif not said or k >= n or tags[k] not in ("DET", "PRON", "PROPN", "NOUN", "NUM", "ADJ") \
                or not any(tg in ("AUX", "VERB") for tg in tags[k + 1:k + 6]):
            continue  # no "that", and no subject-and-verb clause after a verb of saying
        if k >= n:
            continue
        b = _clause_end(text, spans[k][0])
        if len(text[spans[k][0]:b].split()) >= 2:
            out.append(Span(spans[k][0], b, "clause", said=True))
    # said after the fact: "[The strike ended on Thursday], union leaders said."
    comma = max((i for i in range(n) if words[i] == ","), default=-1)
    if 2 < comma and n - comma <= 10 and any(
            tags[i] == "VERB" and stem(fold(words[i])) in _SAY_VERBS for i in range(comma + 1, n)):
        head = text[:spans[comma][0]]
        dash = max(head.rfind(" — "), head.rfind(" – "), head.rfind(" -- "))  # a dateline before
        a = dash + 3 if dash >= 0 else 0
        a += len(head[a:]) - len(head[a:].lstrip(" “\"‘'"))
        b = len(head.rstrip(" ”\"’'"))
        if len(head[a:b].split()) >= 3:
            out.append(Span(a, b, "clause", said=True))
    return [_whole_words(text, c) for c in out], spans, tags


_CLAUSE_STOP = re.compile(r"[,.;:!?”\"]|\s[-–—]\s")


# verbs whose subject is a cause ("led" only before "to")
_CAUSE_VERBS = frozenset(stem(w) for w in """caused forced prompted triggered sparked fuelled fueled
    pushed delayed helped killed drove led""".split())


def _clause_end(text: str, start: int) -> int:
    """Where the clause that starts at ``start`` ends: the next punctuation mark or dash."""
    stop = _CLAUSE_STOP.search(text, start)
    return stop.start() if stop else len(text)


def _whole_words(text: str, c: Span) -> Span:
    """``c`` not starting inside a hyphenated word ("[law's]" in "brother-in-law's" -> the whole
    word) nor ending before a number joined to it ("Kestrel[-1]", "Covid[-19]")."""
    a, b = c.start, c.end
    while a > 1 and text[a - 1] == "-" and text[a - 2].isalnum():
        a -= 1
        while a > 0 and text[a - 1].isalnum():
            a -= 1
    m = re.match(r"-\d+\b", text[b:])
    if m and b > 0 and text[b - 1].isalnum():
        b += m.end()
    return c if (a, b) == (c.start, c.end) else replace(c, start=a, end=b)


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------

FIT = {
    "person": {"name": 1.0, "np": 0.35, "quote": 0.2, "list": 0.5},
    "place": {"name": 1.0, "np": 0.45, "list": 0.5},
    "date": {"date": 1.0, "number": 0.3, "name": 0.1},
    "number": {"number": 1.0, "duration": 0.8},
    # how heavy, far, tall, fast (Question.measure): a number with its unit, not a length of time
    "measure": {"number": 1.0, "duration": 0.3},
    "duration": {"duration": 1.0, "number": 0.6, "date": 0.3},
    "reason": {"clause": 1.0, "np": 0.4, "quote": 0.4},
    "manner": {"clause": 0.6, "np": 0.6, "quote": 0.6, "number": 0.5, "vp": 0.5},
    "thing": {"np": 0.85, "name": 0.8, "quote": 0.85, "number": 0.4, "date": 0.3, "clause": 0.3,
              "list": 0.5, "vp": 0.3},
    # what someone said or found (Question.said): a clause after "that", or their quoted words
    "said": {"said": 1.0, "quote": 1.0, "clause": 0.3, "np": 0.5, "vp": 0.5, "list": 0.3,
             "name": 0.2, "number": 0.3, "date": 0.2},
    # what happened to something (Question.event): what was done or became of it
    "event": {"vp": 1.0, "clause": 0.6, "np": 0.4, "quote": 0.4, "name": 0.1, "number": 0.2,
              "date": 0.1, "list": 0.2},
    # whether something happened (Question.yesno): the verb phrase that says so, or not
    "yesno": {"vp": 1.0, "clause": 0.4, "quote": 0.4, "np": 0.3, "name": 0.2, "list": 0.2,
              "number": 0.2, "date": 0.2},
}
# Head words of organisations, places and events: a name ending in one is not a person's.
ORG_WORDS = frozenset(
    """center centre office company corporation university college school institute agency
    council committee party league association union republic kingdom state states city river
    mountains island islands church museum hospital bank group army navy force forces ministry
    department court parliament congress senate assembly club team foundation society commission
    airport station street road bridge hall park stadium award awards prize war treaty act
    championship cup games series festival conference summit movement organization organisation
    empire dynasty province county district region valley sea ocean lake bay systems holdings pharma
    foods energy partners capital media airlines airways motors technologies industries labs
    fund trust service services inc ltd plc ag gmbh corp authority board network insurance
    logistics solutions ventures studios records press times news herald gazette tribune
    advisory consultancy consulting fc afc arena estadio llp llc biologics therapeutics
    pharmaceuticals laboratories cooperative co-operative co-op""".split()
)
_COMPASS_FOCUS = frozenset(stem(w) for w in "direction part side".split())
_COMPASS_WORD = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern|wards?)?\b"
_COMPASS_SPAN = re.compile(r"\b(?:the\s+)?" + _COMPASS_WORD + r"(?!\s+[A-Z])")
_COMPASS = re.compile(r"\b" + _COMPASS_WORD, re.IGNORECASE)
# "Which company / party / journal ...?" asks for a name: counted over XQuAD and news sets a-f for
# most of these nouns, 44 of 45 gold answers start with a capital (plural ones are left out: a list
# of them may not, "police and the armed forces")
_NAMED_FOCUS = frozenset(stem(w) for w in """company firm party bank journal club team airline newspaper
    museum hospital university school college agency organization organisation league network channel
    magazine label brand manufacturer carrier broadcaster court union charity publisher insurer
    lender operator contractor supplier developer retailer studio orchestra band ship vessel
    port airport film album novel book song regulator ministry department festival prison mine""".split())
NAMED_UNNAMED = 0.5
# works with titles, which news quotes: "Which [film] won the prize?"
_WORK_FOCUS = frozenset(stem(w) for w in ("film", "movie", "book", "novel", "song", "album", "play", "title",
                                           "opera", "series", "documentary", "poem", "painting", "musical",
                                           "single", "show", "podcast", "exhibition", "collection"))
_RATE = stem("rate")
_POPULATION = stem("population")
_LEVEL_FOCUS = frozenset(stem(w) for w in ("level", "peak", "price", "rate", "yield", "value", "rent", "fare", "high", "low"))
_LEVEL_VERB = re.compile(r"\b(?:reach(?:ed)?|st(?:an|oo)d\s+at|close[ds]?\s+at|trade[ds]?\s+at|settle[ds]?\s+at"
                         r"|to\s+what\s+level)\b", re.IGNORECASE)
_DELTA_ASKED = re.compile(r"\bby\s+(?:how\s+much|what)\b|\bhow\s+(?:much|far)\b.*\b(?:rise|fall|drop|climb|"
                          r"increase|decrease|grow|shrink|gain|lose|jump|move|change|go\s+up|go\s+down)\b",
                          re.IGNORECASE)
# a change, not a level: "rose [2.3 percent] to $8,940", "up [0.35] percentage points", "by [500] basis points"
_DELTA_BEFORE = re.compile(r"\b(?:rose|rise[sn]?|rising|fell|falls?|falling|climbed|climbs?|jumped|jumps?|gained|"
                           r"gains?|lost|loses|dropped|drops?|slid|slips?|slipped|surged|soared|plunged|"
                           r"tumbled|increased|decreased|raised|cut|up|down|by)\s+(?:about\s+|around\s+|some\s+|"
                           r"nearly\s+|almost\s+|more\s+than\s+|a\s+further\s+|as\s+(?:much|little)\s+as\s+)?$",
                           re.IGNORECASE)
_DELTA_UNIT = re.compile(r"\b(?:percentage|basis)\s+points?\b", re.IGNORECASE)
# a question about now, and a clause about a year gone by: "In [1995] there were 74 boats"
_NOW = re.compile(r"\b(?:today|now|currently|at present|these days|nowadays)\b", re.IGNORECASE)
_PAST_YEAR = re.compile(r"\b(?:in|by|until|since)\s+(?:19|20)\d\d\b", re.IGNORECASE)
_PLACE_OF = re.compile(r"\b(?:" + "|".join(sorted(PLACE_NOUNS)) + r")\s+of\s+$", re.IGNORECASE)
_PLACE_PREP = re.compile(r"\b(in|at|from|to|near|into|across|throughout|inside|outside)\s+(the\s+)?$", re.IGNORECASE)


@dataclass
class Choice:
    start: int  # offsets into the sentence text
    end: int
    fit: float  # how well the span answers the question, in [0, 1]
    kind: str
    type_fit: float = 0.0  # does the span's kind match what the question asks for
    near: float = 0.0  # closeness to the question's words
    align: float = 0.0  # the question's context on the same sides of the span
    margin: float = 0.0  # the span model's lead over the sentence's next best span (logit, <= 5)
    # set by choose_span: the sentence's best spans with different words, with their first-pass
    # scores, best (this one) first; what the second look compares
    distinct: tuple[tuple[float, Choice], ...] = field(default=(), repr=False)

    @property
    def lead(self) -> float:
        """The first pass's lead over the best span with other words, overlapping or not (logit,
        <= 5; 5 when there is none)."""
        d = self.distinct
        return min(5.0, d[0][0] - d[1][0]) if len(d) > 1 else 5.0


@lru_cache(maxsize=200_000)
def _words_of(text: str, a: int, b: int) -> tuple[tuple[int, int, str], ...]:
    """The whitespace-separated words of ``text[a:b]``: offsets and folded form, "" for a word
    that never counts as an answer (punctuation, stop words). Cached: spans recur per question."""
    out = []
    for m in re.finditer(r"\S+", text[a:b]):
        w = re.sub(r"[^a-z0-9]", "", fold(m.group()).replace("'s", ""))
        # "one" counts, and so does "May" the month ("May 18, 1756"), not "may" the verb, and "a.m."
        keep = w == "one" or w == "may" and m.group()[:1] == "M" or w in ("am", "pm") and "." in m.group()
        out.append((m.start() + a, m.end() + a, "" if w in STOPWORDS and not keep else w))
    return tuple(out)


_ABBREVIATION_END = re.compile(
    r"(?:(?<![\w.])(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Jr|Sr|Inc|Ltd|Co|Corp|Bros|St|Mt|Ft))\.$")
_APPROXIMATE = frozenset(("about", "around", "approximately", "roughly", "some"))
_QUALIFIERS = frozenset("over more less up at between".split())  # bounds, kept; "about", "some" not


_NUMBER_TOKEN = re.compile(r"\d[\d,.]*|\b" + _NUMWORDS + r"\b", re.IGNORECASE)


def _word_after_number(text: str, start: int, end: int) -> str:
    """The word written after the last number of ``text[start:end]``, as a term ("ninety [seconds]",
    "52 [km] apart"), "" if none."""
    last = None
    for last in _NUMBER_TOKEN.finditer(text, start, end):
        pass
    after = re.match(r"[\s-]*([^\W\d_]+)", text[last.end():last.end() + 24]) if last else None
    return stem(fold(after.group(1).lower())) if after else ""


def _first_integer(span: str) -> int | None:
    """The span's first figure as a whole number ("1,900" -> 1900), None if it has none."""
    m = re.search(r"\d[\d,]*", span)
    return int(m.group().replace(",", "")) if m else None


def _numberish(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or _NUMWORD.fullmatch(word) is not None


def _trim_question_words(text: str, a: int, b: int, q: Question, *,
                         qualified: bool = False, number: bool = False) -> tuple[int, int]:
    """Drop leading/trailing words the question already contains ("Minister Diop" -> "Diop").
    With ``qualified`` (a number, duration or date), a bound it opens with stays: "over 37
    million", "between 2005 and 2010". With ``number``, a unit cut at its end goes whole."""
    toks = list(_words_of(text, a, b))

    def in_q(t: tuple[int, int, str]) -> bool:
        # (a figure only as the question writes it: "3 November" stays for "the three parties")
        return not t[2] or t[2] in q.words or not t[2].isdigit() and stem(t[2]) in q.terms

    # "[Around] 4,500", like "[about] 10%": the figure is the answer, unless the question asks
    # "About how many ...?"
    rough = qualified and not q.words & _APPROXIMATE
    while toks and (in_q(toks[0]) or rough and len(toks) > 1 and toks[0][2] in _APPROXIMATE) and not (
            qualified and text[toks[0][0]:toks[0][1]].lower() in _QUALIFIERS and len(toks) > 1):
        toks.pop(0)
    cut_end = False
    # a length in two units keeps its last: "11 minutes and 40 [seconds]" for "the second engine"
    units = sum(stem(t[2]) in _TIME_UNITS for t in toks) if qualified else 0
    while toks and in_q(toks[-1]) and not (units > 1 and stem(toks[-1][2]) in _TIME_UNITS) \
            and not (q.named and len(toks) > 1 and text[toks[-1][0]].isupper()
                     and stem(toks[-1][2]) == stem(q.focus)):  # "St Brigid's [Hospital]" is its name
        toks.pop()
        cut_end = True
    if cut_end and len(toks) > 1 and toks[-1][2] == "local":
        toks.pop()  # "03:47 local [time]" for "At what time ...?": "03:47", not half of "local time"
    if number and cut_end and any(_numberish(t[2]) for t in toks):
        # the unit went, so the rest of it goes too: "eight percentage [points]" -> "eight"
        while not _numberish(toks[-1][2]):
            toks.pop()
    if not toks:
        return a, a
    a2, b2 = toks[0][0], toks[-1][1]
    # keep the text tidy: no dangling punctuation at the edges
    while a2 < b2 and not text[a2].isalnum() and text[a2] not in "$€£":
        a2 += 1
    while b2 > a2 and not text[b2 - 1].isalnum() and text[b2 - 1] not in "%":
        b2 -= 1
    if b2 < b and text[b2] == "." and _ABBREVIATION_END.search(text[a2:b2 + 1]):
        b2 += 1  # but an abbreviation keeps its full stop: "the U.S.", "Martin Luther King Jr."
    # no half of a bracket: "110 mph (180 km/h" -> "110 mph"
    seg = text[a2:b2]
    if seg.count("(") > seg.count(")"):
        b2 = a2 + len(seg[:seg.rindex("(")].rstrip(" ,;:"))
    elif seg.count(")") > seg.count("("):
        a2 += len(seg) - len(seg[seg.index(")") + 1:].lstrip(" ,;:"))
    return a2, b2


KINDS = ("name", "date", "number", "duration", "quote", "np", "list", "clause", "vp")
QKINDS = ("person", "place", "date", "number", "duration", "reason", "manner", "thing")
SPAN_FEATURES = (
    ("bias",) + tuple(f"kind={k}" for k in KINDS) + tuple(f"q={k}" for k in QKINDS)
    + ("heuristic", "type_fit", "near", "align_left", "align_right", "focus", "log_words",
       "question_overlap", "at_start", "after_prep", "before_punct", "capitalised", "has_digit",
       "right_of_anchor", "trimmed", "plural_list", "in_quotes", "verb_left_q", "verb_right_q",
       "verb_left_any", "verb_right_any", "last_nominal", "single_other", "cuts_name",
       "focus_sim", "focus_sim_around", "kind_prep")
)
_PREP = frozenset("in at on from by to of for with into during since near".split())
_KIND_PREP = {"place": frozenset("in at on from to into near across within throughout outside inside "
                                 "off towards toward".split()),
              "person": frozenset(("by",))}


@dataclass(frozen=True)
class SecondLook:
    """When the first pass's best span leads the runner-up by less than ``gate`` (logit), the
    ``k`` best are compared with the question through MiniLM and rescored as
    ``w[0] * first-pass score + w[1] * cosine(question, span)`` (``second_look``)."""

    k: int
    gate: float
    w: tuple[float, float]


@dataclass(frozen=True)
class SpanModel:
    w: tuple[float, ...]
    second: SecondLook | None = None


@lru_cache(maxsize=1)
def span_model() -> SpanModel | None:
    """Weights fitted by tools/train_spans.py (qa/data/spans.json); None: use the heuristic."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "spans.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if tuple(data["features"]) != SPAN_FEATURES:
        return None  # fitted for another feature set: fall back rather than mis-score
    second = data.get("second")
    return SpanModel(tuple(data["w"]), SecondLook(int(second["k"]), float(second["gate"]),
                                                   tuple(second["w"])) if second else None)


@lru_cache(maxsize=50_000)
def _token_terms(text: str) -> tuple[str, ...]:
    """The folded, stemmed term of each token of a sentence ("" for punctuation)."""
    return tuple(stem(re.sub(r"[^a-z0-9]", "", fold(text[s:e]).replace("'", "")))
                 for s, e in candidate_spans(text)[1])


@lru_cache(maxsize=50_000)
def _token_bounds(text: str) -> tuple[list[int], list[int]]:
    tok = candidate_spans(text)[1]
    return [s for s, _ in tok], [e for _, e in tok]


@lru_cache(maxsize=200_000)
def _terms_of(span: str) -> frozenset[str]:
    return frozenset(terms(span))


def _last_number(tags: list[str], starts: list[int], ends: list[int], a: int, b: int) -> int | None:
    """The last number token among those ``text[a:b]`` overlaps ("1,200" of "about 1,200
    patients"), or None: the token whose counted noun (``_counted_noun``) says what it counts."""
    return next((i for i in range(bisect_right(ends, b) - 1, bisect_left(starts, a) - 1, -1)
                 if tags[i] == "NUM"), None)


def _counted_noun(tok_terms: tuple[str, ...], tags: list[str], i: int) -> str | None:
    """The (stemmed) noun the number at token ``i`` counts: the head of the nouns that follow,
    past at most one adjective ("1,200 [patients]", "85 new [staff]", "7.8 fewer migraine
    [days]"); None if no noun follows."""
    j = i + 1
    if j < len(tags) and tags[j] == "ADJ":
        j += 1
    head = None
    while j < len(tags) and tags[j] == "NOUN":
        head, j = tok_terms[j], j + 1
    return head


def span_candidates(q: Question, text: str) -> list[tuple[Choice, list[float]]]:
    """Every answer span the sentence offers for ``q``, with its feature vector. Markup is read
    as blank (``unmark``: the same offsets), so no span starts or ends in a link target or an
    emphasis marker."""
    text = unmark(text)
    cands, tok, tags = candidate_spans(text)
    if not tok:
        return []
    # positions of words shared with the question, as token indices
    tok_terms = _token_terms(text)
    starts, ends = _token_bounds(text)
    anchors = [i for i, t in enumerate(tok_terms) if t and t in q.terms]
    fit_table = FIT["said"] if q.said else FIT["yesno"] if q.yesno else FIT["event"] if q.event \
        else FIT["measure"] if q.measure \
        else FIT.get(q.kind, FIT["thing"])
    focus = stem(q.focus) if q.focus else ""
    out: list[tuple[Choice, list[float]]] = []
    reported: list[tuple[Choice, list[float]]] = []  # what was said, for a Question.said
    whether: list[tuple[Choice, list[float]]] = []  # what says whether, for a Question.yesno
    seen: set[tuple[int, int, str, bool]] = set()
    how_much, earlier, before, vote = q.how_much, q.earlier, q.before, q.vote
    physical, distance, part_asked, level_asked = q.physical, q.distance, q.part_asked, q.level_asked
    year_asked = q.kind == "date" and q.what_year
    now_asked = q.now_asked
    length_of_time = q.kind == "duration" and q.how_long
    # "How many patients ...?" and the sentence counts patients ("1,200 patients at 140 sites"): a
    # number counting something else ("140 sites") is the wrong count
    counts_focus = q.count and bool(focus) and focus not in _TIME_UNITS and any(
        _counted_noun(tok_terms, tags, i) == focus for i, t in enumerate(tags) if t == "NUM")
    for c in cands:
        if c.said and not q.said:
            continue  # what someone said answers only a question about what they said
        if c.whole and not q.yesno:
            continue  # "would not seek a second term" says whether, not what
        if c.nominal and not q.plural:
            continue  # "which goods": "fertilizer, petroleum goods, and wheat"; "what good": one
        if c.ordinal != q.rank and (c.ordinal or c.kind == "number"):
            continue  # "third" answers only where something ranks, and only an ordinal does
        long = q.length and c.kind == "number" and _LENGTH.search(text, c.start, min(len(text), c.end + 12))
        if c.compound and not q.measure and not long and focus not in _PHYSICAL_FOCUS:
            continue  # "six-time winner" counts times; "780-kilogram" says how heavy
        fit = fit_table.get("said" if c.said else c.kind, 0.0)
        # a number's last figure ("1,200" of "about 1,200 patients") and the unit written after it
        last = _last_number(tags, starts, ends, c.start, c.end) if c.kind in ("number", "duration") else None
        unit_after = tok_terms[last + 1] if last is not None and last + 1 < len(tok_terms) \
            and tok_terms[last + 1] in _UNIT_TERMS else None
        if q.naming and c.kind in ("name", "np", "quote") and _NAMING.search(text, max(0, c.start - 24), c.start):
            fit = 1.0  # "What is it called?": "called [‘Salt and Ash’]"
        if c.kind == "quote" and focus in _WORK_FOCUS:
            fit = 1.0  # "Which movie won?": a title in quotation marks ("Nights at the Kestrel Motel")
        if long:
            fit = 1.0  # "How long is the border?": "214-kilometre", "58 kilometres"
        if q.kind == "duration" and c.kind == "date" and _DATE_RANGE.fullmatch(text, c.start, c.end):
            fit = max(fit, 0.9)  # "Over what period ...?", "How long did it last?": "between 2016 and 2019"
        if c.kind == "number" and _VOTES.fullmatch(text, c.start, c.end):
            if not vote:
                continue  # a vote's result answers a question about a vote
            fit = 1.0  # "by 1,512 votes to 214"
        if q.clock and c.kind in ("number", "duration") and (_LENGTH.search(text, c.start, min(len(text), c.end + 12))
                                                             or _LONG_TIME.search(text, c.start, c.end)
                                                             or _LONG_TIME.match(text[c.end:c.end + 12].lstrip(" -"))):
            continue  # "What time ...?" is no distance and no span of days: not "42.195 kilometres",
            # "ten days" (a race's time, "2 hours 31 minutes", may be)
        if q.clock and c.kind == "date" and (not _CLOCK.search(text, c.start, c.end) or _ON_THE.search(
                text, c.start, c.end)) \
                and not re.search(r"\b(?:midnight|noon|dawn|dusk|daybreak|sunrise|sunset)\b", text[c.start:c.end]):
            # "What time did it lift off?": "03:17 local time" rather than "early on Sunday" or
            # "6:45 a.m. on Wednesday"
            fit *= 0.5
        if (q.measure or q.kind == "number" and (q.focus or how_much) and not q.age
                and focus not in _TIME_UNITS) \
                and (c.kind == "duration" or c.kind == "number"
                     and (_DURATION.fullmatch(text, c.start, c.end) or _TIME_AFTER.match(text, c.end))):
            # a length of time ("14 minutes") says neither how heavy or far, nor what population
            # or how many members
            fit = min(fit, FIT["measure"]["duration"])
        if physical and c.kind == "number" and not _unit_marked("money", text, c.start, c.end):
            # what follows the number: a noun, or for a speed or temperature asked also a name ("six
            # [Type] 41 frigates")
            unit_tags = ("NOUN", "PROPN") if focus in _PHYSICAL_FOCUS else ("NOUN",)
            unit = last + 1 if last is not None and last + 1 < len(tags) and tags[last + 1] in unit_tags else None
            if unit is not None and tok_terms[unit] not in _MEASURE_UNITS:
                if focus in _PHYSICAL_FOCUS:
                    continue  # "What is its top speed?" asks in a unit: not "six [Type] 41 frigates"
                fit *= 0.5  # "How far away is it?": "140 kilometres", not "12 [ships]"
            elif distance and (other := _NOT_LENGTH.search(text, c.start, min(len(text), c.end + 12))) \
                    and other.start() < c.end:
                fit *= 0.5  # ... nor a "45-hectare" estate
        if c.kind == "number" and q.kind in ("number", "thing", "duration"):
            back = text[max(0, c.start - 60):c.start]
            old_value = _CHANGE_FROM.search(back[-20:]) is not None and _NEXT_TO.match(text, c.end) \
                or _CHANGE_TO_FROM.search(back) is not None  # "to 3.75% from [4.00%]"
            new_value = _CHANGE_TO.search(back) is not None \
                or back.endswith("to ") and _NEXT_FROM.match(text, c.end) is not None
            if old_value and not before or new_value and before:
                fit *= 0.5
            moved = (_DELTA_BEFORE.search(back) and focus != _RATE  # an inflation rate is a rise
                     or (d := _DELTA_UNIT.search(text, c.start, c.end + 20)) and d.start() < c.end + 2)
            if level_asked and moved:
                fit *= 0.5  # "What level did copper reach?": "$8,940 a tonne", not "rose [2.3 percent]"
                # or "[0.35] percentage points", how far it moved (but "prices rose [7.4 percent]" is
                # the inflation rate)
        if now_asked and c.kind == "number":
            clause = text[max(text.rfind(";", 0, c.start), text.rfind(",", 0, c.start), 0):c.start]
            if _PAST_YEAR.search(clause) and not _NOW.search(clause):
                fit *= 0.3  # "How many boats does it have today?": not "In 1995 there were [74]"
        part_of = q.count and c.kind == "number" and _PART_OF.match(text, c.end) is not None
        if counts_focus and c.kind == "number" and not part_of and last is not None \
                and _counted_noun(tok_terms, tags, last) not in (focus, None):
            fit *= 0.5
        counting = (q.count or part_asked) and not (focus and focus in _MEASURE_UNITS)  # not "How many square
        # kilometres ...?"; nor is "How much traffic ...?" ("38,000 vehicles") a sum
        if (counting or how_much and not q.focus and not q.unit) and c.kind == "number" \
                and not _unit_marked("money", text, c.start, c.end) \
                and last is not None \
                and (counted := unit_after or _counted_noun(tok_terms, tags, last)) not in (None, focus) \
                and (counted in _MEASURE_UNITS) == counting and counted not in _NOT_COUNTED:
            fit *= 0.5  # "How many of the hubs ...?": not "2 [MWh]", a measure; "How much did she
            # lose?": not "One [victim]", a count
        if q.count and focus and focus not in _TIME_UNITS and focus not in _MEASURE_UNITS \
                and (c.kind == "duration" or c.kind == "number" and (
                    _word_after_number(text, c.start, c.end) in _NO_COUNT_UNITS
                    or "°" in text[c.start:min(len(text), c.end + 2)])):
            continue  # "How many rats ...?" is counted in rats: not "[ninety seconds]", "[thirty years]",
            # "[52] km", "[40.1]°C"
        if c.kind == "number" and (q.count or part_asked) \
                and (whole := _WHOLE_OF.search(text, max(0, c.start - 30), c.start)) \
                and (part_asked or whole.group("det")):
            fit *= 0.5  # "28 of the [75] seats": the whole, when the count asked is the part
        if focus == _POPULATION and c.kind == "number" and (
                _unit_marked("money", text, c.start, c.end) or _UNIT.search(text, c.start, c.end)
                or re.match(r"\s?(?:%|per ?cent\b)", text[c.end:c.end + 9])
                or _ONE_OF.match(text, c.start, c.end + 12) or unit_after is not None):
            fit *= 0.3  # "population of Santa Ifigenia?": a number of people, not "[3,900 metres] up",
            # "[21.40 euros]", "95%" or "[one] of the largest boats"
        if q.count and c.kind == "number" and _ONE_OF.match(text, c.start, c.end + 12) and not part_of:
            fit *= 0.3  # "[one] of the UK's leading universities" says which, not how many
        if (q.count or how_much or q.kind == "number") and c.kind == "number" and focus not in _CURRENCY_TERMS \
                and (q.count and _unit_marked("money", text, c.start, c.end) or _YEAR_AS_YEAR.search(
                    text, max(0, c.start - 12), c.end) and re.search(r"\d{4}", text[c.start:c.end])):
            continue  # "How many households ...?" is not answered by "£30" or "in [2018]", nor "How
            # much did it shrink?" or "What level did it reach?" by "since [1995]"
        if q.kind == "number" and c.kind == "number" and (_CLOCK.fullmatch(text, c.start, c.end)
                                                         or (h := _HOURS_TIME.match(text, c.start)) and h.end() >= c.end):
            continue  # "What level did copper reach?": "$8,940 a tonne", not "by [1400 GMT]"
        if q.unit and c.kind in ("number", "duration") \
                and not _unit_marked(q.unit, text, c.start, c.end):
            # "What percentage ...?" is not answered by "a dozen", nor "What will it cost?" by "2030"
            continue
        if q.kind in ("person", "place") and c.kind in ("np", "list") \
                and re.match(r"[$€£¥\d]|\S*%", text[c.start:c.end]):
            continue  # "€40 million", "54%" name no one and nowhere
        if q.kind == "person" and c.kind == "np" and _is_source(text, c):
            fit = max(fit, 0.9)  # who said it: "[the election commission] announced", "according to [X]"
        if not q.age and q.kind in ("number", "thing") and c.kind in ("number", "np") \
                and re.fullmatch(r"\d{1,3}", text[c.start:c.end]) and text[c.end:c.end + 1] == "," \
                and _AFTER_NAME.search(text, max(0, c.start - 40), c.start):
            fit *= 0.3  # "Iñaki Ortúzar, [47], ran the fund": his age, not a return or a count
        if q.age and c.kind in ("number", "duration"):
            # an age as news writes it: "Kovač, 61, said", "aged 61", "the 61-year-old", "(61)"
            if re.match(r"[- ]old\b", text[c.end:c.end + 5]) and (
                    c.kind == "duration" and re.search(r"\byears?\b", text[c.start:c.end]) or text[c.end] == "-"):
                continue  # "52-year[-old]", "52 years [old]": the age is the number, "52" (but a
                # baby is "22 months old")
            if re.search(r"(?<![\d,.])\d{4}(?!\d|,\d)", text[c.start:c.end]):
                continue  # "1976" is a year, no one's age
            if re.match(r"(?:st|nd|rd|th)\b", text[c.end:c.end + 3]):
                continue  # "the 13th floor": a place in an order
            if (n := _first_integer(text[c.start:c.end])) is not None and n > 125 \
                    and not re.search(r"\byears?\b", text[c.start:c.end + 8]):
                continue  # "500", "1,900": no one's age (but a "700-year-old" bridge is that old)
            if not _AGE.match(text[max(0, c.start - 12):c.end + 12], min(12, c.start)):
                if re.search(r"[%$€£¥]|\bper ?cent|\bpoints?\b", text[c.start:c.end + 8]) \
                        or _CLOCK.fullmatch(text, c.start, c.end):
                    continue  # a share, a sum, a score or a time of day is never an age
                bound = _AGE_BOUND.match(text, c.start, c.end)
                if _NOT_AN_AGE.search(text[bound.end():c.end]) or c.ordinal \
                        or _ONE_OF.match(text, c.start, c.end + 12) \
                        or re.match(r"\s+o['’]clock\b", text[c.end:c.end + 9]) \
                        or bound.group(1) or re.search(r"\bfor\s+$", text[max(0, c.start - 5):c.start]) \
                        or _counted_noun(tok_terms, tags, bisect_left(starts, c.end) - 1) not in (None, "year"):
                    continue  # nor a fraction, a place in an order, a vague number, a number of other
                    # things, the time or how long someone did something: "at [8.15]", "a [third]",
                    # "[several]", "[six postgraduate courses]", "[nine] o’clock", "for [nine years]"
                # a baby's age: "aged seven months", "a six-week-old", "ten days old"
                baby = re.search(r"\baged\s+$", text[max(0, c.start - 8):c.start]) or re.match(
                    r"[\s-]*(?:(?:months?|weeks?|days?)[\s-]+)?old\b", text[c.end:c.end + 14])
                if last is not None and _counted_noun(tok_terms, tags, last) not in (None, "year") \
                        and not baby:
                    continue  # nor a count of something else: "her 62 [votes]"
                unit = _TIME_UNIT.search(text, c.start, min(len(text), c.end + 10))
                if (unit and "year" not in unit.group().lower()
                        or c.kind == "duration" and not re.search(r"\byears?\b", text[c.start:c.end])) and not baby:
                    continue  # "two days [later]" is no one's age
                fit *= 0.3
        if c.kind == "list" and q.plural and ("list" in fit_table or sum(
                m.end() - m.start() for m in _DATE.finditer(text, c.start, c.end)) >= (c.end - c.start) / 2):
            fit = 1.0  # "which countries", "what goods", "which years": the whole list (but "During
            # which hours ...?" asks for times, not "Since 2003, hotels and homes")
        if c.kind == "list" and not q.plural and q.kind in ("person", "place") \
                and "," in text[c.start:c.end]:
            continue  # "Where did X meet Y?" wants one place, not "Diop, Mali" (but "X and Y" may)
        if q.job:
            if c.kind not in ("np", "name"):
                continue  # a trade is a noun phrase
            head = re.sub(r"[^a-z]", "", text[c.start:c.end].split()[-1].lower())
            trade = _kind_of_noun(head) == "person" and head not in _NO_TRADE
            fit = 1.0 if trade else fit * 0.3  # "a [baker]", not "Kermarin" or "the first [woman]"
        if q.said and (c.said or c.kind == "quote") or q.yesno:
            a, b = c.start, c.end  # what was said, whole: "This is a fair deal for ..."
        else:
            a, b = _trim_question_words(text, c.start, c.end, q,
                                        qualified=c.kind in ("number", "duration", "date"),
                                        number=c.kind == "number")
        if q.kind == "reason" and (m := _BECAUSE.match(text, a, b)) and m.end() < b:
            a = m.end()  # "Why ...?": "[because] we can't compete on pay", the reason itself
        if q.kind == "reason" and (m := _CAUSED_BY.search(text, a, b)) and m.end() < b:
            a = m.end()  # "What caused the delay?": "a hold [caused by] high winds", the cause itself
        if q.job and (m := _AGED.match(text, a, b)):
            a = m.end()  # "a [79-year-old] retired postman": the trade, not the age
        if b <= a:
            continue
        bounds = [(a, b)]
        if long and text.startswith("-long", c.end) and b == c.end:
            bounds.append((a, c.end + 5))  # "11-metre-long", whole
        if c.kind == "name" and b < c.end and text[b:c.end].strip()[:1].isupper() \
                and _common_in_question(text[b:c.end], q):
            bounds.append((a, c.end))  # "[Van Nuys] Airport" for "which airport": the whole name too
        if c.kind == "name" and a > c.start and text[c.start:a].strip()[:1].isupper() \
                and re.search(r"\bof\s*$", text[c.start:a]):
            bounds.append((c.start, b))  # "Battle of [Bach Dang]" for "what battle": whole too
        if (a, b) != (c.start, c.end) and c.kind in ("name", "quote") \
                and not _names_asked(q, text[c.start:a], text[b:c.end]):
            # a name or a quote is one unit: also whole, with the question's words ("[Hulagu] Khan"
            # for "Which descendant of Genghis Khan ...?", "St. Johns River" for "What river ...?")
            bounds.append((c.start, c.end))
        if length_of_time and c.kind in ("duration", "number") and (
                _FREQUENCY.match(text, a) or re.search(r"\bevery\s+$", text[max(0, a - 7):a], re.IGNORECASE)):
            continue  # "How long is the coach ride?": not "every [30 minutes]", how often coaches leave
        if year_asked and c.kind != "date" and not re.search(r"\d{4}", text[a:b]):
            continue  # "In what year did he enlist?": a year, not "22" of "22 years in the navy" nor
            # "East Quay"
        if q.kind == "date" and c.kind == "number" and _WHEN_ASKED.match(q.text) \
                and (re.search(r"[^\W\d_]", _WHEN_WORDS.sub("", text[a:b])) or unit_after is not None
                     or last is not None and _counted_noun(tok_terms, tags, last) not in (None, *_TIME_UNITS, *_ERAS)):
            continue  # "When ...?" is no count or amount: not "2.5 kilometres", "23 territories"
        year = re.search(r"\b\d{4}\b", text[a:b]) if c.kind == "date" and focus == "year" else None
        if year:  # "what year": "[1943]", not "7 January 1943"
            bounds = [(a + year.start(), a + year.end())]
        elif c.kind == "date" and earlier and _STORY_DAY.fullmatch(text[a:b]):
            fit *= 0.3  # "When did they last win the cup before this final?": not "on Saturday", the final's day
        elif c.kind == "date" and focus == "year" and not re.search(r"\d{4}|\b(?:19|20)?\d0s\b", text[a:b]):
            fit *= 0.3  # "In what year ...?" is not answered by "Tuesday"
        elif c.kind == "date" and focus == _DATE_FOCUS and not re.search(r"\d|" + _MONTHS, text[a:b]):
            fit *= 0.5  # "On what date ...?": "21 September" rather than "on Monday" or "last month"
        for a, b in bounds:
            if (a, b, c.kind, c.said) in seen:
                continue
            seen.add((a, b, c.kind, c.said))
            row = _span_row(q, text, c, a, b, fit, tok, tags, tok_terms, starts, ends, anchors,
                            focus)
            if row is not None:
                out.append(row)
                if q.said and (c.said or c.kind == "quote"):
                    reported.append(row)
                if q.yesno and len(_terms_of(text[a:b]) & q.terms) >= (1 if c.kind == "vp" else 2):
                    whether.append((row, c.whole))
    # "What did X say?" is answered by what a sentence says was said, whatever its length
    if reported:
        return reported
    # "Who is X?": what the sentence says X is, if it says
    if q.defined:
        described = []
        for a, b in _described(q, text):
            row = _span_row(q, text, Span(a, b, "np"), a, b, 1.0, tok, tags, tok_terms, starts, ends,
                            anchors, focus)
            if row is not None:
                described.append(row)
        if described:
            return described
    # "Did X concede?": the verb phrase about what is asked, with its negation if it has one
    if whether:
        return [r for r, whole in whether if whole] or [r for r, _ in whether]
    return out


def _focus_similarity(focus: str, tok_terms: tuple[str, ...], first: int, last: int) -> list[float]:
    """How close in meaning the question's focus noun (stemmed: "what [rank]", "which [outlet]")
    is to the words of the span (tokens ``first``..``last``), and to the words just around it
    (MiniLM's static word vectors)."""
    if not focus:
        return [0.0, 0.0]
    from .wordvec import similarity

    inside = [similarity(focus, t) for t in tok_terms[first:last + 1] if t]
    around = [similarity(focus, t)
              for t in tok_terms[max(0, first - 3):first] + tok_terms[last + 1:last + 4] if t]
    return [max(inside, default=0.0), max(around, default=0.0)]


def _cuts_a_name(text: str, start: int, a: int, b: int, end: int, q: Question) -> bool:
    """Trimming cut a name the question gives out of a longer name: "Abdoulaye [Diop]" for a
    question about Diop - what is left is rarely an answer (but "Ghazan [Khan]" for a question
    about Genghis Khan is the start of one)."""
    def cut(left: str, right: str, removed: str) -> bool:
        return (left[-1:].isalpha() and left.split()[-1][:1].isupper() and right.split()[0][:1].isupper()
                and not _common_in_question(removed, q))

    if b < end and text[b:end].strip() and cut(text[a:b], text[b:end].strip(), text[b:end]):
        return True
    return a > start and bool(text[start:a].strip()) and cut(text[start:a].strip(), text[a:b], text[start:a])


def _name_given_alone(cut: str, q: Question) -> str:
    """What trimming cut off a name (``cut``, without its possessive or punctuation) if the
    question gives it as a name on its own, else "". A final "s" is no difference: "Roman Catholics"
    is the question's "Roman Catholic", and "Lewis" its "Lewis"."""
    name = _bare_name(cut)
    key = name.removesuffix("s")
    return name if key and key in _question_names(q.text) else ""


@lru_cache(maxsize=4096)
def _question_names(question: str) -> frozenset[str]:
    """The names a question gives (``_bare_name``, a final "s" dropped), found once per question
    rather than for every span trimmed."""
    names = set()
    for m in _QUESTION_NAME.finditer(question):
        words = m.group(0).split()
        names.add(_bare_name(m.group(0)).removesuffix("s"))
        titled = [i for i, w in enumerate(words[:-1]) if _title_word(w)]
        if titled:  # "Finance Minister [Herrera]": the name after the title
            names.add(_bare_name(" ".join(words[titled[-1] + 1:])).removesuffix("s"))
    return frozenset(names)


def _bare_name(name: str) -> str:
    """``name`` without a possessive or punctuation at its end: "Diop's," -> "Diop"; "Lewis" stays."""
    return re.sub(r"(?:['’]s?)?[\s,.;:]*$", "", name.strip(" ,.;:"))


def _names_asked(q: Question, *cut: str) -> bool:
    """What trimming cut off a name is a name the question gives on its own, rare or used as
    someone's (``_names_someone``): the whole name is the one asked about ("Abdoulaye [Diop]" for
    "In which city did Diop ...?", "Tomás [Herrera]" for "What did Finance Minister Herrera say?"),
    not an answer. Unlike "Hulagu [Khan]" for a question about Genghis Khan (another man), or "Time
    [Lord]" for "What type of Lord ...?" (a word of the language, capitalised)."""
    from .wordvec import is_word

    return any((name := _name_given_alone(part, q))
               and (not is_word(stem(fold(name.lower()))) or _names_someone(name, q.text))
               for part in cut)


def _names_someone(name: str, question: str) -> bool:
    """The question uses ``name`` as someone's: after a title ("Finance Minister Herrera"), with a
    possessive ("Brøndahl's winning time") or as the subject after an auxiliary ("What did Núñez
    say?"); unlike "the first Doctor" or "the Delta", words of the language capitalised."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", question):
        before = question[:m.start()].split()
        if question[m.end():m.end() + 2] in ("'s", "’s") or before and (
                _title_word(before[-1]) or before[-1].lower() in _AUX):
            return True
    return False


def _rest_of_a_name_asked(text: str, b: int, end: int, q: Question) -> bool:
    """What trimming cut off the end of a name is a name the question uses alone: "[Sergei]
    Lavrov" for "Where did he meet Lavrov?" is the same man's first name, never an answer (unlike
    "[Ghazan] Khan" for a question about Genghis Khan, another man)."""
    if re.search(r"\b(?:type|kind|sort|form)s? of\b", q.text, re.IGNORECASE):
        return False  # "What type of Lord?": "[Time] Lord" is asked for
    return bool(_name_given_alone(text[b:end], q))


def _common_in_question(tail: str, q: Question) -> bool:
    """The question does not write any word of ``tail`` as the sentence does (capitalised): a
    common noun ("airport") that ends a name in the sentence, not a name the question gives
    ("Goita")."""
    words = re.findall(r"\w+", tail)
    return bool(words) and not any(re.search(rf"\b{re.escape(w)}", q.text) for w in words)


# (a place, then up to two more parts: "PORT CADDIS, Serravia, March 14 (Northline) - ")
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w .'-]{1,30}){0,2}\s*(?:\([\w .&-]{1,30}\)\s*)?[—–-]+\s")


# "... last ... before this (final)?", "previously": an earlier time than the story's own
_EARLIER = re.compile(r"\blast\b.*\bbefore\b|\bbefore (?:this|that|the latest|now)\b|\bprevious(?:ly)?\b", re.IGNORECASE)
# the story's own day: "Saturday", "on Tuesday", "Tuesday night", "yesterday"
_STORY_DAY = re.compile(r"(?:(?:on|last|this|early|late)\s+)?(?:" + _WEEKDAYS + r"|yesterday|today)"
                        r"(?:\s+(?:morning|afternoon|evening|night))?", re.IGNORECASE)
# a time said relative to the story's: "last month", "next week", "on Monday", "yesterday"
_RELATIVE_TIME = re.compile(r"\b(?:(?:last|next|this|earlier this|later this|the following|the previous)\s+"
                            r"(?:week|month|year|spring|summer|autumn|fall|winter|weekend|morning|evening|night|"
                            + _WEEKDAYS + r")|yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)


def _dateline_end(text: str) -> int:
    """Where a news dateline opening the sentence ends ("LISBON, Portugal (AP) — "), else 0."""
    m = _DATELINE.match(text)
    return m.end() if m and m.group(0).split(",")[0].split("(")[0].strip().isupper() else 0


_ACCORDING = re.compile(r"\baccording to\s+$", re.IGNORECASE)
_SAID_AFTER = re.compile(r"\s+(?:\w+ly\s+)?(\w+)")
# the finite forms that report a source: "[the commission] announced", "[Analysts] said"
_SAID_FORMS = frozenset("""said says told announced announces stated reported reports warned
    claimed argued insisted added explained confirmed noted estimated estimates
    revealed declared alleged acknowledged""".split())


def _is_source(text: str, c: Span) -> bool:
    """A noun phrase that is whose word a sentence reports: "according to [the agency]", "[the
    commission] announced", "[Analysts] said"."""
    if _ACCORDING.search(text[max(0, c.start - 16):c.start]):
        return True
    m = _SAID_AFTER.match(text, c.end)
    return m is not None and m.group(1).lower() in _SAID_FORMS


_QUESTION_NAME = re.compile(rf"(?<![\w’'-])(?<!\A)[{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*)*")


def _span_row(q: Question, text: str, c: Span, a: int, b: int, fit: float, tok, tags, tok_terms,
              starts: list[int], ends: list[int], anchors: list[int],
              focus: str) -> tuple[Choice, list[float]] | None:
    """The feature row of one candidate span (trimmed to ``text[a:b]``), or None if it cannot
    answer. ``focus`` is the question's focus noun, stemmed ("" if none)."""
    span_terms = _terms_of(text[a:b])
    if c.kind == "name" and b < c.end and q.kind != "thing" and _rest_of_a_name_asked(text, b, c.end, q):
        return None
    if span_terms and span_terms <= q.terms and not q.yesno:
        return None  # the question already says it (but "[was not] unanimous" says whether)
    if q.kind == "person" and c.kind == "name" and len(words := text[a:b].split()) >= 2 \
            and _terms_of(" ".join(words[1:])) <= q.terms \
            and (len(words) >= 3 or _title_word(words[0]) or _names_asked(q, " ".join(words[1:]))):
        return None  # "Which player brought down Kofi Mensah-Baird?": not "[Winger] Kofi
        # Mensah-Baird", whom the question names, nor "Joël Fontaine-Baptiste" for "Who recognised
        # Fontaine-Baptiste?" (but "[Hulagu] Khan" is not "Genghis Khan")
    if q.kind == "person" and q.focus == "name" and not re.search(f"[{UPPER}]", text[a:b]):
        return None  # "What is the name of the farmer who ...?": a name, not "[63-year-old]"
    if all(w.lower().rstrip(".") in _HONORIFICS or w.lower() == "the" for w in text[a:b].split()):
        return None  # "Dr" of "Dr Helena Vrbová" is no one, nor "the Rt Rev." of a bishop
    if focus in _COMPASS_FOCUS and not q.plural:
        # "Which direction did it flow?", "In which part of the country?": "west", "the north"
        fit *= 1.0 if _COMPASS.search(text, a, b) and len(text[a:b].split()) <= 3 else 0.5
    first, last = bisect_right(ends, a), bisect_left(starts, b) - 1  # the tokens the span overlaps
    if q.named and (not re.match(rf"(?:the\s+)?[{UPPER}0-9]", text[a:b]) or c.kind == "number" or all(
            tags[i] in ("NUM", "SYM") for i in range(first, last + 1)) or tags[first] == "NUM"
            and text[a].isdigit()):
        fit *= NAMED_UNNAMED  # "Which company ...?", "What party ...?": a name ("Kestrel Pharma"),
        # not "29", "18.7%" or "41 million ducats"
    type_fit = fit
    if type_fit <= 0 and q.kind in STRICT_KINDS:
        return None  # "How many ...?" is never answered by a name or a month
    if q.kind in ("date", "duration") and c.kind == "number" \
            and re.search(r"[%$€£¥]|\bper ?cent\b", text[max(0, a - 1):b + 8]):
        return None  # "When ...?" is never answered by a share or a sum
    if q.count and (re.search(r"%|\bper ?cent\b", text[a:b]) or re.match(r"\s?(?:%|per ?cent\b)", text[b:])):
        return None  # "How many patients ...?" counts them: not "18%"
    if q.kind != "place" and a < _dateline_end(text):
        return None  # "LISBON, Portugal (AP) —" says where the story was filed, and by whom
    if q.kind == "place" and c.kind == "name":
        fit *= 1.0 if _PLACE_PREP.search(text[max(0, a - 12):a]) or _PLACE_OF.search(text, max(0, a - 24), a) \
            else 0.6  # "In which city ...?": "the city of [Brückstadt]", "the northern port of
        # [Nordvik]" as much as "in [Brückstadt]"
    if q.kind == "person" and c.kind == "name":
        if _PLACE_PREP.search(text[max(0, a - 12):a]):
            fit *= 0.55  # "near [Lowther Ferry]", "in [Westmoor]": somewhere, not someone
            type_fit *= 0.7
        fit *= 1.0 if len(text[a:b].split()) >= 2 else 0.8
        if any(fold(w.lower().strip(".,")) in ORG_WORDS for w in text[a:b].split()) \
                or re.fullmatch(r"[A-Z][A-Z&]{1,5}", text[a:b]):
            fit *= 0.5  # an organisation: "Dock Workers' Union", "GEU"
            type_fit *= 0.5
    if first > last or q.kind == "reason" and c.kind == "clause" and first == last:
        return None  # a reason trimmed down to one word ("to the [Bamako] government") is none
    ti = range(first, last + 1)  # the tokens the span overlaps
    if q.kind == "person" and c.kind == "name" and not _names_person(text, tok, ti[0], ti[-1]) \
            and not (len(named := text[a:b].split()) > 1 and fold(named[-1]) in q.persons):
        fit *= PERSON_UNMARKED
        type_fit *= PERSON_UNMARKED
    if q.named and c.kind in ("name", "np") and _names_person(text, tok, ti[0], ti[-1], says=False):
        fit *= NAMED_UNNAMED  # "Which company won the contracts?": not "Pires", whom the sentence
        type_fit *= NAMED_UNNAMED  # calls a minister
    if q.acted and c.kind in ("name", "np", "list") and not (ti[0] > 0 and tags[ti[0] - 1] == "ADP"):
        # "What will Turkey supply?": not "[Ankara] will supply ...", who supplies (but "on
        # [Friday] defended" is when)
        for v in range(ti[-1] + 1, min(len(tags), ti[-1] + 4)):
            if tok_terms[v] == q.acted:
                return None
            if tags[v] not in ("AUX", "ADV", "PART"):
                break
    if q.kind in ("person", "place") and c.kind == "name" and ti[-1] + 1 < len(tags) \
            and tags[ti[-1] + 1] == "NOUN" and text[tok[ti[-1] + 1][0]].islower() \
            and tok[ti[-1] + 1][0] - tok[ti[-1]][1] <= 1:
        return None  # a name before a common noun describes it: "the [U.S.] state of Florida"
    if q.kind == "place" and _WHEN_NOT_WHERE.search(text, a, b):
        return None  # "Where ...?" is not answered by a time: "[Sundays]", "[nights]", "14:32 [GMT]"
    if q.kind == "place" and text[a].isupper() and _names_person(text, tok, ti[0], ti[-1]):
        return None  # "Where did X meet Y?": "Abdoulaye Diop, Mali's foreign minister" is who
    if q.kind == "person" and q.places and span_terms and span_terms <= q.places:
        return None  # "Who removed the president?": not "Mali", a place the articles name
    if q.kind == "reason" and c.kind in ("np", "name") \
            and all(w[:1].isupper() or w in ("of", "de", "the", "and") for w in text[a:b].split()):
        return None  # "Why was the damage so bad?": not "Dr Fatma Özdemir", who said why
    if (q.kind == "manner" or q.kind == "thing" and (q.focus or q.acted)) and c.kind == "date":
        # "What was the [result] of the vote?", "What did he [accuse] France of?", "How did he make it
        # public?": never "March"
        return None
    if (q.kind in ("person", "place", "manner") or q.kind == "thing" and (q.focus or q.acted)) \
            and c.kind in ("name", "np", "list"):
        dated = sum(m.end() - m.start() for m in _DATE.finditer(text[a:b])) \
            + sum(m.end() - m.start() for m in _RELATIVE_TIME.finditer(text[a:b]))
        if dated >= (b - a) / 2:
            return None  # "June", "In June", "October and November", "last month": a date, not who or where
        elif len(ti) == 1 and tags[ti[0]] == "ADJ":
            type_fit = 0.0  # "French" in "French troops": describes, does not name
    if anchors:
        dist = min(min(abs(i - t) for t in anchors) for i in (ti[0], ti[-1]))
        near = 1.0 / (1.0 + dist / 4.0)
    else:
        near = 0.3
    n_words = len(ti)
    brevity = 1.0 if n_words <= 4 else max(0.4, 1.0 - 0.06 * (n_words - 4))
    left, right = _alignment_sides(q, tok_terms, ti[0], ti[-1])
    align = _alignment(q, tok_terms, ti[0], ti[-1])
    near_focus = float(bool(focus) and (focus in tok_terms[max(0, ti[0] - 3):ti[0]]
                                        or focus in tok_terms[ti[-1] + 1:ti[-1] + 4]))
    heuristic = fit * (W_BASE + W_NEAR * near + W_ALIGN * align + W_FOCUS * near_focus) * brevity
    raw_terms = _terms_of(text[c.start:c.end])
    before = text[max(0, a - 20):a].split()
    after = text[b:b + 2]
    fv = (
        [1.0] + [float(c.kind == k) for k in KINDS] + [float(q.kind == k) for k in QKINDS]
        + [heuristic, type_fit, near, left, right, near_focus, math.log1p(n_words),
           len(raw_terms & q.terms) / max(1, len(raw_terms)),
           float(ti[0] == 0),
           float(bool(before) and before[-1].lower() in _PREP),
           float(not after or after[0] in ",.;:)”\"'"),
           float(text[a].isupper()), float(any(ch.isdigit() for ch in text[a:b])),
           float(bool(anchors) and ti[0] > anchors[0]),
           float((a, b) != (c.start, c.end)),
           float(c.kind == "list" and q.plural),
           float(c.kind == "quote")]
        + _verb_features(q, tok_terms, tags, ti[0], ti[-1])
        + [float(tags[ti[-1]] in ("NOUN", "PROPN", "NUM")),
           float(len(ti) == 1 and tags[ti[0]] not in ("NOUN", "PROPN", "NUM")),
           float(_cuts_a_name(text, c.start, a, b, c.end, q))]
        + _focus_similarity(focus, tok_terms, ti[0], ti[-1])
        # the preposition a place or an agent answer usually follows: "in [Moscow]", "by [Tesla]"
        + [float(bool(before) and before[-1].lower() in _KIND_PREP.get(q.kind, ()))]
    )
    return Choice(a, b, min(1.0, heuristic), c.kind, type_fit, near, align), fv


def ranked_spans(q: Question, text: str) -> list[tuple[float, Choice]]:
    """Every answer span of ``text`` (a sentence) for ``q`` with its first-pass score (the span
    model's logit, or the heuristic fit without a fitted model), best first."""
    model = span_model()
    ranked: list[tuple[float, Choice]] = []
    for choice, fv in span_candidates(q, text):
        if model is not None:
            score = sum(w * v for w, v in zip(model.w, fv))
            fit = sigmoid(score)
        else:
            if choice.type_fit <= 0:
                continue
            score = fit = choice.fit
        ranked.append((score, Choice(choice.start, choice.end, fit, choice.kind, choice.type_fit,
                                     choice.near, choice.align)))
    ranked.sort(key=lambda r: -r[0])  # stable: a tie keeps the sentence's order
    return ranked


def choose_span(q: Question, text: str) -> Choice | None:
    """The best answer span inside ``text`` (a sentence) for question ``q``, or None."""
    ranked = ranked_spans(q, text)
    if not ranked:
        return None
    best_score, best = ranked[0]
    # its lead over the best other answer: a span overlapping it ("training" in "training and
    # equipment") is the same answer cut another way, not a rival
    rivals = [s for s, c in ranked if c.end <= best.start or c.start >= best.end]
    best.margin = min(5.0, best_score - max(rivals)) if rivals else 5.0
    model = span_model()
    keep = max(2, model.second.k) if model is not None and model.second is not None else 2
    plain = unmark(text)
    best.distinct = tuple(best_distinct(ranked, lambda r: plain[r[1].start:r[1].end], keep))
    return best


def best_distinct(ranked: Iterable[T], words: Callable[[T], str], k: int) -> list[T]:
    """The first ``k`` of ``ranked`` (best first) whose ``words`` differ: a name is also a noun
    phrase, the same answer twice. tools/train_spans.py picks the second look's spans with it too."""
    out: list[T] = []
    seen: set[str] = set()
    for item in ranked:
        if len(out) == k:
            break
        if (w := words(item)) not in seen:
            seen.add(w)
            out.append(item)
    return out


def second_look(text: str, first: Choice, similarity: Callable[[list[str]], Sequence[float]]) -> Choice:
    """``first`` (``choose_span``'s pick in ``text``), or a close runner-up that reads more like
    what the question asks: ``similarity`` gives each span's cosine with the question (MiniLM, in
    the pipeline). Only when the first pass was unsure (a lead under the fitted gate), so most
    questions embed nothing more. Without fitted weights: ``first``."""
    model = span_model()
    look = model.second if model is not None else None
    ranked = first.distinct[:look.k] if look is not None else ()
    # when the first fits what is asked, a rival that fits it less ("helicopter" for "Where ...?"
    # beside "Karadere") is none
    if first.type_fit >= 0.95:
        ranked = [r for r in ranked if r[1] is first or r[1].type_fit >= first.type_fit]
    if look is None or first.lead >= look.gate or len(ranked) < 2:
        return first
    plain = unmark(text)
    sims = similarity([plain[c.start:c.end] for _, c in ranked])
    scores = [look.w[0] * s + look.w[1] * float(sim) for (s, _), sim in zip(ranked, sims)]
    return ranked[max(range(len(ranked)), key=scores.__getitem__)][1]  # ranked[0] is ``first``


def _verb_features(q: Question, tok_terms: tuple[str, ...], tags: tuple[str, ...], first: int,
                   last: int) -> list[float]:
    """The nearest verb on each side of the span within the clause (no punctuation between): is
    it one of the question's verbs ("What did Luther [call for]?" -> the phrase after "called for"),
    and is there one at all. Order: question verb left, right; any verb left, right."""
    def scan(indices: range) -> tuple[float, float]:
        for i in indices:
            if tags[i] == "PUNCT" and tok_terms[i] == "":
                break
            if tags[i] == "VERB":
                return 1.0, float(tok_terms[i] in q.terms)
        return 0.0, 0.0

    any_left, q_left = scan(range(first - 1, max(-1, first - 6), -1))
    any_right, q_right = scan(range(last + 1, min(len(tags), last + 6)))
    return [q_left, q_right, any_left, any_right]


STRICT_KINDS = frozenset({"person", "place", "number", "duration", "date", "reason"})
_SAYS = frozenset("said says told added stated explained wrote argued insisted".split())


def _names_person(text: str, tok: tuple[tuple[int, int], ...], first: int, last: int,
                  says: bool = True) -> bool:
    """The sentence itself marks the name as a person's: a title right before it ("Minister
    Abdoulaye Diop", "counterpart Sergei Lavrov"), an apposition naming a role right after it
    ("Diop, Mali's foreign minister,"), or (with ``says``) a verb of saying next to it, which a
    company or an agency may also have."""
    word = lambda i: text[tok[i][0]:tok[i][1]]  # noqa: E731
    if first > 0 and (_title_word(word(first - 1)) or says and word(first - 1).lower() in _SAYS):
        return True  # "Minister Abdoulaye Diop", "..., said Paul Martin"
    if first > 1 and last > first and word(first - 1) == "," and _title_word(word(first - 2)):
        # "her Kestrian counterpart, Radek Šťastný," (a full name: "its former ruler, France" is not)
        return True
    if last + 1 < len(tok):
        nxt = word(last + 1)
        if says and nxt.lower() in _SAYS:
            return True
        if nxt == ",":
            for i in range(last + 2, min(len(tok), last + 10)):
                w = word(i)
                if w in (",", ".", ";", ")"):
                    return i > last + 2 and _title_word(word(i - 1))
    return False


_CAPITALISED_RUN = re.compile(rf"[{UPPER}][\w’'-]+(?:\s+[{UPPER}][\w’'-]+)*")
_AGE_AFTER = re.compile(r",\s+\d{1,3},")


def person_names(texts: Iterable[str]) -> frozenset[str]:
    """The folded last words of the names the texts mark as a person's somewhere: after a title
    ("Health Minister Tomasz Wołowski", "Dr Ines Ordóñez") or before an age ("Ndour, 24,"). A
    sentence that names the same person without either ("Wołowski told reporters ...") then names
    someone too."""
    out: set[str] = set()
    for text in texts:
        for m in _CAPITALISED_RUN.finditer(text):
            words = m.group().split()
            before = text[max(0, m.start() - 24):m.start()].split()
            titled = bool(before) and _title_word(before[-1]) or any(map(_title_word, words[:-1]))
            if titled or _AGE_AFTER.match(text, m.end()):
                last = words[-1]
                if not _title_word(last) and last.lower() not in ORG_WORDS:
                    out.add(fold(last))
    return frozenset(out)


W_BASE, W_NEAR, W_ALIGN, W_FOCUS = 0.4, 0.3, 0.6, 0.5
# "Who ...?": a name the sentence does not mark as a person's (no title or role before it, no
# apposition or verb of saying after it) is less likely the one asked for: "Westmoor", "Broncos"
PERSON_UNMARKED = 0.8
ALIGN_WINDOW = 6


def _after_apposition(tok_terms: list[str], last: int) -> int:
    """Where the sentence goes on after a span: "Diop, Mali's foreign minister, met ..." skips the
    apposition between the commas, so "met" counts as right after "Diop"."""
    i = last + 1
    if i < len(tok_terms) and tok_terms[i] == "":  # punctuation folds to ""
        for j in range(i + 1, min(len(tok_terms), i + 10)):
            if tok_terms[j] == "" and j > i + 1:
                return j + 1
    return i


def _alignment_sides(q: Question, tok_terms: list[str], first: int, last: int) -> tuple[float, float]:
    left = right = 0.0
    if q.left:
        left = len(q.left & set(tok_terms[max(0, first - ALIGN_WINDOW):first])) / len(q.left)
    if q.right:
        near = set(tok_terms[last + 1:last + 1 + ALIGN_WINDOW])
        after = _after_apposition(tok_terms, last)
        near.update(tok_terms[after:after + ALIGN_WINDOW])
        right = len(q.right & near) / len(q.right)
    return left, right


def _alignment(q: Question, tok_terms: list[str], first: int, last: int) -> float:
    """Share of the question's left/right context found on the same side of the span."""
    left, right = _alignment_sides(q, tok_terms, first, last)
    sides = bool(q.left) + bool(q.right)
    return (left + right) / sides if sides else 0.0


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))
