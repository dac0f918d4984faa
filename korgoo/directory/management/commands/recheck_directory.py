"""korgoo recheck_directory [--months N] [--fetch]: the directory's entries checked longer than N
months ago (default: KORGOO_DIRECTORY_RECHECK_MONTHS, 12). With --fetch, each entry's source page is
read again: when its phone number and address are still on it, the entry counts as checked today;
otherwise it is listed for an editor to check by hand (nothing is changed then)."""

from __future__ import annotations

import re
import urllib.request
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from korgoo.directory.models import Place
from korgoo.directory.selectors import places_due, recheck_months
from korgoo.directory.services import place_check_record

MAX_BYTES = 2 * 1024 * 1024


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def still_shown(place: Place, page: str) -> bool:
    """The entry's phone (by its digits) and the first part of its address are on the page."""
    if place.phone:
        wanted = _digits(place.phone)
        if wanted[-7:] not in _digits(page):
            return False
    if place.address:
        words = [w for w in re.split(r"[\s,.]+", place.address.split(",")[0].casefold()) if len(w) > 3]
        if words and not all(word in page.casefold() for word in words):
            return False
    return bool(place.phone or place.address)


def read_page(url: str, timeout: float) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": "korgoo-recheck"})  # noqa: S310 - http(s) only
    if not url.startswith(("https://", "http://")):
        raise ValueError("not a web address")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
        data: bytes = response.read(MAX_BYTES)
    return data.decode("utf-8", errors="replace")


class Command(BaseCommand):
    help = "List (and with --fetch re-read) the directory entries due for a check."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=None, help="checked longer ago than this")
        parser.add_argument("--fetch", action="store_true", help="read each source page again")
        parser.add_argument("--timeout", type=float, default=15.0)

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"] if options["months"] is not None else recheck_months()
        today = timezone.localdate()
        due = places_due(months=months, today=today)
        self.stdout.write(f"{len(due)} entries checked more than {months} months ago")
        for place in due:
            line = (
                f"{place.key}: checked {place.checked_on or 'never'}; {place.source_url or 'no source page'}"
            )
            if options["fetch"] and place.source_url:
                try:
                    page = read_page(place.source_url, options["timeout"])
                except (OSError, ValueError) as error:
                    line += f" — could not read the page ({type(error).__name__}); check by hand"
                else:
                    if still_shown(place, page):
                        place_check_record(place=place, on=today)
                        line += " — still on the page: checked today"
                    else:
                        line += " — the page no longer shows the phone or address; check by hand"
            self.stdout.write(line)
