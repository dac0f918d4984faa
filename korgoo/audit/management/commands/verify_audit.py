"""`korgoo verify_audit`: recompute the audit hash chains and report any break."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from korgoo.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chains of the audit log."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = []
        for report in audit_verify():
            state = "ok" if report.ok else f"BROKEN at row {report.broken_at}"
            self.stdout.write(f"{report.chain}: {report.rows} rows, {state}")
            if not report.ok:
                broken.append(report.chain)
        if broken:
            raise CommandError(f"{len(broken)} audit chain(s) do not verify.")
