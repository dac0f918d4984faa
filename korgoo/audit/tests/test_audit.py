"""The audit log is complete, chained and append-only (SECURITY.md requirement 29)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from korgoo.audit.models import AuditEvent
from korgoo.audit.services import audit_record, audit_verify
from korgoo.cases import services
from korgoo.cases.models import Case
from korgoo.conftest import TwoOrgs

pytestmark = pytest.mark.django_db


def test_reads_changes_and_referrals_are_audited_in_the_actors_chain(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    before = AuditEvent.objects.count()
    services.case_read(actor=a.actor(), case_id=a.case.pk)
    services.case_message_to_worker(actor=a.actor(), case=a.case, body="hi")
    rows = list(AuditEvent.objects.order_by("id")[before:])
    assert [r.action for r in rows] == ["case.viewed", "case.message_sent"]
    assert {r.chain.split("/")[0] for r in rows} == {str(a.org.pk)}
    assert rows[0].chain == rows[1].chain  # one object's history stays in one chain
    assert all(r.actor_membership_id == a.caseworker.pk for r in rows)
    assert all("hi" not in str(r.details) for r in rows)


@pytest.mark.django_db(transaction=True)
def test_audit_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x")


def test_chains_verify_and_tampering_is_detected(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    for _ in range(3):
        services.case_read(actor=a.actor(), case_id=a.case.pk)
    assert all(report.ok for report in audit_verify())
    call_command("verify_audit", stdout=io.StringIO())
    victim = AuditEvent.objects.filter(chain__startswith=str(a.org.pk), object_id=str(a.case.pk)).order_by(
        "seq"
    )[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_update")
        else:
            cursor.execute("DROP TRIGGER audit_no_update")
        cursor.execute("UPDATE audit_auditevent SET action = 'case.nothing' WHERE id = %s", [victim.pk])
    broken = [r for r in audit_verify() if not r.ok]
    assert [r.chain for r in broken] == [victim.chain]
    assert broken[0].broken_at == victim.seq
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO())


def test_application_cannot_update_or_delete_audit_rows(two_orgs: TwoOrgs) -> None:
    row = AuditEvent.objects.first()
    assert row is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(action="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
    assert AuditEvent.objects.get(pk=row.pk).action == row.action


def test_rolled_back_change_leaves_neither_change_nor_audit_row(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    before = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        services.case_set_status(actor=a.actor(), case=a.case, status="court")
        raise ZeroDivisionError
    assert AuditEvent.objects.count() == before
    assert Case.objects.get(pk=a.case.pk).status == "new"


def test_staff_login_and_failed_login_are_audited(db: Any) -> None:
    from django.test import Client

    from korgoo.conftest import make_member, make_org
    from korgoo.organisations.models import Role

    make_member(make_org("NGO"), "auditee", Role.CASEWORKER)
    Client().post("/ru/accounts/login/", {"username": "auditee", "password": "wrong-password"})
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1
