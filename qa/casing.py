"""A question typed in lower case, given the capitals the articles use ("who runs ravensworth
house museum" -> "Who runs Ravensworth House Museum?").

Reading a question leans on its capitals: a name in the question is an echo the answer must not
repeat, and the tagger tells a name from a noun by them. People typing into a chat box often skip
them. Each lower-case word of such a question takes the form the index's own sentences give it
when they are not at a sentence's start ("kőszegi" as "Kőszegi", "ceo" as "CEO"), if that form is
the usual one; words the articles mostly write in lower case stay as they are ("may", "bill").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .text import SHORT_FORMS, fold, terms
from .wordvec import is_word

if TYPE_CHECKING:
    from .retrieve import LexicalIndex
    from .types import Sentence

_WORD = re.compile(r"[^\W\d_]+")
LOOKED_AT = 60  # sentences read per word: enough to see how the articles write it
USUAL = 0.75  # the share of a word's uses (not first in a sentence) a capitalised form needs


# words shortened in a chat box, as the articles write them ("storage temp for hb-k1")
_CHAT_WORDS = {"temp": "temperature", "temps": "temperatures", "max": "maximum", "govt": "government",
               "yr": "year", "yrs": "years", "approx": "approximately", "avg": "average", "hrs": "hours",
               "mins": "minutes", "pct": "percent", "intl": "international"}
_CHAT_WORD = re.compile(r"(?<![\w’'-])(?:" + "|".join(_CHAT_WORDS) + r")(?![\w’'-])")


def typed_lower(question: str) -> bool:
    """Whether ``question`` has no capital letter after its first character."""
    return not any(c.isupper() for c in question[1:])


def truecase(question: str, lexical: LexicalIndex, sentences: Sequence[Sentence]) -> str:
    """``question`` with each lower-case word in the form the articles usually write it (after the
    same word as in the question if they use it so: "the liberal democratic party" as "the Liberal
    Democratic Party" even where they mostly write "party") and a capital first letter if it was
    typed all in lower case (``typed_lower``); a chat box's short words spelled out ("temp" as
    "temperature"); and a question mark at its end if it has none."""
    question = _CHAT_WORD.sub(lambda m: _CHAT_WORDS[m.group()], question)
    if not typed_lower(question):
        return _asked(question)
    out = []
    last = 0
    before = ""
    for m in _WORD.finditer(question):
        word = m.group()
        form = _usual_form(word, before, lexical, sentences) if len(word) > 1 else None
        if form is not None:
            out.append(question[last:m.start()])
            out.append(form)
            last = m.end()
        before = fold(word)
    out.append(question[last:])
    text = "".join(out)
    first = re.search(r"[^\W\d_]", text)
    if first is not None:
        text = text[:first.start()] + text[first.start()].upper() + text[first.start() + 1:]
    return _asked(text)


def _asked(question: str) -> str:
    """``question`` ending in a question mark: "population of dunmarra" is read (and embedded) as
    the question it is."""
    return question if re.search(r"[?.!]\W*$", question) else question.rstrip() + "?"


def _usual_form(word: str, before: str, lexical: LexicalIndex, sentences: Sequence[Sentence]) -> str | None:
    """The capitalised form the articles use for ``word`` in most of its uses after the word
    ``before`` (folded), or if they never write it after it, in most of its uses that do not
    open a sentence. None when that form is lower case, or the articles never use the word."""
    if word in SHORT_FORMS:
        return SHORT_FORMS[word]  # "ceo": the index knows it only as "chief executive"
    found = terms(word)
    if len(found) != 1:
        return None  # a function word: no term
    key = fold(word)
    anywhere: Counter[str] = Counter()
    after: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    for i in lexical.sentences_with(found[0], LOOKED_AT):
        text = sentences[i].text
        previous = None
        for m in _WORD.finditer(text):
            if fold(m.group()) != key:
                pass
            elif text[:m.start()].strip(" \"'“‘«*_#>-([") == "":
                opening[m.group()] += 1
            else:
                anywhere[m.group()] += 1
                if previous is not None and fold(previous) == before:
                    after[m.group()] += 1
            previous = m.group()
    # a word seen only at sentences' starts tells its case only if it is no English word ("Visitors
    # may ..." says nothing; "Ravensworth House ..." does)
    forms = after or anywhere or (opening if is_word(found[0]) is False else Counter())
    if not forms:
        return None
    form, n = forms.most_common(1)[0]
    if form == form.lower() or n < USUAL * sum(forms.values()):
        return None
    return form
