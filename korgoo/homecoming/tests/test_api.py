"""The case that follows the worker home, over the API: the union holding the case records the
return, offers the case to the organisation at home the worker chose and keeps the claim, whose
steps it then records; each call answers as its description says, and only the organisation that
may take a step can."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case
from korgoo.cases.services import case_close
from korgoo.conftest import make_member
from korgoo.homecoming.models import HandOver, Return
from korgoo.homecoming.services import handover_consent
from korgoo.intake.models import Report
from korgoo.organisations.models import Membership, Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import api_token_create
from korgoo.referrals.models import Referral
from korgoo.referrals.services import referral_accept

pytestmark = pytest.mark.django_db


def post(member: Membership | None, path: str, body: dict[str, Any]) -> Any:
    headers = {"Accept-Language": "en"}
    if member is not None:
        token = api_token_create(user=member.user, expires_at=timezone.now() + dt.timedelta(hours=1))
        headers["Authorization"] = f"Bearer {token}"
    return Client().post(path, data=json.dumps(body), content_type="application/json", headers=headers)


def test_return_handover_and_claim_over_the_api(world: dict[str, Any]) -> None:
    case: Case = world["case"]
    union_worker, osh_worker = world["union_worker"], world["osh_worker"]
    base = f"/api/v1/cases/{case.pk}"

    # The return home, by the union holding the case; a region that is not Kyrgyzstan's is refused.
    wrong = post(union_worker, f"{base}/return/", {"region": "moscow"})
    assert (
        wrong.status_code == 400 and wrong.json()["code"] == "invalid" and "region" in wrong.json()["fields"]
    )
    returned = post(union_worker, f"{base}/return/", {"region": "osh_city"})
    assert returned.status_code == 201, returned.content
    assert returned.json()["region"] == "osh_city"
    assert Return.objects.get(case=case).recorded_by == union_worker
    again = post(union_worker, f"{base}/return/", {"region": "osh_city"})
    assert again.status_code == 409 and again.json()["code"] == "already_returned"

    # No hand-over yet: the worker has not agreed to one.
    early = post(union_worker, f"{base}/handover/", {})
    assert early.status_code == 409 and early.json()["code"] == "no_handover"
    handover_consent(report=Report.objects.get(case=case), organisation_id=world["osh"].pk)

    # The union offers the case to Osh, passing the description and the employer, and keeps the claim.
    offered = post(
        union_worker, f"{base}/handover/", {"shared_fields": ["description", "employer"], "claim_kept": True}
    )
    assert offered.status_code == 200, offered.content
    handover = HandOver.objects.get(case=case)
    assert offered.json() == {
        "id": str(handover.pk),
        "referral": str(handover.referral_id),
        "to_organisation": str(world["osh"].pk),
        "region": "osh_city",
        "claim_kept": True,
    }
    referral = Referral.objects.get(pk=handover.referral_id)
    assert referral.to_organisation == world["osh"] and sorted(referral.fields) == [
        "description",
        "employer",
    ]
    assert AuditEvent.objects.filter(action="handover.offered", object_id=str(handover.pk)).exists()

    # Osh accepts and holds the case; the union follows it and records where the claim stands.
    referral_accept(actor=actor_for_membership(osh_worker), referral=referral)
    step = post(union_worker, f"{base}/claim/", {"step": "demand_sent"})
    assert step.status_code == 200, step.content
    assert step.json()["step"] == "demand_sent"
    handover.refresh_from_db()
    assert handover.claim_step == "demand_sent"
    # Osh holds the case but did not keep the claim: the claim is not its to record.
    assert post(osh_worker, f"{base}/claim/", {"step": "court"}).status_code == 404
    wrong_step = post(union_worker, f"{base}/claim/", {"step": "won"})
    assert wrong_step.status_code == 400 and "step" in wrong_step.json()["fields"]


def test_others_are_refused_and_nothing_is_recorded(world: dict[str, Any]) -> None:
    case: Case = world["case"]
    base = f"/api/v1/cases/{case.pk}"
    # Anonymous: 401. A viewer of the union: 403. Another organisation, even with the right role: 404,
    # as for a case that does not exist.
    assert post(None, f"{base}/return/", {"region": "osh_city"}).status_code == 401
    viewer = make_member(world["union"], "union.viewer", Role.VIEWER)
    assert post(viewer, f"{base}/return/", {"region": "osh_city"}).status_code == 403
    outsider = post(world["osh_worker"], f"{base}/return/", {"region": "osh_city"})
    missing = post(
        world["osh_worker"],
        "/api/v1/cases/00000000-0000-0000-0000-000000000000/return/",
        {"region": "osh_city"},
    )
    assert outsider.status_code == 404 and outsider.content == missing.content
    for path, body in ((f"{base}/handover/", {}), (f"{base}/claim/", {"step": "court"})):
        assert post(world["osh_worker"], path, body).status_code == 404
    assert not Return.objects.exists() and not HandOver.objects.exists()


def test_a_closed_case_has_no_return_to_record(world: dict[str, Any]) -> None:
    case: Case = world["case"]
    case_close(actor=actor_for_membership(world["union_worker"]), case=case, outcome="resolved")
    closed = post(world["union_worker"], f"/api/v1/cases/{case.pk}/return/", {"region": "osh_city"})
    assert closed.status_code == 409 and closed.json()["code"] == "case_closed"
    assert not Return.objects.exists()
    # ... and the description says so, as the fuzzer's check of error codes requires.
    described = SchemaGenerator().get_schema(request=None, public=True)["paths"][
        "/api/v1/cases/{case_id}/return/"
    ]
    assert "case_closed" in described["post"]["responses"]["409"]["x-error-codes"]


def test_a_hand_over_to_an_organisation_deactivated_since_is_refused(world: dict[str, Any]) -> None:
    case: Case = world["case"]
    assert (
        post(world["union_worker"], f"/api/v1/cases/{case.pk}/return/", {"region": "osh_city"}).status_code
        == 201
    )
    handover_consent(report=Report.objects.get(case=case), organisation_id=world["osh"].pk)
    world["osh"].is_active = False
    world["osh"].save(update_fields=["is_active"])
    refused = post(world["union_worker"], f"/api/v1/cases/{case.pk}/handover/", {})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_organisation"
    assert HandOver.objects.get(case=case).referral_id is None
