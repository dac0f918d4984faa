"""The OpenAPI description is the API's contract, and a client generated from it must be able to trust
it. drf-spectacular describes the success of each operation; this module describes the rest:

- every error an operation can answer, each status with its codes and their meaning, all in the
  one shared `Error` component (`{"code", "message", "fields"}`), with `Retry-After` on 429 and 503
  and `WWW-Authenticate` on 401;
- the query string each view declares (`ApiView.query_input`) as its parameters;
- text fields as the server reads them (no NUL character; at least one visible character where
  empty text is refused).

Error codes are registered by the apps that raise them (`register_errors`); an operation names the
codes of its own (`@errors("case_closed", ...)`) and gets the generic ones that follow from its shape:
`invalid` always (an unknown query parameter), `parse_error` and `unsupported_media_type` with a
body, `not_authenticated` when it needs a token, `not_found` with a path parameter, `throttled` with
a rate limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from drf_spectacular import openapi
from drf_spectacular.plumbing import ComponentRegistry
from rest_framework import serializers

from .api_input import READS, TEXT, TEXT_NOT_BLANK, JsonInput, QueryInput

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ErrorCode:
    status: int
    meaning: str


ERROR_CODES: dict[str, ErrorCode] = {}


def register_errors(codes: dict[str, tuple[int, str]]) -> None:
    """Declare error codes the API answers with: each code has one status and one meaning."""
    for code, (status, meaning) in codes.items():
        known = ERROR_CODES.get(code)
        if known is not None and known.status != status:
            raise ValueError(f"Error code {code} is registered with two statuses.")
        ERROR_CODES[code] = ErrorCode(status, meaning)


register_errors(
    {
        "invalid": (
            400,
            "the request does not match this description: `fields` names each wrong field or query "
            "parameter (an unknown one included)",
        ),
        "parse_error": (
            400,
            "the body is not valid JSON, nests lists and objects deeper than 32 levels, or (a file sent as "
            "multipart) was cut off before it all arrived",
        ),
        "too_large": (400, "the body is larger than the server takes (2 MB); nothing of it was read"),
        "not_authenticated": (401, "no token, or an invalid, revoked or expired one"),
        "permission_denied": (403, "the token's role lacks a permission this needs"),
        "not_found": (404, "nothing of this id within the caller's reach (missing and not yours alike)"),
        "method_not_allowed": (405, "the method is not allowed here"),
        "not_acceptable": (406, "the client does not accept JSON"),
        "unsupported_media_type": (415, "the body is not sent as `application/json`"),
        "throttled": (429, "too many requests from this client; wait `Retry-After` seconds"),
    }
)


def errors(*codes: str) -> Callable[[F], F]:
    """Name the error codes an API method answers besides the generic ones of its kind."""

    def decorate(method: F) -> F:
        method.api_errors = codes  # type: ignore[attr-defined]
        return method

    return decorate


class ErrorSerializer(serializers.Serializer):
    """Every error of the API: a stable `code` for programs, a `message` for people in the language
    asked, and `fields` naming what was wrong in the request (empty when nothing in particular)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "code": serializers.CharField(help_text="Stable; one of the codes listed for the status."),
            "message": serializers.CharField(help_text="For people, in the language asked."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                help_text="Each wrong field or parameter with its messages: a field inside an object "
                "as `contact.channel`, an item of a list by position (`0.region`); `non_field_errors` "
                "for the request as a whole.",
            ),
        }


RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
WWW_AUTHENTICATE = {
    "description": "The scheme to authenticate with.",
    "required": True,
    "schema": {"type": "string", "enum": ["Bearer"]},
}
GENERIC = {
    400: "The request is not understood.",
    401: "Authentication failed.",
    403: "Not allowed.",
    404: "Not found.",
    409: "The request conflicts with the state of what it acts on.",
    415: "Unsupported media type.",
    422: "The request repeats a key or challenge used for something else.",
    429: "Too many requests.",
    503: "Too busy; try again later.",
}


