"""``korgoo verify_bundle``: check PDF files (or codes) against the documents Korgoo issued, and the
diary chain behind each. Exits with status 1 unless every one is genuine and its diary unchanged.

    korgoo verify_bundle bundle.pdf letter.pdf
    korgoo verify_bundle --code KG-ABCD-EFGH-JKMN-PQRS-TVWX
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from korgoo.evidence.services.documents import Verification, document_verify_code, document_verify_file


class Command(BaseCommand):
    help = "Verify evidence bundles and letters by file or by code."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="*")
        parser.add_argument("--code", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["files"] and not options["code"]:
            raise CommandError("Give PDF files or --code.")
        failures = 0
        checks: list[tuple[str, Verification]] = []
        for name in options["files"]:
            try:
                data = Path(name).read_bytes()
            except OSError as error:
                raise CommandError(f"{name}: {error.strerror}") from None
            checks.append((name, document_verify_file(data)))
        checks += [(code, document_verify_code(code)) for code in options["code"]]
        for label, result in checks:
            record = result.document
            diary = {None: "no diary to check", True: "diary unchanged", False: "DIARY CHANGED"}[
                result.diary_intact
            ]
            if record is None:
                self.stdout.write(f"{result.status.upper():8} {label}")
            else:
                self.stdout.write(
                    f"{result.status.upper():8} {label}: {record.kind} of case {record.case_id}, "
                    f"{record.created_at:%Y-%m-%d %H:%M}, sha256 {record.file_sha256[:16]}, {diary}"
                )
            if result.status != "genuine" or result.diary_intact is False:
                failures += 1
        if failures:
            raise CommandError(f"{failures} of {len(checks)} not verified.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"{len(checks)} verified."))
