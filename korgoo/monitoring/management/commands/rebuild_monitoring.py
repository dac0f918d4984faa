"""korgoo rebuild_monitoring: rebuild every monitoring tally from all cases, then publish."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the monitoring tallies from all cases and referrals, then publish (suppressed)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("refresh_monitoring", full=True, stdout=self.stdout)
