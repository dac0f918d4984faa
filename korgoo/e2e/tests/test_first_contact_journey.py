"""A worker's first contact, on a phone in Kyrgyz, where it goes wrong as it does for real people: a
question left unanswered and a date in the future on the step-by-step form, the receipt copied with
one tap, a digit mistyped on the tracking page, and a message written after the case was closed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from korgoo.cases.choices import Category
from korgoo.cases.models import Case, CaseMessage, RoutingRule
from korgoo.cases.services import case_close
from korgoo.conftest import MOSCOW, make_member, make_org
from korgoo.core import receipts
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .steps import KYRGYZ_LETTERS, catalogue, in_language, shot, worker_opens_report, worker_sends_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "Эки айдан бери айлык берилген жок, паспортумду кожоюн алып койду."
AFTER_CLOSING = "Рахмат! Акчамды алдым, бирок паспортум дагы эле кожоюнда."


def _continue(page: Page) -> None:
    page.get_by_test_id("report-next").click()


def _step(page: Page, slug: str) -> None:
    expect(page.get_by_test_id("report-form")).to_have_attribute("data-step", slug)


def _error_summary_in_kyrgyz(page: Page, msgid: str) -> None:
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # a screen reader reads it first; a sighted worker sees it at the top
    expect(summary).to_contain_text(catalogue("ky", msgid))
    assert KYRGYZ_LETTERS.search(summary.inner_text())


def test_a_worker_corrects_mistakes_copies_the_receipt_mistypes_it_and_writes_after_closing(
    site: str, phone: Page
) -> None:
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    caseworker = make_member(ngo, "aigul", Role.CASEWORKER)
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)

    phone.goto(f"{site}/ky/report/")
    _step(phone, "what")
    expect(phone.get_by_test_id("report-progress")).to_contain_text("1")
    # Nothing chosen: the question says what is missing, in Kyrgyz, and stays.
    _continue(phone)
    _step(phone, "what")
    _error_summary_in_kyrgyz(phone, "Choose at least one thing that happened.")
    shot(phone, "10-report-step-error")
    phone.locator('input[name="categories"][value="unpaid_wages"]').check()
    phone.locator('input[name="categories"][value="documents_taken"]').check()
    _continue(phone)
    _step(phone, "country")
    phone.locator('select[name="country"]').select_option("RU")
    _continue(phone)
    _step(phone, "city")
    phone.locator('input[name="city"]').fill("москва")  # as typed on a phone, lower case
    _continue(phone)
    _step(phone, "when")
    # A date in the future is refused and stays in the field to be corrected.
    phone.locator('input[name="happened_on"]').fill("2099-01-01")
    _continue(phone)
    _step(phone, "when")
    expect(phone.get_by_test_id("error-summary")).to_be_visible()
    expect(phone.locator('input[name="happened_on"]')).to_have_value("2099-01-01")
    phone.locator('input[name="happened_on"]').fill("")
    _continue(phone)
    _step(phone, "work")
    _continue(phone)
    _step(phone, "story")
    phone.locator('textarea[name="description"]').fill(STORY)
    _continue(phone)
    _step(phone, "contact")
    _continue(phone)
    _step(phone, "share")
    phone.locator('input[name="share_with"][value="ngo"]').check()
    _continue(phone)
    _step(phone, "check")
    # Every answer given on the way is on the last page, the categories chosen after the error too.
    answers = phone.get_by_test_id("report-answers")
    expect(answers).to_contain_text("москва")
    expect(answers).to_contain_text(STORY)
    expect(answers).to_contain_text(in_language("ky", Category.DOCUMENTS_TAKEN.label))

    receipt = worker_sends_report(phone)
    case = Case.objects.get()
    assert case.organisation == ngo and case.locality_id == MOSCOW  # «москва» is Moscow
    assert sorted(c.category for c in case.categories.all()) == ["documents_taken", "unpaid_wages"]

    # One tap copies the code, as one line of digits, and the button says it did.
    copy = phone.get_by_test_id("receipt-copy")
    expect(copy).to_be_visible()
    copy.click()
    expect(copy).to_have_text(catalogue("ky", "Copied"))
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert copied.replace(" ", "") == receipt.replace(" ", "")
    shot(phone, "11-receipt-copied")

    # Back on the tracking page with one digit wrong: a clear answer, and the digits stay to be fixed.
    digits = receipt.replace(" ", "")
    wrong = digits[:-3] + str((int(digits[-3]) + 1) % 10) + digits[-2:]
    assert receipts.normalise(wrong) is None  # the check digit catches one wrong digit
    phone.goto(f"{site}/ky/track/")
    field = phone.get_by_test_id("track-form").locator('input[name="receipt"]')
    field.fill(receipts.display(wrong))
    phone.get_by_test_id("track-form").locator('button[type="submit"]').click()
    error = phone.get_by_test_id("track-error")
    expect(error).to_be_visible()
    assert KYRGYZ_LETTERS.search(error.inner_text())
    expect(field).to_have_value(receipts.display(wrong))
    shot(phone, "12-track-typo")
    error.get_by_role("link").click()
    expect(field).to_be_focused()
    worker_opens_report(phone, receipt)

    # The organisation closes the case; the worker can still write for a while, and is told until when.
    case_close(actor=actor_for_membership(caseworker), case=Case.objects.get(pk=case.pk), outcome="resolved")
    phone.reload()
    form = phone.get_by_test_id("worker-message-form")
    expect(form).to_be_visible()
    expect(phone.locator("main")).to_contain_text(
        catalogue(
            "ky", "Your report is closed, but the organisation still reads your messages until %(day)s."
        )
        .split("%(day)s")[0]
        .strip()
    )
    form.locator('textarea[name="body"]').fill(AFTER_CLOSING)
    form.locator('button[type="submit"]').click()
    expect(phone.get_by_test_id("worker-messages").locator("li").last).to_contain_text(AFTER_CLOSING)
    shot(phone, "13-written-after-closing")
    assert CaseMessage.objects.filter(case=case, sender="worker").count() == 1
