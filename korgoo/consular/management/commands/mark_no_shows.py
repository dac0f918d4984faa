"""Mark as no-shows the consular bookings nobody checked in for (every half hour, from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from korgoo.consular.services import bookings_forget, bookings_mark_no_shows


class Command(BaseCommand):
    help = (
        "Bookings not checked in half an hour after their time ended become no-shows; a day after, "
        "bookings keep no phone or passport hash."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"no-shows: {bookings_mark_no_shows()}")
        self.stdout.write(f"forgotten: {bookings_forget()}")
