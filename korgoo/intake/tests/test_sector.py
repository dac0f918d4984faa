"""The optional question "what kind of work": asked on the form and in the API, kept on the case in
the open (it identifies no one), and refused when it is not one of the listed kinds."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from korgoo.cases.models import Case
from korgoo.conftest import TwoOrgs, report_form
from korgoo.intake.models import Report

from .test_api import BODY, post

pytestmark = pytest.mark.django_db


def _latest_case() -> Case:
    return Report.objects.select_related("case").latest("submitted_at").case


def test_the_form_asks_and_keeps_the_kind_of_work(two_orgs: TwoOrgs) -> None:
    page = Client().post("/ky/report/", report_form(step="when", go="next")).content.decode()
    assert 'data-step="work"' in page and 'name="sector"' in page and 'value="construction"' in page
    response = Client().post("/en/report/", report_form(sector="construction"))
    assert response.status_code == 201
    assert _latest_case().sector == "construction"


def test_the_question_may_be_left_unanswered(two_orgs: TwoOrgs) -> None:
    Client().post("/en/report/", report_form())
    assert _latest_case().sector == ""


def test_the_api_takes_the_kind_of_work_and_refuses_others(two_orgs: TwoOrgs) -> None:
    assert post(Client(), "/api/v1/reports/", {**BODY, "sector": "domestic"}).status_code == 201
    assert _latest_case().sector == "domestic"
    before = Case.objects.count()
    wrong = post(Client(), "/api/v1/reports/", {**BODY, "sector": "mining-on-mars"})
    assert wrong.status_code == 400 and set(wrong.json()["fields"]) == {"sector"}
    assert Case.objects.count() == before


def test_staff_see_the_kind_of_work_on_the_case_page(two_orgs: TwoOrgs, client_for: Any) -> None:
    post(Client(), "/api/v1/reports/", {**BODY, "sector": "trade"})
    case = _latest_case()
    assert case.organisation == two_orgs.a.org
    page = client_for(two_orgs.a.caseworker).get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="case-sector">Trade and markets<' in page
