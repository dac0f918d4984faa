"""A caseworker works a case with the action forms that open on demand: with scripts, opening an
action fetches its form into the page under the production CSP; without scripts, the action is a
link to the page holding its form, and a mistake there comes back with what was typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from korgoo.cases.choices import Status
from korgoo.cases.models import Case, RoutingRule
from korgoo.conftest import make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role

from .steps import in_language, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case_and_admin() -> tuple[Case, Any]:
    organisation = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=organisation, country="RU", locality_id=524901)  # Moscow
    admin = make_member(organisation, "admin.aigul", Role.ORG_ADMIN)
    case = report_submit(new=report(description="Не заплатили за октябрь")).report.case
    assert case.organisation_id == organisation.pk
    return case, admin


@pytest.mark.browser
def test_an_action_opened_fetches_its_form_into_the_page(site: str, desk: Page) -> None:
    case, admin = _case_and_admin()
    violations: list[str] = []
    desk.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    staff_login(desk, site, admin)
    desk.goto(f"{site}/ru/staff/cases/{case.pk}/")
    expect(desk.get_by_test_id("status-form")).to_have_count(0)  # nothing built before it is opened
    desk.get_by_test_id("action-status").click()
    form = desk.get_by_test_id("status-form")
    expect(form).to_be_visible()
    expect(desk).to_have_url(re.compile(rf"/ru/staff/cases/{case.pk}/$"))  # still the case page
    form.locator('select[name="status"]').select_option(Status.NEGOTIATION)
    form.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("case-status")).to_contain_text(in_language("ru", Status.NEGOTIATION.label))
    assert Case.objects.get(pk=case.pk).status == Status.NEGOTIATION
    assert not violations, violations


@pytest.mark.browser
def test_without_scripts_an_action_is_a_link_and_a_mistake_keeps_what_was_typed(
    site: str, browser: Any
) -> None:
    case, admin = _case_and_admin()
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    try:
        staff_login(desk, site, admin)
        desk.goto(f"{site}/ru/staff/cases/{case.pk}/")
        desk.get_by_test_id("action-close").click()
        desk.locator("details[data-action=close]").get_by_test_id("action-link").click()
        expect(desk).to_have_url(re.compile(rf"/ru/staff/cases/{case.pk}/close/$"))
        form = desk.get_by_test_id("close-form")
        form.locator('select[name="outcome"]').select_option("resolved")
        form.locator('input[name="money_recovered"]').fill("48000")
        form.locator('button[type="submit"]').click()  # no currency: refused
        form = desk.get_by_test_id("close-form")
        expect(form.locator(".errorlist")).to_be_visible()
        expect(form.locator('input[name="money_recovered"]')).to_have_value("48000")
        expect(form.locator('select[name="outcome"]')).to_have_value("resolved")
        form.locator('select[name="money_currency"]').select_option("RUB")
        form.locator('button[type="submit"]').click()
        expect(desk).to_have_url(re.compile(rf"/ru/staff/cases/{case.pk}/$"))
        expect(desk.get_by_test_id("case-status")).to_contain_text(in_language("ru", Status.CLOSED.label))
    finally:
        context.close()
