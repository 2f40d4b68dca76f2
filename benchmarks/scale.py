"""Growth with corpus size: 1k, 10k and 100k passages of a synthetic corpus (``synth``).

One store grows step by step, as a real index does: at each size the corpus folder gains files
and ``qa ingest`` (cold process) indexes the new ones, so the ingest rate of a step is its new
passages per second of that run. The first step embeds every distinct text of the segment pool;
later steps re-use those vectors (passage texts repeat across files), so their rate is the rest
of ingest: reading, chunking, Chroma, the snapshot. At each size, then:

- query latency: warm ``qa.answer`` p50/p95 over generated questions, 20 per round, disjoint
  rounds (``latency`` worker). Caveat: passage and sentence texts repeat ~10x at 10k and ~100x
  at 100k, and ``qa`` caches its reading of a sentence by text, so the reading part costs less
  than on 100k distinct passages; retrieval (BM25, Chroma, fusion) runs at full size;
- memory: ``qa serve --store DIR`` VmRSS once idle, the query worker's RSS, ingest's peak RSS.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .common import DEFAULT_CORPUS, XQUAD, Context, Row, Server, Stat, qa_command, run_process
from .latency import warm
from .synth import SyntheticCorpus, questions, read_texts, segment_pool, titles

_SUMMARY = re.compile(r"(\d+) articles, (\d+) passages, (\d+) sentences")
_EMBEDDED = re.compile(r"(\d+) texts embedded")


@dataclass
class Step:
    target: int
    files: int = 0
    passages: int = 0
    distinct: int = 0  # distinct passage texts among them (texts repeat: see synth)
    sentences: int = 0
    embedded: int = 0
    ingest_s: float = 0.0
    ingest_rate: float = 0.0  # new passages per second of this step's ingest
    ingest_peak_mib: float = 0.0
    p50_rounds: tuple[float, ...] = ()
    p95_rounds: tuple[float, ...] = ()
    first_answer_s: float = 0.0
    query_rss_mib: float = 0.0
    serve_rss_mib: float = 0.0
    serve_peak_mib: float = 0.0
    serve_idle_s: float = 0.0
    serve_went_idle: bool = False
    error: str = ""

    @property
    def label(self) -> str:
        return f"{self.target // 1000}k"


def _ingest(ctx: Context, corpus: Path, store: Path, step: Step, before: int) -> None:
    res = run_process([*qa_command(), "ingest", str(corpus), "--store", str(store), "--quiet"],
                      timeout=3600, cwd=ctx.work).check()
    out = res.stdout.strip()
    m, e = _SUMMARY.search(out), _EMBEDDED.search(out)
    if m:
        step.files, step.passages, step.sentences = (int(m.group(i)) for i in (1, 2, 3))
    step.embedded = int(e.group(1)) if e else 0
    step.ingest_s, step.ingest_peak_mib = res.wall, res.peak_rss_mib
    step.ingest_rate = (step.passages - before) / res.wall if res.wall else 0.0


def _serve(ctx: Context, store: Path, step: Step) -> None:
    """The server over an existing index and no corpus (cwd has no corpus/ folder)."""
    cwd = ctx.work / "serve-cwd"
    cwd.mkdir(exist_ok=True)
    with Server(store, None, cwd=cwd, log=ctx.work / f"scale-serve-{step.label}.log") as srv:
        srv.wait_http(timeout=600)
        step.serve_idle_s = srv.wait_idle(timeout=900)
        step.serve_went_idle = srv.went_idle
        step.serve_rss_mib, step.serve_peak_mib = srv.rss_mib(), srv.peak_mib()


def measure(ctx: Context, sizes: tuple[int, ...], pool_size: int, n_questions: int) -> list[Step]:
    sources = read_texts([DEFAULT_CORPUS, XQUAD / "corpus"])
    pool = segment_pool(sources, pool_size, seed=7)
    corpus = SyntheticCorpus(ctx.work / "synthetic", pool, titles(sources), seed=7)
    qfile = ctx.file("questions-scale.txt", questions(pool, n_questions, seed=3))
    store = ctx.work / "store-scale"
    steps: list[Step] = []
    before = 0
    for size in sizes:
        step = Step(size)
        steps.append(step)
        corpus.grow(size)
        step.distinct = len(corpus.used)
        try:
            ctx.say(f"scale {step.label}: ingest ({corpus.files} files)")
            _ingest(ctx, corpus.folder, store, step, before)
            before = step.passages
            ctx.say(f"scale {step.label}: {step.passages} passages in {step.ingest_s:.0f} s; "
                    "query latency")
            res = warm(ctx, "qa", store, qfile, timeout=3600, per_round=n_questions // ctx.repeats)
            step.p50_rounds = tuple(r["p50"] for r in res["rounds"])
            step.p95_rounds = tuple(r["p95"] for r in res["rounds"])
            step.first_answer_s, step.query_rss_mib = res["first_answer_s"], res["rss_mib"]
            ctx.say(f"scale {step.label}: qa serve memory")
            _serve(ctx, store, step)
        except Exception as exc:  # noqa: BLE001 - a size that fails is reported, others still run
            step.error = f"{type(exc).__name__}: {str(exc)[:300]}"
            ctx.say(f"scale {step.label} failed: {step.error}")
            break
    return steps


def rows(steps: list[Step], quick: bool) -> list[Row]:
    out: list[Row] = []
    for s in steps:
        big = s.target >= 100_000
        note = (f"{s.passages} passages ({s.distinct} distinct texts, each ~"
                f"{s.passages / max(1, s.distinct):.0f}x), {s.sentences} sentences, {s.files} "
                f"files; {s.embedded} texts embedded this step; first answer "
                f"{s.first_answer_s:.0f} s; "
                f"query worker RSS {s.query_rss_mib:.0f} MiB; ingest peak {s.ingest_peak_mib:.0f} MiB"
                + (f"; ERROR {s.error}" if s.error else ""))
        out += [
            Row(f"scale_{s.label}_p50", f"{s.label} passages: query p50", "ms",
                Stat(list(s.p50_rounds)), note=note),
            Row(f"scale_{s.label}_p95", f"{s.label} passages: query p95", "ms",
                Stat(list(s.p95_rounds)), 100.0 if big else None),
            Row(f"scale_{s.label}_serve_rss", f"{s.label} passages: `qa serve` RSS", "MiB",
                Stat([s.serve_rss_mib] if s.serve_rss_mib else []), 2048.0 if big else None,
                note=(f"idle after {s.serve_idle_s:.0f} s" if s.serve_went_idle else
                      f"NOT idle after {s.serve_idle_s:.0f} s (read at the time-out)")
                + f"; peak {s.serve_peak_mib:.0f} MiB" if s.serve_rss_mib else ""),
            Row(f"scale_{s.label}_ingest_rate", f"{s.label} passages: ingest rate", "passages/s",
                Stat([s.ingest_rate] if s.ingest_s else []),
                note=f"{s.ingest_s:.0f} s for this step"),
        ]
    first = steps[0] if steps else None
    if first and first.ingest_s and first.embedded:
        rate = first.embedded / first.ingest_s  # texts per second of the whole cold run
        distinct = 100_000 * (first.passages + first.sentences) / first.passages
        out[3].note += (  # the first step's ingest-rate row
            f"; it embedded {first.embedded} texts at ~{rate:.0f} texts/s (whole run): 100k "
            f"passages of all-distinct text (~{distinct / 1000:.0f}k passage and sentence texts) "
            f"would need ~{distinct / rate / 60:.0f} min at that rate")
    if quick or not any(s.target >= 100_000 for s in steps):
        out.append(Row("scale_100k", "100k passages", "-", None, note="not run (--quick)"))
    return out


def run(ctx: Context) -> tuple[list[Row], list[dict]]:
    sizes = (1_000, 10_000) if ctx.quick else (1_000, 10_000, 100_000)
    pool_size = 300 if ctx.quick else 800
    ctx.say(f"scaling: {', '.join(f'{s // 1000}k' for s in sizes)} passages "
            f"(pool of {pool_size} distinct segments)")
    steps = measure(ctx, sizes, pool_size, n_questions=20 * ctx.repeats)
    data = [{**asdict(s), "label": s.label, "pool_size": pool_size} for s in steps]
    return rows(steps, ctx.quick), data
