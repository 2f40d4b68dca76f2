"""Shared helpers: statistics, table rows, bounded subprocesses with peak RSS, servers, machine info.

Every process started here runs in its own session (process group), has a deadline, and is killed
with its whole group when the deadline passes or the suite exits.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "corpus"
XQUAD = ROOT.parent / "shared" / "devsets" / "xquad-en"
RESULT_MARK = "BENCH-RESULT "  # a worker's last stdout line: this mark, then one JSON object
MIB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Statistics and rows
# ---------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


@dataclass
class Stat:
    """Repeated measurements of one figure: reported as the median with min-max beside it."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def lo(self) -> float:
        return min(self.values) if self.values else float("nan")

    @property
    def hi(self) -> float:
        return max(self.values) if self.values else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {"median": self.median, "min": self.lo, "max": self.hi, "values": self.values}


@dataclass
class Row:
    """One line of the table: our figure against its target and the naive baseline's figure."""

    name: str  # stable id, e.g. "cold_ask_wall"
    what: str  # label shown in the table
    unit: str
    ours: Stat | None
    target: float | None = None
    op: str = "<="  # how ours must compare to the target: "<=" or ">="
    baseline: Stat | None = None
    note: str = ""

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.ours is None or not self.ours.values:
            return None
        m = self.ours.median
        return m <= self.target if self.op == "<=" else m >= self.target

    @property
    def ratio(self) -> float | None:
        """ours / baseline (medians): below 1 is smaller (faster, leaner) than the naive script."""
        if self.ours is None or self.baseline is None or not self.baseline.values:
            return None
        b = self.baseline.median
        return self.ours.median / b if b else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ours"] = self.ours.to_dict() if self.ours else None
        d["baseline"] = self.baseline.to_dict() if self.baseline else None
        d["passed"], d["ratio"] = self.passed, self.ratio
        return d


def fmt(x: float | None, unit: str = "") -> str:
    if x is None or math.isnan(x):
        return "-"
    if unit == "cos":
        return f"{x:.6f}"
    if x == int(x) and abs(x) < 1e6:
        return f"{int(x):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def fmt_stat(s: Stat | None, unit: str = "") -> str:
    if s is None or not s.values:
        return "-"
    if len(s.values) == 1:
        return fmt(s.median, unit)
    return f"{fmt(s.median, unit)} ({fmt(s.lo, unit)}-{fmt(s.hi, unit)})"


def format_table(rows: Iterable[Row]) -> str:
    head = ("what", "unit", "ours: median (min-max)", "target", "pass", "naive", "ours/naive")
    body = []
    for r in rows:
        target = "-" if r.target is None else f"{r.op} {fmt(r.target, r.unit)}"
        ok = {True: "PASS", False: "FAIL", None: "-"}[r.passed]
        body.append((r.what, r.unit, fmt_stat(r.ours, r.unit), target, ok,
                     fmt_stat(r.baseline, r.unit),
                     "-" if r.ratio is None else f"{r.ratio:.2f}x"))
    widths = [max(len(str(line[i])) for line in [head, *body]) for i in range(len(head))]
    out = []
    for n, line in enumerate([head, *body]):
        out.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"  {r.what}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

_LIVE: dict[int, subprocess.Popen] = {}  # pid -> process (its own group), killed at exit


def _kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(proc.pid, sig)  # the group this suite created for it (start_new_session)
    except (ProcessLookupError, PermissionError):
        pass


@atexit.register
def kill_all_started() -> None:
    for proc in list(_LIVE.values()):
        _kill_group(proc)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    _LIVE.clear()


def _on_term(signum: int, frame: Any) -> None:
    kill_all_started()
    sys.exit(128 + signum)


def install_signal_handlers() -> None:
    signal.signal(signal.SIGTERM, _on_term)


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every child: offline, no telemetry, this repo importable, and no
    QA_STORE / QA_CORPUS / QA_CHROMA_URL (every store is a temp folder named explicitly)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QA_STORE", "QA_CORPUS", "QA_CHROMA_URL")}
    env.update({
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1",
    })
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env


