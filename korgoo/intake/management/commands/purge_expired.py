"""`korgoo purge_expired`: remove expired worker sessions and idempotency records, and orphan files."""

from typing import Any

from django.core.management.base import BaseCommand

from korgoo.cases.services import sweep_orphan_files
from korgoo.intake.services import purge_expired


class Command(BaseCommand):
    help = "Remove expired short-lived intake data and sealed files no row refers to."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = purge_expired()
        counts["orphan_files"] = sweep_orphan_files()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
