"""Rows given to `insert_together` as plain values (`Values`) are written exactly as the same rows
given as model instances: the same statement with the same values, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

from korgoo.cases.models import Case, CaseSearchToken, RoutingRule
from korgoo.cases.search import tokens_for_text
from korgoo.cases.services.indexing import content_tokens, index_content
from korgoo.conftest import SUITE_NOW, make_org
from korgoo.core.inserts import Rows, Values, _values_sql, insert_together

pytestmark = pytest.mark.django_db

CONTENT = {"description": "Бригадир паспортумду алып коюшту, айлык жок", "employer_name": "ООО Ромашка"}


def _case(org: Any = None) -> Case:
    case = Case(
        organisation=org or make_org("NGO"), country="RU", language="ky", reported_on=SUITE_NOW.date(),
        due_on=SUITE_NOW.date(), last_activity_at=SUITE_NOW, share_with=["ngo"],
    )  # fmt: skip
    insert_together([case])
    return case


def _compiled(objs: list[CaseSearchToken]) -> tuple[str, list[Any]]:
    """What Django's own compiler writes for these model instances (as `bulk_create` would)."""
    fields = [f for f in CaseSearchToken._meta.concrete_fields if f is not CaseSearchToken._meta.pk]
    query = InsertQuery(CaseSearchToken, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, objs, raw=False)
    ((sql, params),) = query.get_compiler(using="default").as_sql()
    return sql, list(params)


def _written(case: Case) -> list[tuple[Any, ...]]:
    return sorted(
        CaseSearchToken.objects.filter(case=case).values_list("case_id", "organisation_id", "token")
    )


def test_plain_values_make_the_statement_the_compiler_makes_for_instances() -> None:
    case = _case()
    values = content_tokens(case, CONTENT)
    assert len(values.rows) > 10  # the words and their prefixes
    objs = [CaseSearchToken(case=case, organisation_id=o, token=t) for _c, o, t in values.rows]
    expected = _compiled(objs)
    assert _values_sql(values, "default") == expected  # built by the compiler, or already known
    assert _values_sql(values, "default") == expected  # from the remembered statement


def test_plain_values_write_the_rows_model_instances_write() -> None:
    by_values = _case()
    by_instances = _case(by_values.organisation)
    index_content(by_values, CONTENT)
    text = " ".join(CONTENT.values())
    insert_together(
        Rows(
            [
                CaseSearchToken(case=by_instances, organisation_id=by_instances.organisation_id, token=t)
                for t in tokens_for_text(text)
            ],
            ignore_conflicts=True,
        )
    )
    rows = _written(by_values)
    assert rows  # tokens were written…
    # …and the same ones, for the same organisation
    assert [(by_instances.pk, *row[1:]) for row in rows] == _written(by_instances)
    assert {token for _c, _o, token in rows} == tokens_for_text(text)
    # A conflicting row is skipped, as `ignore_conflicts` skips it for instances.
    index_content(by_values, CONTENT)
    assert _written(by_values) == rows


def test_plain_values_are_written_in_batches_where_a_statement_holds_few_values() -> None:
    case = _case()
    tokens = [f"t{n:04d}" for n in range(700)]  # 2,100 values: over SQLite's 999 a statement
    insert_together(
        Values(CaseSearchToken, ("case_id", "organisation_id", "token"), [(case.pk, None, t) for t in tokens])
    )
    assert [t for _c, _o, t in _written(case)] == tokens
    assert connection.vendor in {"sqlite", "postgresql"}


def test_values_must_name_every_field_and_none_that_stamps_itself() -> None:
    case = _case()
    with pytest.raises(ValueError, match="organisation_id"):
        insert_together(Values(CaseSearchToken, ("case_id", "token"), [(case.pk, "t")]))
    with pytest.raises(ValueError, match="stamps its own value"):
        insert_together(
            Values(
                RoutingRule,
                (
                    "organisation_id",
                    "country",
                    "locality_id",
                    "category",
                    "priority",
                    "is_active",
                    "created_at",
                ),
                [(case.organisation_id, "RU", None, "", 100, True, SUITE_NOW)],
            )
        )
    assert not CaseSearchToken.objects.filter(case=case).exists()
