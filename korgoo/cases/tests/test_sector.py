"""The kind of work on a case: a caseworker who learns it sets or corrects it in triage (page and
API); the timeline records it; only the holder may change it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.cases import services
from korgoo.cases.models import Case, CaseEvent
from korgoo.conftest import TwoOrgs
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.services import api_token_create

pytestmark = pytest.mark.django_db


def test_triage_sets_corrects_and_keeps_the_kind_of_work(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    services.case_triage(
        actor=a.actor(), case=a.case, categories=["unpaid_wages"], urgent=False, sector="trade"
    )
    assert Case.objects.get(pk=a.case.pk).sector == "trade"
    services.case_triage(actor=a.actor(), case=a.case, categories=["unpaid_wages"], urgent=True)
    assert Case.objects.get(pk=a.case.pk).sector == "trade"  # not given: left as it was
    event = CaseEvent.objects.filter(case=a.case, kind="triaged").latest("at")
    assert event.data["sector"] == "trade"
    with pytest.raises(ApplicationError) as error:
        services.case_triage(actor=a.actor(), case=a.case, categories=["other"], urgent=False, sector="x")
    assert error.value.fields == {"sector": [str(error.value.message)]}
    with pytest.raises(NotFound):
        services.case_triage(
            actor=two_orgs.b.actor(), case=a.case, categories=["other"], urgent=False, sector="domestic"
        )
    assert Case.objects.get(pk=a.case.pk).sector == "trade"


def test_the_case_page_triage_form_sets_the_kind_of_work(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    client = client_for(a.caseworker)
    page = client.get(f"/en/staff/cases/{a.case.pk}/triage/").content.decode()  # the triage form
    assert 'name="sector"' in page
    response = client.post(
        f"/en/staff/cases/{a.case.pk}/triage/", {"categories": ["unpaid_wages"], "sector": "construction"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=a.case.pk).sector == "construction"
    page = client.get(f"/en/staff/cases/{a.case.pk}/").content.decode()
    assert 'data-testid="case-sector">Construction<' in page


def test_the_api_triage_sets_the_kind_of_work(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    token = api_token_create(user=a.admin.user, expires_at=timezone.now() + timezone.timedelta(hours=1))
    client = Client(headers={"Authorization": f"Bearer {token}"})
    body = {"categories": ["unpaid_wages"], "urgent": False, "sector": "agriculture"}
    response = client.post(
        f"/api/v1/cases/{a.case.pk}/triage/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["sector"] == "agriculture"
    assert Case.objects.get(pk=a.case.pk).sector == "agriculture"
