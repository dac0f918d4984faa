"""The consular API's contract: missions, slots, booking (201/409), cancelling (200)."""

from __future__ import annotations

import json
import zoneinfo
from typing import Any

import pytest
from django.test import Client

from korgoo.conftest import SUITE_NOW, TwoOrgs
from korgoo.consular.models import Booking, Slot
from korgoo.intake.services import challenge_solve

from .conftest import PASSPORT, Hall, released_slot

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)


def test_missions_list_their_services_in_the_language_asked(hall: Hall) -> None:
    answer = Client().get("/api/v1/consular/missions/", headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    (mission,) = answer.json()
    assert mission["id"] == str(hall.mission.pk)
    assert (mission["name"], mission["country"], mission["city"]) == ("Embassy in Moscow", "RU", "Moscow")
    assert [(s["code"], s["name"], s["duration_minutes"]) for s in mission["services"]] == [
        ("labour_consultation", "Consultation", 60),
        ("passport", "Passport", 30),
    ]


def test_slots_of_a_day_then_book_then_the_full_slot_and_the_second_booking_are_409(hall: Hall) -> None:
    client = Client()
    slot = released_slot(hall)
    day = slot.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Moscow")).date()
    listed = client.get(
        "/api/v1/consular/slots/",
        {"mission": str(hall.mission.pk), "service": "passport", "date": day.isoformat()},
    )
    assert listed.status_code == 200
    rows = listed.json()
    assert rows[0] == {"id": str(slot.pk), "starts_at": slot.starts_at.isoformat(), "remaining": 1}
    body = {
        "slot": str(slot.pk),
        "service": "passport",
        "phone": "+7 900 123 45 67",
        "passport_number": PASSPORT,
    }
    booked = post(client, "/api/v1/consular/bookings/", body)
    assert booked.status_code == 201, booked.content
    assert set(booked.json()) == {"code", "starts_at"} and len(booked.json()["code"]) == 9
    full = post(client, "/api/v1/consular/bookings/", {**body, "passport_number": "AN7654321"})
    assert full.status_code == 409 and full.json()["code"] == "slot_full"
    other = Slot.objects.filter(
        service=hall.passport, taken=0, opens_at__lte=SUITE_NOW, starts_at__gt=SUITE_NOW
    )
    again = post(client, "/api/v1/consular/bookings/", {**body, "slot": str(other.last().pk)})  # type: ignore[union-attr]
    assert again.status_code == 409 and again.json()["code"] == "already_booked"
    # The booked time is gone from the list.
    listed = client.get(
        "/api/v1/consular/slots/",
        {"mission": str(hall.mission.pk), "service": "passport", "date": day.isoformat()},
    )
    assert str(slot.pk) not in {r["id"] for r in listed.json()}
    cancelled = post(client, "/api/v1/consular/bookings/cancel/", {"code": booked.json()["code"]})
    assert cancelled.status_code == 200 and cancelled.json() == {"status": "cancelled"}
    assert post(client, "/api/v1/consular/bookings/cancel/", {"code": "XXXX-XXXX"}).status_code == 404


def test_bad_input_is_a_translated_error_on_the_field(hall: Hall) -> None:
    slot = released_slot(hall)
    body = {"slot": str(slot.pk), "service": "passport", "phone": "+7 900 123 45 67", "passport_number": "№"}
    answer = post(Client(), "/api/v1/consular/bookings/", body, **{"Accept-Language": "ru"})
    assert answer.status_code == 400
    assert "паспорт" in answer.json()["fields"]["passport_number"][0].lower()
    unknown = post(
        Client(), "/api/v1/consular/bookings/", {**body, "passport_number": PASSPORT, "slot": "nope"}
    )
    assert unknown.status_code == 400 and "slot" in unknown.json()["fields"]
    assert not Booking.objects.exists()


def test_a_booking_by_receipt_is_linked_to_the_case_and_shown_on_the_workers_page(
    hall: Hall, two_orgs: TwoOrgs
) -> None:
    slot = released_slot(hall)
    body = {
        "slot": str(slot.pk),
        "service": "passport",
        "receipt": two_orgs.a.receipt,
        "channel": "tracking",
        "passport_number": PASSPORT,
    }
    assert post(Client(), "/api/v1/consular/bookings/", body).status_code == 201
    assert Booking.objects.get().case == two_orgs.a.case
    wrong = post(
        Client(), "/api/v1/consular/bookings/", {**body, "receipt": "1" * 20, "passport_number": "AN1"}
    )
    assert wrong.status_code == 400


def test_under_high_load_a_booking_needs_a_solved_challenge(hall: Hall, settings: Any) -> None:
    settings.KORGOO_CONSULAR_CHALLENGE_ABOVE = 0  # load is "high" from the first attempt
    settings.KORGOO_CONSULAR_CHALLENGE_BITS = 8
    slot = released_slot(hall)
    body = {
        "slot": str(slot.pk),
        "service": "passport",
        "phone": "+7 900 123 45 67",
        "passport_number": PASSPORT,
    }
    refused = post(Client(), "/api/v1/consular/bookings/", body)
    assert refused.status_code == 400 and refused.json()["code"] == "challenge_required"
    challenge = Client().get("/api/v1/consular/challenge/").json()
    assert challenge["difficulty"] == 8
    proof = challenge_solve(challenge["challenge"], 8)
    headers = {"Korgoo-Challenge": challenge["challenge"], "Korgoo-Proof": proof}
    solved = post(Client(), "/api/v1/consular/bookings/", {**body, "passport_number": "AC0000001"}, **headers)
    assert solved.status_code == 201
    assert Booking.objects.count() == 1
    reused = post(Client(), "/api/v1/consular/bookings/", {**body, "passport_number": "AC0000002"}, **headers)
    assert reused.status_code == 409 and reused.json()["code"] == "challenge_used"
    wrong = {
        "Korgoo-Challenge": Client().get("/api/v1/consular/challenge/").json()["challenge"],
        "Korgoo-Proof": "x",
    }
    unsolved = post(Client(), "/api/v1/consular/bookings/", {**body, "passport_number": "AC0000003"}, **wrong)
    assert unsolved.status_code == 400 and unsolved.json()["code"] == "challenge_unsolved"


def test_writes_are_throttled_per_client(hall: Hall, settings: Any) -> None:
    settings.KORGOO_CONSULAR_WRITES_PER_HOUR = 3
    client = Client()
    codes = [
        post(client, "/api/v1/consular/bookings/cancel/", {"code": "XXXX-XXXX"}).status_code for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]
