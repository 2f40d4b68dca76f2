"""``python -m benchmarks [--quick] [--only NAME ...] [--out DIR]``: run the suite, print one
table, write ``latest.json`` and ``scaling.png`` to ``--out`` (default benchmarks/results/).

The figures are printed, never asserted: the exit status is 0 unless the suite itself broke."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import cold, embed, ingest, latency, load, scale, serve
from .common import (
    ROOT,
    Context,
    Row,
    format_table,
    git_commit,
    install_signal_handlers,
    kill_all_started,
    machine_info,
)
from .plot import scaling_png

# name -> what it runs; in this order. "load" is left out of --quick unless named with --only.
BENCHMARKS: dict[str, Callable[[Context], Any]] = {
    "cold": cold.run,
    "latency": latency.run,
    "ingest": ingest.run,
    "embed": embed.run,
    "serve": serve.run,
    "scale": scale.run,
    "load": load.run,
}


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="smoke run: fewer repeats, 1k/10k passages only, no load test")
    p.add_argument("--only", nargs="+", choices=list(BENCHMARKS), metavar="NAME",
                   help=f"run only these: {', '.join(BENCHMARKS)}")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results",
                   help="folder for latest.json and scaling.png")
    p.add_argument("--repeats", type=int, help="runs per benchmark (default 3, --quick 2)")
    p.add_argument("--keep", action="store_true", help="keep the temp stores (path printed)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    install_signal_handlers()
    names = args.only or [n for n in BENCHMARKS if not (args.quick and n == "load")]
    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    ctx = Context(quick=args.quick, repeats=max(1, args.repeats or (2 if args.quick else 3)),
                  work=work)
    started = datetime.now(timezone.utc)
    report: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"), "commit": git_commit(),
        "mode": "quick" if args.quick else "full", "benchmarks": names,
        "repeats": ctx.repeats, "machine": machine_info(),
        "caveat": "measured on a shared 2-core machine; other jobs may have run at the same time",
        "rows": [], "scale": [], "load": None, "seconds": {}, "errors": {},
    }
    rows: list[Row] = []
    args.out.mkdir(parents=True, exist_ok=True)
    out_json = args.out / "latest.json"
    t_all = time.perf_counter()
    try:
        for name in names:
            t0 = time.perf_counter()
            ctx.say(f"== {name}")
            try:
                got = BENCHMARKS[name](ctx)
                if name == "scale":
                    got, report["scale"] = got
                elif name == "load":
                    got, report["load"] = got
                rows.extend(got)
            except Exception as exc:  # noqa: BLE001 - one broken benchmark does not stop the rest
                traceback.print_exc()
                report["errors"][name] = f"{type(exc).__name__}: {exc}"
                rows.append(Row(name, f"{name} (failed)", "-", None,
                                note=f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"))
            report["seconds"][name] = round(time.perf_counter() - t0, 1)
            report["rows"] = [r.to_dict() for r in rows]
            out_json.write_text(json.dumps(report, indent=2, default=str))  # partial results too
    finally:
        kill_all_started()
        if args.keep:
            ctx.say(f"temp stores kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report["seconds"]["total"] = round(time.perf_counter() - t_all, 1)
    report["machine"]["load_average_end"] = machine_info()["load_average"]
    if report["scale"]:
        png = scaling_png(report["scale"], args.out / "scaling.png",
                          f"article-qa scaling, {report['date']} ({report['mode']} run, "
                          f"{report['machine']['cores']} cores, shared machine)")
        report["scaling_png"] = str(png) if png else None
    out_json.write_text(json.dumps(report, indent=2, default=str))

    m = report["machine"]
    print(f"\narticle-qa benchmarks, {report['date']}, commit {report['commit']}, "
          f"{report['mode']} run, {ctx.repeats} repeats; {m['cores']} cores, "
          f"{m['memory_total_mib']} MiB; load average {m['load_average'][0]:.1f} at start, "
          f"{m['load_average_end'][0]:.1f} at end (a shared machine: figures are noisy); "
          f"{report['seconds']['total'] / 60:.1f} min")
    print(format_table(rows))
    print(f"\nwrote {out_json}" + (f" and {report.get('scaling_png')}"
                                   if report.get("scaling_png") else ""))
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
