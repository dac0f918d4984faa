"""``korgoo verify_diary``: recompute the hash chain of every work diary (or one case's) and compare
it with the heads written to the audit log. Exits with status 1 if any chain is broken."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from korgoo.cases.models import Case
from korgoo.evidence.models import Diary
from korgoo.evidence.services.diary import diary_verify


class Command(BaseCommand):
    help = "Verify the hash chains of the work diaries."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--case", help="Only the diary of this case (its id)")
        parser.add_argument("--no-files", action="store_true", help="Do not re-read the photos")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = [options["case"]] if options["case"] else list(Diary.objects.values_list("case_id", flat=True))
        broken = 0
        for case_id in ids:
            case = Case.objects.filter(pk=case_id).first()
            if case is None:
                raise CommandError(f"No case {case_id}.")
            check, _hashes = diary_verify(case, with_files=not options["no_files"])
            if check.ok:
                self.stdout.write(f"ok      {case.pk} {check.entries} entries, head {check.head[:16]}")
            else:
                broken += 1
                self.stdout.write(
                    f"BROKEN  {case.pk} at entry {check.broken_at}: {check.problem} ({check.entries} entries checked)"
                )
        if broken:
            raise CommandError(f"{broken} diary chain(s) broken.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"{len(ids)} diary chain(s) verified."))
