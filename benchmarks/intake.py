"""Intake throughput and latency next to the two reference views, on PostgreSQL.

    python -m benchmarks.intake [--seconds 20] [--connections 16] [--workers 4]

Starts a PostgreSQL cluster (or uses BENCH_DATABASE_URL) and gunicorn with the production
settings over plain HTTP, then loads three endpoints in turn with wrk (a separate process, bounded
in time): a view that does nothing, a view that inserts one row and commits, and
`POST /api/v1/reports/` with a unique Idempotency-Key per request. Afterwards it reconciles the
accepted reports (201 answers) with the rows in the database, and writes the figures to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from benchmarks.common import ROOT, children, cpu_seconds, postgres, workers_peak_mb, write_section

REPORT = {
    "language": "ky",
    "country": "RU",
    "city": "Moscow",
    "categories": ["unpaid_wages", "no_contract"],
    "description": "Эки айдан бери айлык төлөнгөн жок. Бригадир эртең берем дейт.",
    "employer_name": "ООО Бенчмарк",
    "share_with": ["ngo", "trade_union"],
}


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout


def wrk(
    url: str, seconds: int, connections: int, env_extra: dict[str, str], script: str | None = None
) -> dict[str, object]:
    # Each run of wrk has keys of its own: Lua's random numbers start from the same seed in every
    # run, so a warm-up and the measured run would otherwise send the same keys, and the second would
    # get the first's answers back (an idempotent replay writes no case).
    env = {**os.environ, **env_extra, "BENCH_RUN": str(time.time_ns())}
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "benchmarks" / (script or "wrk_report.lua")),
            url,
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def prepare_database(env: dict[str, str]) -> None:
    """Migrate, and create the table the one-row-insert reference view writes to."""
    korgoo = [sys.executable, "-m", "korgoo"]
    run([*korgoo, "migrate", "-v0"], env)
    run(
        [
            *korgoo,
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('CREATE TABLE IF NOT EXISTS bench_row (id bigserial primary key, payload text)')",
        ],
        env,
    )


def serve(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The project under gunicorn on 127.0.0.1:`port`, its logs off."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "korgoo.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "/dev/null",
        ],
        env=env,
        cwd=ROOT,
    )


def wait_ready(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not become ready")


def database_backends(url: str) -> list[int]:
    """The server processes of the connections to the benchmark's database (gunicorn's workers keep
    theirs open between requests), to count the database's CPU time per request."""
    out = subprocess.run(
        [
            "psql",
            url,
            "-Atc",
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [int(line) for line in out.split()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=18123)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with postgres() as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "PYTHONPATH": str(ROOT),
        }
        korgoo = [sys.executable, "-m", "korgoo"]
        prepare_database(env)
        from_count = int(
            run(
                [*korgoo, "shell", "-c", "from korgoo.cases.models import Case; print(Case.objects.count())"],
                env,
            )
            .strip()
            .splitlines()[-1]
        )
        server = serve(args.port, args.workers, env)
        base = f"http://127.0.0.1:{args.port}"
        try:
            wait_ready(base)
            body = json.dumps(REPORT, ensure_ascii=False)
            figures: dict[str, dict[str, object]] = {}
            warm: dict[str, dict[str, object]] = {}
            cpu: dict[str, tuple[float, float]] = {}
            for name, path, extra in (
                ("trivial view (framework ceiling)", "/api/bench/ping", {"BENCH_METHOD": "GET"}),
                (
                    "one-row insert (database floor)",
                    "/api/bench/insert",
                    {"BENCH_METHOD": "POST", "BENCH_BODY": body},
                ),
                (
                    "POST /api/v1/reports/",
                    "/api/v1/reports/",
                    {"BENCH_METHOD": "POST", "BENCH_BODY": body, "BENCH_UNIQUE_KEY": "1"},
                ),
            ):
                warm[name] = wrk(base + path, 3, args.connections, extra)  # warm-up, not measured
                workers, backends = children(server.pid), database_backends(url)
                before = cpu_seconds(workers), cpu_seconds(backends)
                figures[name] = wrk(base + path, args.seconds, args.connections, extra)
                requests = max(1, int(figures[name]["requests"]))  # type: ignore[call-overload]
                cpu[name] = (
                    (cpu_seconds(workers) - before[0]) / requests * 1000,
                    (cpu_seconds(backends) - before[1]) / requests * 1000,
                )
                print(name, figures[name], "CPU ms per request (workers, database):", cpu[name], flush=True)
            peaks = workers_peak_mb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        total = int(
            run(
                [*korgoo, "shell", "-c", "from korgoo.cases.models import Case; print(Case.objects.count())"],
                env,
            )
            .strip()
            .splitlines()[-1]
        )
    intake = figures["POST /api/v1/reports/"]
    insert = figures["one-row insert (database floor)"]
    ping = figures["trivial view (framework ceiling)"]
    accepted = sum(n for code, n in intake["statuses"].items() if code == "201")  # type: ignore[union-attr]
    warm_accepted = sum(
        n
        for code, n in warm["POST /api/v1/reports/"]["statuses"].items()  # type: ignore[attr-defined]
        if code == "201"
    )
    accepted_total = accepted + warm_accepted  # reconciled against the database below
    uncounted = total - from_count - accepted_total
    reconciled = (
        f"consistent, {uncounted} answered after wrk stopped listening"
        if 0 <= uncounted <= 2 * args.connections
        else "**MISMATCH**"
    )
    rows = [
        f"| {name} | {f['rps']:.0f} | {f['median_ms']:.1f} | {f['p95_ms']:.1f} | {f['p99_ms']:.1f} | {f['errors']} "
        f"| {cpu[name][0]:.2f} | {cpu[name][1]:.2f} |"
        for name, f in figures.items()
    ]
    body_md = f"""
Command: `python -m benchmarks.intake --seconds {args.seconds} --connections {args.connections} --workers {args.workers}`
(gunicorn, {args.workers} sync workers, production settings over HTTP on loopback; wrk with 2 threads and
{args.connections} connections in a separate process; PostgreSQL 15 on the same machine).

| endpoint | requests/s | median ms | p95 ms | p99 ms | errors | CPU ms/request, workers | CPU ms/request, database |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

- Intake reaches **{intake["rps"] / insert["rps"]:.0%}** of the one-insert view's throughput (target: at least 40%) and
  {intake["rps"] / ping["rps"]:.0%} of the trivial view's.
- Each accepted report is a case with its sealed content, categories, timeline, audit row and receipt digest,
  all in one transaction.
- Reconciliation: {total - from_count} cases in the database after the run for {accepted_total} accepted
  answers ({accepted} in the measured run, {warm_accepted} in the warm-up): {reconciled}. wrk stops
  with up to {args.connections} requests in flight, which the server completes without wrk counting
  their answers, so up to {2 * args.connections} more cases than counted answers are expected (the
  exact, answer-by-answer reconciliation is `korgoo/intake/tests/test_bursts.py`). Answers by status
  in the measured run: {intake["statuses"]}.
- CPU time per request: of the gunicorn workers and of the database server processes serving them,
  over the measured run (utime + stime from /proc), which a shared machine's load does not inflate
  the way it inflates latency.
- Peak resident memory of each gunicorn worker over the whole run (VmHWM): {", ".join(f"{p:.0f} MiB" for p in peaks)}.
"""
    print(body_md)
    if not args.no_write:
        write_section("Intake", body_md)


if __name__ == "__main__":
    main()
