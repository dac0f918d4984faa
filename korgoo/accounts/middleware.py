"""Staff sessions end after 30 idle minutes and 12 hours whatever the activity, and count only with a
second factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

LOGIN_AT_KEY = "korgoo_login_at"
TOUCHED_AT_KEY = "korgoo_touched_at"


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, the idle limit (`SESSION_COOKIE_AGE`) sliding at most once every
    `KORGOO_SESSION_TOUCH_SECONDS`: a session a request only read is saved again, its expiry moved
    on, once its last save is that old. Saving on every request (`SESSION_SAVE_EVERY_REQUEST`) cost
    every staff page an UPDATE in a transaction of its own, three round trips, for a precision of
    seconds on a 30-minute limit; a session now ends between 29 and 30 idle minutes after its last
    request. A session that was changed is saved at once, as always."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.modified and not session.is_empty():
            now = time.time()
            if now - float(session.get(TOUCHED_AT_KEY, 0)) >= settings.KORGOO_SESSION_TOUCH_SECONDS:
                session[TOUCHED_AT_KEY] = now  # modified: saved, with a new expiry
        return super().process_response(request, response)


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
