"""``korgoo import_rates``: check a new version of a rate series and make it the one in force.

    korgoo import_rates ru_key_rate key_rate.csv                  # the project's 4-column format
    korgoo import_rates ru_key_rate cbr.csv --source "cbr.ru, decision of 20.03.2026" --merge
    korgoo import_rates ru_key_rate KeyRate.xlsx --merge          # the Bank of Russia's export (XLSX or CSV)
    korgoo import_rates kz_base_rate base_rate.csv --merge --checked-on 2026-03-10   # National Bank's decisions
    korgoo import_rates --list                                    # series, files in force, last rows

Series: ru_key_rate, kz_base_rate (annual %), ru_mrot, kz_mzp (per month). A two-column file
(date,value) needs --source; an official export brings its own. --merge adds the rows to the series
in force instead of replacing it. The file written records the day it was checked up to: the last
day of a daily export, else --checked-on (today by default). Nothing is written when any row is
wrong, or with --dry-run.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

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
        parser.add_argument(
            "--checked-on",
            type=dt.date.fromisoformat,
            help="The last day the file was checked to be right (YYYY-MM-DD); today by default",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for name in sorted(SERIES):
                current = series(name)
                latest = current.latest
                self.stdout.write(
                    f"{name}: {rate_file(name)} ({len(current.rates)} rows; latest {latest.value} from "
                    f"{latest.effective_from.isoformat()}, {'confirmed' if latest.confirmed else 'to confirm'}; "
                    f"checked up to {current.checked_through.isoformat()})"
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
                checked_on=options["checked_on"],
                today=timezone.localdate(),
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
        checked = report.checked_on.isoformat() if report.checked_on else "unknown"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.name}: {report.changes} change(s), checked up to {checked}; {action} {report.target}"
            )
        )
