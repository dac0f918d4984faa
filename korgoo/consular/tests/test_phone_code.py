"""Booking by phone alone needs a one-time code by SMS when an SMS adapter is configured."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from korgoo.conftest import SUITE_NOW
from korgoo.consular import notifications
from korgoo.consular.models import Booking, PhoneCheck, Slot

from .conftest import PASSPORT, Hall, released_slot

pytestmark = pytest.mark.django_db
PHONE = "+7 900 123 45 67"


def post(path: str, body: dict[str, Any]) -> Any:
    return Client().post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def sms(settings: Any) -> list[tuple[str, str]]:
    settings.KORGOO_SMS_BACKEND = "korgoo.consular.notifications.locmem_sms"
    notifications.sent_sms.clear()
    return notifications.sent_sms


def _sent_code(sms: list[tuple[str, str]]) -> str:
    found = re.search(r"\b(\d{6})\b", sms[-1][1])
    assert found and sms[-1][0] == "+79001234567"
    return found.group(1)


def test_without_an_adapter_no_code_is_asked_or_sent(hall: Hall, settings: Any) -> None:
    settings.KORGOO_SMS_BACKEND = ""
    assert post("/api/v1/consular/phone-code/", {"phone": PHONE}).json()["code"] == "sms_unavailable"


def test_the_code_proves_the_phone_and_a_full_time_does_not_spend_it(
    hall: Hall, sms: list[tuple[str, str]]
) -> None:
    slot = released_slot(hall)
    body = {"slot": str(slot.pk), "service": "passport", "phone": PHONE, "passport_number": PASSPORT}
    asked = post("/api/v1/consular/bookings/", body)
    assert asked.status_code == 400 and "phone_code" in asked.json()["fields"]
    assert post("/api/v1/consular/phone-code/", {"phone": PHONE}).status_code == 202
    code = _sent_code(sms)
    assert code not in str(list(PhoneCheck.objects.values()))  # kept as a keyed hash only
    wrong = post(
        "/api/v1/consular/bookings/", {**body, "phone_code": "000000" if code != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and PhoneCheck.objects.get().attempts == 1, wrong.json()
    # Somebody takes the time first: the code is not spent, and books another time.
    Slot.objects.filter(pk=slot.pk).update(taken=1)
    full = post("/api/v1/consular/bookings/", {**body, "phone_code": code})
    assert full.status_code == 409
    other = Slot.objects.filter(
        service=hall.passport, taken=0, opens_at__lte=SUITE_NOW, starts_at__gt=SUITE_NOW
    )
    booked = post("/api/v1/consular/bookings/", {**body, "slot": str(other.first().pk), "phone_code": code})  # type: ignore[union-attr]
    assert booked.status_code == 201 and Booking.objects.count() == 1
    again = post("/api/v1/consular/bookings/", {**body, "service": "labour_consultation", "phone_code": code})
    assert again.status_code == 400  # used once


def test_five_wrong_tries_end_a_code_and_three_codes_an_hour(hall: Hall, sms: list[tuple[str, str]]) -> None:
    slot = released_slot(hall)
    body = {"slot": str(slot.pk), "service": "passport", "phone": PHONE, "passport_number": PASSPORT}
    post("/api/v1/consular/phone-code/", {"phone": PHONE})
    code = _sent_code(sms)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        post("/api/v1/consular/bookings/", {**body, "phone_code": wrong})
    assert post("/api/v1/consular/bookings/", {**body, "phone_code": code}).status_code == 400
    assert [post("/api/v1/consular/phone-code/", {"phone": PHONE}).status_code for _ in range(3)] == [
        202,
        202,
        429,
    ]


def test_the_page_asks_for_the_code_and_keeps_what_was_typed(hall: Hall, sms: list[tuple[str, str]]) -> None:
    client = Client()
    slot = released_slot(hall)
    url = f"/ky/consular/{hall.mission.pk}/passport/"
    token = re.search(rb'name="form_token" value="([^"]+)"', client.get(url).content).group(1).decode()  # type: ignore[union-attr]
    fields = {"slot": str(slot.pk), "passport_number": PASSPORT, "phone": PHONE, "form_token": token}
    first = client.post(url, fields)
    assert first.status_code == 200 and b"code-sent" in first.content and PASSPORT.encode() in first.content
    assert not Booking.objects.exists()
    booked = client.post(url, {**fields, "phone_code": _sent_code(sms)})
    assert booked.status_code == 201 and Booking.objects.count() == 1