def _describe(status: int, codes: list[str]) -> str:
    lines = [f"- `{code}`: {ERROR_CODES[code].meaning}" for code in codes]
    return GENERIC.get(status, "Error.") + " `code` is one of:\n\n" + "\n".join(lines)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema of a view, with its query string and every error it can answer."""

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        query = getattr(self.view, "query_input", None)
        if query is not None and self.method.lower() in READS:
            parameters.append(query)
        return parameters

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and type(field) in (serializers.CharField,)
            and isinstance(schema, dict)
            and schema.get("type") == "string"
            and "pattern" not in schema
            and "enum" not in schema
        ):
            blank_refused = not field.allow_blank and field.trim_whitespace
            schema["pattern"] = TEXT_NOT_BLANK if blank_refused else TEXT
        return schema

    def _map_serializer(self, serializer: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if isinstance(serializer, (JsonInput, QueryInput)) and isinstance(schema, dict):
            if isinstance(serializer, JsonInput):
                schema["additionalProperties"] = False  # an unknown field is refused
            # The bases' docstrings describe the mechanism, not the request: only a class's own one.
            if not type(serializer).__doc__ or type(serializer).__doc__ in (
                JsonInput.__doc__,
                QueryInput.__doc__,
            ):
                schema.pop("description", None)
        return schema

    def _get_request_for_media_type(self, serializer: Any, direction: Any = "request") -> Any:
        schema, required = super()._get_request_for_media_type(serializer, direction)
        if isinstance(serializer, serializers.ListSerializer) and schema.get("type") == "array":
            least = getattr(serializer, "min_length", None) or (0 if serializer.allow_empty else 1)
            if least:
                schema["minItems"] = least
            if getattr(serializer, "max_length", None) is not None:
                schema["maxItems"] = serializer.max_length  # type: ignore[attr-defined]
        return schema, required

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        # drf-spectacular offers a blank string beside a pattern with `oneOf`; where the pattern
        # also takes a blank string, exactly one of them cannot match. Either may: `anyOf`.
        if schema.get("oneOf", [None])[-1] == {"type": "string", "maxLength": 0}:
            schema["anyOf"] = schema.pop("oneOf")

    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: ComponentRegistry
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if "requestBody" in operation:
            operation["requestBody"]["required"] = True  # every body has a required field
        if operation.get("security") == [{}]:
            # Open to anyone (a token, if sent, is ignored): no security requirement at all, so that
            # a generated client calls it without credentials.
            operation["security"] = []
        by_status: dict[int, list[str]] = {}
        for code in dict.fromkeys(self._error_codes(operation)):
            by_status.setdefault(ERROR_CODES[code].status, []).append(code)
        component = self.resolve_serializer(ErrorSerializer, "response")
        responses = operation["responses"]
        for status, codes in sorted(by_status.items()):
            response: dict[str, Any] = {
                "description": _describe(status, codes),
                "content": {"application/json": {"schema": component.ref}},
                # The same codes for programs (a client, a fuzzer): what this operation may answer.
                "x-error-codes": codes,
            }
            if status in (429, 503):
                response["headers"] = {"Retry-After": RETRY_AFTER}
            if status == 401:
                response["headers"] = {"WWW-Authenticate": WWW_AUTHENTICATE}
            responses[str(status)] = response
        if any(parameter.get("in") == "query" for parameter in operation.get("parameters", [])):
            responses["414"] = {
                "description": "The request line is longer than the web server takes (about 4 KB; "
                "far more than the longest query string this description allows). Answered by the "
                "server in front of Korgoo, not as JSON."
            }
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation: dict[str, Any]) -> list[str]:
        codes = ["invalid"]  # every operation refuses a query parameter it does not declare
        if "requestBody" in operation:
            codes += ["parse_error", "too_large", "unsupported_media_type"]
        security = operation.get("security", [])
        if security and {} not in security:
            codes.append("not_authenticated")
        if "{" in self.path:
            codes.append("not_found")
        if getattr(self.view, "throttle_classes", None):
            codes.append("throttled")
        handler = getattr(self.view, self.method.lower(), None)
        codes += list(getattr(handler, "api_errors", ()))
        unknown = [code for code in codes if code not in ERROR_CODES]
        if unknown:
            raise KeyError(f"{self.method} {self.path}: unregistered error codes {unknown}")
        return codes


def postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: the `Error` component lists every registered code."""
    error = result.get("components", {}).get("schemas", {}).get("Error")
    if error is not None:
        error["required"] = ["code", "message", "fields"]
        error["properties"]["code"]["enum"] = sorted(ERROR_CODES)
    return result
