"""The staff menu shows each member the sections they can open: the consular reception only to the
members of an embassy or consulate (every caseworker holds the desk's permission, but only a
mission has a hall), and never an entry that would answer 403 or 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from korgoo.conftest import login, make_member, make_org
from korgoo.consular.tests.conftest import make_mission
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Role

pytestmark = pytest.mark.django_db


def menu(member: Any) -> dict[str, str]:
    page = login(Client(), member).get("/ru/staff/").content.decode()
    nav = page.split('class="staffnav"', 1)[1].split("</nav>", 1)[0]
    return {label: url for url, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)}


def test_the_consular_reception_is_in_the_menu_of_a_mission_only() -> None:
    hall = make_mission(capacity=3)
    embassy_worker = make_member(hall.mission.organisation, "embassy.desk", Role.CASEWORKER)
    ngo_worker = make_member(make_org("Жардам", kind=OrganisationKind.NGO), "ngo.desk", Role.CASEWORKER)
    at_embassy, at_ngo = menu(embassy_worker), menu(ngo_worker)
    assert at_embassy["Консульский приём"] == "/ru/staff/consular/"
    assert "Консульский приём" not in at_ngo
    assert at_ngo["Входящие"] == at_embassy["Входящие"] == "/ru/staff/"
    for member, entries in ((embassy_worker, at_embassy), (ngo_worker, at_ngo)):
        client = login(Client(), member)
        for label, url in entries.items():
            assert client.get(url).status_code == 200, (label, url)
