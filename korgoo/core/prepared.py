"""Fixed statements that the database server parses and plans once per connection.

Every report reads its idempotency record and budgets, routes itself, locks its audit chain head and
writes its rows in one long statement (`korgoo.core.inserts`). Sent as text with the values quoted
in (Django's default on PostgreSQL), each of these statements is parsed, analysed and planned by
the server again for every report: some two fifths of the server's work on a report, more than
running them. `prepared_cursor` gives a cursor whose statements are bound on the server and prepared
the first time each is sent on a connection; later reports only bind their values and run it.
psycopg keeps up to `prepared_max` statements per connection and drops the least recently used.

Only for statements whose text is fixed or one of a few shapes, and whose every value is a column's
(so that the server can tell its type). Other queries stay as Django sends them. On other databases
(SQLite) this is the ordinary cursor.

A prepared statement lives as long as its connection; a migration that changes a table's columns is
deployed with a restart of the application (docs/operations.md), and a connection pooler in front of
PostgreSQL must keep prepared statements (PgBouncer 1.21 or later, `max_prepared_statements`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]
from django.db.backends.utils import CursorWrapper
from psycopg._queries import PostgresQuery, _query2pg_nocache  # psycopg is pinned in the locks


@lru_cache(maxsize=256)
def _converted(query: bytes, encoding: str) -> Any:
    return _query2pg_nocache(query, encoding)


class _FixedQuery(PostgresQuery):
    """A statement with its %s placeholders turned into $1, $2…, remembered per statement text.
    psycopg remembers only statements under 4 KiB and 50 values, and a report's long INSERT is
    above both; the texts sent here are few and fixed, so each is converted once."""

    def convert(self, query: Any, vars: Any) -> None:
        if vars is None or not isinstance(query, str | bytes):
            super().convert(query, vars)
            return
        query = self._ensure_bytes(query)
        self.query, self._want_formats, self._order, self._parts = _converted(query, self._tx.encoding)
        self.dump(vars)


class _PreparingCursor(ServerBindingCursor):  # type: ignore[misc]
    """Django's server-binding cursor for psycopg, preparing every statement it sends."""

    _query_cls = _FixedQuery
    _sent: Any = None

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None, **kw: Any) -> Any:
        return super().execute(query, params, prepare=True, **kw)

    # What Django's query log reads (`last_executed_query`). psycopg keeps no query it ran by a
    # prepared statement's name; the log then shows the statement as written, with its %s.
    @property
    def _query(self) -> Any:
        return self._sent if self._sent is not None else _Written(self._last_query)

    @_query.setter
    def _query(self, value: Any) -> None:
        self._sent = value


class _Written:
    def __init__(self, query: Any) -> None:
        self.query = query.encode() if isinstance(query, str) else query


@contextmanager
def prepared_cursor(using: str = "default") -> Iterator[CursorWrapper]:
    """A cursor of this database (Django's, with its query logging and error wrapping) whose
    statements are prepared on PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    plain = raw.cursor_factory
    raw.cursor_factory = _PreparingCursor
    try:
        # Django's own way to a cursor (health check, time zone, wrappers). Should the health check
        # reconnect, the new connection's cursor is an ordinary one: the statement runs all the same.
        cursor = connection.cursor()
    finally:
        raw.cursor_factory = plain
    with cursor:
        yield cursor
