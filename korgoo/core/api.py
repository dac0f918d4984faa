"""API conventions: one error envelope `{"code", "message", "fields"}` with translated messages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError, Throttled


def error_response(error: ApplicationError) -> Response:
    response = Response(
        {"code": error.code, "message": str(error.message), "fields": error.fields}, status=error.status
    )
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return error_response(exc)
    if isinstance(exc, Http404):
        return Response({"code": "not_found", "message": _("Not found."), "fields": {}}, status=404)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "code": "invalid",
            "message": _("Please correct the marked fields."),
            "fields": {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in fields.items()},
        }
    elif isinstance(exc, exceptions.Throttled):
        response.data = {"code": "throttled", "message": str(Throttled(1).message), "fields": {}}
    elif isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response.data = {"code": "not_authenticated", "message": str(exc.detail), "fields": {}}
    else:
        code = getattr(exc, "default_code", "error")
        response.data = {"code": str(code), "message": str(getattr(exc, "detail", exc)), "fields": {}}
    return response
