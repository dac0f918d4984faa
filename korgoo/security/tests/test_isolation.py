"""Two-organisation isolation over every route (SECURITY.md requirements 1, 2, 3, 4, 5).

The matrix comes from the URL resolver: a new route that is not classified, or whose object ids are
not covered, fails the suite.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case, CaseMessage, CaseNote
from korgoo.cases.services import case_info_add_by_worker
from korgoo.conftest import TwoOrgs, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.courts.models import Alert as CourtAlert
from korgoo.courts.models import Decision as CourtDecision
from korgoo.evidence.models import Calculation, Diary, DiaryEntry, DiaryPhoto, GeneratedDocument
from korgoo.evidence.services import diary
from korgoo.evidence.tests.conftest import draft
from korgoo.organisations.models import ApiToken, Export, Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import api_token_create
from korgoo.referrals.models import Referral
from korgoo.referrals.services import referral_offer

from .routes import all_routes, fill

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
    b"\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
KNOWN_PARAMS = {
    "case_id",
    "file_id",
    "referral_id",
    "rule_id",
    "slug",
    "agency_id",
    "job_id",
    "table",
    "export_id",
    "token_id",
    "decision_id",
    "alert_id",
}


def test_every_route_is_classified() -> None:
    unclassified = [r.path for r in all_routes() if not r.access]
    assert unclassified == []
    # Object ids in staff routes must be covered by the two-organisation matrix (public routes, such as
    # an article's slug, show public data).
    params = {p for r in all_routes() if r.access in ("staff", "staff-api") for p in r.params}
    assert params <= KNOWN_PARAMS, (
        f"new object id in a route: {params - KNOWN_PARAMS}; cover it in this module"
    )


@pytest.fixture
def b_objects(two_orgs: TwoOrgs) -> dict[str, Any]:
    """Org B's case with a file, a day of the worker's diary, an open referral to a third
    organisation, and an export waiting for its download by org B's administrator."""
    from korgoo.cases.exports import inbox_export
    from korgoo.cases.selectors import InboxFilters

    b = two_orgs.b
    case_info_add_by_worker(case=b.case, text="more CANARY-B", files=[clean_upload("b.png", PNG)])
    diary.diary_entry_add_by_worker(
        case=b.case, draft=draft(note="CANARY-B"), entry_key=diary.entry_key_issue()
    )
    union = make_org("Union C", kind=OrganisationKind.TRADE_UNION, city="Kazan")
    referral = referral_offer(actor=b.actor(), case=b.case, to_organisation=union, fields=["description"])
    export = inbox_export(actor=b.actor("admin"), filters=InboxFilters(), file_format="csv").export
    api_token_create(user=b.caseworker.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    # A court decision brought in by a consulate of side B, with an alert addressed to it.
    from korgoo.courts.services import decision_ingest
    from korgoo.courts.tests.conftest import page

    consulate = make_org("Consulate B", kind=OrganisationKind.EMBASSY, city="Kazan")
    consul = actor_for_membership(make_member(consulate, "b.consul", Role.CASEWORKER))
    decision = decision_ingest(actor=consul, data=page("014-")).decision  # no alert of its own
    alert = CourtAlert.objects.create(organisation=consulate, decision=decision, kind="detention")
    return {
        "decision_id": decision.pk,
        "alert_id": alert.pk,
        "case_id": b.case.pk,
        "file_id": Attachment.objects.get(case=b.case).pk,
        "referral_id": referral.pk,
        "export_id": export.pk,
        "token_id": ApiToken.objects.get(membership=b.caseworker).pk,
    }


def snapshot(case: Case) -> tuple[Any, ...]:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.organisation_id,
        fresh.urgent,
        fresh.assignee_id,
        fresh.due_on,
        fresh.updated_at,
        tuple(
            ApiToken.objects.filter(membership__organisation=case.organisation).values_list(
                "revoked", flat=True
            )
        ),
        CaseMessage.objects.filter(case=case).count(),
        CaseNote.objects.filter(case=case).count(),
        Attachment.objects.filter(case=case).count(),
        tuple(Referral.objects.filter(case=case).values_list("state", flat=True)),
        tuple(Export.objects.filter(organisation=case.organisation).values_list("pk", flat=True)),
        tuple(
            CourtDecision.objects.order_by("pk").values_list("pk", "updated_at", "case_id", "needs_review")
        ),
        tuple(CourtAlert.objects.order_by("pk").values_list("pk", "status")),
        # The evidence kept with the case: the diary's chain, its photos, calculations, documents.
        tuple(Diary.objects.filter(case=case).values_list("seq", "head_hash")),
        tuple(DiaryEntry.objects.filter(case=case).order_by("seq").values_list("pk", "hash")),
        DiaryPhoto.objects.filter(case=case).count(),
        tuple(Calculation.objects.filter(case=case).values_list("pk", flat=True)),
        tuple(GeneratedDocument.objects.filter(case=case).values_list("pk", flat=True)),
    )


