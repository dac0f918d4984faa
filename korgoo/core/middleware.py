"""Request-wide behaviour: security headers, the language of a page, worker-page privacy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

_LANGS = {code for code, _ in settings.LANGUAGES}

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


UNPREFIXED = {"api", "channels", "static", "healthz", "readyz", "favicon.ico", "robots.txt"}


def is_staff_path(path: str) -> bool:
    parts = path.strip("/").split("/")
    if parts and parts[0] in _LANGS:
        parts = parts[1:]
    return bool(parts) and parts[0] in {"staff", "admin", "accounts"}


class SecurityHeadersMiddleware:
    """Headers Django does not set itself (or sets otherwise), on every answer including 404 and 500.

    Worker pages (everything that is not staff, admin or API) are never stored by the browser or
    any cache, so a seized phone keeps no copy of them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers["Permissions-Policy"] = PERMISSIONS_POLICY
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["X-Content-Type-Options"] = "nosniff"
        # Worker pages never send a referrer. Staff pages send it only to their own site: with
        # "no-referrer" browsers send `Origin: null` on form posts, which CSRF protection must refuse.
        response.headers["Referrer-Policy"] = "same-origin" if is_staff_path(request.path) else "no-referrer"
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store, max-age=0"
            response.headers.setdefault("Pragma", "no-cache")
        return response


class LanguageMiddleware:
    """The language of a page comes from its URL prefix (/ky/, /ru/, /en/), never from a cookie.

    Without a prefix, worker pages default to Kyrgyz and staff pages to Russian (or the staff
    member's chosen language). No language cookie is set, so a worker's phone keeps no trace. The API
    follows the Accept-Language header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        if self.needs_prefix(request.path_info):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(f"/{language}{request.path_info}" + (f"?{query}" if query else ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def needs_prefix(path: str) -> bool:
        first = path.lstrip("/").split("/", 1)[0]
        return first not in _LANGS and first not in UNPREFIXED

    @staticmethod
    def language_for(request: HttpRequest) -> str:
        first = request.path_info.lstrip("/").split("/", 1)[0]
        if first in _LANGS:
            return first
        if request.path_info.startswith("/api/"):
            accepted = translation.get_language_from_request(request)
            return accepted if accepted in _LANGS else settings.LANGUAGE_CODE
        if is_staff_path(request.path_info):
            return settings.KORGOO_STAFF_LANGUAGE
        return settings.LANGUAGE_CODE
