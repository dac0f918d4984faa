"""`korgoo backup`: encrypted base backups and WAL archiving with pgBackRest; `restore` for a
point-in-time restore into an empty data directory. See docs/operations.md."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from korgoo.core import backup


def config_from(options: dict[str, Any]) -> backup.BackupConfig:
    repo = options.get("repo") or os.environ.get("KORGOO_BACKUP_REPO")
    pg_data = options.get("pg_data") or os.environ.get("KORGOO_PG_DATA")
    cipher = os.environ.get("KORGOO_BACKUP_CIPHER_PASS")
    if not (repo and pg_data and cipher):
        raise CommandError(
            "Set KORGOO_BACKUP_REPO, KORGOO_PG_DATA and KORGOO_BACKUP_CIPHER_PASS (or --repo/--pg-data)."
        )
    database = settings.DATABASES["default"]
    socket = options.get("pg_socket") or os.environ.get("KORGOO_PG_SOCKET")
    return backup.BackupConfig(
        repo=Path(repo),
        pg_data=Path(pg_data),
        pg_port=int(options.get("pg_port") or database.get("PORT") or 5432),
        pg_socket=Path(socket) if socket else None,
        cipher_pass=cipher,
        config_path=Path(
            options.get("config")
            or os.environ.get("KORGOO_BACKUP_CONFIG")
            or Path(repo).parent / "pgbackrest.conf"
        ),
        os_user=options.get("as_user") or os.environ.get("KORGOO_BACKUP_OS_USER") or None,
        pg_user=os.environ.get("KORGOO_BACKUP_PG_USER") or str(database.get("USER") or "postgres"),
    )


class Command(BaseCommand):
    help = (
        "Base backup (full/diff/incr), stanza set-up, the archive_command line, or a point-in-time restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["init", "full", "diff", "incr", "archive-command", "restore"])
        parser.add_argument("--repo")
        parser.add_argument("--pg-data")
        parser.add_argument("--pg-port")
        parser.add_argument("--pg-socket")
        parser.add_argument("--config")
        parser.add_argument("--as-user", help="Run pgBackRest as this system user (the cluster's owner).")
        parser.add_argument(
            "--target-time", help="Restore: the moment to recover to (e.g. '2026-11-21 10:15:00+00')."
        )
        parser.add_argument("--into", help="Restore: an empty data directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        config = config_from(options)
        action = options["action"]
        if action == "init":
            backup.stanza_create(config)
            self.stdout.write(
                f"Stanza created. Set in postgresql.conf:\n  archive_mode = on\n  archive_command = '{backup.archive_command(config)}'\n  archive_timeout = 60"
            )
        elif action == "archive-command":
            config.write()
            self.stdout.write(backup.archive_command(config))
        elif action == "restore":
            if not options["into"]:
                raise CommandError("--into is required for a restore.")
            backup.restore(config, target_time=options["target_time"], into=Path(options["into"]))
            self.stdout.write(
                f"Restored into {options['into']}. Start PostgreSQL on it to replay up to the target."
            )
        else:
            backup.backup(config, kind=action)
            self.stdout.write(f"{action} backup taken.")
