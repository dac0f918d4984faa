"""Inbox, case page, receipt tracking and search latency at production scale, with SQL query counts.

    BENCH_DATABASE_URL=postgres://…/kbench python -m benchmarks.pages [--cases 1000000] [--rounds 200]

Seeds the database with `korgoo seed_synthetic` when it holds fewer cases than asked (one
organisation holds 10%: the busy inbox), then requests each page in-process through the whole
Django stack (middleware, sessions, templates, decryption) as a caseworker of the busiest
organisation, and writes median/p95/p99 and query counts to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, percentiles, postgres, write_section


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--receipts-file", default="/tmp/kbench-receipts.txt")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with postgres() as url:
        os.environ.update(
            {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "PYTHONPATH": str(ROOT)}
        )
        subprocess.run([sys.executable, "-m", "korgoo", "migrate", "-v0"], check=True, cwd=ROOT)
        import django

        django.setup()
        from korgoo.cases.models import Case

        have = Case.objects.count()
        if have < args.cases:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "korgoo",
                    "seed_synthetic",
                    "--cases",
                    str(args.cases - have),
                    "--organisations",
                    "60",
                    "--batch",
                    "10000",
                    "--receipts-file",
                    args.receipts_file,
                    "--yes-this-is-not-production",
                ],
                check=True,
                cwd=ROOT,
            )
        from korgoo.knowledge.models import Article

        if not Article.objects.exists():  # the help content the search benchmark searches
            from korgoo.search.demo import build_help_world

            build_help_world()
        body = measure(args)
    print(body)
    if not args.no_write:
        write_section("Inbox, case page, receipt tracking and search at scale", body)


def measure(args: argparse.Namespace) -> str:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from korgoo.accounts.middleware import LOGIN_AT_KEY
    from korgoo.cases.models import Case
    from korgoo.organisations.models import Membership

    settings.ALLOWED_HOSTS = ["*"]
    total_cases = Case.objects.count()
    busiest = (
        Case.objects.values("organisation_id")
        .order_by()
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
        .order_by("-n")[0]
    )
    member = (
        Membership.objects.select_related("user").filter(organisation_id=busiest["organisation_id"]).first()
    )
    assert member is not None
    client = Client()
    client.force_login(member.user)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() + 10**6
    session.save()
    rng = random.Random(7)
    case_ids = list(
        Case.objects.filter(organisation_id=busiest["organisation_id"]).values_list("id", flat=True)[:5000]
    )

    def timed(method: str, path: str, data: object = None) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            if method == "get":
                response = client.get(path, data or {})
            else:
                response = client.post(path, data=json.dumps(data), content_type="application/json")
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, len(queries), response.status_code

    results: dict[str, dict[str, float]] = {}
    query_counts: dict[str, set[int]] = {}
    inbox_variants = [
        {},
        {"status": "open"},
        {"status": "", "category": "unpaid_wages"},
        {"urgent": "1"},
        {"overdue": "on"},
        {"page": "3"},
    ]
    scenarios = {
        "trivial view through the same stack (reference)": lambda i: timed("get", "/api/bench/ping"),
        "inbox (100k-case organisation, filters and pages)": lambda i: timed(
            "get", "/ru/staff/", inbox_variants[i % len(inbox_variants)]
        ),
        "case page": lambda i: timed("get", f"/ru/staff/cases/{rng.choice(case_ids)}/"),
        "API case list": lambda i: timed("get", "/api/v1/cases/", {"status": "open"}),
    }
    receipts_path = Path(args.receipts_file)
    receipts = receipts_path.read_text().split() if receipts_path.exists() else []
    if receipts:
        anonymous = Client()

        def track(i: int) -> tuple[float, int, int]:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = anonymous.post(
                    "/api/v1/reports/track/",
                    data=json.dumps({"receipt": rng.choice(receipts)}),
                    content_type="application/json",
                )
                elapsed = (time.perf_counter() - started) * 1000
            return elapsed, len(queries), response.status_code

        scenarios["receipt tracking (POST /api/v1/reports/track/)"] = track
    from django.urls import NoReverseMatch, reverse

    try:
        search_url = reverse("api:search")
    except NoReverseMatch:
        search_url = ""
    if search_url:
        queries = [
            "зарплата",
            "айлык",
            "паспорт",
            "consulate Yekaterinburg",
            "агенттик",
            "overtime",
            "депортация",
            "жумуш",
        ]
        scenarios["search over directory and articles (API)"] = lambda i: timed(
            "get", search_url, {"q": queries[i % len(queries)], "lang": "ru"}
        )
    api_token = None
    for name, run in scenarios.items():
        if name.startswith("API"):
            from datetime import timedelta

            from django.utils import timezone

            from korgoo.organisations.services import api_token_create

            api_token = api_token or api_token_create(
                user=member.user, expires_at=timezone.now() + timedelta(hours=1)
            )
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_token}"
        for i in range(5):
            run(i)  # warm-up
        samples, counts = [], set()
        for i in range(args.rounds):
            elapsed, count, status = run(i)
            # A receipt of a case closed long ago has expired and answers 404 after the same work.
            assert status == 200 or (status == 404 and name.startswith("receipt")), (name, status)
            samples.append(elapsed)
            counts.add(count)
        client.defaults.pop("HTTP_AUTHORIZATION", None)
        results[name] = percentiles(samples)
        query_counts[name] = counts
    rows = [
        f"| {name} | {r['n']:.0f} | {r['median']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {', '.join(map(str, sorted(query_counts[name])))} |"
        for name, r in results.items()
    ]
    return f"""
Command: `BENCH_DATABASE_URL=… python -m benchmarks.pages --cases {args.cases} --rounds {args.rounds}` — in-process
requests through the whole Django stack (middleware, session, permission checks, decryption, templates) with the
production settings, on PostgreSQL 15 holding **{total_cases:,}** cases; the caseworker's organisation holds
**{busiest["n"]:,}** of them.

| request | samples | median ms | p95 ms | p99 ms | SQL queries per request |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Targets: inbox and case page p95 under 50 ms with 1M cases, and a constant number of queries per request
(the last column lists every count seen over all samples and filters).
"""


if __name__ == "__main__":
    main()
