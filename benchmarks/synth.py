"""Synthetic corpora from real text, and generic questions generated from text.

The scaling corpus recombines real paragraphs (the default corpus and xquad-en) into many article
files. Each article is a headline plus *segments* of consecutive real sentences (<= ~90 words, so
one passage each), separated by "Advertisement" lines — site chrome that ``qa`` skips, so a passage
never spans two segments. Segments come from a fixed pool, so passage texts repeat across files
and ``qa ingest`` embeds each distinct text once (it deduplicates by text): a 100,000-passage
corpus costs the embedding of the pool only. Chunking, Chroma, the snapshot and BM25 still see
every passage. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAX_WORDS = 90  # a segment stays under the 160-token passage budget
SEPARATOR = "\n\nAdvertisement\n\n"

_SENT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENT.split(paragraph) if s.strip()]


def read_texts(folders: Sequence[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace")
            for folder in folders for p in sorted(folder.glob("*.txt"))]


def paragraphs(text: str, min_words: int = 12) -> list[str]:
    """Lines of running text (scraped articles keep a paragraph per line)."""
    return [ln.strip() for ln in text.splitlines()
            if len(ln.split()) >= min_words and ln.strip()[-1:] in ".!?\"”’)"]


def titles(texts: Sequence[str]) -> list[str]:
    """Headline-like first lines (3-14 words, no final stop) of the source articles."""
    out = []
    for t in texts:
        for ln in t.splitlines()[:6]:
            words = ln.split()
            if (3 <= len(words) <= 14 and ln.strip()[-1:] not in ".!?:;"
                    and not ln.lower().startswith(("skip to", "advertisement", "by "))):
                out.append(ln.strip())
                break
    return sorted(set(out)) or ["Synthetic article"]


def _windows(sents: list[str], start: int) -> Iterator[str]:
    """Consecutive sentences from ``start`` on, packed greedily into <= MAX_WORDS words."""
    i = start
    while i < len(sents):
        words, j = 0, i
        while j < len(sents) and words + len(sents[j].split()) <= MAX_WORDS:
            words += len(sents[j].split())
            j += 1
        if j == i:  # one sentence over the limit: skip it
            i += 1
            continue
        yield " ".join(sents[i:j])
        i = j


def segment_pool(texts: Sequence[str], size: int, seed: int) -> list[str]:
    """``size`` distinct segments: every paragraph's natural windows first, then windows that
    start at other sentences of a paragraph (still consecutive real text)."""
    paras = [sentences(p) for t in texts for p in paragraphs(t)]
    pool: dict[str, None] = {}
    for sents in paras:
        for w in _windows(sents, 0):
            pool.setdefault(w)
    rng = random.Random(seed)
    tries = 0
    while len(pool) < size and tries < 50 * size:
        tries += 1
        sents = rng.choice(paras)
        if len(sents) > 1:
            pool.setdefault(next(_windows(sents, rng.randrange(1, len(sents))), ""))
    pool.pop("", None)
    out = list(pool)
    rng.shuffle(out)
    return out[:size]


@dataclass
class SyntheticCorpus:
    """A corpus folder that grows: ``grow(n)`` adds articles until it has ``n`` passages or more
    (it may overshoot by up to one article).

    Files are written in a fixed order, so the 1k corpus is a prefix of the 10k one and so on.
    The first articles use every pool segment once; later ones draw segments at random."""

    folder: Path
    pool: list[str]
    heads: list[str]
    seed: int = 7
    passages: int = 0  # expected passages: one per headline and one per segment
    files: int = 0
    used: set[str] = field(default_factory=set)  # distinct passage texts written so far
    _rng: random.Random = field(init=False)
    _fresh: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._rng = random.Random(self.seed)
        self._fresh = list(reversed(self.pool))

    def _segment(self) -> str:
        return self._fresh.pop() if self._fresh else self._rng.choice(self.pool)

    def grow(self, target: int) -> int:
        while self.passages < target:
            k = self._rng.randint(4, 14)  # never clipped: the file sequence ignores targets
            parts = [self._rng.choice(self.heads)] + [self._segment() for _ in range(k)]
            self.used.update(parts)
            path = self.folder / f"{self.files // 1000:03d}" / f"article_{self.files:06d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(SEPARATOR.join(parts) + "\n", encoding="utf-8")
            self.files += 1
            self.passages += k + 1
        return self.passages


# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------

_NAME = r"(?:[A-Z][\w'’.-]+)(?:\s+(?:(?:bin|al|de|of|van|von|der|the)\s+)?[A-Z][\w'’.-]+){0,4}"
_VERB = (r"(?:\w+ed|met|said|won|led|took|made|became|gave|told|left|held|sent|began|wrote|"
         r"found|built|signed|visited|was|is|has|had|says|leads|became)")
_SUBJECT_VERB = re.compile(rf"^(?P<name>{_NAME})(?:,[^,]{{3,80}},)?\s+(?P<verb>{_VERB})\s+"
                           rf"(?P<rest>[^,;:.!?()\"“”]+)")
_MID_NAME = re.compile(r"(?<=\s)(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][\w'’-]+){1,3})")
_STARTERS = {"The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "In",
             "On", "At", "For", "But", "And", "However", "After", "Before", "During", "When",
             "While", "As", "Since", "Although", "There", "Its", "His", "Her", "Their", "We", "I"}


def questions(texts: Sequence[str], n: int, seed: int = 13) -> list[str]:
    """Up to ``n`` generic questions made from the texts' sentences, shuffled deterministically:

    "Who met with Qatari Prime Minister Mohammed bin Abdulrahman al-Thani?" from a sentence that
    opens with a name and a verb, and "Who is Kawann Short?" / "What is the Sahel region?"-style
    questions about names found inside sentences."""
    who: dict[str, None] = {}
    what: dict[str, None] = {}
    for text in texts:
        for para in paragraphs(text, min_words=6):
            for s in sentences(para):
                m = _SUBJECT_VERB.match(s)
                if m and m.group("name").split()[0] not in _STARTERS:
                    words = m.group("rest").split()[:10]
                    if len(words) >= 2 and words[0].lower() not in ("that", "to", "it"):
                        who.setdefault(f"Who {m.group('verb')} {' '.join(words)}?")
                for mm in _MID_NAME.finditer(s):
                    name = mm.group("name")
                    if name.split()[0] not in _STARTERS:
                        what.setdefault(f"Who is {name}?" if len(name.split()) <= 3
                                        else f"What is {name}?")
    rng = random.Random(seed)
    a, b = list(who), list(what)
    rng.shuffle(a)
    rng.shuffle(b)
    take_b = min(len(b), max(n // 3, n - len(a)))
    out = a[:n - take_b] + b[:take_b]
    rng.shuffle(out)
    return out[:n]
