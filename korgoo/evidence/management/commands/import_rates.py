"""``korgoo import_rates``: check a new version of a rate series and make it the one in force.

    korgoo import_rates ru_key_rate key_rate.csv                  # the project's 4-column format
    korgoo import_rates ru_key_rate cbr.csv --source "cbr.ru, decision of 20.03.2026" --merge
    korgoo import_rates --list                                    # series, files in force, last rows

Series: ru_key_rate, kz_base_rate (annual %), ru_mrot, kz_mzp (per month). A two-column file
(date,value) needs --source; --merge adds its rows to the series in force instead of replacing it.
Nothing is written when any row is wrong, or with --dry-run.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from korgoo.evidence.calculators.exceptions import CalculationError
from korgoo.evidence.services.rates import SERIES, rate_file, rates_import, series


class Command(BaseCommand):
    help = "Import a rate or minimum-wage series (CSV with sources) for the calculators."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", nargs="?", choices=sorted(SERIES))
        parser.add_argument("file", nargs="?")
        parser.add_argument("--source", default="", help="Source of every row of a two-column file")
        parser.add_argument("--confidence", default="confirmed", choices=["confirmed", "to_confirm"])
        parser.add_argument("--merge", action="store_true", help="Add the rows to the series in force")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--list", action="store_true", help="Show the series in force")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for name in sorted(SERIES):
                current = series(name)
                latest = current.latest
                self.stdout.write(
                    f"{name}: {rate_file(name)} ({len(current.rates)} rows; latest {latest.value} from "
                    f"{latest.effective_from.isoformat()}, {'confirmed' if latest.confirmed else 'to confirm'})"
                )
            return
        if not options["name"] or not options["file"]:
            raise CommandError("Give the series name and the file, or --list.")
        try:
            report = rates_import(
                name=options["name"],
                path=Path(options["file"]),
                source=options["source"],
                confidence=options["confidence"],
                merge=options["merge"],
                dry_run=options["dry_run"],
            )
        except CalculationError as error:
            raise CommandError(error.message_en) from None
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from None
        for rate in report.added:
            self.stdout.write(f"+ {rate.effective_from.isoformat()} {rate.value} ({rate.source})")
        for old, new in report.changed:
            self.stdout.write(f"~ {new.effective_from.isoformat()} {old.value} -> {new.value} ({new.source})")
        for rate in report.removed:
            self.stdout.write(f"- {rate.effective_from.isoformat()} {rate.value}")
        action = "written to" if report.written else "not written (dry run):"
        self.stdout.write(
            self.style.SUCCESS(f"{report.name}: {report.changes} change(s); {action} {report.target}")
        )
