"""Fault injection: SIGKILLed ingests, concurrent ingests, damaged stores, bad CLI input.

Ingests that get killed run in a child process (``python -c``, FakeEmbedder from conftest, nothing
monkeypatched); everything else runs in this process. Invariants:

* after a kill the store holds the previous complete index (or none at all: "no index"), every
  passage it names is in Chroma, and a reader answers from it or says "no index";
* a normal ``qa.ingest`` afterwards repairs the store: index == corpus, nothing left over;
* damage is reported as a StoreError saying ``qa ingest --rebuild``, which repairs it;
* the CLI turns every bad input into exit status 2 and one ``error:`` line on stderr.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import qa
import qa.cli
from qa.corpus import read_corpus
from qa.errors import StoreError
from qa.store import DenseIndex, Snapshot, fingerprint, read_snapshot

from .conftest import REPO, TINY, FakeEmbedder

MODEL = FakeEmbedder.name

# The child process: `ingest`, `rebuild`, `verify` (Chroma as stored on disk, compared with the
# snapshot, seen by a process that never had the store open) or `ingest+verify`.
CHILD = f"""
import json, sys
sys.path.insert(0, {str(REPO)!r})
import chromadb, tiktoken  # the heavy imports first, so the kill delays fall inside the ingest
import numpy as np
import qa
from pathlib import Path
from qa.store import DenseIndex, read_snapshot
from qa.text import count_tokens
from tests.conftest import FakeEmbedder
corpus, store, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
count_tokens("warm up")
print("ready", flush=True)
if mode != "verify":
    try:
        r = qa.ingest(corpus, store=store, embedder=FakeEmbedder(), progress=False,
                      rebuild=mode == "rebuild")
    except qa.QAError as exc:
        print(f"error: {{exc}}", file=sys.stderr, flush=True)
        sys.exit(2)
    print("done", r.summary(), flush=True)
if mode.endswith("verify"):
    try:
        snap = read_snapshot(store)
    except qa.StoreError as exc:
        print(json.dumps({{"error": str(exc)}}))
        sys.exit(0)
    got = DenseIndex(store).collection.get(include=["embeddings"])
    vec = dict(zip(got["ids"], got["embeddings"]))
    ids = [p.id for p in snap.passages]
    print(json.dumps({{
        "fingerprint": snap.fingerprint,
        "missing": sorted(set(ids) - set(vec)),
        "extra": sorted(set(vec) - set(ids)),
        "wrong_vectors": [p.id for i, p in enumerate(snap.passages) if p.id in vec
                          and not np.allclose(vec[p.id], snap.passage_vectors[i], atol=1e-5)],
    }}))