def qa_command() -> list[str]:
    """The installed ``qa`` script beside this interpreter (what a user runs), else ``-m qa.cli``."""
    script = Path(sys.executable).parent / "qa"
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa.cli"]


@dataclass
class ProcResult:
    cmd: list[str]
    returncode: int | None
    wall: float  # seconds, start to exit
    peak_rss_mib: float  # the child's own peak (ru_maxrss from wait4), including reaped children
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def check(self) -> ProcResult:
        if not self.ok:
            why = "timed out" if self.timed_out else f"exited {self.returncode}"
            tail = "\n".join(self.stderr.strip().splitlines()[-15:])
            raise RuntimeError(f"{' '.join(self.cmd[:6])} ... {why}:\n{tail}")
        return self

    def result(self) -> dict[str, Any]:
        """The JSON a worker printed after RESULT_MARK."""
        for line in reversed(self.stdout.splitlines()):
            if line.startswith(RESULT_MARK):
                return json.loads(line[len(RESULT_MARK):])
        raise RuntimeError(f"no result from {' '.join(self.cmd[:6])}; stderr:\n"
                           f"{self.stderr[-2000:]}")


def run_process(cmd: Sequence[str], *, timeout: float, cwd: str | Path | None = None,
                env: dict[str, str] | None = None) -> ProcResult:
    """Run ``cmd`` to completion (killed at ``timeout``): wall time and peak RSS via wait4."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env or bench_env(), stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        _LIVE[proc.pid] = proc
        deadline = t0 + timeout
        status, usage, timed_out = 0, None, False
        try:
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    timed_out = True
                    _kill_group(proc)
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.005)
            wall = time.perf_counter() - t0
        except BaseException:
            _kill_group(proc)  # interrupted: not reaped yet, so the group is still ours
            proc.wait(timeout=30)
            raise
        finally:
            _LIVE.pop(proc.pid, None)
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        out.seek(0)
        err.seek(0)
        peak = usage.ru_maxrss / 1024 if usage else float("nan")  # KiB on Linux
        return ProcResult(list(cmd), proc.returncode, wall, peak, out.read(), err.read(), timed_out)


def worker(module: str, *args: str, timeout: float, cwd: Path) -> ProcResult:
    """``python -m benchmarks.<module> worker ARGS`` run in ``cwd`` (a temp folder, so nothing
    relative such as ``vectorstore/`` lands in the repo), checked; its JSON via ``.result()``."""
    return run_process([sys.executable, "-m", f"benchmarks.{module}", "worker", *args],
                       timeout=timeout, cwd=cwd).check()


def emit(result: dict[str, Any]) -> None:
    """Print a worker's result as its last stdout line."""
    print(RESULT_MARK + json.dumps(result), flush=True)


