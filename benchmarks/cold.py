"""Cold question: one whole ``qa ask QUESTION --json --store DIR`` process on an existing index of
the default corpus, from exec to exit. Wall time and the process's peak RSS (wait4's ru_maxrss).
The naive baseline's one-question script (``python -m benchmarks.naive ask``) beside it.

One run of each is discarded first, so every timed run starts with the files in the page cache
(a cold *process*, not a cold disk)."""

from __future__ import annotations

import json
import sys

from .common import DEFAULT_CORPUS, Context, Row, Stat, qa_command, run_process
from .synth import questions, read_texts

TIMEOUT = 180.0


def run(ctx: Context) -> list[Row]:
    store = ctx.store("default", DEFAULT_CORPUS)
    naive_store = ctx.naive_store("default", DEFAULT_CORPUS)
    n = ctx.repeats
    qs = questions(read_texts([DEFAULT_CORPUS]), n + 1, seed=21)
    ours_wall, ours_rss, naive_wall, naive_rss = [], [], [], []
    ctx.say(f"cold qa ask x{n} (+1 discarded), and the naive script x{n} (+1)")
    for i, q in enumerate(qs):
        res = run_process([*qa_command(), "ask", q, "--json", "--store", str(store)],
                  timeout=TIMEOUT, cwd=ctx.work).check()
        json.loads(res.stdout)  # the JSON contract came out whole
        base = run_process([sys.executable, "-m", "benchmarks.naive", "ask", str(naive_store), q],
                   timeout=TIMEOUT, cwd=ctx.work).check()
        if i == 0:
            continue  # page-cache warm-up
        ours_wall.append(res.wall)
        ours_rss.append(res.peak_rss_mib)
        naive_wall.append(base.wall)
        naive_rss.append(base.peak_rss_mib)
    return [
        Row("cold_ask_wall", "cold `qa ask --json` wall", "s", Stat(ours_wall), 2.0,
            baseline=Stat(naive_wall), note=f"{n} runs, existing index of the default corpus"),
        Row("cold_ask_rss", "cold `qa ask --json` peak RSS", "MiB", Stat(ours_rss), 400.0,
            baseline=Stat(naive_rss)),
    ]
