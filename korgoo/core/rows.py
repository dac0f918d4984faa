"""Model instances from the rows of a fixed statement, converted as the ORM converts them.

A read that runs on every request of a hot path (routing a report, finding an idempotency record)
is cheaper as a fixed statement than as a query the ORM builds anew each time; building it cost
more than running it. What the database returns still needs the ORM's conversions (SQLite gives a
UUID as text and a date as a string, PostgreSQL a JSON column as text…): `models_from_rows` applies
the backend's converters and each field's own, in the order Django's compiler does, and makes the
instances with `Model.from_db`, as a queryset would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model

M = TypeVar("M", bound=Model)


def columns(model: type[Model], fields: Sequence[str], alias: str = "") -> str:
    """The quoted columns of these fields (by name), for a SELECT list; with a table alias if given."""
    quote = connections["default"].ops.quote_name
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + quote(str(model._meta.get_field(name).column)) for name in fields)  # type: ignore[union-attr]


@lru_cache(maxsize=64)
def _reading(
    model: type[Model], fields: tuple[str, ...], using: str
) -> tuple[list[str], list[tuple[int, Any, list[Any]]]]:
    connection = connections[using]
    attnames: list[str] = []
    converters: list[tuple[int, Any, list[Any]]] = []
    for index, name in enumerate(fields):
        field = model._meta.get_field(name)
        attnames.append(field.attname)  # type: ignore[union-attr]
        col = field.get_col(model._meta.db_table)  # type: ignore[union-attr]
        functions = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if functions:
            converters.append((index, col, functions))
    return attnames, converters


def models_from_rows(
    model: type[M], fields: Sequence[str], rows: Iterable[Sequence[Any]], using: str = "default"
) -> list[M]:
    """Instances of `model` from rows holding `fields` (names, in the order of the SELECT list).
    The instances are as a queryset's `.only(*fields)` would give them."""
    connection = connections[using]
    attnames, converters = _reading(model, tuple(fields), using)
    out = []
    for row in rows:
        values = list(row)
        for index, col, functions in converters:
            for convert in functions:
                values[index] = convert(values[index], col, connection)
        out.append(model.from_db(using, attnames, values))
    return out
