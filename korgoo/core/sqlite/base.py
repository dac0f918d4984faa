"""Django's SQLite backend, with the database file made the owner's alone (0600, in a 0700
directory) before SQLite opens it: SQLite creates files with the process's umask, usually 0644, and
gives its -wal and -shm files the database file's mode. Nothing is touched on disk until the first
connection, so reading the settings creates nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

from korgoo.core.private_files import private_sqlite_file


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params.get("database", ""))
        in_memory = name in ("", ":memory:") or "mode=memory" in name or name.startswith("file:")
        if not in_memory:
            private_sqlite_file(Path(name))
        return super().get_new_connection(conn_params)
