"""Waiting time and no-shows in monitoring, with small numbers hidden."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from korgoo.conftest import SUITE_NOW, make_member, make_org
from korgoo.consular import services
from korgoo.consular.models import Booking, Slot
from korgoo.monitoring.selectors.consular import consular_rows
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .conftest import Hall, make_mission

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def _book(slots: list[Slot], first: int) -> list[Booking]:
    return [
        services.booking_create(
            slot_id=s.pk,
            service_code="passport",
            passport_number=f"AC{first + n:07d}",
            phone=f"+7900{first + n:07d}",
        ).booking
        for n, s in enumerate(slots)
    ]


def test_figures_per_mission_and_month_hide_small_numbers(
    hall: Hall, client_for: Any, clock: time_machine.Traveller, settings: Any
) -> None:
    settings.KORGOO_MONITORING_MIN_CELL = 5
    settings.KORGOO_CONSULAR_PER_PHONE = 100
    open_now = Slot.objects.filter(service=hall.passport, opens_at__lte=SUITE_NOW, starts_at__gt=SUITE_NOW)
    moscow = _book(list(open_now.filter(starts_at__lt=dt.datetime(2026, 11, 28, tzinfo=MSK))[:12]), 1)
    almaty = make_mission("Consulate in Almaty", country="KZ", city="Almaty", zone="Asia/Almaty", prefix="k")
    services.slots_generate(actor=None, mission=almaty.mission, start=dt.date(2026, 11, 16), days=14)
    far = Slot.objects.filter(service=almaty.passport, opens_at__lte=SUITE_NOW, starts_at__gt=SUITE_NOW)
    small = _book(list(far.filter(starts_at__lt=dt.datetime(2026, 11, 28, tzinfo=MSK))[:2]), 100)
    # Six walk-ins at 12:00 Moscow on the 16th, called 10, 20 … 60 minutes later: median wait 35 min.
    desk = actor_for_membership(hall.clerk)
    start = dt.datetime(2026, 11, 16, 12, 0, tzinfo=MSK)
    clock.move_to(start, tick=False)
    for _ in range(6):
        services.ticket_walk_in(actor=desk, service_code="passport")
    for n in range(1, 7):
        clock.move_to(start + dt.timedelta(minutes=10 * n), tick=False)
        services.ticket_call_next(actor=desk, window_number=1)
    clock.move_to(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False)
    Booking.objects.filter(pk__in=[b.pk for b in moscow[:7]]).update(status="served")
    Booking.objects.filter(pk__in=[b.pk for b in moscow[7:]]).update(status="no_show")
    Booking.objects.filter(pk=small[0].pk).update(status="no_show")
    Booking.objects.filter(pk=small[1].pk).update(status="served")

    coordinator = make_member(make_org("Coordination"), "coord.c", Role.COORDINATOR)
    rows = {
        r.city: r for r in consular_rows(actor=actor_for_membership(coordinator), since=dt.date(2026, 11, 1))
    }
    moscow_row = rows["Moscow"]
    # 12 due, 7 came, 5 did not: both groups reach the threshold of 5, so the share 5/12 is shown.
    assert (moscow_row.due, moscow_row.came, moscow_row.no_show) == (12, 7, 5)
    assert moscow_row.no_show_share == pytest.approx(5 / 12)
    assert (moscow_row.walk_ins, moscow_row.tickets, moscow_row.median_wait) == (6, 6, 35.0)
    # Almaty: 2 due, 1 and 1: every count is under the threshold and hidden, and so is the share.
    almaty_row = rows["Almaty"]
    assert (almaty_row.due, almaty_row.came, almaty_row.no_show, almaty_row.no_show_share) == (None,) * 4
    assert almaty_row.walk_ins == 0 and almaty_row.median_wait is None
    page = client_for(coordinator).get("/ru/staff/monitoring/consular/")
    assert page.status_code == 200 and (b"35.0" in page.content or b"35,0" in page.content)
    analyst = make_member(make_org("Analysts"), "analyst.c", Role.ANALYST)
    assert client_for(analyst).get("/ru/staff/monitoring/consular/").status_code == 403
