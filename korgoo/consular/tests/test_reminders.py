"""Reminders a day before the appointment, through the outbox, on the channel the worker chose."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from korgoo.conftest import TwoOrgs
from korgoo.consular import notifications, services
from korgoo.consular.models import Slot
from korgoo.core.outbox import outbox_drain
from korgoo.core.receipts import display

from .conftest import PASSPORT, Hall

pytestmark = pytest.mark.django_db


def _late_slot(hall: Hall) -> Slot:
    # Monday 30 November 2026, 09:00 Moscow: released on the 16th, the suite's day.
    slot = Slot.objects.get(service=hall.passport, starts_at=dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC))
    return slot


def test_the_reminder_appears_on_the_workers_report_page_a_day_before(
    hall: Hall, two_orgs: TwoOrgs, clock: time_machine.Traveller
) -> None:
    slot = _late_slot(hall)
    outbox_drain()  # the fixture's own messages (new cases for the organisations)
    services.booking_create(
        slot_id=slot.pk,
        service_code="passport",
        passport_number=PASSPORT,
        receipt=two_orgs.a.receipt,
        channel="tracking",
        language="ky",
    )
    assert outbox_drain() == 0  # not before its time
    clock.move_to(dt.datetime(2026, 11, 29, 6, 1, tzinfo=dt.UTC), tick=False)
    assert outbox_drain() == 1
    client = Client()
    opened = client.post("/ky/track/", {"receipt": display(two_orgs.a.receipt)}, follow=True)
    assert opened.status_code == 200
    page = opened.content.decode()
    # Kyrgyz: the booking and the reminder, with the place and the time (30.11.2026 09:00, Moscow).
    assert "Эскертме" in page and "Embassy in Moscow" in page and "09:00" in page


def test_an_sms_reminder_goes_through_the_adapter_and_a_cancelled_booking_is_not_reminded(
    hall: Hall, settings: Any, clock: time_machine.Traveller
) -> None:
    settings.KORGOO_SMS_BACKEND = "korgoo.consular.notifications.locmem_sms"
    notifications.sent_sms.clear()
    slot = _late_slot(hall)

    def code() -> str:  # booking by phone alone proves the phone with a one-time code first
        services.phone_code_send(phone="+7 900 123 45 67")
        return notifications.sent_sms.pop()[1].split(": ")[1][:6]

    kept = services.booking_create(
        slot_id=slot.pk,
        service_code="passport",
        passport_number=PASSPORT,
        phone="+7 900 123 45 67",
        channel="sms",
        phone_code=code(),
    )
    other = Slot.objects.get(
        service=hall.consultation, starts_at=dt.datetime(2026, 11, 30, 6, 0, tzinfo=dt.UTC)
    )
    dropped = services.booking_create(
        slot_id=other.pk,
        service_code="labour_consultation",
        passport_number=PASSPORT,
        phone="+7 900 123 45 67",
        channel="sms",
        phone_code=code(),
    )
    services.booking_cancel(code=dropped.code)
    clock.move_to(dt.datetime(2026, 11, 29, 7, 0, tzinfo=dt.UTC), tick=False)
    assert outbox_drain() == 2  # both delivered: the cancelled one by doing nothing
    assert len(notifications.sent_sms) == 1
    phone, text = notifications.sent_sms[0]
    assert phone == "+79001234567" and "09:00" in text and "Embassy in Moscow" in text
    assert kept.code not in text  # the code is never sent along