"""


def child(corpus: Path, store: Path, mode: str = "ingest") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus), str(store), mode],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO),
    )


def wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()  # type: ignore[union-attr]
    assert line.strip() == "ready", (line, proc.stderr.read())  # type: ignore[union-attr]


def run_child(corpus: Path, store: Path, mode: str) -> tuple[float, dict | None]:
    """Run a child to completion: seconds from "ready" to exit, and its verification, if any."""
    proc = child(corpus, store, mode)
    wait_ready(proc)
    t0 = time.perf_counter()
    out, err = proc.communicate(timeout=180)
    took = time.perf_counter() - t0
    assert proc.returncode == 0 and "Traceback" not in err, err
    verified = json.loads(out.strip().splitlines()[-1]) if mode.endswith("verify") else None
    return took, verified


CHROMA_OK = {"missing": [], "extra": [], "wrong_vectors": []}


def chroma_matches(verified: dict | None) -> bool:
    return verified is not None and {k: verified.get(k) for k in CHROMA_OK} == CHROMA_OK


def raw_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def check_snapshot_consistent(snap: Snapshot) -> None:
    """A snapshot on its own: texts intact, spans verbatim, ids unique, vectors aligned."""
    for a in snap.articles:
        assert hashlib.sha256(a.text.encode("utf-8")).hexdigest() == a.sha256, a.source
    ids = [p.id for p in snap.passages]
    assert len(ids) == len(set(ids)), "duplicate passage ids"
    for p in snap.passages:
        assert snap.article_by_source[p.source].text[p.start:p.end] == p.text and p.text
    for s in snap.sentences:
        assert snap.article_by_source[s.source].text[s.start:s.end] == s.text and s.text
    assert snap.passage_vectors.shape[0] == len(snap.passages)
    assert snap.sentence_vectors.shape[0] == len(snap.sentences)


def check_index_matches(store: Path, corpus: Path, *, chroma: bool = True) -> None:
    """The index holds exactly the corpus, and Chroma holds exactly the snapshot's passages.

    ``chroma=False`` when another process wrote the store: this process's Chroma view may be
    stale (see test_reader_sees_passages_added_by_another_process); a child verifies instead."""
    snap = read_snapshot(store)
    check_snapshot_consistent(snap)
    articles, _ = read_corpus(corpus)
    assert {a.source for a in snap.articles} == {a.source for a in articles}
    assert snap.fingerprint == fingerprint(articles, snap.model)
    for a in snap.articles:
        assert raw_text(corpus / a.source) == a.text
    if not chroma:
        return
    in_chroma, ids = DenseIndex(store).ids(), {p.id for p in snap.passages}
    assert in_chroma == ids, (f"{len(ids - in_chroma)} passages missing from Chroma, "
                              f"{len(in_chroma - ids)} stale rows in Chroma")


def check_store_tidy(store: Path) -> None:
    """After a completed ingest: one snapshot, no temp folders or pointers left by killed runs."""
    names = sorted(p.name for p in store.iterdir())
    snaps = [n for n in names if n.startswith("snap-")]
    assert len(snaps) == 1, names
    assert not [n for n in names if n.startswith((".snap-", ".CURRENT."))], names


def check_answer_from(ans: qa.Answer, snap: Snapshot) -> None:
    """The JSON contract, against the texts of the index the reader saw."""
    assert 0.0 <= ans.score <= 1.0
    for c in ans.citations:
        text = snap.article_by_source[c.source].text
        assert text[c.start:c.end] == c.quote
        assert c.start <= c.answer_start <= c.answer_end <= c.end
    if ans.abstained:
        assert ans.answer == ""
    else:
        c = ans.citations[0]
        assert snap.article_by_source[c.source].text[c.answer_start:c.answer_end] == ans.answer != ""


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    return lines[0]


# ---------------------------------------------------------------------------------------------
# A generated corpus of small articles
# ---------------------------------------------------------------------------------------------

TOPICS = ["river", "bridge", "council", "mayor", "election", "army", "budget", "school", "harbour",
          "festival", "drought", "vaccine"]
PEOPLE = ["Anna Roe", "Paul Diop", "Marie Keita", "Omar Sall", "Lena Berg"]


def article_text(rng: random.Random, i: int, version: int) -> str:
    sents = [
        f"The {rng.choice(TOPICS)} of town {i} was discussed by {rng.choice(PEOPLE)} on day "
        f"{rng.randint(1, 28)} of version {version}."
        for _ in range(rng.randint(3, 12))
    ]
    return f"News About Town {i} Today\n\n" + " ".join(sents) + "\n"


def write_corpus(corpus: Path, rng: random.Random, n: int = 200) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (corpus / f"a{i:03d}.txt").write_text(article_text(rng, i, 0), encoding="utf-8")


def mutate_corpus(corpus: Path, rng: random.Random, version: int) -> None:
    files = sorted(corpus.glob("*.txt"))
    for p in rng.sample(files, len(files) // 2):  # enough work that kills land in the writes
        p.write_text(article_text(rng, int(p.stem[1:]), version), encoding="utf-8")
    for p in rng.sample(files, 5):
        p.unlink()
    for _ in range(5):
        n = rng.randint(200, 999)
        (corpus / f"a{n:03d}.txt").write_text(article_text(rng, n, version), encoding="utf-8")


QUESTION = "What was discussed by Anna Roe?"


# ---------------------------------------------------------------------------------------------
# SIGKILL during ingest
# ---------------------------------------------------------------------------------------------


def start_reader(
    store: Path, outcomes: dict[str, int]
) -> tuple[threading.Event, threading.Thread, list[BaseException]]:
    """A thread asking questions until stopped; anything but an Answer or StoreError is kept."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        while not stop.is_set():
            try:
                qa.answer(QUESTION, store=store, embedder=FakeEmbedder())
                key = "answer"
            except StoreError as exc:
                # "damaged" can only be the prune race (test_reader_racing_prune_...), rare here
                if "no index" not in str(exc) and "damaged" not in str(exc):
                    errors.append(exc)
                key = "no index" if "no index" in str(exc) else "damaged (prune race)"
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
                return
            outcomes[key] = outcomes.get(key, 0) + 1

    thread = threading.Thread(target=run)
    thread.start()
    return stop, thread, errors


