"""Crafted monitoring data: organisations of several kinds in Russia and Kazakhstan, an analyst (a
ministry), a coordinator (an embassy), and cases made with `factories.make_case`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from korgoo.conftest import make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Membership, Organisation, Role

from .factories import make_case, months_ago

__all__ = ["World", "make_case", "months_ago", "refresh_and_publish"]


@dataclass
class World:
    ngo_a: Organisation
    ngo_b: Organisation
    union_kz: Organisation
    embassy: Organisation
    ministry: Organisation
    analyst: Membership
    coordinator: Membership
    caseworker_a: Membership
    admin_a: Membership


@pytest.fixture
def world(db: Any) -> World:
    ngo_a = make_org("Мигрант Укугу A", kind=OrganisationKind.NGO, city="Moscow")
    ngo_b = make_org("Правовая помощь B", kind=OrganisationKind.NGO, city="Kazan")
    union_kz = make_org("Профсоюз KZ", kind=OrganisationKind.TRADE_UNION, country="KZ", city="Almaty")
    embassy = make_org("Посольство КР", kind=OrganisationKind.EMBASSY, city="Moscow")
    ministry = make_org("Министерство труда", kind=OrganisationKind.OTHER, country="KG", city="Bishkek")
    return World(
        ngo_a=ngo_a,
        ngo_b=ngo_b,
        union_kz=union_kz,
        embassy=embassy,
        ministry=ministry,
        analyst=make_member(ministry, "analyst", Role.ANALYST),
        coordinator=make_member(embassy, "coordinator", Role.COORDINATOR),
        caseworker_a=make_member(ngo_a, "ngo.a", Role.CASEWORKER),
        admin_a=make_member(ngo_a, "ngo.a.admin", Role.ORG_ADMIN),
    )


def refresh_and_publish(full: bool = False) -> None:
    from korgoo.monitoring.publishing import monitoring_publish
    from korgoo.monitoring.refresh import tallies_refresh

    tallies_refresh(full=full)
    monitoring_publish()
