"""Ingest of the default corpus by ``qa ingest CORPUS --store DIR --quiet`` in a cold process:
a fresh store each run (everything chunked and embedded), then the unchanged re-run on the same
store (nothing to embed). Wall time from exec to exit, and peak RSS."""

from __future__ import annotations

import re

from .common import DEFAULT_CORPUS, Context, Row, Stat, qa_command, run_process

TIMEOUT = 600.0
_SUMMARY = re.compile(r"(\d+) articles, (\d+) passages, (\d+) sentences")


def run(ctx: Context) -> list[Row]:
    n = ctx.repeats
    fresh, fresh_rss, again = [], [], []
    ctx.say(f"cold qa ingest of the default corpus x{n}, then unchanged re-runs x{n}")
    summary = ""
    for i in range(n):
        store = ctx.work / f"ingest-{i}"
        res = run_process([*qa_command(), "ingest", str(DEFAULT_CORPUS), "--store", str(store),
                           "--quiet"], timeout=TIMEOUT, cwd=ctx.work).check()
        fresh.append(res.wall)
        fresh_rss.append(res.peak_rss_mib)
        summary = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else ""
    for _ in range(n):
        res = run_process([*qa_command(), "ingest", str(DEFAULT_CORPUS), "--store", str(store),
                           "--quiet"], timeout=TIMEOUT, cwd=ctx.work).check()
        again.append(res.wall)
        if "up to date" not in res.stdout:
            ctx.say(f"warning: the re-run was not a no-op: {res.stdout.strip()}")
    m = _SUMMARY.search(summary)
    size = f"{m.group(1)} articles, {m.group(2)} passages" if m else "default corpus"
    return [
        Row("ingest_cold", "cold `qa ingest` default corpus", "s", Stat(fresh), 6.0,
            note=f"{size}; fresh temp store each run; peak RSS {Stat(fresh_rss).median:.0f} MiB"),
        Row("ingest_unchanged", "`qa ingest` unchanged re-run", "s", Stat(again), 1.0),
    ]
