"""Warm answer latency: ``qa.answer`` in a process that has already answered (model, index and
BM25 loaded), on the default corpus and on xquad-en; the naive baseline's warm answer beside it.

Each timed round asks a set of questions once; a round's p50/p95 is one measurement, and the
table shows the median over rounds with min-max. Where enough questions exist (``--per-round``
each), rounds use disjoint questions, so per-sentence caches inside ``qa`` are not simply
replayed. The naive baseline, ~10-50x slower per answer, gets the first NAIVE_PER_ROUND
questions of each round's set only.

    python -m benchmarks.latency worker --engine qa|naive --store DIR --questions FILE --rounds N
                                        [--per-round N]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .common import DEFAULT_CORPUS, XQUAD, Context, Row, Stat, emit, percentile, worker
from .synth import questions, read_texts

MIN_PER_ROUND = 25  # fewer questions than rounds x this: every round asks them all
NAIVE_PER_ROUND = 15


def xquad_questions(n: int, seed: int = 5) -> list[str]:
    rows = [json.loads(line) for line in (XQUAD / "questions.jsonl").read_text().splitlines()
            if line.strip()]
    qs = [r["question"] for r in rows]
    random.Random(seed).shuffle(qs)
    return qs[:n]


def round_sets(qs: list[str], rounds: int, per_round: int = MIN_PER_ROUND,
               cap: int | None = None) -> list[list[str]]:
    """The questions of each round: disjoint slices when there are enough, else all of them;
    at most ``cap`` per round."""
    if len(qs) >= rounds * per_round:
        sets = [qs[r::rounds] for r in range(rounds)]
    else:
        sets = [qs] * rounds
    return [s[:cap] for s in sets] if cap else sets


def measure(ask: Callable[[str], object], sets: list[list[str]]) -> dict:
    """Time ``ask`` over each round's questions (after one untimed warm-up question)."""
    t0 = time.perf_counter()
    ask("What is this about?")  # loads whatever is lazy: model, index, lexical indexes
    first = time.perf_counter() - t0
    out, errors = [], 0
    for qs in sets:
        times = []
        for q in qs:
            t = time.perf_counter()
            try:
                ask(q)
            except Exception as exc:  # noqa: BLE001 - counted, reported, not fatal
                errors += 1
                print(f"error on {q!r}: {exc}", file=sys.stderr)
                continue
            times.append((time.perf_counter() - t) * 1000)
        out.append({"n": len(times), "p50": percentile(times, 50), "p95": percentile(times, 95),
                    "p99": percentile(times, 99), "mean": sum(times) / max(1, len(times))})
    disjoint = len(sets) > 1 and sets[0] != sets[1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"first_answer_s": first, "rounds": out, "errors": errors, "disjoint": disjoint,
            "rss_mib": _rss_mib(), "peak_rss_mib": peak}


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.latency worker")
    p.add_argument("--engine", choices=("qa", "naive"), default="qa")
    p.add_argument("--store", type=Path, required=True)
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--per-round", type=int, default=MIN_PER_ROUND,
                   help="questions a round needs for the rounds to be disjoint")
    args = p.parse_args(argv)
    qs = [q for q in args.questions.read_text(encoding="utf-8").splitlines() if q.strip()]
    sets = round_sets(qs, args.rounds, args.per_round,
                      NAIVE_PER_ROUND if args.engine == "naive" else None)
    if args.engine == "qa":
        import qa

        settings = qa.Settings().with_(store=args.store)

        def ask(q: str) -> object:
            return qa.answer(q, settings=settings)
    else:
        from .naive import Naive

        ask = Naive(args.store).answer
    emit(measure(ask, sets))
    return 0


def warm(ctx: Context, engine: str, store: Path, qfile: Path, timeout: float = 1200,
         per_round: int = MIN_PER_ROUND) -> dict:
    return worker("latency", "--engine", engine, "--store", str(store), "--questions", str(qfile),
                  "--rounds", str(ctx.repeats), "--per-round", str(per_round),
                  timeout=timeout, cwd=ctx.work).result()


def _stat(res: dict, key: str) -> Stat:
    return Stat([r[key] for r in res["rounds"] if r["n"]])


def run(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    # (name, corpus, questions, questions a round needs to be disjoint, p50 and p95 targets)
    sets = [
        ("default", DEFAULT_CORPUS, questions(read_texts([DEFAULT_CORPUS]), 75), 15, (20.0, 50.0)),
        ("xquad-en", XQUAD / "corpus", xquad_questions(60 if ctx.quick else 300), MIN_PER_ROUND,
         (30.0, None)),
    ]
    for name, corpus, qs, per_round, (p50_target, p95_target) in sets:
        if not corpus.is_dir():
            rows.append(Row(f"warm_{name}_p50", f"warm qa.answer p50, {name}", "ms", None,
                            p50_target, note=f"not measured: {corpus} is missing"))
            continue
        qfile = ctx.file(f"questions-{name}.txt", qs)
        ctx.say(f"warm latency on {name}: {len(qs)} questions, {ctx.repeats} rounds")
        ours = warm(ctx, "qa", ctx.store(name, corpus), qfile, per_round=per_round)
        naive = warm(ctx, "naive", ctx.naive_store(name, corpus), qfile, per_round=per_round)
        asked = sum(r["n"] for r in ours["rounds"])
        source = "generated questions" if name == "default" else "questions from questions.jsonl"
        note = (f"{len(qs)} {source}, {ctx.repeats} rounds "
                f"({'disjoint' if ours['disjoint'] else 'repeated'}, {asked} answers; naive "
                f"{NAIVE_PER_ROUND} per round); first answer (loads everything) "
                f"{ours['first_answer_s']:.1f} s, naive {naive['first_answer_s']:.1f} s; "
                f"worker RSS {ours['rss_mib']:.0f} MiB, naive {naive['rss_mib']:.0f} MiB")
        if ours["errors"]:
            note += f"; {ours['errors']} errors"
        rows.append(Row(f"warm_{name}_p50", f"warm qa.answer p50, {name}", "ms",
                        _stat(ours, "p50"), p50_target, baseline=_stat(naive, "p50"), note=note))
        rows.append(Row(f"warm_{name}_p95", f"warm qa.answer p95, {name}", "ms",
                        _stat(ours, "p95"), p95_target, baseline=_stat(naive, "p95")))
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        sys.exit(worker_main(sys.argv[2:]))
    sys.exit("usage: python -m benchmarks.latency worker ... (the suite runs it: "
             "python -m benchmarks)")
