"""The consular pages without JavaScript: the worker books, moves and cancels; the desk checks in and
calls; the hall's screen shows labels only; a caseworker books an emergency place from the case."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from korgoo.cases.models import CaseCategory, CaseEvent
from korgoo.conftest import TwoOrgs, page_scripts
from korgoo.consular.models import Booking, Slot, Ticket

from .conftest import PASSPORT, Hall, released_slot

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def _token(client: Client, url: str) -> str:
    """The signed form token of the booking page (the page's stand-in for a proof of work)."""
    found = re.search(rb'name="form_token" value="([^"]+)"', client.get(url).content)
    assert found
    return found.group(1).decode()


def _code(content: bytes) -> str:
    found = re.search(rb'data-testid="booking-code"[^>]*>([A-Z0-9-]{9})<', content)
    assert found, content[:3000]
    return found.group(1).decode()


def test_a_worker_books_in_kyrgyz_without_javascript_and_gets_a_code_and_a_qr_code(hall: Hall) -> None:
    client = Client()
    home = client.get("/ky/consular/")
    assert home.status_code == 200 and b"Embassy in Moscow" in home.content
    slot = released_slot(hall)
    day = slot.starts_at.astimezone(MSK).date()
    page = client.get(f"/ky/consular/{hall.mission.pk}/passport/", {"date": day.isoformat()})
    assert page.status_code == 200 and str(slot.pk).encode() in page.content
    # A mistake keeps everything typed and says what to fix.
    url = f"/ky/consular/{hall.mission.pk}/passport/?date={day}"
    token = _token(client, url)
    bad = client.post(
        url, {"slot": str(slot.pk), "passport_number": "", "phone": "+7 900 123 45 67", "form_token": token}
    )
    assert bad.status_code == 400 and b"+7 900 123 45 67" in bad.content
    fields = {
        "slot": str(slot.pk),
        "passport_number": PASSPORT,
        "phone": "+7 900 123 45 67",
        "channel": "sms",
    }
    assert client.post(url, fields).status_code == 400  # without the page's token: refused
    booked = client.post(url, {**fields, "form_token": token})
    assert booked.status_code == 201
    # The same form cannot book again (one form, one booking), even for another person.
    other = Slot.objects.filter(
        service=hall.passport, taken=0, opens_at__lte=slot.opens_at.replace(year=2030)
    )
    other = other.filter(
        starts_at__gt=slot.starts_at, opens_at__lte=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    )
    later = other.first()
    assert later is not None
    url2 = f"/ky/consular/{hall.mission.pk}/passport/?date={later.starts_at.astimezone(MSK).date()}"
    again = client.post(
        url2, {**fields, "slot": str(later.pk), "passport_number": "AN7654321", "form_token": token}
    )
    assert again.status_code == 409 and Booking.objects.count() == 1
    code = _code(booked.content)
    svg = booked.content.split(b'data-testid="booking-qr"', 1)[1].split(b"</svg>")[0]
    assert b'd="M' in svg and b"href" not in svg and b"src=" not in svg  # drawn here, nothing fetched
    assert page_scripts(booked.content) in ([], ["/static/korgoo/worker.js"])
    assert PASSPORT.encode() not in booked.content
    # The code opens the appointment; the worker moves it, then cancels it.
    shown = client.post("/ky/consular/booking/", {"code": code.lower(), "action": "show"})
    assert shown.status_code == 200 and b"move-form" in shown.content
    later = Slot.objects.filter(
        service=hall.passport, taken=0, opens_at__lte=slot.opens_at.replace(year=2030)
    )
    target = later.filter(
        starts_at__gt=slot.starts_at, opens_at__lte=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    )
    moved = client.post(
        "/ky/consular/booking/", {"code": code, "action": "move", "slot": str(target.first().pk)}
    )  # type: ignore[union-attr]
    assert moved.status_code == 200 and code.encode() in moved.content
    cancelled = client.post("/ky/consular/booking/", {"code": code, "action": "cancel"})
    assert cancelled.status_code == 200 and b"manage-done" in cancelled.content
    assert Booking.objects.get().status == "cancelled"
    wrong = client.post("/ky/consular/booking/", {"code": "AAAA-AAAA", "action": "show"})
    assert wrong.status_code == 404 and b"AAAA-AAAA" in wrong.content  # kept for correcting
    # The worker's side sets no cookie at any step (ADR 0004).
    for answer in (home, page, booked, shown, moved, cancelled, wrong):
        assert not answer.cookies


def test_the_desk_checks_in_gives_tickets_and_the_hall_shows_labels_only(
    hall: Hall, client_for: Any, clock: time_machine.Traveller
) -> None:
    client = Client()
    slot = Slot.objects.get(service=hall.passport, starts_at=dt.datetime(2026, 11, 16, 12, 30, tzinfo=MSK))
    url = f"/ky/consular/{hall.mission.pk}/passport/?date=2026-11-16"
    booked = client.post(
        url,
        {
            "slot": str(slot.pk),
            "passport_number": PASSPORT,
            "phone": "+7 900 123 45 67",
            "form_token": _token(client, url),
        },
    )
    code = _code(booked.content)
    desk = client_for(hall.clerk)
    assert desk.get("/ru/staff/consular/").status_code == 200
    wrong = desk.post(
        "/ru/staff/consular/", {"action": "check_in", "code": code, "passport_number": "AN0000000"}
    )
    assert wrong.status_code == 400 and not Ticket.objects.exists()
    came = desk.post("/ru/staff/consular/", {"action": "check_in", "code": code, "passport_number": PASSPORT})
    assert came.status_code == 303
    desk.post("/ru/staff/consular/", {"action": "walk_in", "service": "passport"})
    desk.post("/ru/staff/consular/", {"action": "call", "window": "2"})
    board = Client().get(f"/ky/consular/hall/{hall.mission.pk}/")
    assert board.status_code == 200
    assert b"A-001" in board.content and b"<td>2</td>" in board.content
    for private in (code.encode(), PASSPORT.encode(), b"900"):
        assert private not in board.content
    ticket = Ticket.objects.get(label="A-001")
    desk.post("/ru/staff/consular/", {"action": "served", "ticket": str(ticket.pk)})
    assert Booking.objects.get().status == "served"


def test_a_caseworker_books_an_emergency_place_from_the_case_page(
    hall: Hall, two_orgs: TwoOrgs, client_for: Any
) -> None:
    case = two_orgs.a.case
    page = client_for(two_orgs.a.caseworker)
    assert b"consular-link" in page.get(f"/ru/staff/cases/{case.pk}/").content
    assert b"not-eligible" in page.get(f"/ru/staff/cases/{case.pk}/consular/").content
    CaseCategory.objects.create(case=case, category="documents_taken")
    choice = f"{hall.mission.pk}:passport"
    listed = page.get(f"/ru/staff/cases/{case.pk}/consular/", {"service": choice})
    unreleased = Slot.objects.filter(
        service=hall.passport, opens_at__gt=dt.datetime(2026, 11, 17, tzinfo=dt.UTC)
    )
    slot = unreleased.order_by("starts_at").first()
    assert slot is not None and str(slot.pk).encode() in listed.content
    done = page.post(
        f"/ru/staff/cases/{case.pk}/consular/",
        {"service": choice, "slot": str(slot.pk), "passport_number": "AN5555555", "remind": "on"},
    )
    assert done.status_code == 200 and b"emergency-booked" in done.content
    assert Booking.objects.get().kind == "emergency"
    listed_after = page.get(f"/ru/staff/cases/{case.pk}/consular/")
    assert b"case-appointments" in listed_after.content and b"Embassy in Moscow" in listed_after.content
    # The worker will read it on the page of the report, where and when, never the code.
    event = CaseEvent.objects.get(case=case, kind="consular_booked")
    assert event.worker_visible and event.data["mission"] == "Embassy in Moscow"
    assert not any(c in str(event.data) for c in (_code(done.content), "AN5555555"))
    # Another organisation's case answers 404, as a case that does not exist.
    assert page.get(f"/ru/staff/cases/{two_orgs.b.case.pk}/consular/").status_code == 404
