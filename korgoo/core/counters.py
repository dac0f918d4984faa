"""The store of throttle and budget counters: one every process shares (SECURITY.md 10, 17).

Throttles count per client and globally, and a count kept in each process's memory multiplies every
limit by the number of processes (10 allowed failed receipts became 20 with two gunicorn workers).
So the counters live in the cache named "throttle", which is Redis (django-redis) in production when
`KORGOO_REDIS_URL` is set, and otherwise this database-backed cache: one row per counter, incremented
by a single atomic INSERT … ON CONFLICT … RETURNING statement (SQLite 3.35+ and PostgreSQL), so
concurrent requests of any process never lose a count. `korgoo check --deploy` refuses a per-process
store for it (`korgoo.core.checks`).

Only what the throttles use is implemented: counters (`incr`, `get`, `add`, `delete`, `clear`), and
for a request that checks several budgets at once `get_many` (one SELECT) and `incr_many` (one
INSERT of several rows). `get_many_with` reads the counters together with the rows of a caller's own
SELECT, in one round trip (a report's idempotency record and its budgets).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connection
from django.utils import timezone

from .models import ThrottleCounter
from .prepared import prepared_cursor

_TABLE = connection.ops.quote_name(ThrottleCounter._meta.db_table)
_KEY, _COUNT, _EXPIRES = (connection.ops.quote_name(c) for c in ("key", "count", "expires_at"))


class DatabaseCounterCache(BaseCache):
    """Integer counters with an expiry, atomic across processes, in `core_throttlecounter`."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)

    def _expiry(self, timeout: Any) -> dt.datetime:
        seconds = self.get_backend_timeout(timeout)
        return timezone.now() + dt.timedelta(seconds=seconds if seconds is not None else 10 * 365 * 86400)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        row = (
            ThrottleCounter.objects.filter(key=self.make_key(key, version), expires_at__gt=timezone.now())
            .values_list("count", flat=True)
            .first()
        )
        return default if row is None else row

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        """The live counters among `keys`, in one statement."""
        names = {self.make_key(key, version): key for key in keys}
        if not names:
            return {}
        with connection.cursor() as cursor:  # a fixed statement: every report reads its budgets
            cursor.execute(
                f"SELECT {_KEY}, {_COUNT} FROM {_TABLE} WHERE {_KEY} IN ("  # noqa: S608 - fixed names
                + ", ".join(["%s"] * len(names))
                + f") AND {_EXPIRES} > %s",
                # The time adapted as the ORM's lookup adapts it (SQLite compares text).
                [*names, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            return {names[name]: count for name, count in cursor.fetchall()}

    def get_many_with(
        self, keys: Any, sql: str, params: Sequence[Any], width: int, version: int | None = None
    ) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
        """The rows of the caller's SELECT (`sql`, of `width` columns, on the default database) and
        the live counters among `keys`, in one statement: the two joined by UNION ALL, each row
        telling which it is. The caller's SELECT (one table, no ORDER BY or LIMIT) is extended in
        place rather than wrapped in a subquery, which cost the server a longer plan on every report."""
        if not sql.startswith("SELECT "):
            raise ValueError("get_many_with reads a plain SELECT")
        names = {self.make_key(key, version): key for key in keys}
        if not names:
            with prepared_cursor() as cursor:
                cursor.execute(sql, list(params))
                return list(cursor.fetchall()), {}
        blanks = ", ".join(["NULL"] * width)
        marks = ", ".join(["%s"] * len(names))
        counters = f"SELECT 1, {_KEY}, {_COUNT}, {blanks} FROM {_TABLE} WHERE {_KEY} IN ({marks}) AND {_EXPIRES} > %s"  # noqa: S608 - fixed names
        statement = f"SELECT 0, NULL, NULL, {sql.removeprefix('SELECT ')} UNION ALL {counters}"
        with prepared_cursor() as cursor:
            cursor.execute(
                statement, [*params, *names, connection.ops.adapt_datetimefield_value(timezone.now())]
            )
            found = cursor.fetchall()
        rows = [tuple(row[3:]) for row in found if row[0] == 0]
        counts = {names[row[1]]: row[2] for row in found if row[0] == 1}
        return rows, counts

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        name = self.make_key(key, version)
        now = timezone.now()
        ThrottleCounter.objects.filter(key=name, expires_at__lte=now).delete()
        _row, created = ThrottleCounter.objects.get_or_create(
            key=name, defaults={"count": int(value), "expires_at": self._expiry(timeout)}
        )
        return created

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        ThrottleCounter.objects.update_or_create(
            key=self.make_key(key, version),
            defaults={"count": int(value), "expires_at": self._expiry(timeout)},
        )

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        """Add `delta` and return the new count, in one statement. A counter that does not exist or
        has expired starts again from zero and is kept an hour (a window's key names its window, so
        the expiry only decides when the row is purged)."""
        name = self.make_key(key, version)
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_TABLE} ({_KEY}, {_COUNT}, {_EXPIRES}) VALUES (%s, %s, %s) "  # noqa: S608 - fixed names
                f"ON CONFLICT ({_KEY}) DO UPDATE SET "
                f"{_COUNT} = CASE WHEN {_TABLE}.{_EXPIRES} > %s "
                f"THEN {_TABLE}.{_COUNT} + excluded.{_COUNT} ELSE excluded.{_COUNT} END, "
                f"{_EXPIRES} = CASE WHEN {_TABLE}.{_EXPIRES} > %s "
                f"THEN {_TABLE}.{_EXPIRES} ELSE excluded.{_EXPIRES} END "
                f"RETURNING {_COUNT}",
                [name, delta, now + dt.timedelta(hours=1), now, now],
            )
            return int(cursor.fetchone()[0])

    def incr_many(self, keys: Any, version: int | None = None) -> None:
        """Add one to each counter, in one statement (rows in key order, so that two requests
        counting the same keys take their row locks in the same order)."""
        names = sorted({self.make_key(key, version) for key in keys})
        if not names:
            return
        now = timezone.now()
        expires = now + dt.timedelta(hours=1)
        with prepared_cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_TABLE} ({_KEY}, {_COUNT}, {_EXPIRES}) VALUES "  # noqa: S608 - fixed names
                + ", ".join(["(%s, 1, %s)"] * len(names))
                + f" ON CONFLICT ({_KEY}) DO UPDATE SET "
                f"{_COUNT} = CASE WHEN {_TABLE}.{_EXPIRES} > %s "
                f"THEN {_TABLE}.{_COUNT} + excluded.{_COUNT} ELSE excluded.{_COUNT} END, "
                f"{_EXPIRES} = CASE WHEN {_TABLE}.{_EXPIRES} > %s "
                f"THEN {_TABLE}.{_EXPIRES} ELSE excluded.{_EXPIRES} END",
                [value for name in names for value in (name, expires)] + [now, now],
            )

    def delete(self, key: str, version: int | None = None) -> bool:
        deleted, _rows = ThrottleCounter.objects.filter(key=self.make_key(key, version)).delete()
        return bool(deleted)

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.get(key, version=version) is not None

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(
            ThrottleCounter.objects.filter(key=self.make_key(key, version)).update(
                expires_at=self._expiry(timeout)
            )
        )

    def clear(self) -> None:
        ThrottleCounter.objects.all().delete()


def counters_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete expired counters (the retention run's short-lived data)."""
    expired = ThrottleCounter.objects.filter(expires_at__lte=now or timezone.now())
    if dry_run:
        return expired.count()
    deleted, _rows = expired.delete()
    return deleted
