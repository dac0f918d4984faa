"""A mission with two services, as an embassy would set it up, for the consular tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from korgoo.conftest import make_member, make_org
from korgoo.consular.models import ConsularService, Mission, ServiceText, Slot, Window, WorkingPlan
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Membership, Role

PASSPORT = "AC1234567"


@dataclass
class Hall:
    mission: Mission
    passport: ConsularService
    consultation: ConsularService
    clerk: Membership
    admin: Membership


def make_mission(
    name: str = "Embassy in Moscow",
    *,
    country: str = "RU",
    city: str = "Moscow",
    zone: str = "Europe/Moscow",
    capacity: int = 1,
    emergency: int = 1,
    prefix: str = "m",
) -> Hall:
    org = make_org(name, kind=OrganisationKind.EMBASSY, country=country, city=city)
    mission = Mission.objects.create(organisation=org, timezone=zone, address="Bolshaya Ordynka 64")
    windows = [Window.objects.create(mission=mission, number=n) for n in (1, 2)]
    services = []
    names = {
        "passport": (("ky", "Паспорт"), ("ru", "Паспорт"), ("en", "Passport")),
        "labour_consultation": (
            ("ky", "Эмгек атташесинин кеңеши"),
            ("ru", "Консультация"),
            ("en", "Consultation"),
        ),
    }
    for code, minutes in (("passport", 30), ("labour_consultation", 60)):
        service = ConsularService.objects.create(mission=mission, code=code, duration_minutes=minutes)
        service.windows.set(windows)
        for language, title in names[code]:
            ServiceText.objects.create(service=service, language=language, name=title, documents="—")
        for weekday in range(5):
            WorkingPlan.objects.create(
                service=service,
                weekday=weekday,
                opens=dt.time(9),
                closes=dt.time(13),
                break_starts=dt.time(11),
                break_ends=dt.time(11, 30),
                capacity=capacity,
                emergency_capacity=emergency,
            )
        services.append(service)
    return Hall(
        mission=mission,
        passport=services[0],
        consultation=services[1],
        clerk=make_member(org, f"{prefix}.clerk", Role.CASEWORKER),
        admin=make_member(org, f"{prefix}.admin", Role.ORG_ADMIN),
    )


@pytest.fixture
def hall(db: Any) -> Hall:
    from korgoo.consular.services import slots_generate

    made = make_mission()
    # Monday 16 November 2026 (the suite's clock): slots for the next three weeks.
    slots_generate(actor=None, mission=made.mission, start=dt.date(2026, 11, 16), days=21)
    return made


def released_slot(hall: Hall, service: ConsularService | None = None) -> Slot:
    """The first slot of the passport service that is open for booking now and still to come."""
    from django.utils import timezone

    now = timezone.now()
    return (
        Slot.objects.filter(service=service or hall.passport, opens_at__lte=now, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )  # type: ignore[return-value]
