"""A rate limit for the public help API (directory, articles, agency check, search).

Clients are counted by the project's rotating keyed hash of their address (`core.throttle`), never
by the address itself, in fixed windows held in the cache.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from korgoo.core.throttle import Window, client_fingerprint


class HelpApiThrottle(BaseThrottle):
    """At most KORGOO_HELP_API_PER_MINUTE requests a minute per client (120 unless set)."""

    def allow_request(self, request: Request, view: Any) -> bool:
        limit = int(getattr(settings, "KORGOO_HELP_API_PER_MINUTE", 120))
        window = Window(f"help-api:{client_fingerprint(request._request)}", limit, 60)
        self._wait = window.retry_after
        if window.exceeded():
            return False
        window.hit()
        return True

    def wait(self) -> float | None:
        return float(getattr(self, "_wait", 60))