FORM_BODIES: dict[str, dict[str, Any]] = {
    "triage": {"categories": ["violence"], "urgent": "on"},
    "status": {"status": "court"},
    "close": {"outcome": "resolved"},
    "deadline": {"due_on": "2030-01-01"},
    "note": {"body": "x"},
    "message": {"body": "x"},
    "assign": {"assignee": ""},
    "suggestion": {"subject": "urgent", "decision": "reject"},
}
# The evidence forms, each filled so that it would be accepted for a case of one's own.
EVIDENCE_FORM_BODIES: dict[str, dict[str, Any]] = {
    "case_diary_add": {
        "diary-work_date": "2026-11-10",
        "diary-start": "08:00",
        "diary-end": "20:00",
        "diary-pay_agreed": "3000",
        "diary-currency": "RUB",
    },
    "case_calculate_late_payment": {
        "lp-country": "RU",
        "lp-amount": "50000",
        "lp-due_date": "2025-03-15",
        "lp-as_of": "2025-05-01",
    },
    "case_calculate_deadlines": {
        "dl-country": "RU",
        "dl-entry_date": "2026-09-01",
        "dl-purpose": "work",
        "dl-has_contract": "no",
    },
    "case_document_demand_letter": {"worker_name": "x", "employer": "y", "contract": "no"},
    "case_document_evidence_bundle": {},
    "case_document_inspectorate_complaint": {},
    "case_document_statement_of_claim": {},
}


def form_body(route_name: str) -> dict[str, Any]:
    """What a form of this route posts; a diary entry carries a fresh entry key, as the page gives."""
    name = route_name.split(":")[-1]
    body = dict(FORM_BODIES.get(name, EVIDENCE_FORM_BODIES.get(name, {})))
    if name == "case_diary_add":
        body["diary-entry_key"] = diary.entry_key_issue()
    return body


@pytest.mark.parametrize("who", ["admin", "coordinator"])
def test_staff_pages_answer_404_for_another_organisations_objects(
    two_orgs: TwoOrgs, b_objects: dict[str, Any], client_for: Any, who: str
) -> None:
    membership = two_orgs.a.admin if who == "admin" else two_orgs.coordinator
    client = client_for(membership)
    before = snapshot(two_orgs.b.case)
    missing = dict.fromkeys(b_objects, "00000000-0000-0000-0000-000000000000")
    not_found = 0
    for route in all_routes():
        if route.access != "staff" or not set(route.params) & {
            "case_id",
            "file_id",
            "referral_id",
            "export_id",
            "token_id",
            "decision_id",
            "alert_id",
        }:
            continue
        body = form_body(route.name)
        for method in ("get", "post"):
            probes = AuditEvent.objects.filter(
                action="access.probe", organisation_id=membership.organisation_id
            )
            recorded = probes.count()
            theirs = getattr(client, method)(fill(route, b_objects), body)
            if theirs.status_code == 404:  # and the attempt is in the member's own audit log
                assert probes.count() == recorded + 1, f"{method.upper()} {route.name} left no trace"
                assert probes.latest("id").object_id in {str(v) for v in b_objects.values()}
            nobodys = getattr(client, method)(fill(route, missing), body)
            url = fill(route, b_objects)
            # Another organisation's object answers exactly like an object that does not exist.
            assert theirs.status_code == nobodys.status_code, f"{method.upper()} {url}"
            assert theirs.status_code in (403, 404, 405), f"{method.upper()} {url} -> {theirs.status_code}"
            assert b"CANARY-B" not in theirs.content
            not_found += theirs.status_code == 404
    assert not_found >= 15
    assert snapshot(two_orgs.b.case) == before


