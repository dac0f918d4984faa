"""Case work: triage, assignment, messages, notes, statuses, closing, deadlines, the queue; notifications
reach only the holding organisation and carry no personal data (SECURITY.md 7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases import selectors, services
from korgoo.cases.models import Case, CaseEvent
from korgoo.conftest import TwoOrgs, report
from korgoo.core.errors import ApplicationError, NotFound, PermissionDenied
from korgoo.intake.services import report_submit
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db


def test_triage_changes_categories_and_urgency(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    services.case_triage(
        actor=a.actor(), case=a.case, categories=["documents_taken", "violence"], urgent=True
    )
    case = Case.objects.get(pk=a.case.pk)
    assert case.urgent
    assert sorted(case.categories.values_list("category", flat=True)) == ["documents_taken", "violence"]
    with pytest.raises(ApplicationError):
        services.case_triage(actor=a.actor(), case=a.case, categories=[], urgent=False)


def test_viewer_cannot_work_and_other_organisation_cannot_touch(two_orgs: TwoOrgs) -> None:
    a, b = two_orgs.a, two_orgs.b
    with pytest.raises(PermissionDenied):
        services.case_triage(actor=a.actor("viewer"), case=a.case, categories=["other"], urgent=False)
    with pytest.raises(NotFound):
        services.case_message_to_worker(actor=b.actor(), case=a.case, body="hello")
    with pytest.raises(NotFound):
        services.case_close(actor=b.actor(), case=a.case, outcome="resolved")


def test_assignment_stays_inside_the_organisation(two_orgs: TwoOrgs) -> None:
    a, b = two_orgs.a, two_orgs.b
    services.case_assign(actor=a.actor("admin"), case=a.case, assignee=a.caseworker)
    assert Case.objects.get(pk=a.case.pk).assignee == a.caseworker
    with pytest.raises(ApplicationError):
        services.case_assign(actor=a.actor("admin"), case=a.case, assignee=b.caseworker)
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=a.actor("caseworker"), case=a.case, assignee=a.caseworker)


def test_first_message_is_the_first_response_and_starts_work(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    services.case_message_to_worker(actor=a.actor(), case=a.case, body="Саламатсызбы")
    case = Case.objects.get(pk=a.case.pk)
    assert case.first_response_at is not None
    assert case.status == "in_progress"


def test_closing_records_outcome_money_and_documents(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    with pytest.raises(ApplicationError) as missing_currency:
        services.case_close(
            actor=a.actor(), case=a.case, outcome="resolved", money_recovered=Decimal("48000")
        )
    assert missing_currency.value.code == "currency_required"
    services.case_close(
        actor=a.actor(),
        case=a.case,
        outcome="resolved",
        money_recovered=services.parse_money("48 000,50"),
        money_currency="RUB",
        documents_returned=True,
    )
    case = Case.objects.get(pk=a.case.pk)
    assert (case.status, case.outcome, case.money_recovered, case.money_currency) == (
        "closed",
        "resolved",
        Decimal("48000.50"),
        "RUB",
    )
    assert case.documents_returned and case.closed_at is not None
    closed_event = CaseEvent.objects.get(case=case, kind="closed")
    assert closed_event.worker_visible
    with pytest.raises(ApplicationError):
        services.case_message_to_worker(actor=a.actor(), case=case, body="after close")
    services.case_reopen(actor=a.actor(), case=case)
    assert Case.objects.get(pk=a.case.pk).status == "in_progress"


def test_money_must_be_a_number(db: Any) -> None:
    for bad in ("abc", "-5", "NaN", "1e20"):
        with pytest.raises(ApplicationError):
            services.parse_money(bad)
    assert services.parse_money("") is None


def test_notes_are_seen_only_by_the_writing_organisation(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    services.case_note_add(actor=a.actor(), case=a.case, body="internal NOTE-CANARY")
    view = selectors.case_get_for(actor=a.actor(), case_id=a.case.pk)
    assert [n.body for n in selectors.case_notes_for(actor=a.actor(), view=view)] == ["internal NOTE-CANARY"]
    viewer_view = selectors.case_get_for(actor=a.actor("viewer"), case_id=a.case.pk)
    assert selectors.case_notes_for(actor=a.actor("viewer"), view=viewer_view) == []


def test_overdue_filter_and_deadlines(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    services.case_set_deadline(
        actor=a.actor(), case=a.case, due_on=timezone.localdate() - dt.timedelta(days=2)
    )
    overdue = selectors.case_list_for(actor=a.actor(), filters=selectors.InboxFilters(overdue=True))
    assert [c.pk for c in overdue] == [a.case.pk]
    services.case_set_deadline(
        actor=a.actor(), case=a.case, due_on=timezone.localdate() + dt.timedelta(days=2)
    )
    assert not selectors.case_list_for(actor=a.actor(), filters=selectors.InboxFilters(overdue=True)).exists()


def test_inbox_puts_urgent_first_and_filters(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    urgent = report_submit(new=report(categories=("violence",))).report.case
    listed = list(selectors.case_list_for(actor=a.actor()))
    assert listed[0].pk == urgent.pk
    only_violence = selectors.case_list_for(
        actor=a.actor(), filters=selectors.InboxFilters(category="violence")
    )
    assert [c.pk for c in only_violence] == [urgent.pk]
    unassigned = selectors.case_list_for(actor=a.actor(), filters=selectors.InboxFilters(unassigned=True))
    assert {c.pk for c in unassigned} == {a.case.pk, urgent.pk}


def test_search_finds_words_of_sealed_content_with_other_endings(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    wanted = report_submit(new=report(description="Работодатель не выплатил зарплату за октябрь")).report.case
    found = selectors.case_list_for(actor=a.actor(), filters=selectors.InboxFilters(q="зарплата"))
    assert [c.pk for c in found] == [wanted.pk]
    by_ref = selectors.case_list_for(actor=a.actor(), filters=selectors.InboxFilters(q=wanted.short_ref))
    assert [c.pk for c in by_ref] == [wanted.pk]
    # Another organisation's search never reaches these cases.
    assert not selectors.case_list_for(
        actor=two_orgs.b.actor(), filters=selectors.InboxFilters(q="зарплата")
    ).exists()
    # A viewer (no grant for the narrative) cannot probe the content through search.
    assert not selectors.case_list_for(
        actor=a.actor("viewer"), filters=selectors.InboxFilters(q="зарплата")
    ).exists()


def test_inbox_query_count_does_not_grow_with_cases(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    actor = a.actor()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = list(selectors.case_list_for(actor=actor))
            for case in rows:
                list(case.categories.all())
                _ = case.assignee
        return len(queries)

    before = count()
    for _ in range(5):
        report_submit(new=report())
    assert count() == before


def test_coordinator_places_a_queued_case_only_where_the_worker_consented(two_orgs: TwoOrgs) -> None:
    # A report from a Russian city no rule names waits for the coordinators of Russia's network.
    queued = report_submit(new=report(country="RU", city="Владивосток", share_with=("ngo",))).report.case
    coordinator = actor_for_membership(two_orgs.coordinator)
    assert [c.pk for c in selectors.case_queue_for(actor=coordinator)] == [queued.pk]
    view = selectors.case_get_for(actor=coordinator, case_id=queued.pk)
    assert view.level == "queue" and view.report == {}  # shape only, never the worker's words
    with pytest.raises(ApplicationError):
        services.case_place_from_queue(
            actor=coordinator, case=queued, organisation=two_orgs.coordinator.organisation
        )
    services.case_place_from_queue(actor=coordinator, case=queued, organisation=two_orgs.b.org)
    placed = Case.objects.get(pk=queued.pk)
    assert placed.organisation == two_orgs.b.org
    assert selectors.case_get_for(actor=two_orgs.b.actor(), case_id=placed.pk).report["description"]
    with pytest.raises(PermissionDenied):
        services.case_place_from_queue(actor=two_orgs.a.actor(), case=placed, organisation=two_orgs.a.org)


def test_notifications_go_only_to_the_holding_organisation_and_carry_no_personal_data(
    two_orgs: TwoOrgs,
) -> None:
    from korgoo.core.outbox import outbox_drain

    outbox_drain()
    mail.outbox.clear()
    submitted = report_submit(new=report(description="secret CANARY-N story", employer="Employer CANARY-N"))
    assert outbox_drain() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    a = two_orgs.a
    assert recipients == {a.admin.user.email, a.caseworker.user.email}  # not the viewer, not org B
    for message in mail.outbox:
        text = message.subject + message.body
        assert "CANARY-N" not in text and submitted.receipt not in text
        assert str(submitted.report.case.pk) in text
    # A burst about the same case within the hour is one message, not a storm.
    for _ in range(5):
        services.case_message_from_worker(case=submitted.report.case, body="still waiting")
    assert outbox_drain() == 0


def test_every_change_leaves_an_audit_row_in_the_same_transaction(
    two_orgs: TwoOrgs, monkeypatch: Any
) -> None:
    a = two_orgs.a
    before = AuditEvent.objects.count()
    services.case_note_add(actor=a.actor(), case=a.case, body="one")
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "case.note_added"

    def broken_audit(**kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services.workflow, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        services.case_set_status(actor=a.actor(), case=Case.objects.get(pk=a.case.pk), status="court")
    assert Case.objects.get(pk=a.case.pk).status != "court"
    assert AuditEvent.objects.count() == before + 1


def test_inbox_export_needs_its_permission_holds_no_content_and_is_audited(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    """The inbox export, end to end: delivered as an encrypted archive through a single-use link
    (the details are in test_exports.py)."""
    import csv
    import io
    import re

    import pyzipper
    from openpyxl import load_workbook

    def fetch(client: Any, fmt: str) -> bytes:
        page = client.post(f"/ru/staff/export.{fmt}?status=").content.decode()
        password = re.search(r'data-testid="export-password">([^<]+)<', page)
        link = re.search(r'href="([^"]+)" data-testid="export-download"', page)
        assert password and link
        archive = client.get(link.group(1))
        assert archive.status_code == 200
        assert archive["Content-Disposition"].startswith("attachment;")
        assert client.get(link.group(1)).status_code == 404
        with pyzipper.AESZipFile(io.BytesIO(archive.content)) as zipped:
            zipped.setpassword(password.group(1).encode())
            return zipped.read(zipped.namelist()[0])

    a = two_orgs.a
    services.case_triage(actor=a.actor(), case=a.case, categories=["unpaid_wages"], urgent=False)
    assert client_for(a.caseworker).post("/ru/staff/export.csv").status_code == 403
    assert client_for(a.caseworker).post("/ru/staff/export.xlsx").status_code == 403
    admin = client_for(a.admin)
    before = AuditEvent.objects.filter(action="case.exported").count()
    text = fetch(admin, "csv").decode("utf-8-sig")
    assert a.case.short_ref in [row[0] for row in csv.reader(io.StringIO(text))]
    assert "CANARY" not in text
    assert two_orgs.b.case.short_ref not in text
    workbook = load_workbook(io.BytesIO(fetch(admin, "xlsx")))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert a.case.short_ref in values
    assert AuditEvent.objects.filter(action="case.exported").count() == before + 2