# ---------------------------------------------------------------------------------------------
# Memory and servers
# ---------------------------------------------------------------------------------------------


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc/*/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except (OSError, ValueError):
                pass
    return out


def tree_rss_mib(pid: int, key: str = "VmRSS") -> float:
    """Resident memory of ``pid`` and its children (VmRSS, or VmHWM for each one's peak)."""
    return sum(_status_kib(p, key) for p in descendants(pid)) / 1024


def tree_cpu_seconds(pid: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``qa serve`` on a free loopback port, in its own process group; always killed on exit."""

    def __init__(self, store: Path, corpus: Path | None, *, cwd: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        cmd = [*qa_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--store", str(store)]
        if corpus is not None:
            cmd += ["--corpus", str(corpus)]
        self._log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=bench_env(), stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        _LIVE[self.proc.pid] = self.proc
        self.log = log
        self.went_idle = False

    def __enter__(self) -> Server:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_http(self, timeout: float) -> float:
        """Seconds from start until the page answers; raises if it never does."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"qa serve exited {self.proc.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"qa serve did not answer within {timeout:.0f} s:\n{self.tail()}")

    def wait_idle(self, timeout: float, window: float = 1.0, quiet: int = 3,
                  max_share: float = 0.2) -> float:
        """Wait until the server's process tree uses < ``max_share`` of a core for ``quiet``
        consecutive windows (start-up indexing and example questions done: they keep a core
        busy, while an idle Gradio server still ticks at a few percent). Returns the seconds
        since start; on timeout returns them as well (the caller reports what it got)."""
        deadline = time.perf_counter() + timeout
        calm, last = 0, tree_cpu_seconds(self.proc.pid)
        while time.perf_counter() < deadline and calm < quiet:
            time.sleep(window)
            now = tree_cpu_seconds(self.proc.pid)
            calm = calm + 1 if now - last < max_share * window else 0
            last = now
        self.went_idle = calm >= quiet
        return time.perf_counter() - self.started

    def rss_mib(self) -> float:
        return tree_rss_mib(self.proc.pid)

    def peak_mib(self) -> float:
        return tree_rss_mib(self.proc.pid, "VmHWM")

    def tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM to the server's group, SIGKILL after 10 s; the group is signalled only while
        its leader is unreaped, so the id is still the one this suite started."""
        if self.proc.poll() is None:
            _kill_group(self.proc, signal.SIGTERM)
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline and self.proc.poll() is None:
                time.sleep(0.1)
            if self.proc.poll() is None:
                _kill_group(self.proc)
                self.proc.wait(timeout=30)
        _LIVE.pop(self.proc.pid, None)
        self._log.close()


# ---------------------------------------------------------------------------------------------
# Machine
# ---------------------------------------------------------------------------------------------


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    mem = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            k, v = line.split(":", 1)
            if k in ("MemTotal", "MemAvailable"):
                mem[k] = int(v.split()[0]) // 1024
    except OSError:
        pass
    try:
        model = next((ln.split(":", 1)[1].strip() for ln in
                      Path("/proc/cpuinfo").read_text().splitlines()
                      if ln.startswith("model name")), None)
    except OSError:
        model = None
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_total_mib": mem.get("MemTotal"),
        "memory_available_mib": mem.get("MemAvailable"),
        "load_average": os.getloadavg(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {d: _version(d) for d in (
            "torch", "onnxruntime", "sentence-transformers", "transformers", "chromadb",
            "gradio", "gradio-client", "bm25s", "numpy", "article-qa")},
    }


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, timeout=10,
                             capture_output=True, text=True, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "qa", "ui"], cwd=ROOT,
                               timeout=10, capture_output=True, text=True,
                               check=False).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "") if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


@dataclass
class Context:
    """What every benchmark gets: the run's options and a scratch folder for stores."""

    quick: bool
    repeats: int
    work: Path  # temp dir, removed at the end
    log: list[str] = field(default_factory=list)
    _stores: dict[str, Path] = field(default_factory=dict)

    def say(self, msg: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def store(self, name: str, corpus: Path, timeout: float = 900) -> Path:
        """A temp store of ``corpus`` built once per run with ``qa ingest`` (shared by benchmarks)."""
        if name not in self._stores:
            store = self.work / f"store-{name}"
            self.say(f"indexing {corpus} into a temp store ({name})")
            run_process([*qa_command(), "ingest", str(corpus), "--store", str(store), "--quiet"],
                timeout=timeout, cwd=self.work).check()
            self._stores[name] = store
        return self._stores[name]

    def naive_store(self, name: str, corpus: Path, timeout: float = 900) -> Path:
        """The naive baseline's own Chroma collection of ``corpus`` (built once per run)."""
        key = f"naive-{name}"
        if key not in self._stores:
            store = self.work / f"store-{key}"
            self.say(f"building the naive baseline's index of {corpus} ({name})")
            run_process([sys.executable, "-m", "benchmarks.naive", "build", str(corpus), str(store)],
                        timeout=timeout, cwd=self.work).check()
            self._stores[key] = store
        return self._stores[key]

    def file(self, name: str, lines: Sequence[str]) -> Path:
        path = self.work / name
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path