def test_the_evidence_forms_probed_are_ones_a_holder_gets_accepted(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    """The bodies above would change a case of one's own, so the 404s for org B's case are refusals
    of a write that would otherwise happen, not of a malformed form."""
    a = two_orgs.a
    client = client_for(a.admin)
    before = snapshot(a.case)
    posted = 0
    for route in all_routes():
        name = route.name.split(":")[-1]
        if route.access != "staff" or name not in EVIDENCE_FORM_BODIES:
            continue
        response = client.post(fill(route, {"case_id": a.case.pk}), form_body(route.name))
        assert response.status_code in (200, 303), f"{route.name} -> {response.status_code}"
        if response.status_code == 200:  # a document, not the page again with the form's errors
            assert response["Content-Type"] == "application/octet-stream", route.name
        posted += 1
    assert posted == 7
    assert snapshot(a.case) != before


API_BODIES: dict[str, dict[str, Any]] = {
    "case-message": {"body": "x"},
    "case-note": {"body": "x"},
    "case-status": {"status": "court"},
    "case-triage": {"categories": ["violence"], "urgent": True},
    "case-suggestion": {"subject": "urgent", "accept": False},
    "case-close": {"outcome": "resolved"},
    "case-return": {"region": "osh"},
    "case-claim": {"step": "court"},
}


def test_api_answers_404_for_another_organisations_objects(
    two_orgs: TwoOrgs, b_objects: dict[str, Any]
) -> None:
    import datetime as dt

    from django.utils import timezone

    token = api_token_create(user=two_orgs.a.admin.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    auth = {"Authorization": f"Bearer {token}"}
    client = Client()
    before = snapshot(two_orgs.b.case)
    for route in all_routes():
        if route.access != "staff-api" or not route.params:
            continue
        url = fill(route, b_objects)
        name = route.name.split(":")[-1]
        if name == "case-referral-create":
            body: dict[str, Any] = {"organisation": str(two_orgs.a.org.pk)}
        else:
            body = API_BODIES.get(name, {})

        def call(target: str, name: str = name, body: dict[str, Any] = body) -> Any:
            if name in ("case-detail", "case-export-download", "court-decision-detail"):
                return client.get(target, headers=auth)
            return client.post(target, data=json.dumps(body), content_type="application/json", headers=auth)

        response = call(url)
        assert response.status_code == 404, f"{url} -> {response.status_code}"
        assert response.json()["code"] == "not_found"
        assert b"CANARY-B" not in response.content
        for bogus in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
            probe = call(fill(route, dict.fromkeys(route.params, bogus)))
            assert probe.status_code == 404 and probe.content == response.content  # no existence oracle
    assert snapshot(two_orgs.b.case) == before


def test_lists_never_include_or_count_another_organisations_cases(two_orgs: TwoOrgs, client_for: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    client = client_for(two_orgs.a.admin)
    for params in (
        {},
        {"status": ""},
        {"q": "CANARY-B"},
        {"q": "Story"},
        {"category": "unpaid_wages"},
        {"overdue": "on"},
    ):
        page = client.get("/ru/staff/", params)
        assert page.status_code == 200
        table = page.content.split(b'data-testid="inbox"', 1)[1]  # the search box echoes the query
        assert b"CANARY-B" not in table and str(two_orgs.b.case.short_ref).encode() not in table
    token = api_token_create(user=two_orgs.a.admin.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    listed = Client().get("/api/v1/cases/", {"status": ""}, headers={"Authorization": f"Bearer {token}"})
    ids = {row["id"] for row in listed.json()["results"]}
    assert ids == {str(two_orgs.a.case.pk)}
    for path in ("/ru/staff/referrals/", "/ru/staff/queue/"):
        assert b"CANARY-B" not in client.get(path).content


def test_anonymous_and_lower_roles_are_refused(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    anonymous = Client()
    viewer = client_for(a.viewer)
    values = {
        "case_id": a.case.pk,
        "file_id": a.case.pk,
        "referral_id": a.case.pk,
        "export_id": a.case.pk,
        "token_id": a.case.pk,
        "decision_id": a.case.pk,
        "alert_id": a.case.pk,
        "rule_id": 1,
    }
    for route in all_routes():
        url = fill(route, values) if route.params else route.path
        if route.access == "staff":
            response = anonymous.get(url)
            assert response.status_code in (302, 405), url
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"]
        elif route.access == "staff-api":
            assert anonymous.get(url).status_code in (401, 405), url
        elif route.access == "platform-admin":
            assert anonymous.get(url).status_code in (302, 404), url
    # A viewer may read the shape of a case but not work it.
    for action, body in FORM_BODIES.items():
        response = viewer.post(
            f"/ru/staff/cases/{a.case.pk}/{'notes' if action == 'note' else 'messages' if action == 'message' else action}/",
            body,
        )
        assert response.status_code == 403, action
    assert viewer.get("/ru/staff/routing/").status_code == 403
    assert viewer.get("/ru/staff/queue/").status_code == 403
    # Nor export it, in any format (SECURITY.md 22).
    for fmt in ("csv", "xlsx"):
        assert viewer.post(f"/ru/staff/export.{fmt}").status_code == 403
        assert client_for(a.caseworker).post(f"/ru/staff/export.{fmt}").status_code == 403
    assert not Export.objects.exists()


def test_viewer_never_receives_identity_or_the_narrative(two_orgs: TwoOrgs, client_for: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    a = two_orgs.a
    page = client_for(a.viewer).get(f"/ru/staff/cases/{a.case.pk}/")
    assert page.status_code == 200
    for canary in (b"CANARY-A", b"Name CANARY", b"+7 900"):
        assert canary not in page.content
    token = api_token_create(user=a.viewer.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    detail = Client().get(f"/api/v1/cases/{a.case.pk}/", headers={"Authorization": f"Bearer {token}"}).json()
    assert detail["report"] == {} and detail["fields"] == [] and detail["messages"] == []
    # The caseworker does see them.
    full = client_for(a.caseworker).get(f"/ru/staff/cases/{a.case.pk}/")
    assert b"CANARY-A" in full.content and b"+7 900" in full.content


def test_nobody_can_change_their_own_organisation_or_role(two_orgs: TwoOrgs) -> None:
    """No endpoint takes organisation, role or staff flags from a member (mass assignment)."""
    from korgoo.cases.api.serializers import CloseInSerializer, StatusInSerializer, TriageInSerializer
    from korgoo.intake.api.views import ReportInSerializer
    from korgoo.referrals.api.views import ReferralInSerializer

    writable = {
        "report": set(ReportInSerializer().fields),
        "status": set(StatusInSerializer().fields),
        "triage": set(TriageInSerializer().fields),
        "close": set(CloseInSerializer().fields),
        "referral": set(ReferralInSerializer().fields),
    }
    forbidden = {
        "organisation_id",
        "role",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "membership",
    }
    for name, fields in writable.items():
        assert not fields & forbidden, name
    a = two_orgs.a
    import datetime as dt

    from django.utils import timezone

    token = api_token_create(user=a.caseworker.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    Client().post(
        f"/api/v1/cases/{a.case.pk}/status/",
        data=json.dumps(
            {"status": "court", "organisation": str(two_orgs.b.org.pk), "role": "org_admin", "is_staff": True}
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    a.caseworker.refresh_from_db()
    a.caseworker.user.refresh_from_db()
    assert a.caseworker.role == Role.CASEWORKER and a.caseworker.organisation == a.org
    assert not a.caseworker.user.is_staff and not a.caseworker.user.is_superuser
    assert Case.objects.get(pk=a.case.pk).organisation == a.org


def test_platform_admin_cannot_read_cases(two_orgs: TwoOrgs, client_for: Any) -> None:
    from korgoo.accounts.models import User
    from korgoo.core.actor import Actor
    from korgoo.core.errors import NotFound

    admin = User.objects.create_superuser("root", "root@example.org", "a-long-test-password")
    from korgoo.cases.selectors import case_get_for

    with pytest.raises(NotFound):
        case_get_for(actor=Actor(user=admin, is_platform_admin=True), case_id=two_orgs.a.case.pk)
    member_of_nothing = make_member(make_org("Empty"), "lonely", Role.VIEWER)
    assert actor_for_membership(member_of_nothing).organisation is not None


def test_triage_reads_only_the_text_it_is_given(two_orgs: TwoOrgs) -> None:
    """POST /api/v1/triage/ is for members who triage (SECURITY.md 3): a viewer is refused, and the
    answer holds nothing of any organisation's cases, the same for both organisations, with nothing
    written (SECURITY.md 2)."""
    import datetime as dt

    from django.utils import timezone

    def client(member: Any) -> Client:
        token = api_token_create(user=member.user, expires_at=timezone.now() + dt.timedelta(hours=1))
        return Client(headers={"Authorization": f"Bearer {token}"})

    a, b, viewer = client(two_orgs.a.caseworker), client(two_orgs.b.caseworker), client(two_orgs.a.viewer)
    before = (snapshot(two_orgs.a.case), snapshot(two_orgs.b.case), AuditEvent.objects.count())
    body = json.dumps({"text": "Story about unpaid wages, kamap koyushtu"})
    answers = [c.post("/api/v1/triage/", body, content_type="application/json") for c in (a, b)]
    assert [r.status_code for r in answers] == [200, 200]
    assert answers[0].content == answers[1].content
    assert b"CANARY" not in answers[0].content
    assert viewer.post("/api/v1/triage/", body, content_type="application/json").status_code == 403
    assert Client().post("/api/v1/triage/", body, content_type="application/json").status_code == 401
    assert (snapshot(two_orgs.a.case), snapshot(two_orgs.b.case), AuditEvent.objects.count()) == before


def test_a_consular_hall_is_run_only_by_its_own_missions_members(two_orgs: TwoOrgs, client_for: Any) -> None:
    """The desk and windows of a mission act on that mission's bookings and tickets alone: another
    mission's staff, and an organisation without a mission, get the same answers as for a code or a
    ticket that does not exist, and change nothing (SECURITY.md requirements 1, 2)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from korgoo.consular import services as consular
    from korgoo.consular.models import Booking, Slot, Ticket
    from korgoo.consular.tests.conftest import make_mission

    moscow = make_mission()
    almaty = make_mission("Consulate in Almaty", country="KZ", city="Almaty", zone="Asia/Almaty", prefix="k")
    consular.slots_generate(actor=None, mission=moscow.mission, start=dt.date(2026, 11, 16), days=1)
    slot = Slot.objects.get(
        service=moscow.passport, starts_at=dt.datetime(2026, 11, 16, 12, 30, tzinfo=ZoneInfo("Europe/Moscow"))
    )
    booked = consular.booking_create(
        slot_id=slot.pk, service_code="passport", passport_number="AC1234567", phone="+7 900 000 00 01"
    )
    ticket = consular.ticket_walk_in(actor=actor_for_membership(moscow.clerk), service_code="passport")
    consular.ticket_call_next(actor=actor_for_membership(moscow.clerk), window_number=1)
    before = (
        list(Booking.objects.values_list("status", flat=True)),
        list(Ticket.objects.values_list("status", flat=True)),
    )
    for member in (almaty.clerk, almaty.admin, two_orgs.a.caseworker, two_orgs.a.admin):
        client = client_for(member)
        theirs = client.post(
            "/ru/staff/consular/", {"action": "check_in", "code": booked.code, "passport_number": "AC1234567"}
        )
        nobodys = client.post(
            "/ru/staff/consular/", {"action": "check_in", "code": "AAAA-AAAA", "passport_number": "AC1234567"}
        )
        assert theirs.status_code == nobodys.status_code and theirs.status_code in (400, 404), member
        for action in ("served", "no_show"):
            client.post("/ru/staff/consular/", {"action": action, "ticket": str(ticket.pk)})
        client.post("/ru/staff/consular/", {"action": "call", "window": "1"})
        assert b"A-001" not in client.get("/ru/staff/consular/").content
    after = (
        list(Booking.objects.values_list("status", flat=True)),
        list(Ticket.objects.values_list("status", flat=True)),
    )
    assert after == before


HOMECOMING_FORMS = {
    "home/return/": {"region": "osh"},
    "home/handover/": {"shared": ["description"], "claim_kept": "on"},
    "home/claim/": {"step": "court"},
}


def test_homecoming_forms_and_broadcasts_hold_to_the_organisation_and_the_role(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    """The return, hand-over and claim forms of the case page, with well-formed bodies: another
    organisation's case answers 404 and nothing changes; a viewer of the organisation gets 403;
    only a network coordinator reaches the broadcasts page."""
    from korgoo.broadcasts.models import Broadcast
    from korgoo.homecoming.models import HandOver, Return

    a, b = two_orgs.a, two_orgs.b
    before = snapshot(b.case)
    for who in (a.admin, two_orgs.coordinator):
        client = client_for(who)
        for action, body in HOMECOMING_FORMS.items():
            assert client.post(f"/ru/staff/cases/{b.case.pk}/{action}", body).status_code == 404, action
    viewer = client_for(a.viewer)
    for action, body in HOMECOMING_FORMS.items():
        assert viewer.post(f"/ru/staff/cases/{a.case.pk}/{action}", body).status_code == 403, action
    assert not Return.objects.exists() and not HandOver.objects.exists()
    assert snapshot(b.case) == before
    for who in (a.admin, a.caseworker, two_orgs.coordinator):
        page = client_for(who).post(
            "/ru/staff/broadcasts/", {"kind": "raid", "country": "RU", "text_ru": "x"}
        )
        assert page.status_code == 403
    assert not Broadcast.objects.exists()
