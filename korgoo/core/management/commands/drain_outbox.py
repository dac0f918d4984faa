"""`korgoo drain_outbox`: deliver pending notifications; runs as a long-lived worker or once."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django import db
from django.core.management.base import BaseCommand, CommandParser
from django.db import OperationalError

from korgoo.core.outbox import outbox_drain, outbox_purge

logger = logging.getLogger(__name__)


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
            try:
                done = outbox_drain(limit=options["batch"])
            except OperationalError as error:
                # The database busy or gone for a moment (SQLite's write lock held past its timeout, a
                # PostgreSQL restart): what was not delivered stays pending; try again shortly.
                logger.warning("outbox drain: database unavailable (%s); retrying", type(error).__name__)
                db.close_old_connections()
                time.sleep(options["interval"])
                continue
            total += done
            if options["once"] and done < options["batch"]:
                break
            if time.monotonic() - last_purge > 3600:
                outbox_purge()
                last_purge = time.monotonic()
            if done == 0:
                time.sleep(options["interval"])
        self.stdout.write(f"Delivered {total} message(s).")
