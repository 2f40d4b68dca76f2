"""The index on disk: a Chroma collection of passages (dense search) and, beside it, a snapshot
holding everything answering needs without re-reading the corpus (articles, passages, sentences,
their embeddings). The lexical (BM25) indexes are built from the snapshot when it is opened.

Crash safety: a snapshot is written to a fresh folder and published by atomically replacing the
``CURRENT`` pointer; Chroma rows are only ever added before that switch and removed after it, so
whatever pointer a reader sees, every passage it names is in Chroma. Nothing outside this module
sees Chroma types.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .errors import StoreError
from .types import Article, Passage, Sentence

if TYPE_CHECKING:
    import numpy as np

SCHEMA = 1
COLLECTION = "qa_passages"
SNAPSHOTS = "qa_snapshots"  # server mode: the published snapshots, in parts
PART_CHARS = 2_000_000  # base64 characters per part
CURRENT = "CURRENT"
SYNCED = "SYNCED"  # names the snapshot Chroma was last fully synced to (fast unchanged re-runs)


@dataclass
class Snapshot:
    """Everything answering needs, loaded in memory. Rows of the matrices follow the lists."""

    model: str
    created_at: float
    corpus: str
    articles: list[Article]
    passages: list[Passage]
    sentences: list[Sentence]
    passage_vectors: "np.ndarray"
    sentence_vectors: "np.ndarray"
    # derived on load
    article_by_source: dict[str, Article] = field(default_factory=dict)
    passage_index: dict[str, int] = field(default_factory=dict)
    sentences_of_passage: list[list[int]] = field(default_factory=list)
    sentence_index: dict[tuple[str, int, int], int] = field(default_factory=dict)
    heading: list[bool] = field(default_factory=list)  # headlines and captions: context, not answers
    asks: list[bool] = field(default_factory=list)  # sentences that are questions (an interviewer's)

    def __post_init__(self) -> None:
        from .corpus import is_headline, is_list_item, is_question, is_unfinished
        from .text import readable
        from .webpage import is_page, layout, listed

        seen = [readable(s.text) for s in self.sentences]  # an image or a bare link reads as ""
        # a question asks, it does not tell (an interviewer's, a rhetorical one): context only
        self.asks = [is_question(t) for t in seen]
        # an item of a list of facts tells, with or without a full stop: "- **312,400** students
        # received A-level results this year" (lists of links to other stories are boilerplate)
        pages = {a.source: layout(a.text) for a in self.articles if is_page(a.text)}  # <li> items
        facts = [(is_list_item(s.text) or s.source in pages and listed(pages[s.source], s.start))
                 and len(t.split()) >= 4 for s, t in zip(self.sentences, seen)]
        self.heading = [(is_headline(t) or is_unfinished(t)) and not f or q
                        for t, f, q in zip(seen, facts, self.asks)]
        self.article_by_source = {a.source: a for a in self.articles}
        self.passage_index = {p.id: i for i, p in enumerate(self.passages)}
        self.sentence_index = {(s.source, s.start, s.end): i for i, s in enumerate(self.sentences)}
        self.sentences_of_passage = [
            [self.sentence_index[(p.source, a, b)] for a, b in p.sentences] for p in self.passages
        ]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.articles, self.model)


def fingerprint(articles: Sequence[Article], model: str) -> str:
    h = hashlib.sha256(f"{SCHEMA}\x00{model}".encode())
    for a in sorted(articles, key=lambda a: a.source):
        h.update(f"\x00{a.source}\x00{a.sha256}\x00{a.title}\x00{a.skip}".encode())
    return h.hexdigest()[:24]


# ---------------------------------------------------------------------------------------------
# Snapshot files
# ---------------------------------------------------------------------------------------------


def _write_json(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.flush()
        os.fsync(f.fileno())


def check_store_path(store: Path) -> None:
    """An index folder that is a file is a mistake to report, not to write into or read from."""
    if store.exists() and not store.is_dir():
        raise StoreError(f"the index folder {str(store)!r} is a file; pass a folder for the index "
                         "(--store or QA_STORE)")


def make_store_dir(store: Path) -> None:
    """Create the index folder (and its parents), or say clearly why it cannot be one."""
    check_store_path(store)
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the index folder {str(store)!r} ({exc.strerror or exc}); "
                         "pass a folder you can write to (--store or QA_STORE)") from exc


def write_snapshot(store: Path, snap: Snapshot) -> Path:
    """Write ``snap`` to a new folder and atomically make it current. Returns the folder."""
    import numpy as np

    make_store_dir(store)
    name = f"snap-{snap.fingerprint}-{uuid.uuid4().hex[:8]}"
    tmp = store / f".{name}.tmp"
    tmp.mkdir()
    meta = {
        "schema": SCHEMA,
        "model": snap.model,
        "created_at": snap.created_at,
        "corpus": snap.corpus,
        "articles": [
            {"source": a.source, "title": a.title, "sha256": a.sha256, "skip": a.skip}
            for a in snap.articles
        ],
        "passages": [
            {"id": p.id, "source": p.source, "start": p.start, "end": p.end, "sentences": p.sentences}
            for p in snap.passages
        ],
        "sentences": [[s.source, s.start, s.end] for s in snap.sentences],
    }
    _write_json(tmp / "meta.json", meta)
    # read alone by an unchanged re-ingest, which must not parse meta.json
    _write_json(tmp / "summary.json", {"fingerprint": snap.fingerprint,
                                       "passages": len(snap.passages),
                                       "sentences": len(snap.sentences)})
    _write_json(tmp / "texts.json", {a.source: a.text for a in snap.articles})
    with open(tmp / "vectors.npy", "wb") as f:
        np.save(f, np.concatenate([snap.passage_vectors, snap.sentence_vectors]).astype(np.float32))
        f.flush()
        os.fsync(f.fileno())
    tmp.rename(store / name)
    _point(store, name)  # the commit point
    return store / name


def _point(store: Path, name: str, pointer: str = CURRENT) -> None:
    """Atomically make the pointer file (``CURRENT`` or ``SYNCED``) name snapshot ``name``."""
    tmp = store / f".{pointer}.{uuid.uuid4().hex[:8]}"
    tmp.write_text(name + "\n", encoding="utf-8")
    if (store / pointer).is_dir() and not (store / pointer).is_symlink():
        shutil.rmtree(store / pointer)  # a damaged store (only reached by ingest)
    os.replace(tmp, store / pointer)
    _fsync_dir(store)


def _read_pointer(store: Path, pointer: str = CURRENT) -> str | None:
    try:
        return (store / pointer).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def mark_synced(store: Path) -> None:
    """Record that Chroma now holds exactly the current snapshot's passages."""
    name = _read_pointer(store)
    if name:
        _point(store, name, SYNCED)


