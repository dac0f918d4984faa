"""Rate limits of the public consular API, counted by the rotating keyed hash of the client's address
(`core.throttle`), never by the address itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from korgoo.core.throttle import Window, client_fingerprint


class _PerClient(BaseThrottle):
    name = ""
    setting = ""
    seconds = 60

    def allow_request(self, request: Request, view: Any) -> bool:
        limit = int(getattr(settings, self.setting))
        window = Window(f"{self.name}:{client_fingerprint(request._request)}", limit, self.seconds)
        self._wait = window.retry_after
        if window.exceeded():
            return False
        window.hit()
        return True

    def wait(self) -> float | None:
        return float(getattr(self, "_wait", self.seconds))


class ConsularReadThrottle(_PerClient):
    """Missions and free slots: at most KORGOO_CONSULAR_READS_PER_MINUTE a minute per client (120)."""

    name, setting, seconds = "consular-read", "KORGOO_CONSULAR_READS_PER_MINUTE", 60


class ConsularWriteThrottle(_PerClient):
    """Bookings, cancellations and changes: at most KORGOO_CONSULAR_WRITES_PER_HOUR an hour per client
    (30: a family or a dormitory shares one address; a reseller's script does not get far)."""

    name, setting, seconds = "consular-write", "KORGOO_CONSULAR_WRITES_PER_HOUR", 3600
