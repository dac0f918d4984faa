"""`korgoo rescan_files`: check again the files whose virus check is pending or failed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.cases.scanning import files_rescan


class Command(BaseCommand):
    help = (
        "Check again stored files whose virus check is pending or failed (and files no scanner "
        "checked, once one is configured). Infected files stay held back. Run by a timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="Files to check in this run at most.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = files_rescan(limit=options["limit"])
        self.stdout.write(
            f"Checked {report.checked} file(s): {report.clean} clean, {report.held_back} held back."
        )
        if report.stopped:
            # A non-zero exit makes the timer's unit fail, which is what monitoring watches.
            self.stderr.write(
                "The virus scanner is not answering; the remaining files wait for the next run."
            )
            raise SystemExit(1)
