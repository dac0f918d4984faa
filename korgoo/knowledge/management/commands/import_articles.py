"""`korgoo import_articles`: load the knowledge base from its content files.

Idempotent: the same files change nothing. A translation an editor changed in the editor is kept
unless `--force`. Stops with every problem (file and line) when a file is wrong, changing nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from korgoo.core.loading import DataFileProblems
from korgoo.knowledge import loaders
from korgoo.knowledge.services import articles_import


class Command(BaseCommand):
    help = "Load the articles of the knowledge base (see korgoo/knowledge/content/README.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--content", type=Path, default=loaders.CONTENT_DIR, help="the articles folder")
        parser.add_argument("--force", action="store_true", help="take the files even over editors' changes")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the files and report, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries, warnings = loaders.read_content(options["content"])
        except DataFileProblems as problems:
            raise CommandError(
                "The content files have problems; nothing was changed.\n" + str(problems)
            ) from None
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        with transaction.atomic():
            report = articles_import(entries=entries, force=options["force"])
            if options["dry_run"]:
                transaction.set_rollback(True)
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