def test_sigkilled_ingest_keeps_previous_index_and_next_ingest_repairs(tmp_path: Path) -> None:
    """SIGKILL `qa ingest` (a child process) after random delays; check, then repair.

    Chroma is judged by a fresh child each time: this process's view may be stale (a bug of its
    own, see test_reader_sees_passages_added_by_another_process and the report)."""
    rng = random.Random(20240611)
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    write_corpus(corpus, rng)
    completed: str | None = None  # fingerprint of the last index known complete
    duration = 1.0  # ready -> done of an uninterrupted ingest, measured below
    stats: list[str] = []
    reader_outcomes: dict[str, int] = {}

    for it in range(7):
        if it:
            mutate_corpus(corpus, rng, it)
        target = fingerprint(read_corpus(corpus)[0], MODEL)
        rebuild = it in (3, 5)
        # random delays in 0.05..2 s, scaled to the length of an ingest on this machine
        delay = rng.uniform(0.05, 0.2) if it == 0 else rng.uniform(0.05, 2.0) * min(1.0, duration / 2.0)

        proc = child(corpus, store, "rebuild" if rebuild else "ingest")
        wait_ready(proc)
        # a reader working while the ingest runs: never a traceback
        stop, thread, errors = start_reader(store, reader_outcomes)
        try:
            _, err = proc.communicate(timeout=delay)
            outcome = "finished"
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate()
            outcome = "killed"
        stop.set()
        thread.join()
        assert not errors, f"reader raised during ingest: {errors[0]!r}"
        assert "Traceback" not in err, err

        # in between: the previous complete index, or the new one if the kill came after the commit
        label = f"{outcome} at {delay:.2f}s{' (rebuild)' if rebuild else ''}"
        try:
            snap = read_snapshot(store)
        except StoreError as exc:
            assert completed is None and "no index" in str(exc), str(exc)
            with pytest.raises(StoreError, match="no index"):
                qa.answer(QUESTION, store=store, embedder=FakeEmbedder())
            stats.append(f"{label}: no index yet")
        else:
            assert snap.fingerprint in (completed, target), "a half-written index is current"
            check_snapshot_consistent(snap)
            check_answer_from(qa.answer(QUESTION, store=store, embedder=FakeEmbedder()), snap)
            _, seen = run_child(corpus, store, "verify")
            assert seen is not None and seen["fingerprint"] == snap.fingerprint
            assert not seen["missing"], (
                f"{label}: {len(seen['missing'])} passages of the current index not in Chroma")
            which = "previous index" if snap.fingerprint == completed else "new index"
            stats.append(f"{label}: {which}, {len(seen['extra'])} extra Chroma rows, "
                         f"{len(seen['missing'])} missing")

        # a normal `qa ingest` (a new process) repairs whatever the kill left
        took, seen = run_child(corpus, store, "ingest+verify")
        if it == 0:
            duration = took
        assert chroma_matches(seen), f"after repairing iteration {it} ({stats[-1]}): {seen}"
        assert seen is not None and seen["fingerprint"] == target
        check_index_matches(store, corpus, chroma=False)
        check_store_tidy(store)
        completed = target
        check_answer_from(qa.answer(QUESTION, store=store, embedder=FakeEmbedder()), read_snapshot(store))

    print("\nSIGKILL iterations:\n  " + "\n  ".join(stats) + f"\nreaders during ingest: "
          f"{reader_outcomes}\ningest duration estimate: {duration:.2f}s")


