"""Monitoring at scale: the full rebuild, an incremental refresh, and the dashboard's answer time.

    BENCH_DATABASE_URL=postgres://…/kbench python -m benchmarks.monitoring_dashboard [--cases 1000000] [--rounds 30]

Seeds the database with `korgoo seed_synthetic` when it holds fewer cases than asked, then:

1. rebuilds every monitoring tally from all cases (`tallies_refresh(full=True)`, which counts the
   employer from the keyed hash written at intake and opens no report) and publishes the suppressed
   figures;
2. changes a thousand cases (status, outcome, money) and times the incremental refresh that follows
   them by the watermark on `Case.updated_at`, and the publication after it;
3. requests the dashboard in-process through the whole Django stack (middleware, session, templates,
   SVG charts) as every role that sees monitoring (analyst, coordinator, network coordinator), for
   several filters, beside a view that does nothing through the same stack (the reference), and the
   table exports, counting SQL queries; the dashboard never reads a case, only published cells.

Writes median/p95/max and query counts to the section "Monitoring dashboard at scale" of
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from decimal import Decimal

from benchmarks.common import ROOT, percentiles, postgres, write_section

FILTERS = [
    {},
    {"country": "RU"},
    {"country": "RU", "category": "unpaid_wages"},
    {"country": "KZ", "kind": "ngo"},
    {"category": "documents_taken"},
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--changed", type=int, default=1000, help="Cases changed before the incremental refresh."
    )
    parser.add_argument("--skip-rebuild", action="store_true", help="Reuse the tallies already built.")
    parser.add_argument(
        "--skip-refresh",
        action="store_true",
        help="With --skip-rebuild: measure only the pages, on the figures already published.",
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with postgres() as url:
        os.environ.update(
            {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "PYTHONPATH": str(ROOT)}
        )
        subprocess.run(
            [sys.executable, "-m", "korgoo", "migrate", "--no-input", "-v", "0"], check=True, cwd=ROOT
        )
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
                    "--yes-this-is-not-production",
                ],
                check=True,
                cwd=ROOT,
            )
        body = measure(args)
    print(body)
    if not args.no_write:
        write_section("Monitoring dashboard at scale", body)


def _member(role: str, username: str) -> object:
    from korgoo.accounts.models import User
    from korgoo.core.choices import OrganisationKind
    from korgoo.organisations.models import Membership, Organisation

    organisation, _created = Organisation.objects.get_or_create(
        name=f"Benchmark {role}",
        defaults={"kind": OrganisationKind.OTHER, "country": "KG", "city": "Bishkek"},
    )
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    membership, _created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


def _client(membership: object) -> object:
    from django.test import Client

    from korgoo.accounts.middleware import LOGIN_AT_KEY

    client = Client()
    client.force_login(membership.user)  # type: ignore[attr-defined]
    session = client.session
    session[LOGIN_AT_KEY] = time.time() + 10**6
    session.save()
    return client


def measure(args: argparse.Namespace) -> str:
    from django.conf import settings

    from korgoo.cases.models import Case
    from korgoo.monitoring.importers import IMPORTERS
    from korgoo.monitoring.models import CaseFact, Tally
    from korgoo.monitoring.publishing import monitoring_publish
    from korgoo.monitoring.refresh import tallies_refresh
    from korgoo.referrals.models import Referral

    settings.ALLOWED_HOSTS = ["*"]
    settings.KORGOO_MONITORING_STALE_SECONDS = 10**9  # measure the dashboard, not a refresh
    for importer in IMPORTERS.values():
        importer()
    total_cases = Case.objects.count()
    referrals = Referral.objects.count()
    lines = [
        f"Database: **{total_cases:,}** cases, {referrals:,} referrals (`korgoo seed_synthetic`, 60 organisations).",
        "",
    ]

    if not args.skip_rebuild or not CaseFact.objects.exists():
        started = time.perf_counter()
        report = tallies_refresh(full=True)
        tallied = time.perf_counter() - started
        started = time.perf_counter()
        published = monitoring_publish()
        publish_seconds = time.perf_counter() - started
        lines += [
            "| step | time | what |",
            "|---|---:|---|",
            f"| full rebuild of the tallies | {tallied:,.0f} s | {report.cases:,} cases ({report.reports_opened:,} sealed reports opened for the employer hash), {report.referrals:,} referrals → {Tally.objects.count():,} tally rows |",
            f"| publication (suppression of every period) | {publish_seconds:,.1f} s | {len(published.periods)} periods, {published.cells:,} published cells, {published.suppressed:,} suppressed |",
        ]
    else:
        lines += ["| step | time | what |", "|---|---:|---|"]

    if args.skip_refresh and args.skip_rebuild and CaseFact.objects.exists():
        lines.append("| (no refresh: the pages read the figures already published) | – | – |")
    else:
        lines += _incremental(args)
    lines.append("")
    _pages(args, lines)
    return "\n".join(lines)


def _incremental(args: argparse.Namespace) -> list[str]:
    """An incremental refresh after `changed` cases were worked on, and the publication after it."""
    from django.utils import timezone

    from korgoo.cases.models import Case
    from korgoo.monitoring.publishing import monitoring_publish
    from korgoo.monitoring.refresh import tallies_refresh

    ids = list(Case.objects.order_by("?").values_list("id", flat=True)[: args.changed])
    Case.objects.filter(id__in=ids).update(
        status="closed",
        outcome="resolved",
        closed_at=timezone.now(),
        money_recovered=Decimal("1000.00"),
        money_currency="RUB",
        updated_at=timezone.now(),
    )
    started = time.perf_counter()
    report = tallies_refresh()
    incremental = time.perf_counter() - started
    started = time.perf_counter()
    published = monitoring_publish()
    republish = time.perf_counter() - started
    return [
        f"| incremental refresh (watermark on `Case.updated_at`) | {incremental:,.1f} s | {report.cases:,} changed cases read (the {args.changed:,} changed plus those inside the 10-minute overlap) |",
        f"| publication after it | {republish:,.1f} s | {published.cells:,} cells |",
    ]


def _pages(args: argparse.Namespace, lines: list[str]) -> None:
    """The dashboard as every monitoring role, beside the reference view and the table exports."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from korgoo.monitoring.models import PublishedCell
    from korgoo.organisations.models import Role

    analyst = _member(Role.ANALYST, "bench.analyst")
    coordinator = _member(Role.COORDINATOR, "bench.coordinator")
    network = _member(Role.NETWORK_COORDINATOR, "bench.network")
    rows = ["| page | as | filters | median | p95 | max | SQL queries |", "|---|---|---|---:|---:|---:|---:|"]
    worst = 0.0
    for who, membership in (
        ("analyst", analyst),
        ("coordinator", coordinator),
        ("network coordinator", network),
    ):
        client = _client(membership)
        # The reference in the same run: a view that does nothing, through the same middleware and session.
        samples = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            client.get("/api/bench/ping")
            samples.append((time.perf_counter() - started) * 1000)
        p = percentiles(samples)
        rows.append(
            f"| trivial view (reference) | {who} | – | {p['median']:.0f} ms | {p['p95']:.0f} ms | {p['max']:.0f} ms | – |"
        )
        for params in FILTERS:
            client.get("/ru/staff/monitoring/", params)  # warm
            samples = []
            queries = 0
            for _ in range(args.rounds):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get("/ru/staff/monitoring/", params)
                    samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
                assert not [q for q in captured.captured_queries if "cases_case" in q["sql"]], (
                    "the dashboard read cases"
                )
                queries = len(captured)
            p = percentiles(samples)
            worst = max(worst, p["p95"])
            label = ", ".join(f"{k}={v}" for k, v in params.items()) or "none"
            rows.append(
                f"| dashboard | {who} | {label} | {p['median']:.0f} ms | {p['p95']:.0f} ms | {p['max']:.0f} ms | {queries} |"
            )
    client = _client(analyst)
    for table in ("by_category", "by_month", "outcomes"):
        samples = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            response = client.get(f"/ru/staff/monitoring/export/{table}.csv", {"country": "RU"})
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        p = percentiles(samples)
        rows.append(
            f"| CSV export `{table}` (audited) | analyst | country=RU | {p['median']:.0f} ms | {p['p95']:.0f} ms | {p['max']:.0f} ms | – |"
        )
    by_face = dict(PublishedCell.objects.values_list("face").annotate(n=Count("id")).values_list("face", "n"))
    lines += [
        *rows,
        "",
        f"Worst dashboard p95: **{worst:.0f} ms**. The dashboard reads only `PublishedCell` (the cells of every "
        f"table in one query of indexed lookups; for coordinators, the referrals between organisations in up to "
        f"three more), so its cost does not depend on the number of cases: published cells by face {by_face}.",
        "Refreshes run as background jobs (`korgoo refresh_monitoring` from cron or the `refresh_monitoring` task); "
        "the figures above are single-process timings.",
    ]


if __name__ == "__main__":
    main()
