"""Moving existing cases and routing rules from typed cities to gazetteer ids (cases 0006–0008), and
back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from korgoo.cases import vault
from korgoo.cases.tests.migrating import migrate, migrated_to

MOSCOW, KAZAN, ALMATY = 524901, 551487, 1526384
BEFORE = [("cases", "0005_case_sector")]
AFTER = [("cases", "0008_remove_city")]


@pytest.fixture
def at_0005(transactional_db: Any) -> Iterator[Any]:
    with migrated_to(BEFORE) as apps:
        yield apps


def _case(apps: Any, city: str, country: str = "RU", *, erased: bool = False) -> Any:
    Case = apps.get_model("cases", "Case")
    now = timezone.now()
    case = Case(
        country=country,
        city=city,
        language="ky",
        reported_on=now.date(),
        last_activity_at=now,
        content_erased=erased,
    )
    vault.new_case_key(case)
    vault.seal_report(case, {"description": f"About {city}", "employer_name": ""})
    if erased:
        case.sealed_report = b""
    case.save()
    return case


def test_cases_and_rules_get_city_ids_and_the_typed_city_is_sealed(at_0005: Any) -> None:
    apps = at_0005
    Organisation = apps.get_model("organisations", "Organisation")
    RoutingRule = apps.get_model("cases", "RoutingRule")
    org = Organisation.objects.create(name="NGO", kind="ngo", country="RU", city="Moscow")
    typed = {
        "moscow": _case(apps, "Москва").pk,
        "kazan": _case(apps, "Kazan (RU)").pk,
        "unknown": _case(apps, "<b>Нижние Выселки</b>").pk,
        "erased": _case(apps, "Moscow", erased=True).pk,
        "almaty": _case(apps, "Алматы", "KZ").pk,
    }
    rules = {
        "moscow": RoutingRule.objects.create(organisation=org, country="RU", city="moskva").pk,
        "almaty": RoutingRule.objects.create(organisation=org, country="KZ", city="Алматы").pk,
        "unknown": RoutingRule.objects.create(organisation=org, country="RU", city="Atlantis").pk,
        "country": RoutingRule.objects.create(organisation=org, country="RU", city="").pk,
    }

    apps = migrate(AFTER)
    Case = apps.get_model("cases", "Case")
    RoutingRule = apps.get_model("cases", "RoutingRule")
    cases = {name: Case.objects.get(pk=pk) for name, pk in typed.items()}
    assert {name: c.locality_id for name, c in cases.items()} == {
        "moscow": MOSCOW,
        "kazan": KAZAN,
        "unknown": None,  # counted as "another city", routed by its country
        "erased": MOSCOW,
        "almaty": ALMATY,
    }
    assert vault.open_report(cases["moscow"]) == {
        "description": "About Москва",
        "employer_name": "",
        "city": "Москва",
    }
    assert vault.open_report(cases["unknown"])["city"] == "<b>Нижние Выселки</b>"
    assert bytes(cases["erased"].sealed_report) == b""
    after = {name: RoutingRule.objects.get(pk=pk) for name, pk in rules.items()}
    assert (after["moscow"].locality_id, after["moscow"].is_active) == (MOSCOW, True)
    assert (after["almaty"].locality_id, after["almaty"].is_active) == (ALMATY, True)
    # A rule for a city nobody knows would otherwise take the whole country: it is switched off.
    assert (after["unknown"].locality_id, after["unknown"].is_active) == (None, False)
    assert (after["country"].locality_id, after["country"].is_active) == (None, True)

    apps = migrate(BEFORE)
    Case = apps.get_model("cases", "Case")
    RoutingRule = apps.get_model("cases", "RoutingRule")
    back = {name: Case.objects.get(pk=pk) for name, pk in typed.items()}
    assert {name: c.city for name, c in back.items()} == {
        "moscow": "Москва",
        "kazan": "Kazan (RU)",
        "unknown": "<b>Нижние Выселки</b>",
        "erased": "Moscow",  # the content is gone: the city's English name
        "almaty": "Алматы",
    }
    assert vault.open_report(back["moscow"]) == {"description": "About Москва", "employer_name": ""}
    assert RoutingRule.objects.get(pk=rules["moscow"]).city == "Moscow"
    assert RoutingRule.objects.get(pk=rules["almaty"]).city == "Almaty"
