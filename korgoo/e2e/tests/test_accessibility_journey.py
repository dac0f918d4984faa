"""Every worker page, on a 360×740 phone in Kyrgyz, passes axe-core with no serious or critical
violation, and the report can be made with the keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from korgoo.cases.models import RoutingRule
from korgoo.cases.services import case_message_to_worker
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.knowledge.models import Article
from korgoo.knowledge.tests.conftest import load_articles
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.security.tests.routes import all_routes, fill

from .steps import worker_fills_report, worker_opens_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
SERIOUS = ("serious", "critical")


def _problems(page: Page) -> list[str]:
    results = AXE.run(page).response
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


def test_every_worker_page_passes_axe_at_phone_size(site: str, phone: Page) -> None:
    load_articles(index=False)
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    caseworker = make_member(ngo, "aigul", Role.CASEWORKER)
    submitted = report_submit(new=report(description="Айлык берилген жок."))
    case_message_to_worker(
        actor=actor_for_membership(caseworker), case=submitted.report.case, body="Саламатсызбы!"
    )
    values: dict[str, Any] = {"slug": Article.objects.order_by("slug").values_list("slug", flat=True).first()}
    problems: list[str] = []
    checked = 0

    def check(path: str) -> None:
        nonlocal checked
        probe = phone.request.get(site + path, max_redirects=0)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            return
        phone.goto(site + path)
        problems.extend(_problems(phone))
        checked += 1

    for route in all_routes():
        if route.access == "public" and route.path.startswith("/ky/") and "/admin/" not in route.path:
            check(fill(route, values))
    # Every page of the report, an error summary, the receipt.
    phone.goto(f"{site}/ky/report/")
    phone.get_by_test_id("report-next").click()  # nothing ticked: the error summary
    expect(phone.get_by_test_id("error-summary")).to_be_visible()
    problems.extend(_problems(phone))
    phone.goto(f"{site}/ky/report/")
    worker_fills_report(phone, city="Moscow", description="Айлык берилген жок.")
    problems.extend(_problems(phone))
    phone.get_by_test_id("report-send").click()
    expect(phone.get_by_test_id("receipt")).to_be_visible()
    problems.extend(_problems(phone))
    # The worker's own pages, with the receipt.
    phone.goto(f"{site}/ky/track/")
    worker_opens_report(phone, submitted.receipt)
    for route in all_routes():
        if route.access == "worker" and route.path.startswith("/ky/"):
            check(fill(route, values))
    assert checked >= 15
    assert problems == []


def test_the_report_can_be_made_with_the_keyboard_alone(site: str, phone: Page) -> None:
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    phone.goto(f"{site}/ky/report/")
    keyboard = phone.keyboard

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if phone.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to('input[name="categories"][value="unpaid_wages"]')
    keyboard.press("Space")
    keyboard.press("Enter")  # Enter in the form presses "Continue", never "Back"
    expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", "country")
    tab_to('select[name="country"]')
    keyboard.press("ArrowDown")  # Kazakhstan
    keyboard.press("ArrowUp")  # back to Russia
    tab_to('[data-testid="report-next"]')
    keyboard.press("Enter")
    expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", "city")
    tab_to('input[name="city"]')
    keyboard.type("Москва")
    keyboard.press("Escape")  # close the suggestions
    keyboard.press("Enter")
    for step in ("when", "work"):
        expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", step)
        tab_to('[data-testid="report-next"]')
        keyboard.press("Enter")
    expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", "story")
    tab_to('textarea[name="description"]')
    keyboard.type("Айлык берилген жок.")
    tab_to('[data-testid="report-next"]')
    keyboard.press("Enter")
    expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", "contact")
    tab_to('[data-testid="report-next"]')
    keyboard.press("Enter")
    expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", "share")
    tab_to('input[name="share_with"][value="ngo"]')
    keyboard.press("Space")
    tab_to('[data-testid="report-next"]')
    keyboard.press("Enter")
    expect(phone.get_by_test_id("report-form")).to_have_attribute("data-step", "check")
    tab_to('[data-testid="report-send"]')
    keyboard.press("Enter")
    expect(phone.get_by_test_id("receipt")).to_be_visible()
    # The robot trap was never on the way.
    assert phone.evaluate("document.querySelectorAll('[name=website]').length") == 0
