"""Writing the rows of several tables in one statement.

A report becomes a case, its categories, its timeline, its search tokens, its receipt digest and
more: a handful of small INSERTs into different tables, each a round trip to the database and a
statement for the server to parse, plan and run. On PostgreSQL `insert_together` sends them as one
statement of data-modifying common table expressions (`WITH a AS (INSERT …), b AS (INSERT …)
INSERT …`), which PostgreSQL runs once each and to completion; the foreign keys are deferred to the
commit (Django declares them `DEFERRABLE INITIALLY DEFERRED`), so the order of the parts does not
matter. On SQLite each table's rows are one bulk INSERT, as `bulk_create` writes them.

The SQL of each part is Django's own (`InsertQuery`): the same value conversions, `auto_now` stamps
and `ON CONFLICT DO NOTHING` as `bulk_create`. Rows must carry their primary key already or have an
automatic one the caller does not need back (nothing is returned), and their foreign keys set by id
or from saved (or saved-together) objects.

Many small rows of one model (a case's search tokens) may be given as plain values instead of model
instances (`Values`): the same statement, the same conversions of each value (`get_db_prep_save`),
without making an instance for each row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connections, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import AutoField, BinaryField, Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

from .prepared import prepared_cursor


@dataclass(frozen=True)
class Rows:
    """Rows of one model; with `ignore_conflicts`, a row that breaks a unique constraint is skipped."""

    objs: Sequence[Model]
    ignore_conflicts: bool = False


@dataclass(frozen=True)
class Values:
    """Rows of one model as plain values: `fields` names (by attribute name, `case_id` for a foreign
    key) every concrete field but an automatic primary key, each row holds their values in that
    order. The values must be plain (no expressions) and no field may stamp its own value
    (`auto_now`, `auto_now_add`): the rows are written as given. With `ignore_conflicts`, a row that
    breaks a unique constraint is skipped."""

    model: type[Model]
    fields: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    ignore_conflicts: bool = False


@lru_cache(maxsize=64)
def _value_fields(model: type[Model], names: tuple[str, ...]) -> list[Any]:
    """The fields of `Values`, checked once for each model and list of names."""
    opts = model._meta
    by_attname = {f.attname: f for f in opts.concrete_fields if not f.generated}
    fields = [by_attname[name] for name in names]
    required = {name for name, f in by_attname.items() if not (f is opts.pk and isinstance(f, AutoField))}
    if len(set(names)) != len(names) or not required <= set(names):
        raise ValueError(f"{opts.label}: values for {sorted(required)} (each once), got {list(names)}")
    if any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields):
        raise ValueError(f"{opts.label}: a field stamps its own value; give model instances")
    return fields


def _values_sql(values: Values, using: str) -> tuple[str, list[Any]]:
    fields = _value_fields(values.model, values.fields)
    shape = (values.model, values.fields, len(values.rows), values.ignore_conflicts, using)
    known = _SHAPES.get(shape)
    connection = connections[using]
    if known is not None:
        rows = [
            [f.get_db_prep_save(value, connection=connection) for f, value in zip(fields, row, strict=True)]
            for row in values.rows
        ]
        return known.sql, known.params(rows)
    objs = [values.model(**dict(zip(values.fields, row, strict=True))) for row in values.rows]
    query = InsertQuery(values.model, on_conflict=OnConflict.IGNORE if values.ignore_conflicts else None)
    query.insert_values(fields, objs, raw=False)
    ((sql, params),) = query.get_compiler(using=using).as_sql()
    params = list(params)
    _remember(shape, sql, params, fields)
    return sql, params


@dataclass(frozen=True)
class Statement:
    """A statement of the caller's own (an UPDATE), sent with the INSERTs."""

    sql: str
    params: Sequence[Any] = field(default_factory=list)


def _insert_sql(rows: Rows, using: str) -> tuple[str, list[Any]]:
    model = type(rows.objs[0])
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.generated]
    if all(obj.pk is None for obj in rows.objs):
        fields = [f for f in fields if not (f is opts.pk and isinstance(f, AutoField))]
    shape = (model, tuple(f.attname for f in fields), len(rows.objs), rows.ignore_conflicts, using)
    known = _SHAPES.get(shape)
    if known is not None:
        found = _values(known, fields, rows.objs, connections[using])
        if found is not None:
            return known.sql, found
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE if rows.ignore_conflicts else None)
    query.insert_values(fields, list(rows.objs), raw=False)
    ((sql, params),) = query.get_compiler(using=using).as_sql()
    params = list(params)
    _remember(shape, sql, params, fields)
    return sql, params


