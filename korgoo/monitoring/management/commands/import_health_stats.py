"""korgoo import_health_stats --member USERNAME FILE.csv: load aggregated disease counts for the
member's organisation (the member needs health.enter)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from korgoo.core.errors import ApplicationError
from korgoo.monitoring.services import health_stats_import
from korgoo.organisations.models import Membership
from korgoo.organisations.selectors import actor_for_membership


class Command(BaseCommand):
    help = "Import a CSV of aggregated disease counts (country, region, year, quarter, sex, age_band, condition, count)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--member", required=True, help="Username of the member entering the counts.")

    def handle(self, *args: Any, **options: Any) -> None:
        membership = (
            Membership.objects.select_related("user", "organisation")
            .filter(user__username=options["member"], is_active=True)
            .first()
        )
        if membership is None:
            raise CommandError("no active member with that username")
        try:
            count = health_stats_import(
                actor=actor_for_membership(membership), data=options["file"].read_bytes()
            )
        except ApplicationError as error:
            raise CommandError(f"{error.code}: {error.message} {error.fields}") from error
        self.stdout.write(f"{count} rows imported for {membership.organisation}")
