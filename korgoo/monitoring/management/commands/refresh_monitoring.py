"""korgoo refresh_monitoring [--full]: bring the monitoring tallies up to date and publish them."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.monitoring.jobs import report_jobs_purge
from korgoo.monitoring.publishing import monitoring_publish
from korgoo.monitoring.refresh import tallies_refresh


class Command(BaseCommand):
    help = "Refresh the monitoring tallies from changed cases and referrals, then publish (suppressed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Rebuild every tally from all cases.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        report = tallies_refresh(full=options["full"])
        tallied = time.perf_counter()
        published = monitoring_publish()
        report_jobs_purge()
        self.stdout.write(
            f"cases={report.cases} referrals={report.referrals} removed={report.removed} "
            f"cells={published.cells} suppressed={published.suppressed} periods={len(published.periods)} "
            f"tally_seconds={tallied - started:.2f} publish_seconds={time.perf_counter() - tallied:.2f}"
        )
