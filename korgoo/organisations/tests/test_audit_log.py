"""The audit log can be read, and probing leaves a trace (SECURITY.md 1, 29; hardening
finding 7): an organisation's administrators read their own organisation's events on a page, in the
API and as CSV; platform administrators read the platform's events; a member asking for objects that
are not theirs (or do not exist) writes `access.probe` rows, and a burst of them alerts the
organisation's administrators."""

from __future__ import annotations

import csv
import io
import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from korgoo.accounts.models import User
from korgoo.audit.models import AuditEvent
from korgoo.cases import services as case_services
from korgoo.conftest import PASSWORD, TwoOrgs
from korgoo.core.actor import Actor
from korgoo.core.models import OutboxMessage
from korgoo.core.outbox import outbox_drain
from korgoo.organisations.services import organisation_create

pytestmark = pytest.mark.django_db

MISSING_CASE = "00000000-0000-4000-8000-000000000000"


def _events_page(client: Client, query: str = "") -> Any:
    return client.get(f"/en/staff/audit/{query}")


def test_an_administrator_reads_their_organisations_events_and_no_other(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a, b = two_orgs.a, two_orgs.b
    case_services.case_read(actor=a.actor(), case_id=a.case.pk)
    case_services.case_read(actor=b.actor(), case_id=b.case.pk)
    page = _events_page(client_for(a.admin))
    assert page.status_code == 200
    text = page.content.decode()
    assert "case.viewed" in text
    assert str(a.case.pk)[:10] in text
    assert str(b.case.pk)[:10] not in text  # B's events are B's
    assert "CANARY" not in text  # ids and codes, never what a case says
    # The API answers the same, to the same people.
    from korgoo.organisations.services import api_token_create

    token = api_token_create(user=a.admin.user, expires_at=a.case.created_at.replace(year=2100))
    answer = Client().get("/api/v1/audit/events/?action=case.", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert rows and {r["action"][:5] for r in rows} == {"case."}
    assert str(b.case.pk) not in {r["object_id"] for r in rows}
    assert str(a.case.pk) in {r["object_id"] for r in rows}


def test_only_administrators_read_the_audit_log(two_orgs: TwoOrgs, client_for: Any) -> None:
    from korgoo.organisations.services import api_token_create

    a = two_orgs.a
    assert _events_page(client_for(a.caseworker)).status_code == 403
    assert _events_page(client_for(a.viewer)).status_code == 403
    assert _events_page(Client()).status_code == 302  # to the login page
    token = api_token_create(user=a.caseworker.user, expires_at=a.case.created_at.replace(year=2100))
    answer = Client().get("/api/v1/audit/events/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403
    assert "audit.view" not in _menu(client_for(a.caseworker))
    assert "/en/staff/audit/" in _menu(client_for(a.admin))


def _menu(client: Client) -> str:
    return str(client.get("/en/staff/").content.decode())


def test_filters_narrow_the_log_and_bad_ones_say_so(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    case_services.case_read(actor=a.actor(), case_id=a.case.pk)
    case_services.case_read(actor=a.actor("admin"), case_id=a.case.pk)
    admin = client_for(a.admin)
    mine = _events_page(admin, f"?action=case.viewed&member={a.admin.user_id}").content.decode()
    others = _events_page(admin, f"?action=case.viewed&member={a.caseworker.user_id}").content.decode()
    name = a.caseworker.user.get_full_name() or "—"
    assert mine.count("<code>case.viewed</code>") == 1
    assert others.count("<code>case.viewed</code>") == 1
    assert name in others
    bad = _events_page(admin, "?since=yesterday&action=case.")
    assert bad.status_code == 400
    assert b"Enter a valid date" in bad.content or b"date" in bad.content.lower()
    assert b'value="case."' in bad.content  # what was typed stays
    from korgoo.organisations.services import api_token_create

    token = api_token_create(user=a.admin.user, expires_at=a.case.created_at.replace(year=2100))
    answer = Client().get("/api/v1/audit/events/?colour=red", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 400
    assert answer.json()["fields"]["colour"]


def test_the_csv_holds_the_filtered_rows_and_taking_it_is_audited(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    case_services.case_read(actor=a.actor(), case_id=a.case.pk)
    answer = _events_page(client_for(a.admin), "?action=case.viewed&format=csv")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["at", "action", "member", "object_type", "object_id", "details"]
    assert {r[1] for r in rows[1:]} == {"case.viewed"}
    assert str(a.case.pk) in {r[4] for r in rows[1:]}
    exported = AuditEvent.objects.filter(action="audit.exported", organisation_id=a.org.pk).get()
    assert exported.details == {"rows": len(rows) - 1}
    assert exported.actor_membership_id == a.admin.pk


def _superuser_client() -> tuple[User, Client]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from korgoo.accounts.middleware import LOGIN_AT_KEY

    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=root, name="test", confirmed=True)
    client = Client()
    client.force_login(root)
    session = client.session
    session[LOGIN_AT_KEY] = time.time()
    session["otp_device_id"] = device.persistent_id
    session.save()
    return root, client


def test_platform_administrators_read_the_platforms_events_only(two_orgs: TwoOrgs) -> None:
    from django.db import transaction

    root, client = _superuser_client()
    with transaction.atomic():
        org = organisation_create(
            actor=Actor(user=root, is_platform_admin=True),
            name="New NGO",
            kind="ngo",
            country="RU",
            city="Kazan",
        )
    case_services.case_read(actor=two_orgs.a.actor(), case_id=two_orgs.a.case.pk)
    listing = client.get("/en/admin/audit/auditevent/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "organisation.created" in text
    assert str(org.pk) in text
    assert "case.viewed" not in text  # organisations' events are for their administrators
    row = AuditEvent.objects.get(action="case.viewed")
    assert client.get(f"/en/admin/audit/auditevent/{row.pk}/change/").status_code in (302, 404)
    platform_row = AuditEvent.objects.get(action="organisation.created")
    detail = client.get(f"/en/admin/audit/auditevent/{platform_row.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content  # read-only
    assert client.post(f"/en/admin/audit/auditevent/{platform_row.pk}/delete/").status_code == 403


def test_asking_for_another_organisations_case_or_a_missing_one_is_recorded(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a, b = two_orgs.a, two_orgs.b
    caseworker = client_for(a.caseworker)
    other = caseworker.get(f"/en/staff/cases/{b.case.pk}/")
    missing = caseworker.get(f"/en/staff/cases/{MISSING_CASE}/")
    assert other.status_code == missing.status_code == 404
    assert _without_csrf(other.content) == _without_csrf(missing.content)  # nothing tells them apart
    probes = AuditEvent.objects.filter(action="access.probe").order_by("id")
    assert [(p.organisation_id, p.actor_membership_id, p.object_type, p.object_id) for p in probes] == [
        (a.org.pk, a.caseworker.pk, "case", str(b.case.pk)),
        (a.org.pk, a.caseworker.pk, "case", MISSING_CASE),
    ]
    assert probes[0].details == {"route": "cases:detail", "method": "GET"}
    # Through the API too, with a token.
    from korgoo.organisations.services import api_token_create

    token = api_token_create(user=a.caseworker.user, expires_at=a.case.created_at.replace(year=2100))
    answer = Client().get(f"/api/v1/cases/{b.case.pk}/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 404
    assert AuditEvent.objects.filter(action="access.probe").count() == 3
    # B learns nothing of it; A's administrators see it.
    assert not AuditEvent.objects.filter(action="access.probe", organisation_id=b.org.pk).exists()
    assert "access.probe" in _events_page(client_for(a.admin), "?action=access.").content.decode()


def _without_csrf(body: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)


def test_a_404_that_names_no_object_or_comes_from_no_member_is_not_a_probe(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    assert client_for(two_orgs.a.caseworker).get("/en/staff/nowhere/").status_code == 404
    assert Client().get(f"/en/staff/cases/{two_orgs.b.case.pk}/").status_code == 302
    assert Client().get(f"/api/v1/cases/{two_orgs.b.case.pk}/").status_code == 401
    assert not AuditEvent.objects.filter(action="access.probe").exists()


@override_settings(KORGOO_PROBES_ALERT=3)
def test_a_burst_of_probes_alerts_the_administrators_once(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    caseworker = client_for(a.caseworker)
    mail.outbox.clear()
    for n in range(5):
        caseworker.get(f"/en/staff/cases/00000000-0000-4000-8000-00000000000{n}/")
    assert OutboxMessage.objects.filter(topic="access.probes").count() == 1
    outbox_drain()
    alerts = [m for m in mail.outbox if "/staff/audit/" in m.body]
    assert [m.to for m in alerts] == [[a.admin.user.email]]  # the administrators only
    assert "/staff/audit/?action=access.probe" in alerts[0].body
    assert a.caseworker.user.get_full_name() in alerts[0].body
    assert AuditEvent.objects.filter(action="access.probe").count() == 5
