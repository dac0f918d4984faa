"""Statements prepared on the server (`korgoo.core.prepared`): the same rows as Django's cursor gives,
each statement prepared once per connection however long it is, and each run with its own values."""

from __future__ import annotations

import pytest
from django.db import connection

from korgoo.core.prepared import prepared_cursor

pytestmark = pytest.mark.django_db

# A long statement: above psycopg's own limits for remembering a statement's conversion (4 KiB of
# text, 50 values), as a report's INSERT of every row is.
VALUES = 60
LONG = "SELECT " + ", ".join(
    f"CAST(%s AS integer) + 0 AS value_number_{n:03d}_{'x' * 50}" for n in range(VALUES)
)


def test_a_prepared_statement_reads_what_djangos_cursor_reads() -> None:
    sql = "SELECT %s, %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, ["ай", 7])
        plain = cursor.fetchall()
    with prepared_cursor() as cursor:
        cursor.execute(sql, ["ай", 7])
        assert cursor.fetchall() == plain == [("ай", 7)]


@pytest.mark.postgres_only
def test_a_long_statement_is_prepared_once_and_runs_with_each_calls_values() -> None:
    assert len(LONG) > 4096
    for start in (0, 1000, 5000):
        values = list(range(start, start + VALUES))
        with prepared_cursor() as cursor:
            cursor.execute(LONG, values)
            assert list(cursor.fetchone()) == values
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%value_number_059_%"],
        )
        assert cursor.fetchall() == [(3,)]  # one prepared statement, run three times
