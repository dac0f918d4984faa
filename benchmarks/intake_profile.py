"""One report in-process: its SQL statements, its CPU time, and where that time goes.

    BENCH_DATABASE_URL=postgres://… python -m benchmarks.intake_profile [--reports 300] [--profile]
        [--texts one|corpus]

Runs `POST /api/v1/reports/` through Django's test client (the whole request path: middleware, the
serializer, the service, the response) with the benchmark settings, against the PostgreSQL database
in BENCH_DATABASE_URL (migrated first). Prints the statements of one report, then the process CPU
time per report over `--reports` reports, and with `--profile` the functions that take the most of it.
The database server's CPU time is read from its backend process (/proc, same machine) and shown
apart; the round trips are in this process's figures only as waits.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process on this machine (utime + stime from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--texts",
        choices=["one", "corpus"],
        default="one",
        help="one: every report the benchmark's own text (as `benchmarks.intake` sends); corpus: each "
        "report another text of the triage corpus, in a fixed shuffled order, so that what is kept per "
        "word or per text is not always found",
    )
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"]:
        raise SystemExit("set BENCH_DATABASE_URL to a PostgreSQL database")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.intake import REPORT

    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    counter = iter(range(10**9))
    if args.texts == "corpus":
        from korgoo.triage import corpus

        texts = [e.text[:10_000] for e in corpus.load()]
        random.Random(1116).shuffle(texts)
        bodies = [json.dumps({**REPORT, "description": t}, ensure_ascii=False) for t in texts]
    else:
        bodies = [json.dumps(REPORT, ensure_ascii=False)]

    def submit() -> None:
        number = next(counter)
        answer = client.post(
            "/api/v1/reports/",
            bodies[number % len(bodies)],
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=f"profile-{time.time_ns()}-{number}",
        )
        assert answer.status_code == 201, answer.content

    for _ in range(20):  # warm-up: imports, caches, the first connection
        submit()
    with CaptureQueriesContext(connection) as captured:
        submit()
    print(f"statements per report: {len(captured.captured_queries)}")
    for number, query in enumerate(captured.captured_queries, 1):
        print(f"{number:3d}. {query['sql'][:160]}")

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = int(cursor.fetchone()[0])
    server = _cpu_seconds(backend)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.reports):
        submit()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    server = _cpu_seconds(backend) - server
    print(
        f"\n{args.reports} reports: {cpu / args.reports * 1000:.2f} ms CPU and "
        f"{wall / args.reports * 1000:.2f} ms wall per report in this process; "
        f"{server / args.reports * 1000:.2f} ms CPU per report in the database server's process"
    )
    if args.profile:
        profiler = cProfile.Profile(time.process_time)  # CPU time: waits for the database left out
        profiler.enable()
        for _ in range(args.reports):
            submit()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