def test_interrupted_rebuild_keeps_chroma_rows_of_current_index(
    tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=FakeEmbedder(), progress=False)

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("SIGKILL stand-in: the process dies while writing Chroma")

    monkeypatch.setattr(DenseIndex, "upsert", killed)
    with pytest.raises(KeyboardInterrupt):
        qa.ingest(tiny_corpus, store=store, embedder=FakeEmbedder(), progress=False, rebuild=True)
    monkeypatch.undo()
    # regression (fixed in 31816c5): a rebuild deletes nothing before its snapshot is committed
    snap = read_snapshot(store)
    assert {p.id for p in snap.passages} <= DenseIndex(store).ids()
    assert qa.answer("Who founded Acme Corporation?", store=store, embedder=FakeEmbedder()).answer


def test_reader_racing_commit_and_prune_gets_an_index_not_damage(
    tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process commits a new snapshot and prunes the old folder while a reader is halfway
    through reading it (after meta.json, before texts.json): the reader must still get an index
    (regression: prune_snapshots removes the folder a reader may be reading; Engine.load retries)."""
    import qa.store

    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=FakeEmbedder(), progress=False)
    (tiny_corpus / "new.txt").write_text("A New Article Here\n\nIt changes the index.\n", encoding="utf-8")
    real_json = qa.store.json
    raced: list[bool] = []

    class RacingJson:
        dump, dumps, JSONDecodeError = real_json.dump, real_json.dumps, real_json.JSONDecodeError

        @staticmethod
        def loads(text: str) -> object:
            if not raced:  # the reader has read meta.json: now the other process commits + prunes
                raced.append(True)
                qa.ingest(tiny_corpus, store=store, embedder=FakeEmbedder(), progress=False)
            return real_json.loads(text)

    monkeypatch.setattr(qa.store, "json", RacingJson)
    status = qa.status(store)  # public API; reads the snapshot through Engine.load
    assert raced and status["articles"] == 3
    monkeypatch.setattr(qa.store, "json", real_json)
    raced.clear()
    (tiny_corpus / "newer.txt").write_text("Yet Another Article\n\nThe index moves on.\n")
    monkeypatch.setattr(qa.store, "json", RacingJson)
    ans = qa.answer("Who founded Acme Corporation?", store=store, embedder=FakeEmbedder())
    assert raced and ans.answer == "Marie Dupont"


# ---------------------------------------------------------------------------------------------
# Two ingests at once
# ---------------------------------------------------------------------------------------------


def test_two_ingests_at_once_one_is_refused_index_intact(tmp_path: Path) -> None:
    rng = random.Random(7)
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    write_corpus(corpus, rng)
    refused = 0
    for attempt in range(3):
        if attempt:
            mutate_corpus(corpus, rng, attempt)
        a, b = child(corpus, store), child(corpus, store)
        results = [(*p.communicate(timeout=180), p.returncode) for p in (a, b)]
        for out, err, rc in results:
            assert "Traceback" not in err, err
            if rc == 0:
                assert out.strip().splitlines()[-1].startswith("done")
            else:
                assert rc == 2, (rc, err)
                lines = err.strip().splitlines()
                assert len(lines) == 1 and "another `qa ingest` is running" in lines[0], err
                refused += 1
        assert any(rc == 0 for *_, rc in results), "both ingests failed"
        _, seen = run_child(corpus, store, "verify")
        assert chroma_matches(seen), seen
        check_index_matches(store, corpus, chroma=False)
        check_store_tidy(store)
        if refused:
            break
    assert refused, "the two ingests never overlapped: the lock was not exercised"


def test_cli_ingest_while_another_holds_the_lock(
    tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    from filelock import FileLock

    store = tmp_path / "store"
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 0
    before = read_snapshot(store).fingerprint
    (tiny_corpus / "new.txt").write_text("Another Article Here\n\nIt waits its turn.\n", encoding="utf-8")
    capsys.readouterr()
    with FileLock(str(store / ".ingest.lock")):
        rc = qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"])
    assert rc == 2
    assert "another `qa ingest` is running" in one_error_line(capsys)
    assert read_snapshot(store).fingerprint == before
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 0
    check_index_matches(store, tiny_corpus)


# ---------------------------------------------------------------------------------------------
# Damaged stores
# ---------------------------------------------------------------------------------------------


def _current(store: Path) -> Path:
    return store / (store / "CURRENT").read_text(encoding="utf-8").strip()


def _edit_meta(store: Path, **changes: object) -> None:
    path = _current(store) / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(changes)
    path.write_text(json.dumps(meta), encoding="utf-8")


def _truncate(path: Path, keep: int) -> None:
    path.write_bytes(path.read_bytes()[:keep])


DAMAGE = {
    "garbage CURRENT": lambda s: (s / "CURRENT").write_text("garbage\n", encoding="utf-8"),
    "CURRENT names a missing snapshot": lambda s: (s / "CURRENT").write_text("snap-0000\n"),
    "empty CURRENT": lambda s: (s / "CURRENT").write_text(""),
    "CURRENT escaping the store": lambda s: (s / "CURRENT").write_text("snap-../../../etc\n"),
    "deleted vectors.npy": lambda s: (_current(s) / "vectors.npy").unlink(),
    "truncated vectors.npy": lambda s: _truncate(_current(s) / "vectors.npy", 200),
    "vectors.npy of the wrong shape": lambda s: np.save(_current(s) / "vectors.npy", np.zeros((3, 5))),
    "truncated meta.json": lambda s: _truncate(_current(s) / "meta.json", 100),
    "empty meta.json": lambda s: _truncate(_current(s) / "meta.json", 0),
    "future schema": lambda s: _edit_meta(s, schema=999),
    "meta.json passages not a list": lambda s: _edit_meta(s, passages=None),
    "deleted texts.json": lambda s: (_current(s) / "texts.json").unlink(),
    "truncated texts.json": lambda s: _truncate(_current(s) / "texts.json", 50),
}
DAMAGE_BUGS = {
    "binary garbage in CURRENT": (
        lambda s: (s / "CURRENT").write_bytes(b"\xff\xfe\x00\x13garbage"),
        (
            "BUG: non-UTF-8 bytes in CURRENT raise UnicodeDecodeError from current_snapshot_dir "
            "(qa/store.py; it catches only OSError), a traceback, not StoreError"
        ),
    ),
    "zero-length vectors.npy": (
        lambda s: _truncate(_current(s) / "vectors.npy", 0),
        (
            "BUG: a zero-length vectors.npy (a crash before the data reached disk) raises EOFError "
            "from np.load in read_snapshot (qa/store.py; only OSError/ValueError caught)"
        ),
    ),
    "meta.json not an object": (
        lambda s: (_current(s) / "meta.json").write_text("[]", encoding="utf-8"),
        (
            "BUG: meta.json holding valid JSON that is not an object ([] or null) raises "
            "AttributeError in read_snapshot (meta.get, qa/store.py) instead of StoreError"
        ),
    ),
    "texts.json not matching the hashes": (
        lambda s: (_current(s) / "texts.json").write_text(
            json.dumps({k: "X" for k in json.loads((_current(s) / "texts.json").read_text())})),
        (
            "BUG (minor): read_snapshot never checks texts.json against the articles' sha256 or the "
            "spans against the texts; a damaged texts.json is served, giving empty, non-verbatim quotes"
        ),
    ),
}
DAMAGE_CASES = [pytest.param(f, id=name) for name, f in DAMAGE.items()] + [
    pytest.param(f, id=name)
    for name, (f, why) in DAMAGE_BUGS.items()
]


@pytest.mark.parametrize("damage", DAMAGE_CASES)
def test_damaged_store_says_rebuild_and_rebuild_repairs(
    damage, tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "store"
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 0
    damage(store)
    capsys.readouterr()

    with pytest.raises(StoreError, match=r"qa ingest --rebuild"):
        qa.answer("Who founded Acme Corporation?", store=store, embedder=FakeEmbedder())
    assert qa.cli.main(["ask", "Who founded Acme Corporation?", "--store", str(store)]) == 2
    assert "qa ingest --rebuild" in one_error_line(capsys)
    assert qa.cli.main(["status", "--store", str(store)]) == 2
    assert "qa ingest --rebuild" in one_error_line(capsys)
    # a plain ingest refuses to build on damage, and says how to fix it
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 2
    assert "qa ingest --rebuild" in one_error_line(capsys)

    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--rebuild", "--quiet"]) == 0
    check_index_matches(store, tiny_corpus)
    check_store_tidy(store)
    ans = qa.answer("Who founded Acme Corporation?", store=store, embedder=FakeEmbedder())
    assert ans.answer == "Marie Dupont"


def test_current_as_a_folder_is_repaired_by_rebuild(
    tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 0
    (store / "CURRENT").unlink()
    (store / "CURRENT").mkdir()
    capsys.readouterr()
    assert qa.cli.main(["ask", "Who founded Acme?", "--store", str(store)]) == 2
    assert "--rebuild" in one_error_line(capsys)
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--rebuild", "--quiet"]) == 0


def test_missing_chroma_folder_is_detected(tiny_corpus: Path, tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "store"
    run_child(tiny_corpus, store, "ingest")  # built in another process: no Chroma client here
    shutil.rmtree(store / "chroma")
    try:
        qa.answer("Who founded Acme Corporation?", store=store, embedder=FakeEmbedder())
    except StoreError as exc:
        assert "qa ingest" in str(exc)
    else:
        missing = {p.id for p in read_snapshot(store).passages} - DenseIndex(store).ids()
        assert not missing, f"answered from an index whose {len(missing)} passages are not in Chroma"


# ---------------------------------------------------------------------------------------------
# Index consistency across embedders and processes
# ---------------------------------------------------------------------------------------------


class OtherFake(FakeEmbedder):
    """Another model of the same size (like MiniLM fp32 vs int8): different vectors, same dim."""

    name = "other-fake-embedder"

    def embed(self, texts, *, progress: bool = False) -> np.ndarray:
        return np.roll(super().embed(texts), 7, axis=1)


class SmallFake(FakeEmbedder):
    name = "small-fake-embedder"
    dim = 32

    def embed(self, texts, *, progress: bool = False) -> np.ndarray:
        v = super().embed(texts)[:, :32]
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)


@pytest.mark.parametrize("rebuild", [False, True], ids=["plain", "rebuild"])
def test_new_embedder_replaces_chroma_vectors(tiny_corpus: Path, tmp_path: Path, rebuild: bool) -> None:
    """Another embedder's ingest, with or without --rebuild, rewrites every vector in Chroma."""
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=FakeEmbedder(), progress=False)
    qa.ingest(tiny_corpus, store=store, embedder=OtherFake(), progress=False, rebuild=rebuild)
    snap = read_snapshot(store)
    assert snap.model == OtherFake.name
    got = DenseIndex(store).collection.get(ids=[p.id for p in snap.passages], include=["embeddings"])
    stored = dict(zip(got["ids"], got["embeddings"]))
    for i, p in enumerate(snap.passages):
        assert np.allclose(stored[p.id], snap.passage_vectors[i], atol=1e-5), p.id


