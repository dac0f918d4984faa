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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.models import AutoField, Model
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery


@dataclass(frozen=True)
class Rows:
    """Rows of one model; with `ignore_conflicts`, a row that breaks a unique constraint is skipped."""

    objs: Sequence[Model]
    ignore_conflicts: bool = False


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
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE if rows.ignore_conflicts else None)
    query.insert_values(fields, list(rows.objs), raw=False)
    ((sql, params),) = query.get_compiler(using=using).as_sql()
    return sql, list(params)


def insert_together(*parts: Rows | Sequence[Model] | Statement) -> None:
    """Insert every row of every part (and run the given statements) in one statement on PostgreSQL,
    one statement per part elsewhere. Runs in the caller's transaction."""
    groups = [p if isinstance(p, Rows | Statement) else Rows(p) for p in parts]
    groups = [g for g in groups if isinstance(g, Statement) or g.objs]
    if not groups:
        return
    first = next((g for g in groups if isinstance(g, Rows)), None)
    using = router.db_for_write(type(first.objs[0])) if first is not None else "default"
    connection = connections[using]
    if connection.vendor != "postgresql":
        for group in groups:
            if isinstance(group, Statement):
                with connection.cursor() as cursor:
                    cursor.execute(group.sql, list(group.params))
            else:
                type(group.objs[0])._default_manager.db_manager(using).bulk_create(
                    group.objs, ignore_conflicts=group.ignore_conflicts
                )
        return
    statements = [
        (g.sql, list(g.params)) if isinstance(g, Statement) else _insert_sql(g, using) for g in groups
    ]
    *ctes, (last_sql, last_params) = statements
    sql = ""
    params: list[Any] = []
    if ctes:
        sql = "WITH " + ", ".join(f"part_{n} AS ({s})" for n, (s, _p) in enumerate(ctes)) + " "
        params = [value for _s, p in ctes for value in p]
    with connection.cursor() as cursor:
        cursor.execute(sql + last_sql, params + last_params)
    for group in groups:
        if isinstance(group, Rows):
            for obj in group.objs:
                obj._state.adding = False
                obj._state.db = using
