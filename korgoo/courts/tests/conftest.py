from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from korgoo.conftest import make_member, make_org
from korgoo.core.actor import Actor
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Membership, Organisation, Role
from korgoo.organisations.selectors import actor_for_membership

CORPUS = Path(__file__).parent / "corpus"


def page(name: str) -> bytes:
    """The bytes of the corpus page whose name starts with `name` (not its expected-facts JSON)."""
    return next(p for p in sorted(CORPUS.glob(f"{name}*")) if p.suffix != ".json").read_bytes()


@dataclass
class Missions:
    embassy: Organisation
    consulate: Organisation
    ngo: Organisation
    embassy_worker: Membership
    embassy_viewer: Membership
    consulate_worker: Membership
    ngo_worker: Membership

    def actor(self, membership: Membership) -> Actor:
        return actor_for_membership(membership)


@pytest.fixture
def missions(db: Any) -> Missions:
    return make_missions()


def make_missions() -> Missions:
    """An embassy in Moscow and a consulate in Yekaterinburg (each with a caseworker; the embassy
    also with a viewer), and an NGO in Moscow with a caseworker."""
    embassy = make_org("Embassy Moscow", kind=OrganisationKind.EMBASSY, city="Moscow")
    consulate = make_org("Consulate Yekaterinburg", kind=OrganisationKind.EMBASSY, city="Yekaterinburg")
    ngo = make_org("NGO Moscow", kind=OrganisationKind.NGO, city="Moscow")
    return Missions(
        embassy=embassy,
        consulate=consulate,
        ngo=ngo,
        embassy_worker=make_member(embassy, "embassy.worker", Role.CASEWORKER),
        embassy_viewer=make_member(embassy, "embassy.viewer", Role.VIEWER),
        consulate_worker=make_member(consulate, "consulate.worker", Role.CASEWORKER),
        ngo_worker=make_member(ngo, "ngo.worker", Role.CASEWORKER),
    )
