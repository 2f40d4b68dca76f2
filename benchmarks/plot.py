"""``scaling.png``: query latency, memory and ingest rate against corpus size (from ``scale``)."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any


def scaling_png(steps: list[dict[str, Any]], path: Path, title: str = "") -> Path | None:
    steps = [s for s in steps if s.get("passages")]
    if not steps:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [s["passages"] for s in steps]
    labels = [s["label"] for s in steps]

    def med(xs: list[float]) -> float:
        return statistics.median(xs) if xs else float("nan")

    fig, (lat, mem, rate) = plt.subplots(1, 3, figsize=(15, 4.6))
    lat.plot(n, [med(s["p50_rounds"]) for s in steps], "o-", label="p50")
    lat.plot(n, [med(s["p95_rounds"]) for s in steps], "s-", label="p95")
    lat.axhline(100, color="grey", ls="--", lw=1, label="p95 target at 100k (100 ms)")
    lat.set(xscale="log", xlabel="passages", ylabel="ms", title="warm qa.answer latency")
    lat.set_ylim(bottom=0)
    mem.plot(n, [s["serve_rss_mib"] or float("nan") for s in steps], "o-", label="qa serve idle RSS")
    mem.plot(n, [s["query_rss_mib"] for s in steps], "s-", label="qa.answer worker RSS")
    mem.plot(n, [s["ingest_peak_mib"] for s in steps], "^-", label="qa ingest peak RSS")
    mem.axhline(2048, color="grey", ls="--", lw=1, label="serve target at 100k (2 GiB)")
    mem.set(xscale="log", xlabel="passages", ylabel="MiB", title="memory")
    mem.set_ylim(bottom=0)
    rate.bar(labels, [s["ingest_rate"] for s in steps], color="tab:green")
    for i, s in enumerate(steps):
        rate.annotate(f"{s['ingest_s']:.0f} s\n{s['embedded']} embedded", (i, s["ingest_rate"]),
                      ha="center", va="bottom", fontsize=8)
    rate.set_ylim(0, 1.3 * max([s["ingest_rate"] for s in steps] + [1.0]))
    rate.set(xlabel="corpus size (step)", ylabel="new passages / s",
             title="ingest rate per step (cold qa ingest)")
    for ax in (lat, mem):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
