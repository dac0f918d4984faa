"""What the API accepts: request bodies and query strings read exactly as the OpenAPI description
declares them.

DRF's serializers are generous: a string field takes a number, a boolean takes `"yes"` or `1`, an
id takes an integer, an unknown field or query parameter is ignored, a repeated parameter keeps its
last value. A client generated from the description never sends those, and a person who mistypes a
filter must learn it rather than receive everything. So every API input is a `JsonInput` (a body) or
a `QueryInput` (a query string): names that are not declared are refused, each value must have the
JSON type the description gives it, and each wrong field is named with a translated message. What
the shape cannot say (a date in the future, a payment larger than the debt) stays with the services
and their own error codes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.validators import RegexValidator
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.settings import api_settings

# What an ordinary text field accepts: no NUL character (PostgreSQL text cannot hold one) and, when
# it may not be empty, at least one character that is not white space (text is trimmed first).
TEXT = r"^[^\u0000]*$"
# At least one character the server's trimming keeps: Python strips \x1c-\x1f and \x85 too, which
# some regular expression dialects do not count as spaces.
TEXT_NOT_BLANK = r"^[^\u0000]*[^\s\u0000\u001c-\u001f\u0085][^\u0000]*$"
# A web address a person can follow: http(s), a host, then a path, query or fragment if any; no
# spaces, control characters or credentials.
WEB_ADDRESS = r"https?://[^\s\u0000-\u001f\u007f/?#@\[\]\\]+(?:[/?#][^\s\u0000-\u001f\u007f]*)?"
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTEGER = re.compile(r"-?[0-9]{1,18}")
# The largest whole number a query string may carry (18 digits, as INTEGER reads them): an integer
# parameter declares it as its maximum unless it has a smaller one.
MAX_QUERY_INTEGER = 10**18 - 1
QUERY_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _message(key: str, **values: Any) -> str:
    if key == "max_length":
        return (
            ngettext("Use at most %(limit)d character.", "Use at most %(limit)d characters.", values["limit"])
            % values
        )
    if key == "max_items":
        return (
            ngettext("Give at most %(limit)d item.", "Give at most %(limit)d items.", values["limit"])
            % values
        )
    if key == "min_items":
        return (
            ngettext("Give at least %(limit)d item.", "Give at least %(limit)d items.", values["limit"])
            % values
        )
    return str(MESSAGES[key]) % values


def too_long(limit: int) -> str:
    """The message for a text over `limit` characters (a header, say, that no serializer reads)."""
    return _message("max_length", limit=limit)


MESSAGES = {
    "required": _("This field is required."),
    "null": _("This field cannot be null."),
    "blank": _("This field cannot be empty."),
    "unknown_field": _("This field is not part of this request."),
    "unknown_parameter": _("This parameter is not known here."),
    "repeated": _("Give this parameter once."),
    "not_object": _("Send a JSON object."),
    "not_list": _("Send a JSON list."),
    "string": _("Give a string."),
    "boolean": _("Give true or false."),
    "integer": _("Give a whole number."),
    "list": _("Give a list."),
    "object": _("Give an object."),
    "choice": _("Choose one of the allowed values."),
    "date": _("Give a date as YYYY-MM-DD."),
    "uuid": _("Give an id (a UUID)."),
    "pattern": _("This value does not have the expected form."),
    "min_value": _("Give a number of at least %(limit)s."),
    "max_value": _("Give a number of at most %(limit)s."),
    "nul": _("Text cannot contain the NUL character."),
    "text": _("Give valid text."),
}


def _json_types(field: serializers.Field) -> tuple[type, ...] | None:
    """The JSON types a field takes in a request body, or None for any."""
    declared = getattr(field, "json_types", None)
    if declared is not None:
        return tuple(declared)
    if isinstance(field, serializers.BooleanField):
        return (bool,)
    if isinstance(field, serializers.IntegerField):
        return (int,)
    if isinstance(
        field, (serializers.ListField, serializers.MultipleChoiceField, serializers.ListSerializer)
    ):
        return (list,)
    if isinstance(field, (serializers.DictField, serializers.Serializer)):
        return (dict,)
    if isinstance(field, serializers.ChoiceField):
        kinds = {type(key) for key in field.choices}
        return (int,) if kinds == {int} else (str,)
    if isinstance(field, (serializers.CharField, serializers.DateField, serializers.UUIDField)):
        return (str,)
    if isinstance(field, serializers.DecimalField):
        return (str,)
    return None


def _type_message(types: tuple[type, ...]) -> str:
    names = {bool: "boolean", int: "integer", list: "list", dict: "object"}
    return _message(names.get(types[0], "string"))


def _is_instance(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _text_problem(field: serializers.Field, value: str) -> str | None:
    if "\x00" in value:
        return _message("nul")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _message("text")
    limit = getattr(field, "max_length", None)
    if isinstance(field, serializers.CharField) and limit is not None and len(value) > limit:
        return _message("max_length", limit=limit)
    if isinstance(field, serializers.DateField) and not DATE.fullmatch(value):
        return _message("date")
    return None


def _check(field: serializers.Field, value: Any) -> Any:
    """The errors of one value before DRF reads it: its JSON type, recursively through lists.
    Objects inside are checked by their own `JsonInput`."""
    if value is None:
        return None
    types = _json_types(field)
    if types is not None and not _is_instance(value, types):
        return [_type_message(types)]
    if isinstance(value, str):
        problem = _text_problem(field, value)
        return [problem] if problem else None
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        child = field.child
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            return [_message("max_items", limit=limit)]
        errors = {index: found for index, item in enumerate(value) if (found := _check(child, item))}
        return errors or None
    return None


# --- DRF's messages in the project's words, by their code -------------------------------------------


def _stock(field: serializers.Field, detail: ErrorDetail) -> bool:
    """Whether an `invalid` error is DRF's own message for the field (not one the code wrote)."""
    stock = str(field.error_messages.get("invalid", ""))
    return str(detail) == stock or ("{" in stock and str(detail).startswith(stock.split("{", 1)[0]))


