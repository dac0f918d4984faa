"""Shared pieces of the benchmarks: a PostgreSQL cluster, the machine, percentiles, RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


@contextmanager
def postgres(port: int = 56432, keep_dir: str | None = None) -> Iterator[str]:
    """A PostgreSQL cluster on loopback for the benchmark; yields its DATABASE_URL.

    BENCH_DATABASE_URL, when set, is used instead (e.g. a database already seeded with a million cases).
    """
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        yield given
        return
    directory = keep_dir or tempfile.mkdtemp(prefix="korgoo-bench-pg.")
    os.chmod(directory, 0o755)
    script = ROOT / "scripts" / "pg_test_cluster.sh"
    url = subprocess.run(
        [str(script), "start", f"{directory}/cluster", str(port)], check=True, capture_output=True, text=True
    ).stdout.strip()
    subprocess.run(
        ["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc", "CREATE DATABASE korgoo"],
        check=False,
        capture_output=True,
    )
    try:
        yield url
    finally:
        if not keep_dir:
            subprocess.run([str(script), "stop", f"{directory}/cluster"], check=False)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}){memory}; {platform.python_implementation()} {platform.python_version()}; {pg}"


def commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return result.stdout.strip() + ("+changes" if dirty else "")


def children(pid: int) -> list[int]:
    """The direct children of a process (a gunicorn master's workers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU time these processes have used so far (utime + stime from /proc)."""
    total = 0
    for pid in pids:
        with suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The largest resident set a live process has had (VmHWM), in MiB; 0 when it is gone."""
    try:
        match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0.0
    return int(match.group(1)) / 1024 if match else 0.0


def workers_peak_mb(master: int) -> list[float]:
    """Peak resident memory of each worker of a gunicorn master, largest first."""
    return sorted((peak_rss_mb(pid) for pid in children(master)), reverse=True)


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": ordered[-1],
    }


def write_section(name: str, body: str) -> None:
    """Replace (or add) the section `## name` of benchmarks/RESULTS.md, keeping the others."""
    header = "# Benchmark results\n\nFigures measured on this project's own machines; each section says how it was produced.\n"
    text = RESULTS.read_text() if RESULTS.exists() else header
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"## {name}\n\n_Measured {stamp} on commit {commit()}; machine: {machine()}._\n\n{body.strip()}\n"
    )
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    RESULTS.write_text(text.rstrip() + "\n")