def synced_summary(store: Path, fingerprint_: str) -> dict[str, Any] | None:
    """The current snapshot's counts, if it was built from ``fingerprint_`` and Chroma was synced
    to it: then an ingest of the same corpus has nothing to do. None when anything differs."""
    try:
        name = _read_pointer(store)
        if not name or _read_pointer(store, SYNCED) != name or not (store / "chroma").is_dir():
            return None
        summary = json.loads((store / name / "summary.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return summary if isinstance(summary, dict) and summary.get("fingerprint") == fingerprint_ else None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_snapshot_dir(store: Path) -> Path | None:
    check_store_path(store)
    try:
        name = (store / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(
            f"cannot read the index in {str(store)!r} ({exc}); run `qa ingest --rebuild`"
        ) from exc
    folder = store / name
    if not name.startswith("snap-") or not folder.is_dir():
        raise StoreError(
            f"the index in {str(store)!r} is damaged (CURRENT points to {name!r}); "
            "run `qa ingest --rebuild`"
        )
    return folder


def indexed_corpus(store: Path) -> str | None:
    """The corpus folder the current snapshot was built from, or None when there is no index."""
    folder = current_snapshot_dir(store)
    if folder is None:
        return None
    try:
        corpus = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["corpus"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            f"the index in {str(store)!r} is damaged ({exc}); run `qa ingest --rebuild`"
        ) from exc
    return corpus if isinstance(corpus, str) else None


def read_snapshot(store: Path) -> Snapshot:
    """Load the current snapshot, or raise StoreError saying how to create it."""
    import numpy as np

    folder = current_snapshot_dir(store)
    if folder is None:
        raise StoreError(
            f"no index in {str(store)!r}: run `qa ingest` first (or `make run`), "
            "or point QA_STORE / --store at an existing index"
        )
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
        vectors = np.load(folder / "vectors.npy")
    except (OSError, ValueError, EOFError) as exc:  # EOFError: an empty vectors.npy
        raise StoreError(
            f"the index in {str(store)!r} is damaged ({exc}); run `qa ingest --rebuild`"
        ) from exc
    if not isinstance(meta, dict) or not isinstance(texts, dict):
        raise StoreError(f"the index in {str(store)!r} is damaged; run `qa ingest --rebuild`")
    if meta.get("schema") != SCHEMA:
        raise StoreError(
            f"the index in {str(store)!r} was built by an incompatible version (schema "
            f"{meta.get('schema')}, this version reads {SCHEMA}); run `qa ingest --rebuild`"
        )
    try:
        articles = [
            Article(a["source"], a["title"], texts[a["source"]], a["sha256"],
                    tuple(tuple(x) for x in a["skip"]))
            for a in meta["articles"]
        ]
        for a in articles:  # quotes are cut from these texts: they must be the files as hashed
            if hashlib.sha256(a.text.encode("utf-8")).hexdigest() != a.sha256:
                raise ValueError(f"the stored text of {a.source!r} does not match its hash")
        by_source = {a.source: a for a in articles}
        passages = [
            Passage(p["id"], p["source"], by_source[p["source"]].title, p["start"], p["end"],
                    by_source[p["source"]].text[p["start"]:p["end"]],
                    tuple(tuple(x) for x in p["sentences"]))
            for p in meta["passages"]
        ]
        sentences = [Sentence(s, a, b, by_source[s].text[a:b]) for s, a, b in meta["sentences"]]
        n = len(passages)
        if vectors.shape[0] != n + len(sentences):
            raise ValueError("vector count does not match the passages and sentences")
        return Snapshot(meta["model"], meta["created_at"], meta["corpus"], articles, passages,
                        sentences, vectors[:n], vectors[n:])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise StoreError(
            f"the index in {str(store)!r} is damaged ({exc}); run `qa ingest --rebuild`"
        ) from exc


def prune_snapshots(store: Path) -> None:
    """Remove every snapshot folder but the current one (and temp leftovers of killed runs)."""
    current = current_snapshot_dir(store)
    for child in store.iterdir():
        if child.name.startswith((".snap-", "snap-", f".{CURRENT}.", f".{SYNCED}.")) \
                and child != current:
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Chroma (dense passage search)
# ---------------------------------------------------------------------------------------------


class DenseIndex:
    """The Chroma side of the index, embedded (a folder) or on a server (a URL).

    Holds the passage collection (dense search) and, in server mode, a second collection that
    carries the published snapshots, so every app instance pointed at the same server answers
    from the same index. A failed call raises StoreError naming the server and drops the client,
    so the next call reconnects: the app recovers by itself when the server returns.
    """

    _open_lock = threading.Lock()  # chromadb clients are not safe to create from two threads at once

    def __init__(self, store: Path, chroma_url: str | None = None) -> None:
        self.store = store
        self.url = chroma_url
        self._collections: dict[str, Any] = {}
        self._count: int | None = None  # rows in the passage collection, cached for queries

    @property
    def where(self) -> str:
        return f"the Chroma server at {self.url}" if self.url else f"the Chroma store {str(self.store / 'chroma')!r}"

    def _client(self):  # noqa: ANN202
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False)
        if self.url:
            from urllib.parse import urlparse

            u = urlparse(self.url)
            if u.scheme not in ("http", "https") or not u.hostname:
                raise StoreError(f"QA_CHROMA_URL {self.url!r} is not an http(s)://host:port URL")
            return chromadb.HttpClient(
                host=u.hostname, port=u.port or (443 if u.scheme == "https" else 8000),
                ssl=u.scheme == "https", settings=settings,
            )
        return chromadb.PersistentClient(path=str(self.store / "chroma"), settings=settings)

    def _collection(self, name: str):  # noqa: ANN202
        with self._open_lock:
            if name not in self._collections:
                self._collections[name] = self._client().get_or_create_collection(
                    name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
                )
            return self._collections[name]

    def _call(self, what: str, fn, name: str = COLLECTION):  # noqa: ANN001, ANN202
        """Run ``fn(collection)``; any failure becomes a StoreError and resets the connection."""
        try:
            return fn(self._collection(name))
        except StoreError:
            raise
        except Exception as exc:  # chromadb and httpx raise many kinds; all mean the same here
            with self._open_lock:
                self._collections.clear()
                self._count = None
            hint = ("; is it running? (`chroma run --path DIR --host 127.0.0.1 --port PORT`)"
                    if self.url else "; if it is damaged, run `qa ingest --rebuild`")
            raise StoreError(f"cannot {what} {self.where}: {exc}{hint}") from exc

    @property
    def collection(self):  # noqa: ANN201
        return self._call("open", lambda c: c)

    def ids(self) -> set[str]:
        return set(self._call("read", lambda c: c.get(include=[]))["ids"])

    def upsert(self, passages: Sequence[Passage], vectors: "np.ndarray", batch: int = 2000) -> None:
        self._count = None
        for i in range(0, len(passages), batch):
            chunk = passages[i:i + batch]
            self._call("write to", lambda c: c.upsert(
                ids=[p.id for p in chunk],
                embeddings=vectors[i:i + batch],
                documents=[p.text for p in chunk],
                metadatas=[
                    {"source": p.source, "title": p.title, "start": p.start, "end": p.end}
                    for p in chunk
                ],
            ))

    def delete(self, ids: Sequence[str], batch: int = 2000) -> None:
        self._count = None
        ids = list(ids)
        for i in range(0, len(ids), batch):
            self._call("write to", lambda c: c.delete(ids=ids[i:i + batch]))

    def reset_count(self) -> None:
        self._count = None

    def refresh(self) -> None:
        """Forget chromadb's cached view of an embedded store, so rows another process wrote
        since are seen (chromadb shares one cached system per path within a process)."""
        with self._open_lock:
            self._collections.clear()
            self._count = None
            if self.url:
                return
            try:
                from chromadb.api.shared_system_client import SharedSystemClient

                path = str(self.store / "chroma")
                for key in [k for k in SharedSystemClient._identifier_to_system if k == path]:
                    SharedSystemClient._identifier_to_system.pop(key, None)
                    SharedSystemClient._identifier_to_refcount.pop(key, None)
            except (ImportError, AttributeError):  # another chromadb layout: nothing cached to drop
                pass

    def drop(self) -> None:
        """Delete the passage collection (a new embedding model needs a new one)."""
        def _drop(_c):  # noqa: ANN001, ANN202
            self._client().delete_collection(COLLECTION)

        self._call("write to", _drop)
        with self._open_lock:
            self._collections.pop(COLLECTION, None)
            self._count = None

    def exists(self) -> bool:
        """Embedded mode: is the Chroma folder there at all (a reader must not create it)."""
        return bool(self.url) or (self.store / "chroma").is_dir()

    def query(self, vector: "np.ndarray", k: int) -> list[tuple[str, float]]:
        """Nearest passages as (id, cosine similarity), best first."""
        if self._count is None:
            self._count = self._call("read", lambda c: c.count())
        n = self._count
        if n == 0:
            return []
        res = self._call("search", lambda c: c.query(
            query_embeddings=[vector.tolist()], n_results=min(k, n), include=["distances"]
        ))
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]

    # -- snapshots on the server (server mode only) -------------------------------------------

    def remote_current(self) -> str | None:
        got = self._call("read", lambda c: c.get(ids=[CURRENT], include=["documents"]), SNAPSHOTS)
        return got["documents"][0] if got["ids"] else None

    def publish(self, folder: Path) -> None:
        """Upload a snapshot folder, then point the server's CURRENT at it (the commit point)."""
        import base64
        import io
        import tarfile

        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for f in sorted(folder.iterdir()):
                tar.add(f, arcname=f.name)
        blob = base64.b64encode(buf.getvalue()).decode("ascii")
        parts = [blob[i:i + PART_CHARS] for i in range(0, len(blob), PART_CHARS)] or [""]
        name = folder.name
        for i, part in enumerate(parts):
            self._call("write to", lambda c: c.upsert(
                ids=[f"{name}/{i}"], embeddings=[[1.0]], documents=[part],
                metadatas=[{"snapshot": name, "part": i, "parts": len(parts)}],
            ), SNAPSHOTS)
        self._call("write to", lambda c: c.upsert(
            ids=[CURRENT], embeddings=[[1.0]], documents=[name], metadatas=[{"snapshot": name}],
        ), SNAPSHOTS)
        # older snapshots are no longer needed by anyone who reads CURRENT from now on
        stale = self._call("read", lambda c: c.get(where={"snapshot": {"$ne": name}}, include=[]),
                           SNAPSHOTS)["ids"]
        stale = [i for i in stale if i != CURRENT]
        if stale:
            self._call("write to", lambda c: c.delete(ids=stale), SNAPSHOTS)

    def pull(self, store: Path) -> bool:
        """Make ``store``'s CURRENT the server's, downloading the snapshot if needed.

        Returns False when the server has no snapshot yet."""
        import base64
        import io
        import tarfile

        name = self.remote_current()
        if name is None:
            return False
        if (store / name).is_dir() and _read_pointer(store) == name:
            return True
        got = self._call("read", lambda c: c.get(where={"snapshot": name}, include=["documents", "metadatas"]),
                         SNAPSHOTS)
        parts = sorted(
            (m["part"], d, m["parts"]) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
            if i != CURRENT
        )
        if not parts or len(parts) != parts[0][2]:
            raise StoreError(f"the index on {self.where} is incomplete; run `qa ingest --rebuild` "
                             "against it")
        make_store_dir(store)
        tmp = store / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.mkdir()
        data = base64.b64decode("".join(d for _, d, _ in parts))
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile() or "/" in member.name or member.name.startswith("."):
                    raise StoreError(f"the index on {self.where} holds an unexpected file "
                                     f"{member.name!r}; run `qa ingest --rebuild` against it")
                src = tar.extractfile(member)
                assert src is not None
                (tmp / member.name).write_bytes(src.read())
        if (store / name).exists():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.rename(store / name)
        _point(store, name)
        return True


def now() -> float:
    return time.time()
