"""API conventions: one error envelope `{"code", "message", "fields"}` with translated messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.template.defaultfilters import filesizeformat
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


def error_fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation errors as flat `{"field": [messages]}`: a nested object's fields as
    `contact.channel`, a list's items by position as `0.region`; messages only, never reprs."""
    fields: dict[str, list[str]] = {}

    def add(key: str, message: Any) -> None:
        fields.setdefault(key or "non_field_errors", []).append(str(message))

    def walk(value: Any, key: str) -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                walk(inner, f"{key}.{name}" if key else str(name))
        elif isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    walk(item, f"{key}.{position}" if key else str(position))
                else:
                    add(key, item)
        else:
            add(key, value)

    walk(detail, prefix)
    return fields


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return error_response(exc)
    if isinstance(exc, RequestDataTooBig):  # read before any parsing, so nothing large is parsed
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _("The body is too large: send at most %(limit)s.") % {"limit": limit}
        return Response({"code": "too_large", "message": message, "fields": {}}, status=400)
    if isinstance(exc, Http404):
        return Response({"code": "not_found", "message": _("Not found."), "fields": {}}, status=404)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": _("Please correct the marked fields."),
            "fields": error_fields(exc.detail),
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
