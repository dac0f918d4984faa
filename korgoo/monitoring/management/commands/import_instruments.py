"""korgoo import_instruments [--file PATH] [--force]: load the instruments register from its data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.monitoring.importers import IMPORTERS


class Command(BaseCommand):
    help = "Load the instruments register from its versioned data file (re-import updates, never duplicates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=None, help="Another data file of the same format.")
        parser.add_argument("--force", action="store_true", help="Import even if this version was loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = IMPORTERS["instruments"](options["file"], force=options["force"])
        if report.skipped:
            self.stdout.write(f"instruments {report.version}: already imported")
        else:
            self.stdout.write(
                f"instruments {report.version}: {report.created} created, {report.updated} updated"
            )
