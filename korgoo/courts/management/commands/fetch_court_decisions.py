"""Fetch new decisions from a court site's case search, for the organisation of one member."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from korgoo.courts.fetching import fetch_site
from korgoo.courts.management.commands._member import member_actor


class Command(BaseCommand):
    help = "Fetch new court decisions from a court site (robots.txt, a pause between requests, resumable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start_url", help="The court site's list of decisions (case search results).")
        parser.add_argument("--member", required=True, help="Username of a member who holds courts.monitor.")
        parser.add_argument(
            "--delay", type=float, default=2.0, help="Seconds between two requests (default 2)."
        )
        parser.add_argument("--max-pages", type=int, default=20, help="List pages to read at most.")
        parser.add_argument("--limit", type=int, default=500, help="New decisions to store at most.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["start_url"].startswith(("http://", "https://")):
            raise CommandError("The start address must be an http(s) URL.")
        report = fetch_site(
            actor=member_actor(options["member"]),
            start_url=options["start_url"],
            delay=max(0.0, options["delay"]),
            max_pages=options["max_pages"],
            limit=options["limit"],
        )
        self.stdout.write(
            f"listed {report.listed}, stored {report.stored}, already stored {report.already}, "
            f"refused by robots.txt {report.skipped_robots}, failed {len(report.failed)}"
        )
        for url in report.failed:
            self.stdout.write(f"failed: {url}")
