"""The homecoming tests' world (a union in Moscow holding a worker's case, organisations at home in
Osh and Bishkek), and the local fake of the Telegram Bot API, shared with the channels' own tests."""

from typing import Any

import pytest

from korgoo.cases.models import RoutingRule
from korgoo.channels.tests.conftest import bot_api, chat  # noqa: F401 - fixtures
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.homecoming.models import HomeCover
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role


@pytest.fixture
def world() -> dict[str, Any]:
    union = make_org("Профсоюз мигрантов Москва", kind=OrganisationKind.TRADE_UNION, city="Moscow")
    RoutingRule.objects.create(organisation=union, country="RU", locality_id=MOSCOW)
    osh = make_org("Ош юридикалык жардам борбору", kind=OrganisationKind.LEGAL_AID, country="KG", city="Osh")
    bishkek = make_org(
        "Миграция министрлиги", kind=OrganisationKind.MIGRATION_MINISTRY, country="KG", city="Bishkek"
    )
    HomeCover.objects.create(organisation=osh, region="osh_city")
    HomeCover.objects.create(organisation=bishkek, region="bishkek")
    submitted = report_submit(
        new=report(
            description="Кожоюн үч ай айлык төлөгөн жок.",
            employer="ООО Стройка CANARY-EMPLOYER",
            share_with=(OrganisationKind.TRADE_UNION,),
        )
    )
    return {
        "union": union,
        "osh": osh,
        "bishkek": bishkek,
        "case": submitted.report.case,
        "receipt": submitted.receipt,
        "union_worker": make_member(union, "union.aibek", Role.CASEWORKER),
        "osh_worker": make_member(osh, "osh.nurgul", Role.CASEWORKER),
    }
