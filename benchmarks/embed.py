"""Embedding throughput at ingest: the embedder ``qa.pipeline.default_embedder(qa.Settings())``
returns, against a plain ``SentenceTransformer(model_path()).encode`` (the naive baseline's
encoder) on the same texts — the passages and sentences ``qa ingest`` embeds for xquad-en — in one
process, all loaded and warmed first, the order rotating between rounds. Also checks that the
embeddings agree (cosine of each pair of rows).

The pipeline's embedder has two engines (``qa.embedding.TwoSpeedEmbedder``): ONNX float32 for
small ingests and questions, sentence-transformers in bfloat16 from ``QA_BF16_MIN_TEXTS`` texts
on (on CPUs with native bfloat16). Each engine's throughput is its own row; which one an ingest
uses depends on how many new texts it has. One-time set-up (imports, model load, any ONNX export)
is timed apart from the throughput.

    python -m benchmarks.embed worker --corpus DIR --store TMPDIR --every N --rounds R
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .common import XQUAD, Context, Row, Stat, emit, worker


def ingest_texts(corpus: Path, every: int = 1) -> list[str]:
    """The distinct passage and sentence texts ``qa ingest`` embeds for ``corpus`` (every
    ``every``-th of them, in corpus order)."""
    import qa
    from qa.chunking import chunk_article
    from qa.corpus import read_corpus

    s = qa.Settings()
    arts, _ = read_corpus(corpus, s.max_file_mb)
    texts: dict[str, None] = {}
    for a in arts:
        sentences, passages = chunk_article(a, budget=s.passage_tokens, overlap=s.overlap_sentences)
        texts.update(dict.fromkeys(p.text for p in passages))
        texts.update(dict.fromkeys(x.text for x in sentences))
    return list(texts)[::every]


def worker_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.embed worker")
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--store", type=Path, required=True, help="a temp folder for the index settings")
    p.add_argument("--every", type=int, default=1, help="use every N-th text (quick runs)")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)

    import numpy as np
    from sentence_transformers import SentenceTransformer

    import qa
    from qa.embedding import TwoSpeedEmbedder, model_path
    from qa.pipeline import default_embedder

    texts = ingest_texts(args.corpus, args.every)
    t = time.perf_counter()
    ours = default_embedder(qa.Settings().with_(store=args.store))
    engines = ({"small": ours.small, "large": ours.large} if isinstance(ours, TwoSpeedEmbedder)
               else {"small": ours})
    for e in engines.values():
        e.embed(texts[:16])
    setup = time.perf_counter() - t
    plain = SentenceTransformer(model_path(), device="cpu")
    plain.encode(texts[:16])

    runs = {name: (lambda e=e: np.asarray(e.embed(texts))) for name, e in engines.items()}
    runs["plain"] = lambda: np.asarray(plain.encode(texts))
    speed: dict[str, list[float]] = {name: [] for name in runs}
    vecs: dict[str, np.ndarray] = {}
    names = list(runs)
    for r in range(args.rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            t = time.perf_counter()
            vecs[name] = runs[name]()
            speed[name].append(len(texts) / (time.perf_counter() - t))
    b = vecs["plain"] / np.linalg.norm(vecs["plain"], axis=1, keepdims=True)
    cos = {}
    for name in engines:
        a = vecs[name] / np.linalg.norm(vecs[name], axis=1, keepdims=True)
        c = (a * b).sum(axis=1)
        cos[name] = {"min": float(c.min()), "mean": float(c.mean())}
    emit({"texts": len(texts), "mean_chars": sum(map(len, texts)) / len(texts),
          "engines": {n: f"{type(e).__module__}.{type(e).__name__}"
                      + (" (bf16)" if getattr(e, "bf16", False) else "") for n, e in engines.items()},
          "min_large": getattr(ours, "min_large", None), "setup_s": setup,
          "per_s": speed, "cos": cos})
    return 0


def run(ctx: Context) -> list[Row]:
    corpus = XQUAD / "corpus"
    every, rounds = (4, 2) if ctx.quick else (1, ctx.repeats)
    ctx.say(f"embedding throughput: xquad-en ingest texts (every {every}) x {rounds} rounds, "
            "each engine and plain")
    res = worker("embed", "--corpus", str(corpus), "--store", str(ctx.work / "embed-store"),
                 "--every", str(every), "--rounds", str(rounds), timeout=1800,
                 cwd=ctx.work).result()
    plain = Stat(res["per_s"]["plain"])
    what = (f"{res['texts']} passage and sentence texts (mean {res['mean_chars']:.0f} chars) vs "
            f"plain SentenceTransformer.encode; one-time set-up (imports, load, any export) and "
            f"first batch {res['setup_s']:.1f} s, not counted")
    rows = []
    if "large" in res["per_s"]:
        rows.append(Row("embed_throughput", "ingest embedding throughput, large ingest", "texts/s",
                        Stat(res["per_s"]["large"]), 2.0 * plain.median, ">=", baseline=plain,
                        note=f"{res['engines']['large']}, used from QA_BF16_MIN_TEXTS="
                             f"{res['min_large']} new texts on; {what}; target = 2x plain"))
    rows.append(Row("embed_throughput_small", "ingest embedding throughput, small ingest" if
                    "large" in res["per_s"] else "ingest embedding throughput", "texts/s",
                    Stat(res["per_s"]["small"]),
                    None if "large" in res["per_s"] else 2.0 * plain.median, ">=", baseline=plain,
                    note=f"{res['engines']['small']} (also every question); {what}"))
    worst = min(c["min"] for c in res["cos"].values())
    rows.append(Row("embed_cosine", "embeddings vs plain (min cosine)", "cos", Stat([worst]),
                    0.999, ">=", note="; ".join(f"{n}: min {c['min']:.6f}, mean {c['mean']:.6f}"
                                                 for n, c in res["cos"].items())))
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        sys.exit(worker_main(sys.argv[2:]))
    sys.exit("usage: python -m benchmarks.embed worker ... (the suite runs it: python -m benchmarks)")
