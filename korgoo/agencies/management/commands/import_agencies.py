"""`korgoo import_agencies FILE`: load the Ministry's published list of permitted agencies.

Idempotent: the same file changes nothing. Agencies missing from a newer list are marked as no longer
listed. A file of demo permits (the shipped sample) is refused unless `--demo`. Stops with every
problem (file and line) when the file is wrong, changing nothing. Format: agencies/data/README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from korgoo.agencies import loaders
from korgoo.agencies.services import DemoRegistryRefused, agencies_import
from korgoo.core.loading import DataFileProblems


class Command(BaseCommand):
    help = "Load the registry of permitted recruitment agencies from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, nargs="?", default=None, help="the CSV file (default with --demo: the sample)"
        )
        parser.add_argument(
            "--taken-on",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the list was taken from the Ministry's site (YYYY-MM-DD; default: today)",
        )
        parser.add_argument(
            "--demo", action="store_true", help="load a file of demo permits, marked as demo data"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        if path is None:
            if not options["demo"]:
                raise CommandError("Give the file of the Ministry's list (or --demo for the shipped sample).")
            path = loaders.SAMPLE_FILE
        try:
            registry = loaders.read_registry(path)
        except DataFileProblems as problems:
            raise CommandError(
                "The registry file has problems; nothing was changed.\n" + str(problems)
            ) from None
        try:
            with transaction.atomic():
                report = agencies_import(
                    registry=registry, taken_on=options["taken_on"], allow_demo=options["demo"]
                )
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except DemoRegistryRefused:
            raise CommandError(
                f"{path.name} holds demo permits (DEMO-…). Load it with --demo, never as the real list."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        if registry.is_demo:
            self.stdout.write("Loaded as demo data: the pages say that this is not the Ministry's list.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
