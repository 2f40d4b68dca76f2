"""Embedding throughput at ingest: the embedder ``qa.pipeline.default_embedder(qa.Settings())``
returns, against a plain ``SentenceTransformer(model_path()).encode`` (the naive baseline's
encoder) on the same passages — the passages ``qa`` cuts from xquad-en — in one process, both
loaded and warmed first, the order alternating between rounds. Also checks that the embeddings
agree (cosine of each pair of rows). ``qa.Settings`` gets a temp store, since the embedder may
keep files there (an ONNX export); the one-time set-up is timed apart from the throughput.

    python -m benchmarks.embed worker --corpus DIR --store TMPDIR --count N --rounds R
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .common import XQUAD, Context, Row, Stat, emit, worker


def passages(corpus: Path, count: int) -> list[str]:
    """``count`` of the passages ``qa`` makes from ``corpus``, evenly spaced, in corpus order."""
    import qa
    from qa.chunking import chunk_article
    from qa.corpus import read_corpus

    s = qa.Settings()
    arts, _ = read_corpus(corpus, s.max_file_mb)
    texts = [p.text for a in arts
             for p in chunk_article(a, budget=s.passage_tokens, overlap=s.overlap_sentences)[1]]
    step = max(1, len(texts) // count)
    return texts[::step][:count]


def worker_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.embed worker")
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--store", type=Path, required=True, help="a temp folder for the embedder")
    p.add_argument("--count", type=int, default=256)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)

    import numpy as np
    from sentence_transformers import SentenceTransformer

    import qa
    from qa.embedding import model_path
    from qa.pipeline import default_embedder

    texts = passages(args.corpus, args.count)
    t = time.perf_counter()
    ours = default_embedder(qa.Settings().with_(store=args.store))
    ours.embed(texts[:16])
    setup = time.perf_counter() - t
    plain = SentenceTransformer(model_path(), device="cpu")
    plain.encode(texts[:16])

    def ours_run() -> np.ndarray:
        return np.asarray(ours.embed(texts))

    def plain_run() -> np.ndarray:
        return np.asarray(plain.encode(texts))

    speed: dict[str, list[float]] = {"ours": [], "plain": []}
    vecs: dict[str, np.ndarray] = {}
    for r in range(args.rounds):
        order = [("ours", ours_run), ("plain", plain_run)]
        for name, fn in order if r % 2 == 0 else order[::-1]:
            t = time.perf_counter()
            vecs[name] = fn()
            speed[name].append(len(texts) / (time.perf_counter() - t))
    a = vecs["ours"] / np.linalg.norm(vecs["ours"], axis=1, keepdims=True)
    b = vecs["plain"] / np.linalg.norm(vecs["plain"], axis=1, keepdims=True)
    cos = (a * b).sum(axis=1)
    emit({"texts": len(texts), "mean_chars": sum(map(len, texts)) / len(texts),
          "embedder": f"{type(ours).__module__}.{type(ours).__name__}", "setup_s": setup,
          "ours_per_s": speed["ours"], "plain_per_s": speed["plain"],
          "cos_min": float(cos.min()), "cos_mean": float(cos.mean())})
    return 0


def run(ctx: Context) -> list[Row]:
    corpus = XQUAD / "corpus"
    count, rounds = (64, 2) if ctx.quick else (128, ctx.repeats)
    ctx.say(f"embedding throughput: {count} xquad-en passages x {rounds} rounds, ours and plain")
    res = worker("embed", "--corpus", str(corpus), "--store", str(ctx.work / "embed-store"),
                 "--count", str(count), "--rounds", str(rounds), timeout=1800,
                 cwd=ctx.work).result()
    ours, plain = Stat(res["ours_per_s"]), Stat(res["plain_per_s"])
    return [
        Row("embed_throughput", "ingest embedding throughput", "texts/s", ours,
            2.0 * plain.median, ">=", baseline=plain,
            note=f"{res['embedder']} vs plain SentenceTransformer.encode, {res['texts']} passages "
                 f"(mean {res['mean_chars']:.0f} chars); target = 2x plain; one-time set-up "
                 f"(load, any export) and first batch {res['setup_s']:.1f} s, not counted"),
        Row("embed_cosine", "embeddings vs plain (min cosine)", "cos", Stat([res["cos_min"]]),
            0.999, ">=", note=f"mean cosine {res['cos_mean']:.6f}"),
    ]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        sys.exit(worker_main(sys.argv[2:]))
    sys.exit("usage: python -m benchmarks.embed worker ... (the suite runs it: python -m benchmarks)")
