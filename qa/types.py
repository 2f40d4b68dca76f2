"""The nouns of the pipeline: file -> Article -> Sentence/Passage -> Citation -> Answer.

Every span is half-open ``[start, end)`` into the article's text *as read* (UTF-8 decoded, nothing
rewritten), so ``article.text[start:end] == quote`` always holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    source: str  # path relative to the corpus folder, with "/" separators
    title: str
    text: str  # the raw decoded file text; offsets point into this
    sha256: str  # content hash of the raw bytes
    skip: tuple[tuple[int, int], ...] = ()  # boilerplate regions, never indexed


@dataclass(frozen=True)
class Sentence:
    source: str
    start: int
    end: int
    text: str  # == article.text[start:end]


@dataclass(frozen=True)
class Passage:
    id: str  # stable: derived from source, offsets and content
    source: str
    title: str
    start: int
    end: int
    text: str  # == article.text[start:end]
    sentences: tuple[tuple[int, int], ...]  # the sentences packed into it


@dataclass(frozen=True)
class Citation:
    source: str
    title: str
    start: int
    end: int
    quote: str
    answer_start: int
    answer_end: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    score: float
    citations: tuple[Citation, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract shared by the Python API, ``qa ask --json`` and the UI's ``/ask``."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "score": self.score,
            "citations": [c.to_dict() for c in self.citations],
        }
