"""`korgoo seed_synthetic --cases N --organisations M`: realistic data at scale for benchmarks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from korgoo.demo.synthetic import PASSWORD, seed


class Command(BaseCommand):
    help = "Fill the database with synthetic cases, messages, timelines and referrals (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--organisations", type=int, default=50)
        parser.add_argument(
            "--busiest-share", type=float, default=0.1, help="Share of cases held by the first organisation."
        )
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--receipts-file", default="", help="Where to write some receipts (for tracking benchmarks)."
        )
        parser.add_argument("--yes-this-is-not-production", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.KORGOO_DEMO or settings.DEBUG or options["yes_this_is_not_production"]):
            raise CommandError("Synthetic data is for test databases: pass --yes-this-is-not-production.")
        if options["cases"] < 1 or options["organisations"] < 1:
            raise CommandError("--cases and --organisations must be positive.")
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"  {done} cases ({rate:.0f}/s)")

        result = seed(
            cases=options["cases"],
            organisations=options["organisations"],
            busiest_share=options["busiest_share"],
            batch=options["batch"],
            receipts_file=Path(options["receipts_file"]) if options["receipts_file"] else None,
            progress=progress if options["verbosity"] > 1 else None,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {result.cases} cases, {result.messages} messages, {result.events} events, "
                f"{result.referrals} referrals, {result.attachments} attachments for {result.organisations} organisations "
                f"in {elapsed:.1f}s. Busiest organisation: {result.busiest.name} "
                f"(caseworker {result.caseworker.username}, password {PASSWORD})."
            )
        )
