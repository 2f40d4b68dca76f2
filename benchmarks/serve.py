"""``qa serve`` at rest: resident memory (VmRSS of the server and its children, from /proc) once
the server answers HTTP and its start-up work (index check, example questions) has gone quiet.
Started as ``make run`` does: ``qa serve --corpus corpus --store DIR`` on an existing index."""

from __future__ import annotations

from .common import DEFAULT_CORPUS, Context, Row, Server, Stat


def idle_rss(ctx: Context, tag: str) -> tuple[float, float, float]:
    """(VmRSS MiB, VmHWM MiB, seconds to idle) of one fresh server."""
    store = ctx.store("default", DEFAULT_CORPUS)
    with Server(store, DEFAULT_CORPUS, cwd=ctx.work, log=ctx.work / f"serve-{tag}.log") as srv:
        srv.wait_http(timeout=240)
        ready = srv.wait_idle(timeout=240)
        return srv.rss_mib(), srv.peak_mib(), ready


def run(ctx: Context) -> list[Row]:
    n = 1 if ctx.quick else 2
    ctx.say(f"qa serve idle memory x{n}")
    got = [idle_rss(ctx, str(i)) for i in range(n)]
    return [Row("serve_idle_rss", "`qa serve` idle RSS", "MiB", Stat([g[0] for g in got]), 600.0,
                note=f"default corpus; peak (VmHWM) {max(g[1] for g in got):.0f} MiB; idle "
                     f"{Stat([g[2] for g in got]).median:.0f} s after start")]
