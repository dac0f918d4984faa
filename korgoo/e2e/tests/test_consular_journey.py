"""A worker books a consular appointment on a phone in Kyrgyz, gets the code and its QR code, is
reminded on the page of their report, checks in at the desk and is called to a window on the hall's
screen; a caseworker's emergency booking for an urgent case takes a time not yet released to anyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from korgoo.cases.models import RoutingRule
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.consular.models import Booking, Slot
from korgoo.consular.services import slots_generate
from korgoo.consular.tests.conftest import PASSPORT, make_mission
from korgoo.core.choices import OrganisationKind
from korgoo.core.outbox import outbox_drain
from korgoo.core.receipts import display
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role

from .steps import KYRGYZ_LETTERS, shot, staff_login, worker_opens_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser
def test_worker_books_is_reminded_checks_in_and_is_called_and_an_emergency_jumps_the_release(
    site: str, phone: Page, desk: Page, other_desk: Page
) -> None:
    hall = make_mission()
    slots_generate(actor=None, mission=hall.mission, start=dt.date(2026, 11, 16), days=21)
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    caseworker = make_member(ngo, "ngo.aigul", Role.CASEWORKER)
    receipt = report_submit(new=report(city="Moscow")).receipt
    urgent = report_submit(new=report(city="Moscow", categories=("documents_taken",))).report.case
    outbox_drain()  # the organisations' own messages about the new cases

    # The worker, on a phone, in Kyrgyz: the passport service of the embassy, today's free time.
    phone.goto(f"{site}/ky/consular/")
    expect(phone.locator("html")).to_have_attribute("lang", "ky")
    assert KYRGYZ_LETTERS.search(phone.locator("main").inner_text())
    phone.locator(f'a[href$="/consular/{hall.mission.pk}/passport/"]').click()
    form = phone.get_by_test_id("book-form")
    form.locator('input[name="slot"]').first.check()
    form.locator('input[name="passport_number"]').fill("ас 123 45 67")
    form.locator('input[name="receipt"]').fill(display(receipt))
    form.locator('input[name="channel"][value="tracking"]').check()
    shot(phone, "consular-01-book")
    form.locator('button[type="submit"]').click()
    code = phone.get_by_test_id("booking-code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"
    expect(phone.get_by_test_id("booking-qr")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    shot(phone, "consular-02-booked")

    # Reminded: the appointment is today, so the reminder is due at once; it shows on the report's page.
    assert outbox_drain() == 1
    phone.goto(f"{site}/ky/track/")
    worker_opens_report(phone, display(receipt))
    history = phone.get_by_test_id("worker-history")
    expect(history).to_contain_text("Эскертме")
    expect(history).to_contain_text(hall.mission.organisation.name)

    # At the desk: the code and the passport shown give a ticket; window 1 calls it.
    staff_login(desk, site, hall.clerk)
    desk.goto(f"{site}/ru/staff/consular/")
    check_in = desk.get_by_test_id("check-in")
    check_in.locator('input[name="code"]').fill(code.lower())
    check_in.locator('input[name="passport_number"]').fill(PASSPORT)
    check_in.locator('button[name="action"][value="check_in"]').click()
    expect(desk.locator(".flash")).to_contain_text("A-001")
    desk.get_by_test_id("window-1").locator("button").click()
    expect(desk.get_by_test_id("called")).to_contain_text("A-001")

    # The hall's screen, as the worker sees it: the ticket and the window, nothing about the person.
    phone.goto(f"{site}/ky/consular/hall/{hall.mission.pk}/")
    board = phone.get_by_test_id("hall-board")
    expect(board.locator("tr.latest")).to_contain_text("A-001")
    expect(board.locator("tr.latest td").nth(1)).to_have_text("1")
    assert code not in phone.content() and PASSPORT not in phone.content()
    shot(phone, "consular-03-hall")

    # A caseworker gives the urgent case (passport taken) a time whose general release is still to come.
    unreleased = (
        Slot.objects.filter(service=hall.passport, opens_at__gt=timezone.now()).order_by("starts_at").first()
    )
    assert unreleased is not None
    staff_login(other_desk, site, caseworker)
    other_desk.goto(f"{site}/ru/staff/cases/{urgent.pk}/")
    other_desk.get_by_test_id("consular-link").click()
    other_desk.locator('select[name="service"]').select_option(f"{hall.mission.pk}:passport")
    other_desk.get_by_role("button", name="Показать время").click()
    emergency = other_desk.get_by_test_id("emergency-form")
    emergency.locator(f'input[name="slot"][value="{unreleased.pk}"]').check()
    emergency.locator('input[name="passport_number"]').fill("AN5555555")
    emergency.locator('button[type="submit"]').click()
    expect(other_desk.get_by_test_id("emergency-booked")).to_be_visible()
    booked: Any = Booking.objects.get(kind="emergency")
    assert booked.slot_id == unreleased.pk and booked.slot.opens_at > timezone.now()
    assert booked.case_id == urgent.pk
