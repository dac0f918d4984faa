"""Quick exit leaves at once, for an outside page on another origin, under the production Content
Security Policy, with and without JavaScript; the session is ended on the server and Back does not
bring the worker's report back (the button a worker presses when the employer walks in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from korgoo.cases.models import RoutingRule
from korgoo.cases.services import case_message_to_worker
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.models import WorkerSession
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .conftest import outside
from .steps import worker_opens_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "Эртең саат 10до келиңиз. CANARY-REPLY-5521"


@pytest.fixture
def phone_without_javascript(browser: Any) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, locale="ky-KG", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _a_report_with_a_reply() -> str:
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    caseworker = make_member(ngo, "aigul", Role.CASEWORKER)
    submitted = report_submit(new=report(description="Айлык берилген жок."))
    case_message_to_worker(actor=actor_for_membership(caseworker), case=submitted.report.case, body=REPLY)
    return submitted.receipt


def _read_the_reply(page: Page, site: str, receipt: str) -> None:
    page.goto(f"{site}/ky/")
    page.goto(f"{site}/ky/track/")
    worker_opens_report(page, receipt)
    expect(page.get_by_test_id("worker-messages")).to_contain_text(REPLY)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_quick_exit_leaves_for_another_site_and_back_shows_nothing(
    site: str, phone: Page, phone_without_javascript: Page, javascript: bool
) -> None:
    page = phone if javascript else phone_without_javascript
    receipt = _a_report_with_a_reply()
    _read_the_reply(page, site, receipt)
    assert WorkerSession.objects.count() == 1
    leaving: list[str] = []
    page.on("console", lambda message: leaving.append(message.text) if message.type == "error" else None)

    page.get_by_test_id("quick-exit").click()
    expect(page).to_have_url(f"{outside(site)}/healthz")  # another origin: the real CSP applied
    assert WorkerSession.objects.count() == 0  # ended on the server, not only in the browser
    assert page.context.cookies(site) == []
    assert leaving == []  # no policy blocked the way out

    # Someone presses Back on the phone: the report does not come back.
    page.go_back()
    page.wait_for_load_state()
    assert page.url != f"{site}/ky/track/case/" or page.get_by_test_id("worker-messages").count() == 0
    expect(page.locator("body")).not_to_contain_text(REPLY)
    expect(page.locator("body")).not_to_contain_text("CANARY-REPLY")


def test_with_javascript_the_page_left_is_out_of_the_history(site: str, phone: Page) -> None:
    receipt = _a_report_with_a_reply()
    _read_the_reply(phone, site, receipt)
    before = phone.evaluate("history.length")
    phone.get_by_test_id("quick-exit").click()
    expect(phone).to_have_url(f"{outside(site)}/healthz")
    assert phone.evaluate("history.length") == before  # replaced, not added: one less step back
