"""`korgoo fill_employer_digests`: write the employer's keyed hash of cases that lack it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.cases.reporting import digest_key_forget, employer_digests_fill


class Command(BaseCommand):
    help = (
        "Fill the keyed hash of the employer's name that counting reads, for cases sealed before it "
        "existed (a migration does this once; a restored old backup may need it again). With --all, "
        "recompute it for every case, after a change to how names are normalised; then rebuild "
        "monitoring (korgoo refresh_monitoring --full)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Recompute every case's digest.")
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        digest_key_forget()
        written = employer_digests_fill(everything=options["all"], batch=options["batch"])
        self.stdout.write(
            f"Wrote the employer digest of {written} case(s) in {time.monotonic() - started:.1f}s."
        )