def _translated(field: serializers.Field, detail: ErrorDetail) -> str:
    code = detail.code
    if code == "required":
        return _message("required")
    if code == "null":
        return _message("null")
    if code in ("blank",) or (code == "min_length" and isinstance(field, serializers.CharField)):
        return _message("blank")
    if code == "max_length" and isinstance(field, serializers.CharField):
        return _message("max_length", limit=field.max_length)
    if code in ("min_length", "empty") and isinstance(field, serializers.ListField):
        return _message("min_items", limit=field.min_length or 1)
    if code == "max_length" and isinstance(field, serializers.ListField):
        return _message("max_items", limit=field.max_length)
    if code == "invalid_choice":
        return _message("choice")
    if code == "min_value":
        return _message("min_value", limit=field.min_value)  # type: ignore[attr-defined]
    if code == "max_value":
        return _message("max_value", limit=field.max_value)  # type: ignore[attr-defined]
    if code == "not_a_list":
        return _message("list")
    if code in ("null_characters_not_allowed",):
        return _message("nul")
    if code in ("surrogate_characters_not_allowed",):
        return _message("text")
    if code in ("invalid", "datetime") and _stock(field, detail):
        if isinstance(field, serializers.DateField):
            return _message("date")
        if isinstance(field, serializers.UUIDField):
            return _message("uuid")
        if isinstance(field, serializers.BooleanField):
            return _message("boolean")
        if isinstance(field, serializers.IntegerField):
            return _message("integer")
        if isinstance(field, (serializers.RegexField, serializers.SlugField, serializers.DecimalField)):
            return _message("pattern")
    return str(detail)


def _translate(field: serializers.Field, detail: Any) -> Any:
    if isinstance(field, serializers.Serializer):
        return detail  # its own JsonInput already spoke
    if isinstance(detail, list):
        return [_translated(field, d) if isinstance(d, ErrorDetail) else d for d in detail]
    if isinstance(detail, dict) and isinstance(field, (serializers.ListField, serializers.DictField)):
        return {key: _translate(field.child, value) for key, value in detail.items()}
    return detail


