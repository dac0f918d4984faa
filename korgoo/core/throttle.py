"""Counters for throttling, in the store every process shares (the "throttle" cache: Redis, or the
database when there is no Redis; see `korgoo.core.counters`).

Clients are told apart by a keyed hash of their address under a key that changes every hour, so no
address is stored anywhere, not even hashed for longer than a window. Counters are fixed windows:
simple, shared by every process, and enough to bound guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from .prepared import prepared_cursor


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind KORGOO_TRUSTED_PROXIES reverse proxies the
    address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, so a client
    cannot choose its own)."""
    proxies = settings.KORGOO_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash of the client address that rotates hourly; the address itself is never kept."""
    address = client_address(request)
    hour = int(time.time() // 3600)
    key = hashlib.sha256(f"{settings.SECRET_KEY}:client:{hour}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


class Window:
    """A fixed-window counter under one name: `hit()` counts, `exceeded()` tells whether to refuse."""

    def __init__(self, name: str, limit: int, seconds: int) -> None:
        self.limit = limit
        self.seconds = seconds
        bucket = int(time.time() // seconds)
        # The name may hold what a client typed (a username): the cache gets a keyed digest of it,
        # safe for any cache backend's keys and telling nothing to whoever reads the cache.
        key = hashlib.sha256(f"{settings.SECRET_KEY}:throttle".encode()).digest()
        digest = hmac.new(key, name.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:40]
        self.key = f"korgoo:throttle:{digest}:{bucket}"
        self.retry_after = max(1, seconds - int(time.time() % seconds))

    def count(self) -> int:
        return int(caches["throttle"].get(self.key, 0))

    def exceeded(self) -> bool:
        return self.count() >= self.limit

    def hit(self) -> int:
        store = caches["throttle"]
        try:
            return int(store.incr(self.key))  # one statement: the database store creates it if new
        except ValueError:  # Redis: a counter is created (with its expiry) before it is counted
            store.add(self.key, 0, timeout=self.seconds + 5)
            return int(store.incr(self.key))

    def reset(self) -> None:
        caches["throttle"].delete(self.key)


def first_exceeded(*windows: Window) -> Window | None:
    """The first of these windows that is spent, reading every count in one call to the store."""
    counts = caches["throttle"].get_many([w.key for w in windows])
    return _first_spent(windows, counts)


def _first_spent(windows: Sequence[Window], counts: dict[str, Any]) -> Window | None:
    return next((w for w in windows if int(counts.get(w.key, 0)) >= w.limit), None)


def read_with_counts(
    sql: str, params: Sequence[Any], width: int, *windows: Window
) -> tuple[list[tuple[Any, ...]], Window | None]:
    """The rows of a SELECT of `width` columns on the default database, and the first of these
    windows that is spent: in one round trip when the counters are kept in that database
    (`korgoo.core.counters`), else the SELECT and one call to the store (Redis)."""
    store = caches["throttle"]
    keys = [w.key for w in windows]
    if hasattr(store, "get_many_with"):
        rows, counts = store.get_many_with(keys, sql, params, width)
        return rows, _first_spent(windows, counts)
    with prepared_cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = list(cursor.fetchall())
    return rows, _first_spent(windows, store.get_many(keys) if keys else {})


def hit_all(*windows: Window) -> None:
    """Count one in each window: one statement on the database store, one call each on another."""
    store = caches["throttle"]
    if hasattr(store, "incr_many"):
        store.incr_many([w.key for w in windows])
        return
    for window in windows:
        window.hit()


class PerClientThrottle(BaseThrottle):
    """An API throttle: at most the number in the setting named `setting` of requests per client
    per `seconds` (a minute unless said), counted under `scope` by the rotating keyed hash of the
    client's address, never the address itself. The limits are read from the environment
    (docs/operations.md, "Every variable"), so a load test or a fuzzer run against a test server can
    raise them."""

    scope = ""
    setting = ""
    seconds = 60

    def allow_request(self, request: Request, view: Any) -> bool:
        limit = int(getattr(settings, self.setting))
        window = Window(f"{self.scope}:{client_fingerprint(request._request)}", limit, self.seconds)
        self._wait = window.retry_after
        if window.exceeded():
            return False
        window.hit()
        return True

    def wait(self) -> float | None:
        return float(getattr(self, "_wait", self.seconds))
