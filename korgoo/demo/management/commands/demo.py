"""`korgoo demo`: a fresh SQLite database with the demo world, served on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from korgoo.demo.cast import PASSWORD, USERS
from korgoo.demo.world import build_world


class Command(BaseCommand):
    help = "Start Korgoo with demo data on the embedded database (never use in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--data-dir", default=os.environ.get("KORGOO_DATA_DIR", "var"))
        parser.add_argument("--no-serve", action="store_true", help="Prepare the database and stop.")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.KORGOO_DEMO:
            raise CommandError("The demo runs only in demo mode (KORGOO_DEMO=1).")
        if connection.vendor != "sqlite":
            raise CommandError("The demo uses the embedded SQLite database; unset DATABASE_URL.")
        database = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        self.stdout.write(f"Database: {database}")
        call_command("migrate", verbosity=0, interactive=False)
        made = build_world()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world: {made['organisations']} organisations, {made['users']} users, {made['cases']} cases."
            )
        )
        base = f"http://127.0.0.1:{options['port']}"
        self.stdout.write(f"Worker side:  {base}/ky/")
        if not settings.KORGOO_TELEGRAM_BOT_TOKEN:  # no bot connected: its chat is simulated on a page
            self.stdout.write(f"Telegram chat, simulated: {base}/ky/chat-simulation/")
        self.stdout.write(f"Staff side:   {base}/ru/staff/")
        self.stdout.write(f"Consular:     {base}/ky/consular/ (the hall: {base}/ru/staff/consular/)")
        self.stdout.write(f"API docs:     {base}/api/v1/docs/")
        self.stdout.write(f"Users (password «{PASSWORD}»): " + ", ".join(["admin"] + [u[0] for u in USERS]))
        if options["no_serve"]:
            return
        env = os.environ.copy()
        env.update(
            {
                "KORGOO_DEMO": "1",
                "KORGOO_DATA_DIR": str(settings.DATA_DIR),
                "DJANGO_SETTINGS_MODULE": os.environ.get(
                    "DJANGO_SETTINGS_MODULE", "korgoo.config.settings.base"
                ),
            }
        )
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "korgoo.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--threads",
            "4",
            # The application is loaded once, before the workers are forked: they start at once and
            # share its memory.
            "--preload",
            "--access-logfile",
            "-",
            # No client address or user agent in the access log.
            "--access-logformat",
            '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        ]
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # static files are served from the apps
        sys.stdout.flush()
        # Notifications leave through the outbox: a drain process runs beside the web server.
        drain = subprocess.Popen([sys.executable, "-m", "korgoo", "drain_outbox"], env=env)
        server = subprocess.Popen(gunicorn, env=env)  # noqa: S603 - fixed argv
        # Ctrl-C and SIGTERM (a service manager, `kill`, a closing terminal) end the demo the same
        # way: the web server and the outbox drain are stopped and waited for, nothing is left behind.
        for stop_signal in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop_signal, _raise_stop)
        try:
            server.wait()
        except (KeyboardInterrupt, _Stop):
            self.stdout.write("Stopping the demo.")
        finally:
            for process in (server, drain):
                _stop(process)


class _Stop(Exception):
    """A signal asked the demo to stop."""


def _raise_stop(signum: int, frame: Any) -> None:
    raise _Stop


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a child gracefully (SIGTERM: gunicorn finishes its requests), then by force."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
