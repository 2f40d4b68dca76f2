"""A small, fast English part-of-speech tagger and base noun-phrase chunker.

* :func:`tokenize` splits text into UD-English-like word tokens and returns their
  exact character spans, so every token is a verbatim slice of the input.
* :func:`tag` gives a Universal POS tag (UPOS: NOUN, VERB, PROPN, ...) per word,
  using a greedy averaged perceptron trained on UD English EWT by
  ``tools/train_tagger.py`` (weights in ``qa/data/pos_tagger.json.gz``,
  CC BY-SA 4.0, see ``qa/data/ATTRIBUTION.md``).
* :func:`noun_chunks` finds base noun phrases from words and tags with a few
  generic English rules.

Importing this module is cheap: the model (and numpy) are loaded on the first
call to :func:`tag` and cached.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["UPOS_TAGS", "noun_chunks", "tag", "tag_question", "tokenize"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "pos_tagger.json.gz"
MODEL_FORMAT = "qa-pos-tagger/1"

# fmt: off
UPOS_TAGS = (
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
)
# fmt: on

# --------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------

# Abbreviations that keep their final period (only when followed by a space or the end).
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Messrs|Dr|Prof|Sr|Jr|St|Gen|Col|Lt|Maj|Capt|Cmdr|Sgt|Adm|Gov|Sen|Rep|Rev|Hon|"
    "Pres|Supt|Inc|Ltd|Corp|Co|Bros|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Mt|Ft|Ave|Blvd|"
    "vs|etc|approx|cf|Dept|Univ"
)
# Combining marks of common scripts, kept inside words ("Ke\u0308ita").
_MARK = (
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\u3099\u309a\ufe20-\ufe2f]"
)
_WORD = r"[^\W_](?:[^\W_]|" + _MARK + ")*"
# letters/digits, with inner apostrophes ("O'Brien", "Mali's") and hyphens ("e-mail", "15-year")
_WORDS = _WORD + "(?:['’]" + _WORD + ")*(?:-" + _WORD + "(?:['’]" + _WORD + ")*)*"
_TOKEN_RE = re.compile(
    r"""
      (?P<url>(?:https?://|www\.)\S+)
    | (?P<email>[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)+)
    | (?P<domain>[^\W_][\w-]*(?:\.[\w-]+)*\.(?i:com|org|net|gov|edu|info|int|io|uk|pdf|docx?|xlsx?
                 |pptx?|jpe?g|png|gif|html?|txt|csv|zip)(?![\w-]))
    | (?P<phone>(?<!\d)(?:\d{3}-)?\d{3}-\d{4}(?![\d-]))
    | (?P<abbr>(?:[^\W\d_]\.){2,}(?![^\W_]))
    | (?P<title>(?:ABBREVIATIONS)\.(?=\s|$)|No\.(?=\s*\d))
    | (?P<initial>[A-ZÀ-ÖØ-Þ]\.(?=\s+[A-ZÀ-ÖØ-Þ]))
    | (?P<amp>[A-Z]{1,4}&[A-Z]{1,4}(?![^\W_]))
    | (?P<clitic>(?<=[\w.])['’](?:[sSdDmM]|[rR][eE]|[vV][eE]|[lL][lL])(?![^\W_]))
    | (?P<num>\d+(?:[.,:/]\d+)+)
    | (?P<word>WORDS)
    | (?P<punct>\.{2,}|[!?][!?.]+|\.[!?]+|-{2,}|[*=~_#+]{2,}|<<|>>)
    | (?P<flag>[\U0001F1E6-\U0001F1FF]{2})
    | (?P<other>\S(?:[\ufe0e\ufe0f\u20e3\U0001F3FB-\U0001F3FF]|\u200d\S)*)
    """.replace("ABBREVIATIONS", _ABBREVIATIONS).replace("WORDS", _WORDS),
    re.VERBOSE,
)

# First parts of hyphenated words that UD English keeps attached ("e-mail",
# "re-start", "non-human", "anti-American"); other hyphens are split off.
# fmt: off
_HYPHEN_PREFIXES = frozenset((
    "e", "re", "pre", "post", "co", "anti", "non", "ex", "mid", "vice", "semi", "mis", "over",
    "counter", "pro", "multi", "inter", "intra", "sub", "super", "ultra", "neo", "bi", "tri", "un",
    "de", "hyper", "micro", "macro", "mega", "mini", "quasi", "pseudo",
))
# fmt: on
_CLITICS = frozenset(("s", "re", "ve", "ll", "d", "m"))
# Words UD splits without an apostrophe: cannot -> can + not, gonna -> gon + na.
_SPLIT_WORDS = {"cannot": 3, "gonna": 3, "wanna": 3, "gotta": 3}
_URL_TRAILING = ".,;:!?)]}'\"’”»>"
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def _split_clitics(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the spans of one hyphen-free word, splitting clitics the way UD does."""
    word = text[start:end]
    low = word.lower()
    if len(word) > 3 and low.endswith(("n't", "n’t")):
        out.append((start, end - 3))
        out.append((end - 3, end))
        return
    cut = max(word.rfind("'"), word.rfind("’"))
    if cut > 0 and low[cut + 1 :] in _CLITICS:
        out.append((start, start + cut))
        out.append((start + cut, end))
        return
    n = _SPLIT_WORDS.get(low)
    if n is not None:
        out.append((start, start + n))
        out.append((start + n, end))
        return
    out.append((start, end))


def _split_word(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the spans of a word match: hyphens split off unless after a prefix."""
    word = text[start:end]
    if "-" not in word:
        if "'" in word or "’" in word or word.lower() in _SPLIT_WORDS:
            _split_clitics(text, start, end, out)
        else:
            out.append((start, end))
        return
    parts = word.split("-")
    seg_start = start
    pos = start
    for k, part in enumerate(parts):
        pos_end = pos + len(part)
        last = k == len(parts) - 1
        if not last and part.lower() in _HYPHEN_PREFIXES:
            # keep "anti-" attached to what follows
            pos = pos_end + 1
            continue
        _split_clitics(text, seg_start, pos_end, out)
        if not last:
            out.append((pos_end, pos_end + 1))
        pos = pos_end + 1
        seg_start = pos


def tokenize(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into UD-English-like word tokens.

    Returns ``[start, end)`` character spans, in order, such that every
    non-whitespace character belongs to exactly one span and no span contains
    whitespace.  Punctuation is split off, clitics are split as in UD
    ("Mali's" -> "Mali" "'s", "don't" -> "do" "n't"; curly apostrophes too),
    numbers ("1,200", "3.5"), abbreviations ("U.N.", "Mr.") and prefixed
    hyphenations ("e-mail", "anti-war") stay whole, other hyphens are split
    off ("15-year" -> "15" "-" "year"), as in UD English EWT.
    """
    spans: list[tuple[int, int]] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "word":
            _split_word(text, s, e, spans)
        elif kind == "url":
            cut = e
            while cut > s + 1 and text[cut - 1] in _URL_TRAILING:
                cut -= 1
            spans.append((s, cut))
            spans.extend((k, k + 1) for k in range(cut, e))
        elif kind == "other" and spans and spans[-1][1] == s and _is_attached_mark(text[s]):
            # a combining accent / joiner glued to the previous token
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _is_attached_mark(ch: str) -> bool:
    return ch in _JOINERS or unicodedata.category(ch) in ("Mn", "Mc", "Me")


# --------------------------------------------------------------------------
# Features (shared with tools/train_tagger.py: keep them in one place)
# --------------------------------------------------------------------------

# Curly quotes, dashes and the ellipsis look like the (mostly ASCII) training data.
# fmt: off
_CHAR_MAP = str.maketrans({
    "’": "'", "‘": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "--", "―": "--", "‐": "-", "‑": "-", "−": "-",
    "…": "...",
})
# fmt: on
_SHAPE_MAP = str.maketrans(
    {
        **{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"},
        **{c: "d" for c in "0123456789"},
    }
)
_RUNS = re.compile(r"(.)\1+")

START = "-START-"
START2 = "-START2-"


def normalize(word: str) -> str:
    """Map a token to the character conventions of the training data."""
    word = word.translate(_CHAR_MAP)
    if word == "''" or word == "``":
        return '"'
    return word


def _shape(word: str) -> str:
    shape = word.translate(_SHAPE_MAP)
    if not shape.isascii():
        shape = "".join(
            ("X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c)
            if not c.isascii()
            else c
            for c in shape
        )
    return _RUNS.sub(r"\1", shape)[:6]


def _lex(word: str) -> str:
    """The lower-cased word identity used in features (numbers collapsed)."""
    if word[:1].isdigit():
        if len(word) == 4 and word.isdigit():
            return "!YEAR"
        return "!DIGITS"
    return word.lower()


def word_features(words: Sequence[str]) -> list[list[str]]:
    """Tag-independent features of each word of a (normalized) sentence."""
    n = len(words)
    lex = [_lex(w) for w in words]
    low = [w.lower() for w in words]
    shapes = [_shape(w) for w in words]
    pad_lex = [START2, START] + lex + ["-END-", "-END2-"]
    pad_suf = ["", ""] + [w[-3:] for w in low] + ["", ""]
    pad_shape = ["", ""] + shapes + ["", ""]
    feats: list[list[str]] = []
    for i in range(n):
        w = words[i]
        lw = low[i]
        j = i + 2
        f = [
            "b",
            "w=" + lex[i],
            "s1=" + lw[-1:],
            "s2=" + lw[-2:],
            "s3=" + lw[-3:],
            "s4=" + lw[-4:],
            "p1=" + lw[:1],
            "p2=" + lw[:2],
            "p3=" + lw[:3],
            "sh=" + shapes[i],
            "w-1=" + pad_lex[j - 1],
            "w-2=" + pad_lex[j - 2],
            "w+1=" + pad_lex[j + 1],
            "w+2=" + pad_lex[j + 2],
            "s-1=" + pad_suf[j - 1],
            "s+1=" + pad_suf[j + 1],
            "sh-1=" + pad_shape[j - 1],
            "sh+1=" + pad_shape[j + 1],
            "ww+1=" + lex[i] + " " + pad_lex[j + 1],
            "w-1w=" + pad_lex[j - 1] + " " + lex[i],
        ]
        if w[:1].isupper():
            f.append("cap0" if i == 0 else "cap")
            if w.isupper() and len(w) > 1:
                f.append("allcap")
        if "-" in w and len(w) > 1:
            f.append("hyph")
        if any(c.isdigit() for c in w):
            f.append("digit")
        feats.append(f)
    return feats


def context_features(prev: str, prev2: str, lex: str) -> tuple[str, str, str, str]:
    """Features that depend on the tags already assigned to the previous words."""
    return (
        "t-1=" + prev,
        "t-2=" + prev2,
        "t-1t-2=" + prev + " " + prev2,
        "t-1w=" + prev + " " + lex,
    )


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------


class _Model:
    __slots__ = ("index", "np", "t1", "t2", "t12", "tag_ids", "tagdict", "tags", "weights")

    def __init__(self, data: dict[str, Any]) -> None:
        import numpy as np

        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"unexpected POS model format {data.get('format')!r}")
        self.np = np
        self.tags: list[str] = list(data["tags"])
        self.tag_ids = {t: k for k, t in enumerate(self.tags)}
        features: list[str] = data["features"]
        n_tags = len(self.tags)
        raw = base64.b64decode(data["weights"])
        weights = np.frombuffer(raw, dtype=data["dtype"]).astype(np.float32)
        weights = weights.reshape(len(features), n_tags)
        # one extra zero row at the end for "feature not seen in training"
        self.weights = np.vstack([weights, np.zeros((1, n_tags), np.float32)])
        self.index: dict[str, int] = dict(zip(features, range(len(features))))
        self.tagdict: dict[str, str] = dict(data.get("tagdict", {}))
        # previous-tag features as dense tables: rows indexed by tag id, then START, START2
        names = self.tags + [START, START2]
        m = len(names)
        zero = len(features)
        get = self.index.get
        self.t1 = self.weights[[get("t-1=" + a, zero) for a in names]]
        self.t2 = self.weights[[get("t-2=" + a, zero) for a in names]]
        self.t12 = self.weights[
            [get("t-1t-2=" + a + " " + b, zero) for a in names for b in names]
        ].reshape(m, m, n_tags)

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.decode(words)[0]

    def decode(self, words: Sequence[str], forced: dict[int, str] | None = None) -> tuple[list[str], list[float]]:
        """Greedy tags, with the tags at ``forced`` positions imposed (the words after them are
        read with those); and per word how far its VERB score falls short of its best score (0 for
        a word read as a verb)."""
        n = len(words)
        if n == 0:
            return [], []
        forced = forced or {}
        np = self.np
        norm = [normalize(w) for w in words]
        feats = word_features(norm)
        index = self.index
        zero = len(index)
        rows: list[int] = []
        offsets: list[int] = []
        for f in feats:
            offsets.append(len(rows))
            rows.extend([index.get(x, zero) for x in f])
        base = np.add.reduceat(self.weights[rows], offsets, axis=0)
        tags = self.tags
        tagdict = self.tagdict
        tag_ids = self.tag_ids
        t1, t2, t12, weights = self.t1, self.t2, self.t12, self.weights
        start, start2 = len(tags), len(tags) + 1
        p1, p2 = start, start2
        verb = tag_ids["VERB"]
        out: list[str] = []
        short: list[float] = []
        for i in range(n):
            fixed = forced.get(i) or tagdict.get(norm[i])
            if fixed is not None:
                out.append(fixed)
                t = tag_ids[fixed]
                short.append(0.0 if fixed == "VERB" else float("-inf"))
            else:
                scores = base[i] + t1[p1] + t2[p2] + t12[p1, p2]
                prev = tags[p1] if p1 < start else START if p1 == start else START2
                r = index.get("t-1w=" + prev + " " + _lex(norm[i]))
                if r is not None:
                    scores += weights[r]
                t = int(scores.argmax())
                out.append(tags[t])
                short.append(float(scores[verb] - scores[t]))
            p2, p1 = p1, t
        return out, short


def load_model(path: str | Path | None = None) -> _Model:
    """Load a tagger model file (the packaged one unless ``path`` is given)."""
    with gzip.open(path or MODEL_PATH, "rt", encoding="utf-8") as fh:
        return _Model(json.load(fh))


@functools.lru_cache(maxsize=1)
def _model() -> _Model:
    return load_model()


# what a sentence's capitalised first word may turn out to be once read in lower case
_FIRST_WORD_TAGS = frozenset(("ADJ", "ADV", "DET", "PRON", "ADP", "SCONJ", "CCONJ", "NUM"))


def tag(words: Sequence[str]) -> list[str]:
    """Universal POS tags (UPOS) for a sentence's words, one per word.

    A sentence's first word is capitalised whatever it is, and the model reads "Much" or "Most"
    there as a name. When the word is one the model has seen and, read in lower case, it tags as a
    function word or adjective, that tag is kept ("Much of the water ..."); an unseen word
    ("Kuechly", "Jacksonville") stays as tagged."""
    model = _model()
    return _first_word(model, words, model.tag(words))


def _first_word(model: _Model, words: Sequence[str], out: list[str]) -> list[str]:
    first = words[0] if words else ""
    if out and out[0] == "PROPN" and first[:1].isupper() and first[1:].islower() \
            and "w=" + first.lower() in model.index:
        again = model.tag([first.lower(), *words[1:3]])[0]
        if again in _FIRST_WORD_TAGS:
            out[0] = again
    return out


_DO = frozenset(("do", "does", "did"))
# words that stand between a question's subject and its verb without being either: "When did the
# plant [first] open?", "How did they [finally] agree?"
_NOT_THE_VERB = frozenset(("first", "last", "next", "ever", "again", "still", "also", "just", "already", "later",
                           "now", "then", "once", "twice", "soon", "today", "yesterday", "tomorrow", "tonight"))


def tag_question(words: Sequence[str]) -> list[str]:
    """``tag`` for a question. The model learned from statements and reads the bare verb that
    "do" asks for at a question's end as a noun ("How much did the repair [cost]?", "What problem
    did the report [identify]?", "What year did forge lane bakery first [open]"). When "do"
    has no verb after its subject, the word after it that the model finds most verb-like is
    read as one: a word of its own (no capital, not a function word, an adverb or a time word,
    not inside a hyphenated word) not followed by a noun or adjective it would modify; and
    the subject cannot be a verb ("did [forge] lane bakery ..."). A "what" or "which" question
    read with no verb at all ("Which charity [paid] for the scanner?") likewise has its most
    verb-like word after its first noun read as one."""
    from .text import STOPWORDS

    model = _model()
    out, short = model.decode(words)
    out = _first_word(model, words, out)
    low = [w.lower() for w in words]

    def own(j: int) -> bool:  # a word that may be the verb: lower case, no function, time or -ly word
        return words[j].isalpha() and words[j].islower() and low[j] not in STOPWORDS \
            and low[j] not in _NOT_THE_VERB and not low[j].endswith("ly")

    if low[:1] in (["what"], ["which"]) and not any(t in ("VERB", "AUX") for t in out):
        # "Which charity [paid] for the pilot?": a question with no verb read has one after its noun
        noun = next((i for i, t in enumerate(out) if t in ("NOUN", "PROPN")), None)
        found = [j for j in range(noun + 1, len(words)) if own(j)] if noun is not None else []
        if found:
            return model.decode(words, {0: out[0], max(found, key=lambda j: short[j]): "VERB"})[0]
        return out
    at = next((i for i, (w, t) in enumerate(zip(low, out)) if w in _DO and t in ("AUX", "VERB")), None)
    if at is None or at + 2 >= len(words) \
            or any(t == "AUX" or w in _DO for w, t in zip(low[at + 1:], out[at + 1:])):
        return out
    forced = {0: out[0]}
    if out[at + 1] == "VERB":  # the subject comes first
        forced[at + 1] = "PROPN" if words[at + 1][:1].isupper() else "NOUN"
        out, short = model.decode(words, forced)
    if "VERB" in out[at + 2:]:
        return out

    def after(j: int) -> str:
        return out[j + 1] if j + 1 < len(words) else ""

    def hyphen(j: int) -> bool:
        return words[j - 1] == "-" or j + 1 < len(words) and words[j + 1] == "-"

    found = [j for j in range(at + 2, len(words))
             if out[j] in ("NOUN", "ADJ", "ADV", "PROPN", "ADP") and own(j)
             and after(j) not in ("NOUN", "PROPN", "ADJ") and not hyphen(j)]
    if not found:
        return out
    forced[max(found, key=lambda j: short[j])] = "VERB"
    return model.decode(words, forced)[0]


# --------------------------------------------------------------------------
# Noun chunks
# --------------------------------------------------------------------------

_POSS_PRON = frozenset(["my", "your", "his", "her", "its", "our", "their", "whose"])
_POSS_MARK = frozenset(("'s", "'"))
_CURRENCY = frozenset(["$", "€", "£", "¥", "₹", "US$", "C$", "A$"])
_HEADS = frozenset(("NOUN", "PROPN", "NUM"))
_MODS = frozenset(("NOUN", "PROPN", "NUM", "ADJ"))
_NO_COMPOUND = frozenset(("PUNCT", "DET", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "ADP", "INTJ"))
_PARTICIPLE = ("ing", "ed", "en")


def noun_chunks(words: Sequence[str], tags: Sequence[str]) -> list[tuple[int, int]]:
    """Base noun phrases as token spans ``[i, j)``.

    A chunk is optional determiners / possessive pronouns, then adjectives,
    numbers and nouns, ending in a NOUN, PROPN or NUM ("the new French
    president", "1,200 soldiers", "$ 5 million", "5 %").  A few joins are
    allowed inside: hyphenated modifiers ("15 - year", "so - called"),
    adverbs before adjectives ("a very large army"), participles after a
    determiner or adjective ("the ruling party"), possessives ("Mali 's
    interim president"; a possessive with no noun after it ends the chunk),
    and "of" (optionally "of the") between proper names ("Bank of England",
    "Republic of the Congo").  Pronouns alone are not chunks.  Chunks do not
    overlap and are returned in order.
    """
    n = len(words)
    if len(tags) != n:
        raise ValueError("words and tags must have the same length")
    norm = [normalize(w) for w in words]
    low = [w.lower() for w in norm]
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < n:
        k = i
        # determiners, predeterminers ("all the") and possessive pronouns
        while k < n and (tags[k] == "DET" or (tags[k] == "PRON" and low[k] in _POSS_PRON)):
            k += 1
        body = k
        last_head = -1
        while k < n:
            t = tags[k]
            if (
                k + 2 < n
                and low[k + 1] == "-"
                and t not in _NO_COMPOUND
                and tags[k + 2] not in _NO_COMPOUND
            ):
                # hyphenated modifier: "15 - year - old", "so - called", "France - based"
                k += 2
                while k + 2 < n and low[k + 1] == "-" and tags[k + 2] not in _NO_COMPOUND:
                    k += 2
                if tags[k] in _HEADS:
                    last_head = k
                k += 1
                continue
            if t in _MODS:
                if t in _HEADS:
                    last_head = k
                k += 1
                continue
            if t == "SYM":
                if norm[k] in _CURRENCY and k + 1 < n and tags[k + 1] == "NUM":
                    k += 1
                    continue
                if norm[k] == "%" and k > body and tags[k - 1] == "NUM":
                    last_head = k
                    k += 1
                    continue
                break
            w = low[k]
            if (
                t == "VERB"
                and k > i
                and w.endswith(_PARTICIPLE)
                and k + 1 < n
                and tags[k + 1] in ("NOUN", "PROPN", "ADJ")
                and (
                    tags[k - 1] in ("DET", "ADJ", "NUM")
                    or low[k - 1] in _POSS_MARK
                    or low[k - 1] in _POSS_PRON
                )
            ):
                # participle as modifier: "the ruling party", "Mali 's armed forces"
                k += 1
                continue
            if w == "of" and k > body and tags[k - 1] == "PROPN":
                m = k + 1
                if m < n and low[m] == "the":
                    m += 1
                if m < n and tags[m] == "PROPN":
                    k = m
                    continue
                break
            if (
                w in _POSS_MARK
                and last_head == k - 1
                and k + 1 < n
                and (
                    tags[k + 1] in _MODS
                    or (tags[k + 1] == "VERB" and low[k + 1].endswith(_PARTICIPLE))
                )
            ):
                # possessive: "Mali 's (new) president" continues the phrase
                if any(tags[x] in _HEADS for x in range(k + 1, min(n, k + 6))):
                    k += 1
                    continue
                break
            if t == "ADV" and k + 1 < n and tags[k + 1] == "ADJ":
                # "a very large army", "the most senior official"
                k += 1
                continue
            break
        if last_head >= 0:
            chunks.append((i, last_head + 1))
            i = last_head + 1
        else:
            i = max(i + 1, k)
    return chunks
