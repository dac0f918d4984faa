"""A worker in Kazakhstan opens the home page on a phone while alerts of Russia and Kazakhstan are in
force, taps Kazakhstan and reads only its alert; "All countries" brings both back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from korgoo.broadcasts.services import broadcast_send
from korgoo.conftest import MOSCOW, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .steps import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOSCOW_RAID = "Бүгүн Москванын түштүгүндөгү базарларда көп текшерүү болот."
ALMATY_CLOSED = "Алматыдагы консулдук бөлүм эртең иштебейт."


def test_a_worker_reads_the_alerts_of_their_own_country(site: str, phone: Page) -> None:
    embassy = make_org("Посольство", kind=OrganisationKind.EMBASSY, city="Moscow")
    coordinator = actor_for_membership(make_member(embassy, "network.coord", Role.NETWORK_COORDINATOR))
    broadcast_send(
        actor=coordinator, kind="raid", country="RU", locality_id=MOSCOW, texts={"ky": MOSCOW_RAID}
    )
    broadcast_send(
        actor=coordinator,
        kind="consular_closure",
        country="KZ",
        locality_id=None,
        texts={"ky": ALMATY_CLOSED},
    )

    phone.goto(f"{site}/ky/")
    alerts = phone.get_by_test_id("alerts")
    expect(alerts).to_contain_text(MOSCOW_RAID)
    expect(alerts).to_contain_text(ALMATY_CLOSED)
    phone.get_by_test_id("alert-country-KZ").click()
    expect(phone).to_have_url(f"{site}/ky/?country=KZ#alerts")
    expect(alerts).to_contain_text(ALMATY_CLOSED)
    expect(alerts).not_to_contain_text(MOSCOW_RAID)
    expect(phone.get_by_test_id("alert-country-KZ")).to_have_attribute("aria-current", "true")
    shot(phone, "alerts-kazakhstan")
    phone.get_by_role("link", name="Бардык өлкөлөр").click()
    expect(alerts).to_contain_text(MOSCOW_RAID)
    expect(alerts).to_contain_text(ALMATY_CLOSED)
