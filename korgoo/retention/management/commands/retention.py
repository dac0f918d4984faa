"""`korgoo retention [--dry-run] [--batch-size N] [--enqueue]`: apply the retention periods.

Prints the periods in force and, per step, how many objects of each kind went (or, with --dry-run,
would go). Nothing else: no case, receipt or name is ever printed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.retention.services import STEPS, RetentionReport, policy, retention_run
from korgoo.retention.tasks import run_retention


class Command(BaseCommand):
    help = (
        "Anonymise closed cases past their retention period, delete receipts unused for too long, "
        "and purge leftovers of erased cases and expired short-lived data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")
        parser.add_argument("--batch-size", type=int, default=None, help="Rows per transaction.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the run to a background worker (db_worker)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = run_retention.enqueue(dry_run=options["dry_run"])
            self.stdout.write(f"Retention run queued as background job {result.id}.")
            return
        p = policy(batch_size=options["batch_size"])
        self.stdout.write(
            f"Closed cases are anonymised {p.closed_case_days} days after closing "
            f"(now: those closed before {p.cases_closed_before:%Y-%m-%d %H:%M} UTC)."
        )
        self.stdout.write(
            f"Receipts stop working after {p.inactive_receipt_days} days without use "
            f"(now: those last used before {p.receipts_unused_since:%Y-%m-%d})."
        )
        report = retention_run(dry_run=options["dry_run"], batch_size=options["batch_size"])
        self._print(report)

    def _print(self, report: RetentionReport) -> None:
        if report.dry_run:
            self.stdout.write("Dry run: nothing was changed. Would go:")
        else:
            self.stdout.write(f"Run {report.run}: {report.batches} batch(es).")
        for step in STEPS:
            counts = report.counts[step]
            listed = " ".join(f"{name}={n}" for name, n in sorted(counts.items())) or "nothing"
            self.stdout.write(f"  {step}: {listed}")