def _translate_all(serializer: serializers.Serializer, detail: Any) -> Any:
    if not isinstance(detail, dict):
        return detail
    fields = serializer.fields
    return {
        name: _translate(fields[name], value) if name in fields else value for name, value in detail.items()
    }


class WebAddressField(serializers.CharField):
    """A web address (`WEB_ADDRESS`), checked by the same pattern the description publishes, so
    that what it allows is what is accepted (Django's URL check is stricter than any pattern can
    say: it refuses, for one, a host name longer than 253 characters)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        pattern = f"^(?:{WEB_ADDRESS})?$" if self.allow_blank else f"^{WEB_ADDRESS}$"
        self.validators.append(
            RegexValidator(pattern, message=_("Write a web address that starts with https://."))
        )


class JsonInput(serializers.Serializer):
    """A JSON request body: an object with exactly the declared fields, each of its JSON type."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise ValidationError({"non_field_errors": [_message("not_object")]})
        fields = {name: field for name, field in self.fields.items() if not field.read_only}
        errors: dict[str, Any] = {}
        for name in data:
            if name not in fields:
                errors[str(name)] = [_message("unknown_field")]
        for name, field in fields.items():
            if name in data and (found := _check(field, data[name])):
                errors[name] = found
        if errors:
            raise ValidationError(errors)
        try:
            return super().to_internal_value(data)
        except ValidationError as exc:
            raise ValidationError(_translate_all(self, exc.detail)) from None


