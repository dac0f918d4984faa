"""What one report costs the database, pinned: a new statement on the intake path is a decision, not
an accident (benchmarks/RESULTS.md, "Intake", counts them and what each costs).

A report through the API, on PostgreSQL: the idempotency key looked up and the two intake budgets
read in one SELECT, the budgets counted in one INSERT, BEGIN, the routing rules read, every row of the new case
(case, categories, timeline, suggestions, search tokens, outbox message, receipt digest, idempotency
record, the audit row and the audit chain's new head) in one statement once the chain's head is
locked, COMMIT. On SQLite the rows are one INSERT per table instead.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case, CaseCategory, CaseEvent, CaseSearchToken, CaseSuggestion
from korgoo.conftest import TwoOrgs
from korgoo.core.models import OutboxMessage
from korgoo.intake.models import IdempotencyRecord, Report

pytestmark = pytest.mark.django_db

BODY = {
    "language": "ky",
    "country": "RU",
    "city": "Moscow",
    "categories": ["unpaid_wages", "no_contract"],
    # "паспортумду алып коюшту": the text names taken documents, which the worker did not tick.
    "description": "Эки айдан бери айлык төлөнгөн жок. Бригадир паспортумду алып коюшту.",
    "employer_name": "ООО Бенчмарк",
    "share_with": ["ngo", "trade_union"],
}

# BEGIN, COMMIT (here a savepoint and its release) and every statement between; the SQLite figure has one INSERT per table.
EXPECTED = {"postgresql": 7, "sqlite": 16}


def _submit(client: Client, key: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        answer = client.post(
            "/api/v1/reports/", json.dumps(BODY), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
        )
    assert answer.status_code == 201, answer.content
    return answer.status_code, [q["sql"] for q in captured.captured_queries]


def test_a_report_costs_a_fixed_number_of_statements(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_AUDIT_CHAIN_SHARDS = 1  # one chain per organisation, its head made by the warm-up
    client = Client()
    _submit(client, "warm-up")  # the audit chain's head row is made by the first report only
    before = {model: model.objects.count() for model in (Case, AuditEvent, OutboxMessage)}
    _status, statements = _submit(client, "counted")
    assert len(statements) == EXPECTED[connection.vendor], "\n".join(s[:120] for s in statements)
    # …and the statements wrote everything a report is.
    case = (
        Report.objects.select_related("case")
        .get(pk=IdempotencyRecord.objects.latest("created_at").report_id)
        .case
    )
    assert case.organisation == two_orgs.a.org  # the Moscow routing rule
    assert Case.objects.count() == before[Case] + 1
    assert set(CaseCategory.objects.filter(case=case).values_list("category", flat=True)) == {
        "unpaid_wages",
        "no_contract",
    }
    assert set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == {
        "opened",
        "routed",
        "triage_suggested",
    }
    assert CaseSuggestion.objects.filter(case=case).exists()
    assert CaseSearchToken.objects.filter(case=case, organisation=two_orgs.a.org).exists()
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(case.pk)).count() == 1
    assert OutboxMessage.objects.count() == before[OutboxMessage] + 1


def test_a_retry_costs_a_fixed_number_of_statements_and_writes_nothing(two_orgs: TwoOrgs) -> None:
    client = Client()
    _submit(client, "retried")
    cases = Case.objects.count()
    _status, statements = _submit(client, "retried")
    # the idempotency record (read with the budgets, which a retry does not spend), the report with its case
    assert len(statements) == 2, "\n".join(s[:120] for s in statements)
    assert Case.objects.count() == cases
    assert all(s.lstrip().upper().startswith("SELECT") for s in statements)


@pytest.mark.postgres_only
def test_the_intake_statements_are_prepared_once_per_connection(two_orgs: TwoOrgs, settings: Any) -> None:
    # Parsing and planning them was two fifths of the server's work on a report (korgoo.core.prepared).
    settings.KORGOO_AUDIT_CHAIN_SHARDS = 1
    client = Client()
    _submit(client, "warm-up")  # makes the audit chain's head row, a statement of its own
    logged = []
    for key in ("second", "third"):
        _status, statements = _submit(client, key)
        logged.extend(statements)
    assert all(logged), "the query log keeps every statement's text, prepared ones too"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        runs = dict(cursor.fetchall())

    def runs_of(fragment: str) -> int:
        return sum(n for statement, n in runs.items() if fragment in statement)

    # Each ran once for each of the last two reports from the same prepared statement.
    assert runs_of('INSERT INTO "cases_case"') >= 2  # the case and every row with it
    assert runs_of('"intake_idempotencyrecord"') >= 2 + 2  # the record read with the budgets, and written
    assert runs_of('FROM "cases_routingrule"') >= 2
    assert runs_of('FROM "audit_auditchainhead"') >= 2
    assert runs_of('INSERT INTO "core_throttlecounter"') >= 2
