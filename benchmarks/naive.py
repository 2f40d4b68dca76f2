"""The naive baseline every figure is compared with: the script one would write first.

sentence-transformers + chromadb, MiniLM loaded from ``qa.embedding.model_path()``, one chunk per
paragraph, the chunks in a Chroma collection; an answer is the sentence of the top chunks closest
to the question by cosine. No BM25, no span extraction, no caching beyond the loaded model.

    python -m benchmarks.naive build CORPUS STORE       # index (not timed by the suite)
    python -m benchmarks.naive ask STORE "QUESTION"     # one cold question, JSON on stdout
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

COLLECTION = "naive"
TOP_CHUNKS = 5
_SENT = re.compile(r"(?<=[.!?])\s+")


def _env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def load_model() -> Any:
    _env()
    from sentence_transformers import SentenceTransformer

    from qa.embedding import model_path

    return SentenceTransformer(model_path(), device="cpu")


def collection(store: Path) -> Any:
    _env()
    import chromadb

    client = chromadb.PersistentClient(path=str(store))
    return client.get_or_create_collection(COLLECTION, embedding_function=None,
                                           configuration={"hnsw": {"space": "cosine"}})


def paragraphs(corpus: Path) -> list[tuple[str, str]]:
    """(file, paragraph) for every non-empty line of 5+ words of every .txt/.md file."""
    out = []
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if len(line.split()) >= 5:
                out.append((str(path.relative_to(corpus)), line.strip()))
    return out


def build(corpus: Path, store: Path) -> int:
    chunks = paragraphs(corpus)
    model = load_model()
    vecs = model.encode([c[1] for c in chunks], normalize_embeddings=True)
    col = collection(store)
    for i in range(0, len(chunks), 1000):
        part = chunks[i:i + 1000]
        col.add(ids=[str(i + j) for j in range(len(part))], embeddings=vecs[i:i + len(part)],
                documents=[c[1] for c in part], metadatas=[{"source": c[0]} for c in part])
    return len(chunks)


class Naive:
    """Loaded once; ``answer`` is the warm path."""

    def __init__(self, store: Path) -> None:
        self.model = load_model()
        self.col = collection(store)

    def answer(self, question: str) -> str:
        q = self.model.encode([question], normalize_embeddings=True)
        res = self.col.query(query_embeddings=q.tolist(), n_results=TOP_CHUNKS,
                             include=["documents"])
        sents = [s for doc in res["documents"][0] for s in _SENT.split(doc) if s.strip()]
        if not sents:
            return ""
        sv = self.model.encode(sents, normalize_embeddings=True)
        return sents[int((sv @ q[0]).argmax())]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.naive", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("corpus", type=Path)
    b.add_argument("store", type=Path)
    a = sub.add_parser("ask")
    a.add_argument("store", type=Path)
    a.add_argument("question")
    args = p.parse_args(argv)
    if args.cmd == "build":
        print(f"{build(args.corpus, args.store)} paragraphs indexed", file=sys.stderr)
    else:
        print(json.dumps({"question": args.question,
                          "answer": Naive(args.store).answer(args.question)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
