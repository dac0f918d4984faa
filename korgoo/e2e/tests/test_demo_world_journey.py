"""The demo world in a real browser: the analyst at the ministry enters an indicator value with its
evidence and the coordinator at the embassy, a second person, approves it; a clinic prints a health
leaflet (the PDF read back); the NGO's caseworker answers a worker who writes in Kyrgyz with a Kyrgyz
reply template, reading the Russian text beside it, and fills in its blanks before sending."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from korgoo.accounts.models import User
from korgoo.cases.choices import Status
from korgoo.cases.models import Case, CaseMessage
from korgoo.cases.vault import open_body
from korgoo.conftest import PASSWORD
from korgoo.demo.world import build_world
from korgoo.monitoring.models import IndicatorValue
from korgoo.organisations.models import Membership

from .steps import KYRGYZ_LETTERS, shot, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(username: str) -> Membership:
    user = User.objects.get(username=username)
    user.set_password(PASSWORD)  # the suite's password, so the login steps work as elsewhere
    user.save(update_fields=["password"])
    return Membership.objects.get(user=user)


def _login(page: Page, site: str, membership: Membership) -> None:
    page.goto(f"{site}/ru/accounts/login/")
    form = page.locator("main form")
    form.locator('input[name="username"]').fill(membership.user.username)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('input[name="otp"]').fill(totp_code(membership))
    form.locator('button[type="submit"]').click()
    expect(page.locator("header .staffnav")).to_be_visible()


def test_analyst_enters_reviewer_approves_leaflet_prints_caseworker_answers_in_kyrgyz(
    site: str, desk: Page, other_desk: Page, phone: Page, tmp_path: Path
) -> None:
    build_world()
    analyst, coordinator, caseworker = _member("analyst"), _member("coordinator"), _member("ngo.moscow")

    # The analyst enters a value with its evidence; it waits for a second person.
    _login(desk, site, analyst)
    desk.goto(f"{site}/ru/staff/monitoring/indicators/")
    entry = desk.get_by_test_id("indicator-entry")
    entry.locator("summary").click()
    entry.locator('select[name="indicator"]').select_option("court-decisions-monitored")
    entry.locator('input[name="period"]').fill("2026-Q3")
    entry.locator('input[name="value"]').fill("17")
    entry.locator('textarea[name="evidence"]').fill("Решения судов, собранные НКО сети (реестр № 3)")
    entry.locator('button[type="submit"]').click()
    awaiting = desk.get_by_test_id("awaiting-review")
    expect(awaiting).to_contain_text("2026-Q3")
    value = IndicatorValue.objects.get(indicator__code="court-decisions-monitored", period="2026-Q3")
    assert value.review_state == "pending"
    expect(desk.get_by_test_id(f"approve-{value.pk}")).to_have_count(0)  # never one's own entry
    shot(desk, "demo-analyst-enters")

    # The coordinator, at another desk, approves it: it becomes the indicator's figure.
    _login(other_desk, site, coordinator)
    other_desk.goto(f"{site}/ru/staff/monitoring/indicators/")
    other_desk.get_by_test_id(f"approve-{value.pk}").click()
    figures = other_desk.get_by_test_id("indicator-court-decisions-monitored")
    expect(figures.locator("tbody tr", has_text="2026-Q3")).to_contain_text("17")
    value.refresh_from_db()
    assert value.review_state == "approved" and value.reviewed_by == coordinator
    shot(other_desk, "demo-reviewer-approves")

    # A clinic prints the Kyrgyz leaflet on health care.
    phone.goto(f"{site}/ky/rights/health-care-insurance/")
    with phone.expect_download() as download_info:
        phone.get_by_test_id("leaflet-link").click()
    pdf = tmp_path / "leaflet.pdf"
    download_info.value.save_as(pdf)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Медициналык жардам жана камсыздандыруу" in text and "/ky/rights/health-care-insurance/" in text

    # The NGO's caseworker answers a worker who writes in Kyrgyz.
    case = (
        Case.objects.filter(
            organisation=caseworker.organisation,
            language="ky",
            status__in=[Status.IN_PROGRESS, Status.NEGOTIATION],
        )
        .order_by("reported_on")
        .first()
    )
    assert case is not None
    _login(desk, site, caseworker)
    desk.goto(f"{site}/ru/staff/cases/{case.pk}/")
    expect(desk.get_by_test_id("worker-language")).to_contain_text("кыргызский")
    picker = desk.get_by_test_id("reply-picker")
    picker.locator('select[name="reply"]').select_option("appointment")
    picker.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("reply-meaning")).to_contain_text("Ждём вас")
    body = desk.get_by_test_id("staff-message-form").locator('textarea[name="body"]')
    template = body.input_value()
    assert "[[күнү]]" in template and KYRGYZ_LETTERS.search(template)
    body.fill(
        template.replace("[[күнү]]", "12-декабрда")
        .replace("[[убактысы]]", "10:00")
        .replace("[[дареги]]", "Москва, Тверская көчөсү, 1")
    )
    desk.get_by_test_id("staff-message-form").locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("staff-messages")).to_contain_text("12-декабрда саат 10:00")
    sent = CaseMessage.objects.filter(case=case, sender="organisation").order_by("-sent_at").first()
    assert sent is not None and "Сизди 12-декабрда саат 10:00" in open_body(
        case, "message", sent.pk, sent.sealed_body
    )
    expect(desk.get_by_test_id("glossary-panel")).to_contain_text("кайрылуу")
    shot(desk, "demo-caseworker-answers-in-kyrgyz")
