"""The worker's session: after the receipt was entered, a short-lived cookie that names a server-side
session (`services.worker_session_open`), never the receipt itself.

Every page a worker may open is a `worker_page`: no CSRF cookie, cross-site posts refused
(`korgoo.core.web`). Pages of other apps that serve the worker of a report (the diary and
calculators in `evidence`, the messenger links in `channels`, the consular booking) use this module,
not the intake's views.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from korgoo.core.web import PageView, cookieless_page

from . import services
from .models import Report

WORKER_COOKIE = "korgoo_w"


def worker_page(view: PageView) -> PageView:
    """A public worker page; the pages of a report (`case…`) count as the worker's own."""
    return cookieless_page(view, access="worker" if view.__name__.startswith("case") else "public")


def worker_page_as(access: str) -> Callable[[PageView], PageView]:
    """A worker-side page classified as `access` whatever its name."""

    def decorate(view: PageView) -> PageView:
        return cookieless_page(view, access=access)

    return decorate


def session_report(request: HttpRequest) -> Report | None:
    """The report whose session the request's cookie names, if it is still open."""
    return services.worker_session_report(request.COOKIES.get(WORKER_COOKIE))


def session_start(response: HttpResponse, token: str) -> HttpResponse:
    """Give the browser the session's cookie: HTTP only, this site only."""
    response.set_cookie(
        WORKER_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=getattr(settings, "KORGOO_WORKER_COOKIE_SECURE", False),
    )
    return response


def session_end(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """End the session on the server and ask the browser to drop the cookie."""
    services.worker_session_end(request.COOKIES.get(WORKER_COOKIE))
    return session_forget(response)


def session_forget(response: HttpResponse) -> HttpResponse:
    """Ask the browser to drop the session's cookie."""
    response.delete_cookie(WORKER_COOKIE, samesite="Strict")
    return response
