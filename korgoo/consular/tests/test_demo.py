"""The demo world's consular reception: two missions with slots for the coming two weeks from
whatever day the demo starts, bookings, capacity-one slots, a hall with tickets, and an emergency
booking on an urgent case that jumps the general release."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from korgoo.cases.models import CaseEvent
from korgoo.conftest import SUITE_NOW
from korgoo.consular.models import Booking, Mission, Slot, Ticket
from korgoo.demo.world import build_world

# The demo runs on the embedded database (SQLite): it is built in the SQLite pass only.
pytestmark = [pytest.mark.demo, pytest.mark.django_db]


def test_a_demo_started_on_another_day_publishes_the_two_weeks_from_that_day(
    db: Any, clock: time_machine.Traveller
) -> None:
    # The demo started at the suite's clock is in korgoo/demo/tests/test_world.py; here, 47 days and
    # 5 hours later (another weekday, another time of day).
    start = SUITE_NOW + dt.timedelta(days=47, hours=5)
    clock.move_to(start)
    build_world()
    assert_consular_reception(start=start)


def assert_consular_reception(*, start: dt.datetime) -> None:
    """What the demo's consular reception shows when the demo starts at `start`."""
    missions = {m.organisation.city: m for m in Mission.objects.select_related("organisation")}
    assert set(missions) == {"Moscow", "Almaty"}
    for mission in missions.values():
        slots = Slot.objects.filter(mission=mission)
        assert slots.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=14)).count() > 50
        assert slots.filter(capacity=1).exists()
        assert Booking.objects.filter(mission=mission, kind="general").count() >= 10
    emergency = Booking.objects.get(kind="emergency")
    assert emergency.case is not None and emergency.mission == missions["Moscow"]
    assert emergency.slot.opens_at > start  # booked before the general release of its time
    assert CaseEvent.objects.filter(case=emergency.case, kind="consular_booked").exists()
    assert Ticket.objects.filter(mission=missions["Moscow"]).count() == 3
    board = Client().get(f"/ru/consular/hall/{missions['Moscow'].pk}/")
    assert board.status_code == 200 and b"A-001" in board.content
