"""``qa serve`` at rest: resident memory (VmRSS of the server and its children, from /proc) once
the server answers HTTP and its start-up work (index check, example questions) has gone quiet,
and the CPU it still uses while nobody asks anything (a share of one core over IDLE_WINDOW s).
Started as ``make run`` does: ``qa serve --corpus corpus --store DIR`` on an existing index."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .common import DEFAULT_CORPUS, Context, Row, Server, Stat, tree_cpu_seconds

IDLE_WINDOW = 5.0


@dataclass
class Idle:
    rss_mib: float
    peak_mib: float
    seconds_to_idle: float
    went_idle: bool
    cpu_share: float  # of one core, while idle


def idle(ctx: Context, tag: str) -> Idle:
    """One fresh server, measured at rest."""
    store = ctx.store("default", DEFAULT_CORPUS)
    with Server(store, DEFAULT_CORPUS, cwd=ctx.work, log=ctx.work / f"serve-{tag}.log") as srv:
        srv.wait_http(timeout=240)
        ready = srv.wait_idle(timeout=240)
        rss, peak = srv.rss_mib(), srv.peak_mib()
        cpu0, t0 = tree_cpu_seconds(srv.proc.pid), time.perf_counter()
        time.sleep(IDLE_WINDOW)
        share = (tree_cpu_seconds(srv.proc.pid) - cpu0) / (time.perf_counter() - t0)
        return Idle(rss, peak, ready, srv.went_idle, share)


def run(ctx: Context) -> list[Row]:
    n = 1 if ctx.quick else 2
    ctx.say(f"qa serve idle memory x{n}")
    got = [idle(ctx, str(i)) for i in range(n)]
    return [
        Row("serve_idle_rss", "`qa serve` idle RSS", "MiB", Stat([g.rss_mib for g in got]), 600.0,
            note=f"default corpus; peak (VmHWM) {max(g.peak_mib for g in got):.0f} MiB; idle "
                 f"{Stat([g.seconds_to_idle for g in got]).median:.0f} s after start"
                 + ("" if all(g.went_idle for g in got) else " (NOT idle: read at the time-out)")),
        Row("serve_idle_cpu", "`qa serve` CPU while idle", "% core",
            Stat([100 * g.cpu_share for g in got]),
            note=f"CPU time of the server's processes over {IDLE_WINDOW:.0f} s with no requests"),
    ]
