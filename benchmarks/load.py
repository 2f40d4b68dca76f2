"""Load test: concurrent clients asking ``qa serve``'s ``/ask`` API on a loopback port.

Starts ``qa serve`` on a free 127.0.0.1 port over a temp store of the default corpus, waits until
it is up and idle, then drives N clients (default 16) for a bounded time and request count.
Questions are generated from the corpus text. Reports throughput, p50/p95/p99 latency, errors
and the CPU seconds used by the server and by the clients; the server is always stopped.

Clients: by default each one speaks Gradio's plain HTTP API (POST ``/gradio_api/call/ask``, then
read the event stream) — the same ``/ask`` endpoint ``gradio_client`` calls. ``--client gradio``
uses ``gradio_client.Client(url).predict(question, None, api_name="/ask")`` instead; on 2 cores
its 16 clients burn about twice the server's CPU (measured: 13 CPU-s of clients against 7 of the
server in 16 s), so they load the machine more than the server and the figures describe the
clients. The clients always share the machine's cores with the server.

    python -m benchmarks.load [--clients 16] [--duration 60] [--max-requests 5000]
                              [--client http|gradio] [--store DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import (
    DEFAULT_CORPUS,
    Context,
    Row,
    Server,
    Stat,
    format_table,
    install_signal_handlers,
    percentile,
    tree_cpu_seconds,
)
from .synth import questions, read_texts

REQUEST_TIMEOUT = 60.0


def gradio_asker(url: str) -> Callable[[str], Any]:
    from gradio_client import Client

    client = Client(url, verbose=False, download_files=False, analytics_enabled=False,
                    httpx_kwargs={"timeout": REQUEST_TIMEOUT})
    return lambda q: client.predict(q, None, api_name="/ask")


def http_asker(url: str) -> Callable[[str], Any]:
    """Gradio's two-step HTTP API: POST the call, then read its event stream to completion."""
    base = url.rstrip("/") + "/gradio_api/call/ask"

    def ask(q: str) -> Any:
        req = urllib.request.Request(base, data=json.dumps({"data": [q, None]}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as r:
            event_id = json.loads(r.read())["event_id"]
        with urllib.request.urlopen(f"{base}/{event_id}", timeout=REQUEST_TIMEOUT) as r:
            event = None
            for raw in r:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = line.split(":", 1)[1].strip()
                    if event == "error":
                        raise RuntimeError(f"server error: {data}")
                    return json.loads(data)[0]
        raise RuntimeError("the event stream ended without a result")

    return ask


def drive(url: str, qs: list[str], clients: int, duration: float, max_requests: int,
          kind: str = "http") -> dict[str, Any]:
    """Run the clients against ``url``; every thread stops at the deadline or the request cap."""
    make = gradio_asker if kind == "gradio" else http_asker
    askers = [make(url) for _ in range(clients)]  # connected before the clock starts
    lock = threading.Lock()
    state = {"sent": 0}
    lat: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    deadline = start + duration

    def client(i: int) -> None:
        k = 0
        while True:
            with lock:
                if state["sent"] >= max_requests or time.perf_counter() >= deadline:
                    return
                state["sent"] += 1
            q = qs[(i * 7919 + k) % len(qs)]
            k += 1
            t = time.perf_counter()
            try:
                out = askers[i](q)
                if not (isinstance(out, dict) and "answer" in out and "citations" in out):
                    raise RuntimeError(f"unexpected reply {str(out)[:120]}")
                with lock:
                    lat.append((time.perf_counter() - t) * 1000)
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline + REQUEST_TIMEOUT + 30 - time.perf_counter()))
    elapsed = time.perf_counter() - start
    hung = sum(t.is_alive() for t in threads)
    return {
        "clients": clients, "client": kind, "duration_s": elapsed, "requests": len(lat),
        "errors": len(errors) + hung, "error_samples": sorted(set(errors))[:5],
        "hung_clients": hung, "throughput_rps": len(lat) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95),
        "p99_ms": percentile(lat, 99), "max_ms": max(lat) if lat else float("nan"),
    }


def load_test(store: Path, corpus: Path, work: Path, *, clients: int, duration: float,
              max_requests: int, kind: str, log: Callable[[str], None]) -> dict[str, Any]:
    qs = questions(read_texts([corpus]), 200, seed=11)
    with Server(store, corpus, cwd=work, log=work / "load-serve.log") as srv:
        srv.wait_http(timeout=300)
        srv.wait_idle(timeout=300)
        log(f"load: {clients} {kind} clients for {duration:.0f} s against {srv.url} "
            f"({len(qs)} generated questions)")
        cpu_server, cpu_clients = tree_cpu_seconds(srv.proc.pid), time.process_time()
        res = drive(srv.url, qs, clients, duration, max_requests, kind)
        res["server_cpu_s"] = tree_cpu_seconds(srv.proc.pid) - cpu_server
        res["clients_cpu_s"] = time.process_time() - cpu_clients
        res["server_rss_mib_after"] = srv.rss_mib()
        res["server_peak_mib"] = srv.peak_mib()
    return res


def rows(res: dict[str, Any]) -> list[Row]:
    note = (f"{res['clients']} {res['client']} clients, {res['duration_s']:.0f} s: "
            f"{res['requests']} answers, {res['throughput_rps']:.1f} req/s; p50 "
            f"{res['p50_ms']:.0f} ms, p99 {res['p99_ms']:.0f} ms; CPU: server "
            f"{res['server_cpu_s']:.0f} s, clients {res['clients_cpu_s']:.0f} s; server peak "
            f"{res['server_peak_mib']:.0f} MiB")
    if res["error_samples"]:
        note += f"; errors e.g. {res['error_samples'][0]}"
    return [
        Row("load_p95", f"load: /ask p95 at {res['clients']} clients", "ms",
            Stat([res["p95_ms"]]), 1000.0, note=note),
        Row("load_errors", "load: errors", "count", Stat([float(res["errors"])]), 0.0),
        Row("load_throughput", "load: throughput", "req/s", Stat([res["throughput_rps"]])),
    ]


def run(ctx: Context) -> tuple[list[Row], dict[str, Any]]:
    res = load_test(ctx.store("default", DEFAULT_CORPUS), DEFAULT_CORPUS, ctx.work, clients=16,
                    duration=20.0 if ctx.quick else 60.0, max_requests=5000, kind="http",
                    log=ctx.say)
    return rows(res), res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--duration", type=float, default=60.0, help="seconds of load (max 600)")
    p.add_argument("--max-requests", type=int, default=5000)
    p.add_argument("--client", choices=("http", "gradio"), default="http")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--store", type=Path, help="an existing index (default: a temp store that "
                   "the server builds from --corpus)")
    args = p.parse_args(argv)
    install_signal_handlers()
    work = Path(tempfile.mkdtemp(prefix="qa-load-"))
    try:
        res = load_test(args.store or work / "store", args.corpus.resolve(), work,
                        clients=args.clients, duration=min(args.duration, 600.0),
                        max_requests=args.max_requests, kind=args.client,
                        log=lambda m: print(m, file=sys.stderr, flush=True))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(format_table(rows(res)))
    print(json.dumps(res, indent=2))
    return 0 if res["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
