"""Bring in every saved decision page of a folder (HTML, PDF, RTF, DOCX), for one member's organisation.
Running it again stores nothing twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from korgoo.core.errors import ApplicationError
from korgoo.courts.management.commands._member import member_actor
from korgoo.courts.services import decision_ingest

SUFFIXES = {".html", ".htm", ".pdf", ".rtf", ".docx", ".txt"}


class Command(BaseCommand):
    help = "Import saved court decision pages from a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder")
        parser.add_argument("--member", required=True, help="Username of a member who holds courts.monitor.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        actor = member_actor(options["member"])
        stored = already = failed = 0
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            try:
                result = decision_ingest(actor=actor, data=path.read_bytes(), filename=path.name)
            except ApplicationError as error:
                failed += 1
                self.stdout.write(f"{path.name}: {error.code}")
                continue
            stored += result.created
            already += not result.created
        self.stdout.write(f"stored {stored}, already stored {already}, failed {failed}")
