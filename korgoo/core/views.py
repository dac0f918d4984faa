"""Views that belong to no domain: health, readiness, error pages, CSRF failure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from .access import public_view
from .middleware import is_staff_path
from .uploads import UploadCutOff


@public_view
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up."""
    return JsonResponse({"status": "ok"})


@public_view
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own: they get the site's icon, not a 404."""
    return HttpResponsePermanentRedirect(static("korgoo/favicon.svg"))


@public_view
def readyz(request: HttpRequest) -> HttpResponse:
    """The process can serve: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ready"})


API_ERRORS = {
    400: ("invalid", _("The request could not be read.")),
    403: ("permission_denied", _("You do not have permission to do this.")),
    404: ("not_found", _("Not found.")),
    500: ("server_error", _("Something went wrong on our side. Please try again later.")),
}


def _error(request: HttpRequest, code: int, **context: Any) -> HttpResponse:
    """Error pages in the look of the side the visitor is on, echoing nothing of the request. Under
    /api/ the answer is the API's error envelope instead, so that a client reads every error alike."""
    if request.path.startswith("/api/"):
        name, message = API_ERRORS[code]
        return JsonResponse({"code": name, "message": str(message), "fields": {}}, status=code)
    base = "base_staff.html" if is_staff_path(request.path) else "base_worker.html"
    return render(request, "core/error.html", {"code": code, "base": base, **context}, status=code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request that could not be read; a body over the upload limit says so, with the limit."""
    if isinstance(exception, RequestDataTooBig):
        return _error(request, 400, too_big=True, limit=int(settings.KORGOO_UPLOAD_MAX_REQUEST_BYTES))
    if isinstance(exception, UploadCutOff):
        return _error(request, 400, cut_off=True)
    return _error(request, 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
