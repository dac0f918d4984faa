"""`insert_together` builds each shape of INSERT once and then only prepares the values: what it
sends must be exactly what Django's compiler would have written for the same rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.functions import Now
from django.db.models.sql import InsertQuery

from korgoo.audit.models import AuditEvent
from korgoo.cases.choices import EventKind
from korgoo.cases.models import Case, CaseCategory, CaseEvent, CaseSearchToken
from korgoo.conftest import SUITE_NOW, make_org
from korgoo.core.inserts import _SHAPES, Rows, _insert_sql, insert_together
from korgoo.intake.models import IdempotencyRecord

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


def compose(sql: str, params: list[Any]) -> str:
    """The statement with its values written in, as PostgreSQL receives it."""
    return str(connection.ops.compose_sql(sql, params))  # type: ignore[attr-defined]


def compiled(rows: Rows) -> str:
    """The statement Django's own compiler writes for these rows, with its values in it."""
    model = type(rows.objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    if all(obj.pk is None for obj in rows.objs):
        fields = [f for f in fields if f is not model._meta.pk]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE if rows.ignore_conflicts else None)
    query.insert_values(fields, list(rows.objs), raw=False)
    ((sql, params),) = query.get_compiler(using="default").as_sql()
    return compose(sql, list(params))


def sent(rows: Rows) -> str:
    sql, params = _insert_sql(rows, "default")
    return compose(sql, params)


def test_a_remembered_shape_sends_what_the_compiler_writes() -> None:
    assert connection.vendor == "postgresql"
    org = make_org("NGO")
    with time_machine.travel(SUITE_NOW, tick=False):  # auto_now values the same in every build
        case = Case(
            organisation=org, country="RU", language="ky", reported_on=SUITE_NOW.date(),
            due_on=SUITE_NOW.date(), last_activity_at=SUITE_NOW, share_with=["ngo"],
        )  # fmt: skip
        insert_together([case])
        other = Case(
            organisation=org, country="KZ", language="ru", reported_on=SUITE_NOW.date(),
            due_on=SUITE_NOW.date(), last_activity_at=SUITE_NOW, share_with=[], wrapped_key=b"\x01k",
            sealed_report=b"\x00report",
        )  # fmt: skip
        parts: list[Rows] = [
            Rows([other]),
            Rows([CaseCategory(case=case, category="unpaid_wages")]),
            Rows([CaseCategory(case=case, category=c) for c in ("housing", "police", "violence")]),
            Rows(
                [
                    CaseEvent(
                        case=case, kind=EventKind.OPENED, data={"urgent": True, "ж": [1, None]}, at=SUITE_NOW
                    ),
                    CaseEvent(case=case, kind=EventKind.QUEUED, at=SUITE_NOW),
                ]
            ),
            Rows([CaseSearchToken(case=case, organisation_id=org.pk, token=f"t{n}") for n in range(7)], True),
            Rows(
                [
                    IdempotencyRecord(
                        key_digest="k" * 64,
                        payload_digest="p" * 64,
                        report_id=uuid.uuid4(),
                        sealed_receipt=b"\x00\xffsealed",
                        created_at=SUITE_NOW - dt.timedelta(hours=1),
                    )
                ]
            ),
            Rows(
                [
                    AuditEvent(
                        chain="c",
                        seq=1,
                        at=SUITE_NOW,
                        action="case.opened",
                        organisation_id=org.pk,
                        object_type="case",
                        object_id=str(case.pk),
                        details={"a": "б"},
                        prev_hash="0" * 64,
                        hash="f" * 64,
                    )
                ]
            ),
        ]
        for rows in parts:
            expected = compiled(rows)
            first = sent(rows)  # built by the compiler, or already known
            model = type(rows.objs[0])
            assert any(s[0] is model and s[2] == len(rows.objs) for s in _SHAPES), model
            again = sent(rows)  # from the remembered statement
            assert first == again == expected


def test_a_value_that_is_an_expression_goes_to_the_compiler() -> None:
    org = make_org("NGO")
    with time_machine.travel(SUITE_NOW, tick=False):
        case = Case(
            organisation=org, country="RU", language="ky", reported_on=SUITE_NOW.date(),
            due_on=SUITE_NOW.date(), last_activity_at=SUITE_NOW, share_with=["ngo"],
        )  # fmt: skip
        insert_together([case])
        plain = [CaseEvent(case=case, kind=EventKind.QUEUED, at=SUITE_NOW)]
        sent(Rows(plain))
        with_expression: list[Model] = [CaseEvent(case=case, kind=EventKind.QUEUED, at=Now())]
        statement = sent(Rows(with_expression))
        assert "STATEMENT_TIMESTAMP()" in statement
        assert statement == compiled(Rows([CaseEvent(case=case, kind=EventKind.QUEUED, at=Now())]))
        insert_together([CaseEvent(case=case, kind=EventKind.OPENED, at=Now())], plain)
    kinds: list[Any] = sorted(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == sorted([EventKind.OPENED, EventKind.QUEUED])
