"""Sentences -> passages under a token budget, with sentence overlap. Offsets stay raw."""

from __future__ import annotations

import hashlib
from typing import Callable

from .corpus import content_regions
from .text import count_tokens, split_sentences, widen_to_entities
from .types import Article, Passage, Sentence
from .webpage import layout, unbulleted


def article_sentences(article: Article) -> list[list[Sentence]]:
    """Sentences of the article's content, grouped by boilerplate-free region."""
    groups = []
    shown = layout(article.text)  # a page saved as raw HTML: split where a browser breaks lines
    for a, b in content_regions(article):
        spans = split_sentences(shown, a, b)
        if shown is not article.text:  # a page: no quote starts in a list item's tag, and a
            # sentence holds whole references ("&eacute;", "&rsquo;")
            spans = [widen_to_entities(article.text, unbulleted(shown, article.text, s, e), e)
                     for s, e in spans]
            spans = [(s, e) for s, e in spans if s < e]
        if spans:
            groups.append([Sentence(article.source, s, e, article.text[s:e]) for s, e in spans])
    return groups


def _split_long(s: Sentence, budget: int, count: Callable[[str], int]) -> list[Sentence]:
    """A sentence over the budget is cut at word boundaries into pieces that fit."""
    if count(s.text) <= budget:
        return [s]
    pieces, start, pos = [], 0, 0
    words = s.text.split(" ")
    for w in words:
        nxt = pos + len(w)
        if nxt > start and count(s.text[start:nxt]) > budget and pos > start:
            pieces.append((start, pos - 1 if s.text[pos - 1] == " " else pos))
            start = pos
        pos = nxt + 1
    pieces.append((start, len(s.text)))
    out = []
    for a, b in pieces:
        while a < b and s.text[a].isspace():
            a += 1
        while b > a and s.text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Sentence(s.source, s.start + a, s.start + b, s.text[a:b]))
    return out


def passage_id(source: str, start: int, end: int, text: str) -> str:
    """Stable id: the same text at the same place always gets the same id (no duplicates)."""
    h = hashlib.sha1(f"{source}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:16]
    return f"{h}"


def chunk_article(
    article: Article,
    *,
    budget: int,
    overlap: int = 1,
    count: Callable[[str], int] = count_tokens,
) -> tuple[list[Sentence], list[Passage]]:
    """Pack consecutive sentences into passages of at most ``budget`` tokens.

    A passage never crosses a boilerplate region (its raw span would include the chrome), and the
    last ``overlap`` sentences of one passage start the next.
    """
    all_sentences: list[Sentence] = []
    passages: list[Passage] = []
    for group in article_sentences(article):
        sents = [piece for s in group for piece in _split_long(s, budget, count)]
        all_sentences.extend(sents)
        i = 0
        while i < len(sents):
            j = i + 1  # the passage is measured whole, separators included
            while j < len(sents) and count(article.text[sents[i].start:sents[j].end]) <= budget:
                j += 1
            a, b = sents[i].start, sents[j - 1].end
            text = article.text[a:b]
            passages.append(
                Passage(
                    id=passage_id(article.source, a, b, text),
                    source=article.source,
                    title=article.title,
                    start=a,
                    end=b,
                    text=text,
                    sentences=tuple((s.start, s.end) for s in sents[i:j]),
                )
            )
            if j >= len(sents):
                break
            i = max(i + 1, j - overlap)
    return all_sentences, passages