class JsonListInput(serializers.ListSerializer):
    """A JSON request body that is a list of objects (each a `JsonInput`)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, list):
            raise ValidationError({"non_field_errors": [_message("not_list")]})
        if not data and not self.allow_empty:
            raise ValidationError({"non_field_errors": [_message("min_items", limit=1)]})
        limit = getattr(self, "max_length", None)
        if limit is not None and len(data) > limit:
            raise ValidationError({"non_field_errors": [_message("max_items", limit=limit)]})
        return super().to_internal_value(data)


# The methods whose query string is an API view's `query_input`; a write's input is its body.
READS = frozenset({"get", "head"})


class QueryInput(serializers.Serializer):
    """A query string: only the declared parameters, each once unless it is a list, booleans as
    `true`/`false` (or `1`/`0`) and whole numbers as digits."""

    def to_internal_value(self, data: Any) -> Any:
        getlist = getattr(data, "getlist", None)
        errors: dict[str, Any] = {}
        plain: dict[str, Any] = {}
        for name in data:
            field = self.fields.get(name)
            values = getlist(name) if getlist else [data[name]]
            if field is None or field.read_only:
                errors[str(name)] = [_message("unknown_parameter")]
                continue
            many = isinstance(field, (serializers.ListField, serializers.MultipleChoiceField))
            if not many and len(values) > 1:
                errors[name] = [_message("repeated")]
                continue
            problem = next((p for v in values if (p := self._problem(field, v))), None)
            if problem:
                errors[name] = [problem]
                continue
            plain[name] = values if many else self._value(field, values[0])
        if errors:
            raise ValidationError(errors)
        try:
            return super().to_internal_value(plain)
        except ValidationError as exc:
            raise ValidationError(_translate_all(self, exc.detail)) from None

    @staticmethod
    def _problem(field: serializers.Field, value: str) -> str | None:
        target = field.child if isinstance(field, serializers.ListField) else field
        if isinstance(target, serializers.BooleanField) and value not in QUERY_BOOLEANS:
            return _message("boolean")
        if isinstance(target, serializers.IntegerField) and not INTEGER.fullmatch(value):
            return _message("integer")
        return _text_problem(target, value)

    @staticmethod
    def _value(field: serializers.Field, value: str) -> Any:
        if isinstance(field, serializers.BooleanField):
            return QUERY_BOOLEANS[value]
        return value


# --- Fields whose JSON shape DRF's own fields do not say exactly --------------------------------------

MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
MONEY_MAX = 10**12 - 1


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "decimal", "pattern": MONEY_PATTERN},
            {"type": "integer", "minimum": 0, "maximum": MONEY_MAX},
        ],
        "description": 'An amount of money: a string with at most two decimal places ("48000.00") or a '
        "whole number; never a JSON number with a fraction, which a binary float cannot hold exactly.",
    }
)
class AmountField(serializers.Field):
    """A sum of money, read exactly into a Decimal: a decimal string or a whole number."""

    json_types = (str, int)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, str):
            if not re.fullmatch(MONEY_PATTERN, data):
                raise ValidationError(_message("pattern"), code="invalid")
            return Decimal(data)
        if isinstance(data, int) and not isinstance(data, bool):
            if data < 0:
                raise ValidationError(_message("min_value", limit=0), code="invalid")
            if data > MONEY_MAX:
                raise ValidationError(_message("max_value", limit=MONEY_MAX), code="invalid")
            return Decimal(data)
        raise ValidationError(_message("pattern"), code="invalid")

    def to_representation(self, value: Any) -> Any:
        return None if value is None else f"{value:f}"


AMOUNT_PATTERN = r"^[0-9]{1,15}(\.[0-9]{1,10})?$"


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "pattern": AMOUNT_PATTERN},
            {"type": "integer", "minimum": 0, "maximum": 10**15},
        ],
        "description": 'A number as a string with a decimal point ("50000.00") or a whole number; a '
        "JSON number with a fraction is refused (`float_not_allowed`).",
    }
)
class CalculatorAmountField(serializers.Field):
    """An amount given to a calculator, checked for its shape only and passed on as sent: the
    calculator reads it exactly and names its own problems (a float, zero, too many places)."""

    json_types = (str, int, float)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and not re.fullmatch(AMOUNT_PATTERN, data):
            raise ValidationError(_message("pattern"), code="invalid")
        if isinstance(data, int) and not isinstance(data, bool) and data < 0:
            raise ValidationError(_message("min_value", limit=0), code="invalid")
        if isinstance(data, int) and not isinstance(data, bool) and data > 10**15:
            raise ValidationError(_message("max_value", limit=10**15), code="invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


# --- A hot body read without DRF's per-request work ---------------------------------------------------


class _Doubt(Exception):
    """The plain reading cannot vouch for a value: the serializer reads the body instead."""


_MISSING = object()
_Plan = tuple[frozenset[str], list[tuple[str, Any, str, Any]]]
_LEAF_KINDS: dict[type, str] = {
    serializers.ChoiceField: "choice",
    serializers.CharField: "text",
    serializers.BooleanField: "boolean",
    serializers.DateField: "date",
}
_CHAR_VALIDATORS = (
    "MaxLengthValidator",
    "ProhibitNullCharactersValidator",
    "ProhibitSurrogateCharactersValidator",
)


class PlainReader:
    """Reads a `JsonInput` body as its serializer would, without building the serializer.

    A serializer copies its declared fields for every request it reads, then runs each field's
    layers of validation; for a body read many times a second (a worker's report) that costs more
    than the checks themselves. `read` checks a body with plain code and returns exactly what the
    serializer's `validated_data` would; whenever a value is anything but plainly right (a wrong
    type, an unknown or missing field, a blank or over-long text, an unknown choice, a bad date),
    the body is handed to the serializer, which refuses it with its own errors and messages. So an
    error answer is always the serializer's; a test checks that the two read the same bodies alike.

    Only fields whose reading is written out here are allowed; any other field, validator or
    `validate` method in the serializer is refused when the reader is made."""

    def __init__(self, serializer_class: type[JsonInput]) -> None:
        self.serializer_class = serializer_class
        self._plan = self._planned(serializer_class)

    def read(self, data: Any) -> dict[str, Any]:
        """The body's validated data; raises the serializer's ValidationError for a wrong body."""
        try:
            return self._object(self._plan, data)
        except _Doubt:
            serializer = self.serializer_class(data=data)
            serializer.is_valid(raise_exception=True)
            return dict(serializer.validated_data)

    # The plan: the declared names, and per field (name, field, how to read it, the nested plan or
    # the child field).
    @classmethod
    def _planned(cls, serializer_class: type[JsonInput]) -> _Plan:
        serializer = serializer_class()
        if (
            serializer_class.validate is not serializers.Serializer.validate
            or serializer_class.to_internal_value is not JsonInput.to_internal_value
            or serializer_class.run_validation is not serializers.Serializer.run_validation
            or serializer.validators
        ):
            raise TypeError(f"{serializer_class.__name__} is not plainly read")
        plan: list[tuple[str, Any, str, Any]] = []
        for name, field in serializer.fields.items():
            if field.read_only or field.source != name or hasattr(serializer, f"validate_{name}"):
                raise TypeError(f"{serializer_class.__name__}.{name} is not plainly read")
            if isinstance(field, JsonInput):
                plan.append((name, field, "object", cls._planned(type(field))))
            elif type(field) is serializers.ListField:
                cls._leaf_kind(field.child)
                if field.child.allow_null or any(
                    type(v).__name__ not in ("MaxLengthValidator", "MinLengthValidator")
                    for v in field.validators
                ):
                    raise TypeError(f"{serializer_class.__name__}.{name} is not plainly read")
                plan.append((name, field, "list", field.child))
            else:
                plan.append((name, field, cls._leaf_kind(field), None))
        return frozenset(serializer.fields), plan

    @staticmethod
    def _leaf_kind(field: serializers.Field) -> str:
        kind = _LEAF_KINDS.get(type(field))
        allowed = _CHAR_VALIDATORS if kind == "text" else ()
        if (
            kind is None
            or any(type(v).__name__ not in allowed for v in field.validators)
            or (kind == "text" and (field.min_length is not None or not field.trim_whitespace))  # type: ignore[attr-defined]
            or (
                kind == "date"
                and list(getattr(field, "input_formats", api_settings.DATE_INPUT_FORMATS)) != [ISO_8601]
            )
        ):
            raise TypeError(f"{type(field).__name__} {field.field_name!r} is not plainly read")
        return kind

    @classmethod
    def _object(cls, planned: _Plan, data: Any) -> dict[str, Any]:
        names, plan = planned
        if type(data) is not dict or not names.issuperset(data):
            raise _Doubt
        out: dict[str, Any] = {}
        for name, field, kind, inner in plan:
            value = data.get(name, _MISSING)
            if value is _MISSING:
                if field.required:
                    raise _Doubt
                if field.default is serializers.empty:
                    continue  # DRF leaves the field out
                out[name] = field.default() if callable(field.default) else field.default
            elif value is None:
                if not field.allow_null:
                    raise _Doubt
                out[name] = None
            elif kind == "object":
                out[name] = cls._object(inner, value)
            elif kind == "list":
                if type(value) is not list:
                    raise _Doubt
                if (field.max_length is not None and len(value) > field.max_length) or (
                    len(value) < (field.min_length or 0) or (not value and not field.allow_empty)
                ):
                    raise _Doubt
                child_kind = _LEAF_KINDS[type(inner)]
                out[name] = [cls._leaf(inner, child_kind, item) for item in value]
            else:
                out[name] = cls._leaf(field, kind, value)
        return out

    @staticmethod
    def _leaf(field: Any, kind: str, value: Any) -> Any:
        if kind == "boolean":
            if type(value) is not bool:
                raise _Doubt
            return value
        if type(value) is not str or "\x00" in value:
            raise _Doubt
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _Doubt from None
        if kind == "choice":
            if value == "" and field.allow_blank:
                return ""
            try:
                return field.choice_strings_to_values[value]
            except KeyError:
                raise _Doubt from None
        if kind == "text":
            if field.max_length is not None and len(value) > field.max_length:
                raise _Doubt
            stripped = value.strip()
            if not stripped and not field.allow_blank:
                raise _Doubt
            return stripped
        # a date
        if not DATE.fullmatch(value):
            raise _Doubt
        try:
            parsed = parse_date(value)
        except (ValueError, TypeError):
            raise _Doubt from None
        if parsed is None:
            raise _Doubt
        return parsed
