"""`korgoo import_directory`: load the catalogue of services, the cities and the places of help.

Idempotent: run it again with the same files and nothing changes. It prints what changed and stops
with every problem (file and line) when a file is wrong, without changing anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from korgoo.core.loading import DataFileProblems
from korgoo.directory import loaders
from korgoo.directory.services import directory_import


class Command(BaseCommand):
    help = "Load the directory of help from its CSV files (see korgoo/directory/data/README.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--services", type=Path, default=loaders.SERVICES_FILE, help="services.csv")
        parser.add_argument("--cities", type=Path, default=loaders.CITIES_FILE, help="cities.csv")
        parser.add_argument(
            "--places",
            type=Path,
            action="append",
            help="a places file (repeat for more); default: places.csv",
        )
        parser.add_argument(
            "--demo-places",
            type=Path,
            action="append",
            help="a places file of demo data, marked as such (the demo world's is korgoo/demo/data/places_demo.csv)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the files and report, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        place_files = [(path, False) for path in (options["places"] or [loaders.PLACES_FILE])]
        place_files += [(path, True) for path in options["demo_places"] or []]
        try:
            files = loaders.read_directory(
                services_file=options["services"], cities_file=options["cities"], place_files=place_files
            )
        except DataFileProblems as problems:
            raise CommandError(
                "The directory files have problems; nothing was changed.\n" + str(problems)
            ) from None
        with transaction.atomic():
            report = directory_import(files=files)
            if options["dry_run"]:
                transaction.set_rollback(True)
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
