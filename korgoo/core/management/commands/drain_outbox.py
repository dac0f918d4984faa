"""`korgoo drain_outbox`: deliver pending notifications; runs as a long-lived worker or once."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from korgoo.core.outbox import outbox_drain, outbox_purge


class Command(BaseCommand):
    help = "Deliver pending outbox messages (at least once). Several can run side by side."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Deliver what is pending now, then stop.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds to wait when nothing is pending."
        )
        parser.add_argument("--batch", type=int, default=100)

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = 0
        last_purge = 0.0
        while not stopping:
            done = outbox_drain(limit=options["batch"])
            total += done
            if options["once"] and done < options["batch"]:
                break
            if time.monotonic() - last_purge > 3600:
                outbox_purge()
                last_purge = time.monotonic()
            if done == 0:
                time.sleep(options["interval"])
        self.stdout.write(f"Delivered {total} message(s).")
