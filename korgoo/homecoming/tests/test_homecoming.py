"""A worker in Moscow goes home to Osh: says so with the receipt, agrees to a hand-over to an
organisation serving Osh, the union that had the case offers it (passing what it chooses) and keeps
the wage claim, the Osh organisation continues the case, and the worker follows both with one
receipt. Every step is checked against the organisation that may take it and no other."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from korgoo.audit.models import AuditEvent
from korgoo.cases.choices import EventKind, SharedField, Status
from korgoo.cases.models import Case, CaseAccess, CaseEvent
from korgoo.conftest import login, make_member, make_org
from korgoo.core import receipts
from korgoo.core.choices import OrganisationKind
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.homecoming.models import HandOver, Return
from korgoo.homecoming.services import claim_step_record, handover_consent, handover_offer, return_record
from korgoo.intake.models import Report
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.referrals.models import Referral
from korgoo.referrals.services import referral_accept

pytestmark = pytest.mark.django_db


def _worker(receipt: str) -> Client:
    client = Client()
    assert client.post("/ky/track/", {"receipt": receipts.display(receipt)}).status_code == 303
    return client


def test_the_case_follows_the_worker_home_while_the_union_keeps_the_claim(world: dict[str, Any]) -> None:
    case: Case = world["case"]
    assert case.organisation == world["union"]
    worker = _worker(world["receipt"])

    # A region that does not exist is refused in plain words; nothing is recorded.
    refused = worker.post("/ky/track/case/home/", {"action": "return", "region": "moscow"})
    assert refused.status_code == 400
    assert "Аймагыңызды тандаңыз." in refused.content.decode()
    assert not Return.objects.exists()

    # "I have returned home": the case's status and a line of its timeline the worker sees.
    assert worker.post("/ky/track/case/home/", {"action": "return", "region": "osh_city"}).status_code == 303
    case.refresh_from_db()
    assert case.status == Status.RETURNED and case.organisation == world["union"]
    home = Return.objects.get(case=case)
    assert (home.region, home.host_country, home.by_worker, home.organisation) == (
        "osh_city",
        "RU",
        True,
        world["union"],
    )
    assert CaseEvent.objects.get(case=case, kind=EventKind.RETURNED_HOME).worker_visible
    assert AuditEvent.objects.filter(action="case.returned", organisation_id=world["union"].pk).exists()

    # Only organisations serving Osh are offered; another region's organisation is refused.
    page = worker.get("/ky/track/case/").content.decode()
    assert world["osh"].name in page and world["bishkek"].name not in page
    assert "/ky/rights/acting-from-home/" in page  # what can still be done from home
    wrong = worker.post(
        "/ky/track/case/home/", {"action": "handover", "organisation": str(world["bishkek"].pk)}
    )
    assert wrong.status_code == 400 and not HandOver.objects.exists()
    assert "Тизмеден уюмду тандаңыз." in wrong.content.decode()
    for bogus in ("not-an-id", world["bishkek"].pk):
        with pytest.raises(ApplicationError) as refused_id:
            handover_consent(report=Report.objects.get(case=case), organisation_id=bogus)
        assert refused_id.value.code == "unknown_organisation"

    # The separate consent to the hand-over.
    assert (
        worker.post(
            "/ky/track/case/home/", {"action": "handover", "organisation": str(world["osh"].pk)}
        ).status_code
        == 303
    )
    handover = HandOver.objects.get(case=case)
    assert (handover.to_organisation, handover.from_organisation, handover.state) == (
        world["osh"],
        world["union"],
        "consented",
    )
    case.refresh_from_db()
    assert OrganisationKind.LEGAL_AID in case.share_with

    # The Osh organisation cannot offer itself the case, nor record its return: it does not see it.
    osh = actor_for_membership(world["osh_worker"])
    with pytest.raises(NotFound):
        handover_offer(actor=osh, case_id=case.pk, fields=["description"], claim_kept=False)
    with pytest.raises(NotFound):
        return_record(actor=osh, case_id=case.pk, region="osh_city")

    # The union offers it from its case page, passing the worker's words only, and keeps the claim.
    union_desk = login(Client(), world["union_worker"])
    detail = union_desk.get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="handover-offer-form"' in detail
    offered = union_desk.post(
        f"/ru/staff/cases/{case.pk}/home/handover/",
        {"shared": [SharedField.DESCRIPTION], "claim_kept": "on"},
    )
    assert offered.status_code == 303
    handover.refresh_from_db()
    assert handover.claim_kept and handover.referral is not None
    assert (handover.referral.to_organisation, handover.referral.fields) == (world["osh"], ["description"])

    # Osh accepts the referral: it holds the case from now, seeing only the worker's words.
    referral_accept(actor=osh, referral=handover.referral)
    case.refresh_from_db()
    assert case.organisation == world["osh"]
    assert CaseAccess.objects.get(case=case, organisation=world["union"]).level == CaseAccess.Level.FOLLOW
    osh_desk = login(Client(), world["osh_worker"])
    osh_page = osh_desk.get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert "Кожоюн үч ай айлык төлөгөн жок." in osh_page and "CANARY-EMPLOYER" not in osh_page
    assert "/ru/rights/acting-from-home/" in osh_page

    # The union records a step of the claim; the holder at home may not.
    with pytest.raises(NotFound):
        claim_step_record(actor=osh, case_id=case.pk, step="court")
    union_actor = actor_for_membership(world["union_worker"])
    with pytest.raises(ApplicationError):
        claim_step_record(actor=union_actor, case_id=case.pk, step="won")
    assert union_desk.post(f"/ru/staff/cases/{case.pk}/home/claim/", {"step": "court"}).status_code == 303
    handover.refresh_from_db()
    assert handover.claim_step == "court"
    assert AuditEvent.objects.filter(action="claim.step_recorded", organisation_id=world["osh"].pk).exists()

    # One receipt: the organisation at home continues the report, the union keeps the wage claim.
    page = worker.get("/ky/track/case/").content.decode()
    assert f"{world['osh'].name} кайрылууңузду мекенде улантат." in page
    assert (
        "Профсоюз мигрантов Москва айлык боюнча талабыңызды жүргүзөт. Акыркы кадам: Сотко доо арыз берилди"
        in page
    )
    # ... and the timeline says who did what.
    assert "Профсоюз мигрантов Москва айлык боюнча талабыңыздын кадамын каттады." in page
    assert Referral.objects.get(case=case).state == Referral.State.ACCEPTED


def test_a_caseworker_records_the_return_and_another_organisation_gets_404(world: dict[str, Any]) -> None:
    case: Case = world["case"]
    stranger = make_member(make_org("Другая НКО", city="Kazan"), "other.ngo", Role.CASEWORKER)
    assert (
        login(Client(), stranger)
        .post(f"/ru/staff/cases/{case.pk}/home/return/", {"region": "osh"})
        .status_code
        == 404
    )
    assert not Return.objects.exists()
    desk = login(Client(), world["union_worker"])
    assert desk.post(f"/ru/staff/cases/{case.pk}/home/return/", {"region": "osh"}).status_code == 303
    home = Return.objects.get(case=case)
    assert (home.by_worker, home.recorded_by, home.region) == (False, world["union_worker"], "osh")
    case.refresh_from_db()
    assert case.status == Status.RETURNED
    # Twice is refused with a message, the first record stays.
    again = desk.post(f"/ru/staff/cases/{case.pk}/home/return/", {"region": "naryn"}, follow=True)
    assert "Возвращение домой уже записано." in again.content.decode()
    assert Return.objects.get(case=case).region == "osh"
