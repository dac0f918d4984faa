"""Make the consular slots of the coming weeks from the working plans (daily, from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from korgoo.consular.models import Mission
from korgoo.consular.selectors import local_zone
from korgoo.consular.services import slots_generate


class Command(BaseCommand):
    help = "Make the slots of every published mission up to a week past its release horizon. Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=0, help="How many days from today (default: release + 7)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for mission in Mission.objects.filter(is_published=True).select_related("organisation"):
            days = options["days"] or mission.release_days_ahead + 7
            today = timezone.now().astimezone(local_zone(mission)).date()
            total += slots_generate(actor=None, mission=mission, start=today, days=days)
        self.stdout.write(f"slots made: {total}")
