"""API conventions: one error envelope `{"code", "message", "fields"}` with translated messages, on
every error of every endpoint; and `ApiView`, the base of every API view, which refuses query
parameters it does not declare."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .api_input import READS, QueryInput
from .errors import ApplicationError, Throttled
from .uploads import UploadCutOff


def envelope(code: str, message: Any, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "fields": fields or {}}


def error_response(error: ApplicationError) -> Response:
    response = Response(envelope(error.code, error.message, error.fields), status=error.status)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    if error.status == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = "Bearer"
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


def _messages() -> dict[type[exceptions.APIException], tuple[str, str]]:
    """The project's code and words for DRF's own errors (DRF has no Kyrgyz, and its English names
    parser internals)."""
    return {
        exceptions.ParseError: ("parse_error", _("The body is not valid JSON.")),
        exceptions.UnsupportedMediaType: (
            "unsupported_media_type",
            _("Send the body as JSON, with Content-Type: application/json."),
        ),
        exceptions.MethodNotAllowed: ("method_not_allowed", _("This method is not allowed here.")),
        exceptions.NotAcceptable: ("not_acceptable", _("The API answers in JSON only.")),
        exceptions.NotAuthenticated: (
            "not_authenticated",
            _("Send a valid token: Authorization: Bearer <token>."),
        ),
        exceptions.PermissionDenied: ("permission_denied", _("You do not have permission to do this.")),
        exceptions.NotFound: ("not_found", _("Not found.")),
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return error_response(exc)
    if isinstance(exc, RequestDataTooBig):  # read before any parsing, so nothing large is parsed
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _("The body is too large: send at most %(limit)s.") % {"limit": limit}
        return Response({"code": "too_large", "message": message, "fields": {}}, status=400)
    if isinstance(exc, Http404):
        return Response(envelope("not_found", _("Not found.")), status=404)
    if isinstance(exc, exceptions.ParseError) and isinstance(exc.__context__, UploadCutOff):
        # A multipart body that ended before its form did (`korgoo.core.uploads`): nothing was kept.
        message = _("The body was cut off before it all arrived, so nothing was kept: send it again.")
        return Response(envelope("parse_error", message), status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = envelope("invalid", _("Please correct the marked fields."), error_fields(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        response.data = envelope("throttled", Throttled(1).message)
    elif isinstance(exc, exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response.data = envelope("not_authenticated", exc.detail)
    else:
        code, message = next(
            ((c, m) for kind, (c, m) in _messages().items() if isinstance(exc, kind)),
            (str(getattr(exc, "default_code", "error")), str(getattr(exc, "detail", exc))),
        )
        response.data = envelope(code, message)
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = "Bearer"
    return response


def read_body(input_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The body through `input_class`, or refused (400 `invalid`, naming each wrong field)."""
    incoming = input_class(data=request.data)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


def read_query(input_class: type[QueryInput] | None, request: Request) -> dict[str, Any]:
    """The query string through `input_class`, or refused: a parameter the view does not declare is
    an error, never silently ignored (a mistyped filter would otherwise widen an answer)."""
    if input_class is None and not request.query_params:
        return {}
    incoming: serializers.Serializer = (input_class or QueryInput)(data=request.query_params)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


class ApiView(APIView):
    """The base of every API view. `query_input` declares the query string of its reads (`GET`,
    `HEAD`; a write takes its input in the body, never in the query string); any other parameter
    answers 400 naming it. The parameters read are in `self.params`."""

    query_input: type[QueryInput] | None = None
    params: dict[str, Any]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Only for a method the view has: any other answers 405, whatever its query string.
        method = request.method.lower() if request.method else ""
        self.params = {}
        if method in self.http_method_names and hasattr(self, method) and method != "options":
            self.params = read_query(self.query_input if method in READS else None, request)