def test_embedder_of_another_dimension_needs_only_rebuild(tiny_corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=FakeEmbedder(), progress=False)
    try:
        qa.ingest(tiny_corpus, store=store, embedder=SmallFake(), progress=False)
    except qa.QAError as exc:
        assert "--rebuild" in str(exc)
    else:  # accepted: then the index must work
        qa.answer("Who founded Acme Corporation?", store=store, embedder=SmallFake())
    qa.ingest(tiny_corpus, store=store, embedder=SmallFake(), progress=False, rebuild=True)
    check_index_matches(store, tiny_corpus)
    assert qa.answer("Who founded Acme Corporation?", store=store, embedder=SmallFake()).answer


def test_reader_sees_passages_added_by_another_process(tmp_path: Path) -> None:
    """A long-running reader (like `qa serve`) sees another process's ingest in its dense search:
    chromadb caches one view per path and process, which the engine refreshes on reload."""
    from qa.pipeline import Engine

    corpus, store = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Old News About Apples\n\nApples grow on trees in orchards.\n")
    qa.ingest(corpus, store=store, embedder=FakeEmbedder(), progress=False)
    zebra = "Zebras gallop across the savanna plains."
    vec = FakeEmbedder().embed([zebra])[0]
    engine = Engine(qa.Settings().with_(store=store), FakeEmbedder())
    engine.answer("What grows on trees?")  # Chroma is open in this process, as in `qa serve`
    (corpus / "b.txt").write_text(f"New Story About Zebras\n\n{zebra}\n")
    (corpus / "a.txt").unlink()
    run_child(corpus, store, "ingest")  # `qa ingest` from another terminal
    snap = engine.load()
    (new_id,) = [p.id for p in snap.passages]
    assert engine.dense is not None
    hits = [pid for pid, _ in engine.dense.query(vec, 3)]
    assert hits and hits[0] == new_id, hits
    assert engine.answer("What gallops across the savanna?").citations[0].source == "b.txt"


