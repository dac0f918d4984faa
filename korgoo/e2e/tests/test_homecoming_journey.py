"""A worker in Moscow reports unpaid wages, goes home to Osh, says so with the receipt and agrees to
a hand-over; the Moscow union offers the case to a legal-aid centre in Osh and keeps the wage claim;
a caseworker in Osh continues the case; the worker follows both with the one receipt."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from korgoo.cases.choices import Status
from korgoo.cases.models import Case, CaseAccess, RoutingRule
from korgoo.conftest import MOSCOW, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.homecoming.choices import ClaimStep, Region
from korgoo.homecoming.models import HandOver, HomeCover
from korgoo.organisations.models import Role

from .steps import (
    in_language,
    shot,
    staff_login,
    worker_fills_report,
    worker_opens_report,
    worker_sends_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "Курулушта үч ай иштедим, акыркы эки айлык төлөнгөн жок. Бригадир телефонду албай калды."
EMPLOYER = "ООО Монолит CANARY-EMP-4410"
OSH_MESSAGE = "Саламатсызбы! Оштогу борборго келиңиз, ишеним катты бирге толтурабыз."


@pytest.mark.browser
def test_the_case_follows_the_worker_home_and_the_union_keeps_the_claim(
    site: str, phone: Page, desk: Page, other_desk: Page
) -> None:
    union = make_org("Профсоюз мигрантов (Москва)", kind=OrganisationKind.TRADE_UNION, city="Moscow")
    RoutingRule.objects.create(organisation=union, country="RU", locality_id=MOSCOW)
    osh = make_org("Ош укуктук жардам борбору", kind=OrganisationKind.LEGAL_AID, country="KG", city="Osh")
    HomeCover.objects.create(organisation=osh, region=Region.OSH_CITY)
    elsewhere = make_org(
        "Нарын миграция өкүлчүлүгү", kind=OrganisationKind.MIGRATION_OFFICE, country="KG", city="Naryn"
    )
    HomeCover.objects.create(organisation=elsewhere, region=Region.NARYN)
    union_caseworker = make_member(union, "union.ainura", Role.CASEWORKER)
    osh_caseworker = make_member(osh, "osh.talant", Role.CASEWORKER)

    # In Moscow, the worker reports on a phone and writes the receipt down.
    phone.goto(f"{site}/ky/report/")
    worker_fills_report(
        phone, city="Москва", description=STORY, employer=EMPLOYER, share_with=("trade_union",)
    )
    receipt = worker_sends_report(phone)
    case = Case.objects.get()
    assert case.organisation == union

    # Back in Osh, the worker opens the report with the receipt and says they are home.
    phone.goto(f"{site}/ky/track/")
    worker_opens_report(phone, receipt)
    home = phone.get_by_test_id("homecoming")
    home.get_by_test_id("return-form").locator('select[name="region"]').select_option(Region.OSH_CITY)
    home.get_by_test_id("return-form").locator('button[type="submit"]').click()
    expect(phone).to_have_url(re.compile(r"/ky/track/case/#home$"))
    expect(phone.get_by_test_id("worker-status")).to_have_text(in_language("ky", Status.RETURNED.label))
    expect(phone.get_by_test_id("returned")).to_contain_text(in_language("ky", Region.OSH_CITY.label))
    expect(phone.get_by_test_id("from-home").locator("a").first).to_have_attribute(
        "href", "/ky/rights/acting-from-home/"
    )
    # Only organisations serving Osh are offered; the separate consent names one of them.
    consent = phone.get_by_test_id("handover-form")
    expect(consent).to_contain_text(osh.name)
    expect(consent).not_to_contain_text(elsewhere.name)
    consent.get_by_label(re.compile(re.escape(osh.name))).check()
    consent.locator('button[type="submit"]').click()
    expect(phone.get_by_test_id("handovers")).to_contain_text(osh.name)
    shot(phone, "homecoming-worker-consented")
    assert HandOver.objects.get(case=case).state == "consented"

    # The Moscow union sees the consent on its case page and offers the case, passing the
    # worker's words only, and keeping the wage claim.
    staff_login(desk, site, union_caseworker)
    desk.goto(f"{site}/ru/staff/cases/{case.pk}/")
    panel = desk.get_by_test_id("homecoming-panel")
    expect(panel.get_by_test_id("case-returned")).to_contain_text(in_language("ru", Region.OSH_CITY.label))
    offer = panel.get_by_test_id("handover-offer-form")
    offer.locator('input[name="shared"][value="employer"]').uncheck()
    expect(offer.locator('input[name="shared"][value="description"]')).to_be_checked()
    expect(offer.locator('input[name="claim_kept"]')).to_be_checked()
    offer.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("handover-state")).to_have_text(in_language("ru", "Offered"))

    # A caseworker in Osh accepts and continues the case: the worker's words, not the employer.
    staff_login(other_desk, site, osh_caseworker)
    other_desk.goto(f"{site}/ru/staff/referrals/")
    other_desk.get_by_test_id("offers").locator("tbody tr", has_text=case.short_ref).get_by_test_id(
        "accept-referral"
    ).click()
    expect(other_desk).to_have_url(re.compile(rf"/ru/staff/cases/{case.pk}/$"))
    expect(other_desk.get_by_test_id("report-description")).to_contain_text(STORY)
    assert "CANARY-EMP" not in other_desk.content()
    expect(other_desk.get_by_test_id("from-home-article").first).to_be_visible()
    message = other_desk.get_by_test_id("staff-message-form")
    message.locator('textarea[name="body"]').fill(OSH_MESSAGE)
    message.locator('button[type="submit"]').click()
    expect(other_desk.get_by_test_id("staff-messages")).to_contain_text(OSH_MESSAGE)
    case.refresh_from_db()
    assert case.organisation == osh
    assert CaseAccess.objects.get(case=case, organisation=union).level == CaseAccess.Level.FOLLOW

    # The union keeps the claim: it follows the case and records the claim's step.
    desk.goto(f"{site}/ru/staff/cases/{case.pk}/")
    claim = desk.get_by_test_id("claim-form")
    claim.locator('select[name="step"]').select_option(ClaimStep.COURT)
    claim.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("case-claim")).to_contain_text(in_language("ru", ClaimStep.COURT.label))
    shot(desk, "homecoming-union-keeps-the-claim")

    # One receipt: the worker sees Osh continuing the report, and the union's step on the claim.
    phone.goto(f"{site}/ky/track/case/")
    expect(phone.get_by_test_id("worker-holder")).to_have_text(osh.name)
    expect(phone.get_by_test_id("worker-messages")).to_contain_text(OSH_MESSAGE)
    kept = phone.get_by_test_id("claim-kept")
    expect(kept).to_contain_text(union.name)
    expect(kept).to_contain_text(in_language("ky", ClaimStep.COURT.label))
    expect(phone.get_by_test_id("handovers")).to_contain_text(
        in_language("ky", "%(organisation)s continues your report at home.") % {"organisation": osh.name}
    )
    expect(phone.locator("main ol.timeline")).to_contain_text(
        in_language("ky", "%(organisation)s recorded a step of your wage claim.")
        % {"organisation": union.name}
    )
    shot(phone, "homecoming-worker-follows-both")
