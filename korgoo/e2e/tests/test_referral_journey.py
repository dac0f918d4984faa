"""An NGO caseworker triages a report, writes to the worker and refers the case to a trade union,
sharing only the worker's words; the union accepts and closes it; the worker sees the result."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from korgoo.cases.choices import Outcome, SharedField, Status
from korgoo.cases.models import Case, RoutingRule
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role
from korgoo.referrals.models import Referral

from .steps import in_language, shot, staff_login, staff_logout, worker_opens_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "Кожоюн эки ай бою айлык төлөгөн жок, келишим да берген жок."
EMPLOYER = "ООО Склад-Сервис CANARY-EMP-7731"
PHONE = "+7 900 555 CANARY-PHONE-7731"
NAME = "Асель CANARY-NAME-7731"
MESSAGE = "Саламатсызбы! Ишиңизди профсоюзга өткөрүп жатабыз."


@pytest.mark.browser
def test_caseworker_triages_messages_refers_and_receiving_org_closes(
    site: str, desk: Page, other_desk: Page, phone: Page
) -> None:
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    union = make_org("Профсоюз мигрантов", kind=OrganisationKind.TRADE_UNION, city="Moscow")
    ngo_caseworker = make_member(ngo, "ngo.aigul", Role.CASEWORKER)
    union_caseworker = make_member(union, "union.bakyt", Role.CASEWORKER)
    both = (OrganisationKind.NGO, OrganisationKind.TRADE_UNION)
    older_urgent = report_submit(
        new=report(categories=("forced_work",), description="Паспортту алып коюшту.", share_with=both)
    ).report.case
    submitted = report_submit(
        new=report(
            language="ky",
            description=STORY,
            employer=EMPLOYER,
            contact_channel="phone",
            contact_value=PHONE,
            full_name=NAME,
            share_with=both,
        )
    )
    case, receipt = submitted.report.case, submitted.receipt
    assert case.organisation == ngo and not case.urgent

    # NGO caseworker: the inbox shows urgent cases first, then the new one.
    staff_login(desk, site, ngo_caseworker)
    rows = desk.get_by_test_id("inbox").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(older_urgent.short_ref)
    expect(rows.nth(0).locator(".badge.urgent")).to_be_visible()
    expect(rows.nth(1)).to_contain_text(case.short_ref)
    expect(rows.nth(1).locator(".badge.urgent")).to_have_count(0)
    rows.nth(1).get_by_test_id("case-link").click()
    expect(desk.get_by_test_id("report-description")).to_contain_text(STORY)
    expect(desk.locator("main")).to_contain_text(EMPLOYER)  # the NGO holds the whole report

    # Triage: one more category, and urgent. The form comes when the action is opened (htmx).
    desk.get_by_test_id("action-triage").click()
    triage = desk.get_by_test_id("triage-form")
    triage.locator('input[name="categories"][value="no_contract"]').check()
    triage.locator('input[name="urgent"]').check()
    triage.locator('button[type="submit"]').click()
    expect(desk.locator("main h1 .badge.urgent")).to_be_visible()
    desk.get_by_test_id("action-triage").click()
    expect(desk.get_by_test_id("triage-form").locator('input[value="no_contract"]')).to_be_checked()
    case.refresh_from_db()
    assert case.urgent
    assert sorted(c.category for c in case.categories.all()) == ["no_contract", "unpaid_wages"]

    # A message to the worker.
    message_form = desk.get_by_test_id("staff-message-form")
    message_form.locator('textarea[name="body"]').fill(MESSAGE)
    message_form.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("staff-messages")).to_contain_text(MESSAGE)

    # Refer to the union, sharing only the worker's words.
    desk.get_by_test_id("referrals-link").click()
    form = desk.get_by_test_id("referral-form")
    form.locator('select[name="organisation"]').select_option(str(union.pk))
    for box in form.locator('input[type="checkbox"]').all():
        box.uncheck()
    form.get_by_label(in_language("ru", SharedField.DESCRIPTION.label), exact=True).check()
    form.locator('button[type="submit"]').click()
    expect(desk).to_have_url(re.compile(rf"/ru/staff/cases/{case.pk}/$"))
    desk.get_by_test_id("referrals-link").click()
    expect(desk.get_by_test_id("referral-state")).to_have_text(
        in_language("ru", Referral.State.OFFERED.label)
    )
    referral = Referral.objects.get(case=case)
    assert (referral.to_organisation, referral.fields, referral.state) == (union, ["description"], "offered")
    staff_logout(desk)
    desk.goto(f"{site}/ru/staff/")
    expect(desk.locator('main input[name="otp"]')).to_be_visible()  # the session is gone

    # Union caseworker, at another desk: accepts the offer.
    staff_login(other_desk, site, union_caseworker)
    other_desk.goto(f"{site}/ru/staff/referrals/")
    offer = other_desk.get_by_test_id("offers").locator("tbody tr", has_text=case.short_ref)
    offer.get_by_test_id("accept-referral").click()
    expect(other_desk).to_have_url(re.compile(rf"/ru/staff/cases/{case.pk}/$"))
    expect(other_desk.get_by_test_id("report-description")).to_contain_text(STORY)
    page_text = other_desk.locator("body").inner_text()
    for canary in ("CANARY-EMP", "CANARY-PHONE", "CANARY-NAME"):
        assert canary not in page_text, canary
    assert "CANARY" not in other_desk.content()
    # Earlier messages were not shared either.
    expect(other_desk.get_by_test_id("staff-messages")).not_to_contain_text(MESSAGE)

    # Close: resolved, 48 000 roubles recovered.
    other_desk.get_by_test_id("action-close").click()
    close = other_desk.get_by_test_id("close-form")
    close.locator('select[name="outcome"]').select_option("resolved")
    close.locator('input[name="money_recovered"]').fill("48000")
    close.locator('select[name="money_currency"]').select_option("RUB")
    close.locator('button[type="submit"]').click()
    status = other_desk.get_by_test_id("case-status")
    expect(status).to_contain_text(in_language("ru", Status.CLOSED.label))
    expect(status).to_contain_text(in_language("ru", Outcome.RESOLVED.label))
    case = Case.objects.get(pk=case.pk)
    assert (case.organisation, case.status, case.outcome) == (union, "closed", "resolved")
    assert (case.money_recovered, case.money_currency) == (Decimal("48000.00"), "RUB")

    # The worker, on a phone, sees the result and that the report went to a trade union.
    phone.goto(f"{site}/ky/track/")
    worker_opens_report(phone, receipt)
    expect(phone.get_by_test_id("worker-status")).to_have_text(in_language("ky", Status.CLOSED.label))
    expect(phone.get_by_test_id("worker-outcome")).to_have_text(in_language("ky", Outcome.RESOLVED.label))
    passed_on = in_language("ky", "Your report was passed to another organisation: %(kind)s") % {
        "kind": in_language("ky", OrganisationKind.TRADE_UNION.label)
    }
    expect(phone.locator("main ol.timeline")).to_contain_text(passed_on)
    expect(phone.locator("main")).to_contain_text(re.compile(r"48[\s\u00a0\u202f.,]?000([.,]00)?\s*RUB"))
    expect(phone.get_by_test_id("worker-messages")).to_contain_text(MESSAGE)
    # Closed, but the worker may still answer the last message for a while.
    expect(phone.get_by_test_id("worker-message-form")).to_have_count(1)
    expect(phone.get_by_test_id("worker-next")).to_contain_text(
        in_language(
            "ky",
            "Your report is closed. If you need to, you can still write to the organisation until %(day)s.",
        )
        .split("%(day)s")[0]
        .strip()
    )
    # Messages are signed with the organisation that wrote them, which the worker chose to trust.
    expect(phone.get_by_test_id("message-signature").first).to_have_text(ngo.name)
    shot(phone, "10-closed-case")
    worker_text = phone.locator("body").inner_text()
    for secret in (STORY, "CANARY"):
        assert secret not in worker_text, secret
