"""Staff sessions end after 12 hours whatever the activity, and count only with a second factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LOGIN_AT_KEY = "korgoo_login_at"


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT_KEY, 0)
            too_old = time.time() - float(started) > settings.KORGOO_SESSION_ABSOLUTE_SECONDS
            unverified = settings.KORGOO_REQUIRE_2FA and not user.is_verified()
            if too_old or unverified:
                logout(request)
        return self.get_response(request)
