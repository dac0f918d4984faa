"""A caseworker of another organisation, logged in, learns nothing of a case that is not theirs:
404 for the case page, its referrals, its file and the API (SECURITY.md 1, 24)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from korgoo.cases.files import clean_upload
from korgoo.cases.models import RoutingRule
from korgoo.conftest import make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role
from korgoo.organisations.services import api_token_create

from .steps import in_language, png_bytes, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser
def test_other_organisation_gets_404_everywhere(site: str, desk: Page, client_for: Any) -> None:
    owner = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(
        organisation=owner, country="RU", locality_id=524901
    )  # Moscow in the gazetteer
    owner_caseworker = make_member(owner, "owner.aigul", Role.CASEWORKER)
    # Another NGO in the same city, of a kind the worker consented to: a plausible snoop.
    stranger = make_org("Жардам", kind=OrganisationKind.NGO, city="Moscow")
    stranger_caseworker = make_member(stranger, "stranger.nurlan", Role.CASEWORKER)
    picture = png_bytes()
    case = report_submit(
        new=report(description="Story CANARY-3 about unpaid wages", employer="Employer CANARY-3"),
        files=[clean_upload("a.png", picture)],
    ).report.case
    attachment = case.attachments.get()
    assert case.organisation == owner

    with translation.override("ru"):
        urls = {
            "case": reverse("cases:detail", args=[case.pk]),
            "referrals": reverse("referrals:case", args=[case.pk]),
            "file": reverse("cases:file_download", args=[case.pk, attachment.pk]),
            "original": reverse("cases:file_original", args=[case.pk, attachment.pk]),
        }
    assert urls["case"] == f"/ru/staff/cases/{case.pk}/"
    api_case = f"/api/v1/cases/{case.pk}/"

    # The same addresses work for the organisation that holds the case (so a 404 below is tenancy,
    # not a wrong address).
    owner_client: Client = client_for(owner_caseworker)
    for name in ("case", "referrals", "file"):
        assert owner_client.get(urls[name]).status_code == 200, name
    owner_token = api_token_create(
        user=owner_caseworker.user, expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    owner_api = desk.request.get(site + api_case, headers={"Authorization": f"Bearer {owner_token}"})
    assert owner_api.status == 200

    # The stranger, logged in through the login page with a one-time code.
    staff_login(desk, site, stranger_caseworker)
    expect(desk.get_by_test_id("case-link")).to_have_count(0)
    not_found = in_language("ru", "Page not found")
    for name in ("case", "referrals"):
        response = desk.goto(site + urls[name])
        assert response is not None and response.status == 404, name
        expect(desk.locator("main h1")).to_have_text(not_found)
        assert case.short_ref not in desk.content()
        assert "CANARY" not in desk.content()
    for name in ("file", "original"):
        response = desk.request.get(site + urls[name])
        assert response.status == 404, name
        assert picture not in response.body() and b"PNG" not in response.body()
        assert "attachment" not in response.headers.get("content-disposition", "")

    # The API, with the stranger's bearer token: 404 for the case, and the list does not show it.
    token = api_token_create(user=stranger_caseworker.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    bearer = {"Authorization": f"Bearer {token}"}
    response = desk.request.get(site + api_case, headers=bearer)
    assert response.status == 404
    assert str(case.pk) not in response.text() and "CANARY" not in response.text()
    listing = desk.request.get(site + "/api/v1/cases/", headers=bearer)
    assert listing.status == 200
    assert str(case.pk) not in listing.text()
