from __future__ import annotations

from pathlib import Path

from qa.chunking import chunk_article
from qa.corpus import read_corpus
from qa.text import count_tokens


def test_passages_are_raw_slices_under_budget_and_avoid_boilerplate(tiny_corpus: Path) -> None:
    articles, _ = read_corpus(tiny_corpus)
    for art in articles:
        sents, passages = chunk_article(art, budget=24, overlap=1)
        assert sents and passages
        for s in sents:
            assert art.text[s.start:s.end] == s.text
        for p in passages:
            assert art.text[p.start:p.end] == p.text
            assert count_tokens(p.text) <= 24 or len(p.sentences) == 1
            for a, b in art.skip:
                assert b <= p.start or a >= p.end, "a passage crosses boilerplate"
        # overlap: consecutive passages in one region share their boundary sentence
        for p, q in zip(passages, passages[1:]):
            if q.start < p.end:
                assert p.sentences[-1] == q.sentences[0]


def test_long_sentence_is_split_at_words(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    (d / "long.txt").write_text("Title Of The Long One\n\n" + "word " * 300 + "end.", encoding="utf-8")
    (art,), _ = read_corpus(d)
    sents, passages = chunk_article(art, budget=50, overlap=0)
    assert len(sents) > 5
    for s in sents:
        assert art.text[s.start:s.end] == s.text and count_tokens(s.text) <= 50


def test_ids_are_stable(tiny_corpus: Path) -> None:
    articles, _ = read_corpus(tiny_corpus)
    a = [p.id for art in articles for p in chunk_article(art, budget=40)[1]]
    b = [p.id for art in articles for p in chunk_article(art, budget=40)[1]]
    assert a == b and len(set(a)) == len(a)
