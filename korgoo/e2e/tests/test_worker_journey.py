"""A worker reports in Kyrgyz on a phone, writes down the receipt, reads the caseworker's answer,
answers back, and leaves with quick exit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from korgoo.cases.models import Case, RoutingRule
from korgoo.cases.selectors import case_worker_view
from korgoo.conftest import MOSCOW, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.intake.models import WorkerSession
from korgoo.organisations.models import Role

from .conftest import outside
from .steps import (
    KYRGYZ_LETTERS,
    catalogue,
    shot,
    staff_login,
    worker_fills_report,
    worker_opens_report,
    worker_sends_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "Кожоюн эки айдан бери айлык төлөгөн жок. Складда күнүнө он эки саат иштейбиз. Жардам бериңиз."
REPLY = "Саламатсызбы! Биз сиздин арызыңызды алдык. Келишимиңиз барбы?"
ANSWER = "Рахмат. Келишим жок, бирок айлык барагынын сүрөтү бар."


@pytest.mark.browser
def test_worker_reports_in_kyrgyz_on_a_phone_and_follows_the_case(site: str, phone: Page, desk: Page) -> None:
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    caseworker = make_member(ngo, "aigul", Role.CASEWORKER)

    # The worker opens the site in Kyrgyz and follows the link to the report form.
    phone.goto(f"{site}/ky/")
    expect(phone.locator("html")).to_have_attribute("lang", "ky")
    shot(phone, "01-home")
    phone.locator('main a[href="/ky/report/"]').click()
    expect(phone).to_have_url(f"{site}/ky/report/")
    worker_fills_report(phone, city="Moscow", description=STORY, share_with=("ngo",))
    shot(phone, "02-report-filled")

    # The receipt: 20 digits in five groups of four (19 random digits and a check digit), shown once.
    receipt = worker_sends_report(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "ky")
    shot(phone, "03-receipt")
    digits = receipt.replace(" ", "")
    assert len(digits) == 20, receipt
    assert [len(group) for group in receipt.split(" ")] == [4, 4, 4, 4, 4], receipt
    heading = catalogue("ky", "Your report was sent")
    if heading:  # asserted as soon as the Kyrgyz catalogue has it
        expect(phone.locator("main h1")).to_have_text(heading)
        assert KYRGYZ_LETTERS.search(phone.locator("main").inner_text())
    else:
        expect(phone.locator("main h1")).not_to_be_empty()
    assert digits not in phone.url

    case = Case.objects.get()
    assert case.organisation == ngo
    assert case.language == "ky"
    assert [c.category for c in case.categories.all()] == ["unpaid_wages"]
    assert case.share_with == ["ngo"]

    # The caseworker finds the report in the inbox and answers the worker.
    staff_login(desk, site, caseworker)
    desk.get_by_test_id("case-link").filter(has_text=case.short_ref).click()
    expect(desk.get_by_test_id("report-description")).to_contain_text(STORY)
    message_form = desk.get_by_test_id("staff-message-form")
    message_form.locator('textarea[name="body"]').fill(REPLY)
    message_form.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("staff-messages")).to_contain_text(REPLY)

    # Later the worker comes back with the code written on paper.
    phone.goto(f"{site}/ky/")
    phone.locator('main a[href="/ky/track/"]').click()
    expect(phone).to_have_url(f"{site}/ky/track/")
    digits_hint = phone.get_by_test_id("track-form").locator(".hint").first.inner_text()
    shot(phone, "04-track")
    worker_opens_report(phone, receipt)
    expect(phone).to_have_url(f"{site}/ky/track/case/")
    expect(phone.locator("html")).to_have_attribute("lang", "ky")
    messages = phone.get_by_test_id("worker-messages")
    expect(messages).to_contain_text(REPLY)
    shot(phone, "05-case-with-reply")

    answer_form = phone.get_by_test_id("worker-message-form")
    answer_form.locator('textarea[name="body"]').fill(ANSWER)
    answer_form.locator('button[type="submit"]').click()
    expect(messages.locator("li")).to_have_count(2)
    expect(messages.locator("li").last).to_contain_text(ANSWER)
    shot(phone, "06-case-with-answer")

    case.refresh_from_db()
    last = case_worker_view(case=case).messages[-1]
    assert (last.sender, last.body) == ("worker", ANSWER)
    assert case.awaiting_reply

    # Quick exit: a neutral page, and the worker session is dead on the server.
    cookies = phone.context.cookies()
    worker_cookie = [c for c in cookies if c["name"] == "korgoo_w"]
    assert len(worker_cookie) == 1
    assert WorkerSession.objects.filter(report=case.report).count() == 1
    phone.get_by_test_id("quick-exit").click()
    expect(phone).to_have_url(f"{outside(site)}/healthz")
    assert WorkerSession.objects.filter(report=case.report).count() == 0

    phone.context.add_cookies(worker_cookie)  # someone replays the old cookie
    phone.goto(f"{site}/ky/track/case/")
    expect(phone).to_have_url(f"{site}/ky/track/")
    expect(phone.get_by_test_id("track-form")).to_be_visible()
    expect(phone.get_by_test_id("worker-messages")).to_have_count(0)
    expect(phone.locator("body")).not_to_contain_text(REPLY)

    # The track page must tell the worker how many digits the code has, as the receipt showed it.
    assert re.findall(r"\d+", digits_hint)[0] == str(len(digits)), digits_hint
