"""The broadcast tests' network (an NGO and an embassy in Moscow, with a network coordinator, a
country coordinator and a caseworker), and the local fakes of the providers, shared with the
channels' own tests."""

from typing import Any

import pytest

from korgoo.cases.models import RoutingRule
from korgoo.channels.tests.conftest import bot_api, chat  # noqa: F401 - fixtures
from korgoo.channels.tests.test_whatsapp_sms import gateway, graph  # noqa: F401 - fixtures
from korgoo.conftest import MOSCOW, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.organisations.models import Role


@pytest.fixture
def network(settings: Any) -> Any:
    settings.KORGOO_CHANNEL_RATE_LIMITS = {n: 10_000 for n in ("telegram", "whatsapp", "sms", "simulator")}
    ngo = make_org("Жардам Москва", city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    embassy = make_org("Посольство", kind=OrganisationKind.EMBASSY, city="Moscow")
    return {
        "coordinator": make_member(embassy, "network.coord", Role.NETWORK_COORDINATOR),
        "country_coordinator": make_member(embassy, "country.coord", Role.COORDINATOR),
        "caseworker": make_member(ngo, "ngo.worker", Role.CASEWORKER),
    }
