from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qa
from qa.errors import CorpusError, StoreError
from qa.store import DenseIndex, read_snapshot


def chroma_ids(store: Path) -> set[str]:
    return DenseIndex(store).ids()


def check_index_matches(store: Path) -> None:
    """The index holds exactly the corpus: every passage in Chroma once, offsets verbatim."""
    snap = read_snapshot(store)
    ids = [p.id for p in snap.passages]
    assert len(ids) == len(set(ids))
    assert chroma_ids(store) == set(ids)
    for p in snap.passages:
        assert snap.article_by_source[p.source].text[p.start:p.end] == p.text
    for s in snap.sentences:
        assert snap.article_by_source[s.source].text[s.start:s.end] == s.text


def test_ingest_is_incremental_and_idempotent(tiny_corpus: Path, tmp_path: Path, fake) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    r1 = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    assert r1.articles == 2 and sorted(r1.added) == ["acme.txt", "keita.md"]
    assert r1.embedded > 0
    check_index_matches(store)

    r2 = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    assert r2.embedded == 0 and not r2.changed
    assert r2.passages == r1.passages

    # a changed file is re-indexed; only its new text is embedded
    p = tiny_corpus / "keita.md"
    p.write_text(p.read_text(encoding="utf-8") + "\nA third sentence was added later.\n", encoding="utf-8")
    r3 = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    assert r3.updated == ["keita.md"] and r3.unchanged == ["acme.txt"]
    assert 0 < r3.embedded <= 3
    check_index_matches(store)

    # a deleted file is removed
    (tiny_corpus / "acme.txt").unlink()
    r4 = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    assert r4.removed == ["acme.txt"] and r4.articles == 1
    check_index_matches(store)
    assert {p.source for p in read_snapshot(store).passages} == {"keita.md"}


def test_same_text_read_differently_is_rewritten_and_reported(tiny_corpus: Path, tmp_path: Path, fake,  # noqa: ANN001
                                                              monkeypatch) -> None:  # noqa: ANN001
    """A newer version of qa marks a file's boilerplate differently: the index follows, the report
    says so, and a second run finds nothing to do."""
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    monkeypatch.setattr("qa.corpus.boilerplate_regions", lambda text, title="": ())
    r = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    assert r.changed and r.reread == ["acme.txt"] and r.unchanged == ["keita.md"]
    assert "1 re-read" in r.summary()
    assert read_snapshot(store).article_by_source["acme.txt"].skip == ()
    check_index_matches(store)
    again = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    assert not again.changed and again.embedded == 0


def test_interrupted_ingest_leaves_previous_index(tiny_corpus: Path, tmp_path: Path, fake, monkeypatch) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    before = read_snapshot(store)
    (tiny_corpus / "new.txt").write_text("A Brand New Article\n\nIt says something new.", encoding="utf-8")

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise KeyboardInterrupt("killed mid-write")

    monkeypatch.setattr("qa.store.write_snapshot", boom)
    with pytest.raises(KeyboardInterrupt):
        qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    monkeypatch.undo()
    after = read_snapshot(store)
    assert [p.id for p in after.passages] == [p.id for p in before.passages]
    answer = qa.answer("Who founded Acme Corporation?", store=store, embedder=fake)
    assert answer.citations
    # the next run repairs: the new article is in, nothing is duplicated
    qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    check_index_matches(store)
    assert "new.txt" in read_snapshot(store).article_by_source


def test_second_ingest_is_refused_while_one_runs(tiny_corpus: Path, tmp_path: Path, fake) -> None:  # noqa: ANN001
    from filelock import FileLock

    store = tmp_path / "store"
    store.mkdir()
    with FileLock(str(store / ".ingest.lock")):
        with pytest.raises(StoreError, match="another `qa ingest` is running"):
            qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)


def test_rebuild_and_damaged_store(tiny_corpus: Path, tmp_path: Path, fake) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    (store / "CURRENT").write_text("snap-garbage\n")
    with pytest.raises(StoreError, match="damaged.*--rebuild"):
        qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    r = qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False, rebuild=True)
    assert r.articles == 2
    check_index_matches(store)


def test_missing_corpus_is_a_clear_error(tmp_path: Path, fake) -> None:  # noqa: ANN001
    with pytest.raises(CorpusError, match="does not exist"):
        qa.ingest(tmp_path / "missing", store=tmp_path / "s", embedder=fake)


def test_empty_corpus_gives_an_empty_index(tmp_path: Path, fake) -> None:  # noqa: ANN001
    (tmp_path / "c").mkdir()
    r = qa.ingest(tmp_path / "c", store=tmp_path / "s", embedder=fake, progress=False)
    assert r.articles == 0
    a = qa.answer("Anything at all?", store=tmp_path / "s", embedder=fake)
    assert a.abstained and a.answer == ""


def test_copying_a_store_keeps_it_usable(tiny_corpus: Path, tmp_path: Path, fake) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=fake, progress=False)
    shutil.copytree(store, tmp_path / "copy")
    assert read_snapshot(tmp_path / "copy").passages