@dataclass(frozen=True)
class _Shape:
    """The SQL Django's compiler wrote for rows of one shape, and how it laid out their values:
    row by row (`VALUES (…), (…)`) or column by column (PostgreSQL's `UNNEST` of one array each)."""

    sql: str
    by_column: bool

    def params(self, rows: list[list[Any]]) -> list[Any]:
        """The prepared values of the rows, laid out as the statement takes them."""
        if self.by_column:
            return [list(column) for column in zip(*rows, strict=True)]
        return [value for row in rows for value in row]


# Django's INSERT for a model, its fields, a number of rows and the conflict clause depends only on
# these, as long as every value is a plain value (no expression) and no field writes a placeholder
# of its own: then the statement is built once and only the values are prepared for each insert,
# as the compiler prepares them (`pre_save`, then `get_db_prep_save`).
_SHAPES: dict[tuple[Any, ...], _Shape] = {}
_SHAPES_MAX = 512


def _plain_placeholder(field: Any, connection: Any) -> bool:
    """Whether the compiler writes a plain `%s` for every value of this field: fields without a
    placeholder of their own, and binary fields on a backend whose binary placeholder is `%s`."""
    placeholder = getattr(type(field), "get_placeholder", None)
    if placeholder is None:
        return True
    return (
        placeholder is BinaryField.get_placeholder  # type: ignore[attr-defined]
        and type(connection.ops).binary_placeholder_sql is BaseDatabaseOperations.binary_placeholder_sql
    )


def _remember(shape: tuple[Any, ...], sql: str, params: list[Any], fields: list[Any]) -> None:
    rows, using = shape[2], shape[4]
    if not all(_plain_placeholder(f, connections[using]) for f in fields) or len(_SHAPES) >= _SHAPES_MAX:
        return
    if len(params) == rows * len(fields):
        _SHAPES[shape] = _Shape(sql, by_column=False)
    elif rows > 1 and len(params) == len(fields):
        _SHAPES[shape] = _Shape(sql, by_column=True)


def _values(shape: _Shape, fields: list[Any], objs: Sequence[Model], connection: Any) -> list[Any] | None:
    """The values of the rows as the compiler would send them, or None if one is an expression (the
    compiler then writes the statement)."""
    rows = []
    for obj in objs:
        row = []
        for f in fields:
            value = f.pre_save(obj, add=True)
            if hasattr(value, "resolve_expression"):
                return None
            value = f.get_db_prep_save(value, connection=connection)
            if hasattr(value, "as_sql"):
                return None
            row.append(value)
        rows.append(row)
    return shape.params(rows)


def insert_together(*parts: Rows | Values | Sequence[Model] | Statement) -> None:
    """Insert every row of every part (and run the given statements) in one statement on PostgreSQL,
    one statement per part elsewhere. Runs in the caller's transaction."""
    groups = [p if isinstance(p, Rows | Values | Statement) else Rows(p) for p in parts]
    groups = [g for g in groups if isinstance(g, Statement) or (g.objs if isinstance(g, Rows) else g.rows)]
    if not groups:
        return
    first = next((g for g in groups if not isinstance(g, Statement)), None)
    if isinstance(first, Rows):
        using = router.db_for_write(type(first.objs[0]))
    else:
        using = router.db_for_write(first.model) if first is not None else "default"
    connection = connections[using]
    if connection.vendor != "postgresql":
        for group in groups:
            if isinstance(group, Statement):
                with connection.cursor() as cursor:
                    cursor.execute(group.sql, list(group.params))
            elif isinstance(group, Values):
                _write_values(group, using)
            else:
                type(group.objs[0])._default_manager.db_manager(using).bulk_create(
                    group.objs, ignore_conflicts=group.ignore_conflicts
                )
        return
    statements = [
        (g.sql, list(g.params))
        if isinstance(g, Statement)
        else _values_sql(g, using)
        if isinstance(g, Values)
        else _insert_sql(g, using)
        for g in groups
    ]
    *ctes, (last_sql, last_params) = statements
    sql = ""
    params: list[Any] = []
    if ctes:
        sql = "WITH " + ", ".join(f"part_{n} AS ({s})" for n, (s, _p) in enumerate(ctes)) + " "
        params = [value for _s, p in ctes for value in p]
    with prepared_cursor(using) as cursor:
        cursor.execute(sql + last_sql, params + last_params)
    for group in groups:
        if isinstance(group, Rows):
            for obj in group.objs:
                obj._state.adding = False
                obj._state.db = using


def _write_values(values: Values, using: str) -> None:
    """Plain rows on a backend without data-modifying CTEs: one INSERT, or one for each batch the
    backend's limit on a statement's values allows (as `bulk_create` splits them)."""
    connection = connections[using]
    fields = _value_fields(values.model, values.fields)
    size = max(1, connection.ops.bulk_batch_size(fields, values.rows))
    with connection.cursor() as cursor:
        for start in range(0, len(values.rows), size):
            batch = Values(
                values.model, values.fields, values.rows[start : start + size], values.ignore_conflicts
            )
            cursor.execute(*_values_sql(batch, using))