# ---------------------------------------------------------------------------------------------
# CLI bad input
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def cli_store(tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder,
              capsys: pytest.CaptureFixture[str]) -> Path:
    store = tmp_path / "store"
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 0
    capsys.readouterr()
    return store


@pytest.mark.parametrize(
    "question, says",
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("\x00\x01\x1f", "empty"),
        ("x" * 2001, "2001 characters"),
        ("Who founded Acme? " * 112, "characters long"),
    ],
    ids=["empty", "whitespace", "control-chars", "2001-chars", "2016-chars"],
)
def test_cli_bad_question(cli_store: Path, capsys: pytest.CaptureFixture[str], question: str, says: str) -> None:
    assert qa.cli.main(["ask", question, "--store", str(cli_store)]) == 2
    assert says in one_error_line(capsys)
    assert capsys.readouterr().out == ""


def test_cli_question_at_the_limit_is_answered(cli_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = ("Who founded Acme Corporation? " * 70)[:2000]
    assert qa.cli.main(["ask", q, "--store", str(cli_store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == q


def test_cli_unknown_source(cli_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert qa.cli.main(["ask", "Who founded Acme?", "--store", str(cli_store), "--source", "nope.txt"]) == 2
    assert "nope.txt" in one_error_line(capsys)


@pytest.mark.parametrize("command", [["ask", "Who founded Acme?"], ["status"]])
def test_cli_never_ingested_store(tmp_path: Path, use_fake: FakeEmbedder,
                                  capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    assert qa.cli.main([*command, "--store", str(tmp_path / "never")]) == 2
    assert "no index" in one_error_line(capsys)


def test_cli_missing_corpus(tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str]) -> None:
    assert qa.cli.main(["ingest", str(tmp_path / "missing"), "--store", str(tmp_path / "s")]) == 2
    assert "does not exist" in one_error_line(capsys)
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_cli_corpus_is_a_file(tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "article.txt").write_text("Not a folder. Still text.")
    assert qa.cli.main(["ingest", str(tmp_path / "article.txt"), "--store", str(tmp_path / "s")]) == 2
    assert "not a folder" in one_error_line(capsys)


@pytest.mark.parametrize("command", [["ingest", "CORPUS", "--quiet"], ["ask", "Who founded Acme?"],
                                     ["status"]])
def test_cli_store_is_a_file(tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder,
                             capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    store = tmp_path / "index.txt"
    store.write_text("my notes")
    argv = [str(tiny_corpus) if a == "CORPUS" else a for a in command]
    assert qa.cli.main([*argv, "--store", str(store)]) == 2
    assert "is a file" in one_error_line(capsys)
    assert store.read_text() == "my notes"


def test_cli_eval_report_is_a_file_fails_before_any_work(
    tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str],
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"question": "Who founded Acme?", "answers": ["Ada"]}) + "\n")
    report = tmp_path / "report.txt"
    report.write_text("old")
    store = tmp_path / "s"
    argv = ["eval", str(questions), "--corpus", str(tiny_corpus), "--store", str(store),
            "--report", str(report), "--quiet"]
    assert qa.cli.main(argv) == 2
    assert "report folder" in one_error_line(capsys)
    assert report.read_text() == "old" and not store.exists()


def test_cli_eval_of_a_store_alone_keeps_its_articles(
    tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`qa eval Q --store S` evaluates the index S holds; it does not sync S to the default
    corpus/ (which would remove S's articles), and a store whose articles are gone is an error."""
    other = tmp_path / "default-corpus"
    other.mkdir()
    (other / "other.txt").write_text("Another story entirely. Nothing about Acme here.\n")
    monkeypatch.setenv("QA_CORPUS", str(other))
    store = tmp_path / "s"
    assert qa.cli.main(["ingest", str(tiny_corpus), "--store", str(store), "--quiet"]) == 0
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"question": "Who founded Acme?", "answers": ["Ada"]}) + "\n")
    capsys.readouterr()
    assert qa.cli.main(["eval", str(questions), "--store", str(store), "--quiet"]) == 0
    out = capsys.readouterr()
    assert "already up to date" in out.err
    assert sorted(a["source"] for a in qa.articles(store=store)) == sorted(
        p.name for p in tiny_corpus.iterdir())
    shutil.rmtree(tiny_corpus)
    assert qa.cli.main(["eval", str(questions), "--store", str(store), "--quiet"]) == 2
    assert "--corpus" in one_error_line(capsys)
    assert len(qa.articles(store=store)) == len(TINY)


def test_lone_surrogates_are_dropped_not_a_crash(cli_store: Path) -> None:
    """A browser or a JSON client can send half a surrogate pair: it is not text, so it is read
    as U+FFFD, and the answer still encodes as UTF-8."""
    r = qa.answer("Who founded \ud800Acme?", history=[("Who is \udfffAda?", "Ada\ud800")],
                  store=cli_store)
    assert r.question == "Who founded \ufffdAcme?"
    json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")


ENV_BUGS = "BUG: a malformed {var} crashes the CLI with {exc} ({where}) instead of exit 2 + one error line"


@pytest.mark.parametrize(
    "var, value, command",
    [
        pytest.param("QA_MAX_FILE_MB", "0", "ingest", id="QA_MAX_FILE_MB=0"),
        pytest.param("QA_MAX_FILE_MB", "-3", "ingest", id="QA_MAX_FILE_MB=-3"),
        pytest.param("QA_ABSTAIN_BELOW", "2", "ask", id="QA_ABSTAIN_BELOW=2"),
        pytest.param("QA_MAX_FILE_MB", "abc", "ingest", id="QA_MAX_FILE_MB=abc"),
        pytest.param("QA_MAX_FILE_MB", "nan", "ingest", id="QA_MAX_FILE_MB=nan"),
        pytest.param("QA_MAX_FILE_MB", "inf", "ingest", id="QA_MAX_FILE_MB=inf"),
        pytest.param("QA_ABSTAIN_BELOW", "abc", "ask", id="QA_ABSTAIN_BELOW=abc"),
        pytest.param("QA_PORT", "abc", "serve", id="QA_PORT=abc"),
        pytest.param("QA_PORT", "0", "serve", id="QA_PORT=0"),
        pytest.param("QA_PORT", "70000", "serve", id="QA_PORT=70000"),
        pytest.param("QA_BF16_MIN_TEXTS", "-1", "ingest", id="QA_BF16_MIN_TEXTS=-1"),
        pytest.param("QA_BF16_MIN_TEXTS", "lots", "ingest", id="QA_BF16_MIN_TEXTS=lots"),
    ],
)
def test_cli_bad_environment(
    tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, var: str, value: str, command: str,
) -> None:
    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=use_fake, progress=False)
    capsys.readouterr()
    monkeypatch.setenv(var, value)
    argv = {"ingest": ["ingest", str(tiny_corpus), "--quiet"], "ask": ["ask", "Who founded Acme?"],
            "serve": ["serve"]}[command]
    assert qa.cli.main([*argv, "--store", str(store)]) == 2
    assert var in one_error_line(capsys)


def test_serve_on_a_taken_port_is_one_error_line(
    tiny_corpus: Path, tmp_path: Path, use_fake: FakeEmbedder, capsys: pytest.CaptureFixture[str],
) -> None:
    import socket

    store = tmp_path / "store"
    qa.ingest(tiny_corpus, store=store, embedder=use_fake, progress=False)
    capsys.readouterr()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert qa.cli.main(["serve", "--port", str(port), "--store", str(store)]) == 2
    line = one_error_line(capsys)
    assert f"127.0.0.1:{port}" in line and "--port" in line
