"""korgoo import_registers [--force]: load every register monitoring ships with (instruments,
indicators, recommendations, the treaty–law findings) from its versioned data file. Idempotent: a
file already loaded is skipped, a new version updates by code and keeps what analysts and reviewers
recorded. Run it after every upgrade (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.monitoring.importers import IMPORTERS


class Command(BaseCommand):
    help = "Load the monitoring registers (instruments, indicators, recommendations, treaty–law findings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Import even the versions already loaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        for name, importer in IMPORTERS.items():
            report = importer(force=options["force"])
            if report.skipped:
                self.stdout.write(f"{name} {report.version}: already imported")
            else:
                self.stdout.write(
                    f"{name} {report.version}: {report.created} created, {report.updated} updated"
                )
