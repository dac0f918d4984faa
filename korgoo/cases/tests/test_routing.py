"""Routing rules place a report with the right organisation, or leave it for the coordinators.

Rules name cities by gazetteer id, so a rule for Moscow takes the reports of workers who typed
«Москва», «moskva» or «Маскөө»; a city the gazetteer does not know routes by its country."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from django.db.models import Q

from korgoo.cases import vault
from korgoo.cases.models import Case, RoutingRule
from korgoo.cases.services import case_open_from_report, routing_rule_create
from korgoo.conftest import make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.core.errors import ApplicationError
from korgoo.core.gazetteer import locality_match
from korgoo.organisations.models import Organisation, Role
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db

MOSCOW, KAZAN, ALMATY = 524901, 551487, 1526384


def rule(
    org: Any, city: str = "", category: str = "", priority: int = 100, country: str = "RU"
) -> RoutingRule:
    locality_id = locality_match(city, country) if city else None
    assert bool(city) == (locality_id is not None), city
    return RoutingRule.objects.create(
        organisation=org, country=country, locality_id=locality_id, category=category, priority=priority
    )


def test_most_specific_rule_wins() -> None:
    ngo = make_org("NGO")
    union = make_org("Union", kind=OrganisationKind.TRADE_UNION)
    country_wide = make_org("Country NGO")
    rule(country_wide, priority=1)
    rule(ngo, city="Moscow")
    rule(union, city="Moscow", category="unpaid_wages")
    assert case_open_from_report(report=report(categories=("unpaid_wages",))).organisation == union
    assert case_open_from_report(report=report(categories=("housing",))).organisation == ngo
    assert (
        case_open_from_report(report=report(city="Kazan", categories=("housing",))).organisation
        == country_wide
    )


@pytest.mark.parametrize("typed", ["Москва", "москва", "moskva", "Moskwa", "MOSCOW", "Маскөө", "г. Москва"])
def test_a_rule_for_moscow_takes_every_spelling_of_moscow(typed: str) -> None:
    ngo = make_org("NGO Moscow")
    rule(make_org("Country NGO"), priority=1)
    rule(ngo, city="Moscow")
    case = case_open_from_report(report=report(city=typed))
    assert case.organisation == ngo
    assert case.locality_id == MOSCOW


def test_a_rule_names_a_city_in_any_language_the_gazetteer_knows() -> None:
    ngo = make_org("NGO")
    rule(ngo, city="  saint petersburg ")
    assert case_open_from_report(report=report(city="Питер")).organisation == ngo
    assert case_open_from_report(report=report(city="Санкт-Петербург")).organisation == ngo


def test_a_city_the_gazetteer_does_not_know_routes_by_country() -> None:
    moscow = make_org("NGO Moscow")
    country_wide = make_org("Country NGO")
    rule(moscow, city="Moscow")
    rule(country_wide, priority=200)
    case = case_open_from_report(report=report(city="Деревня у леса"))
    assert case.locality_id is None
    assert case.organisation == country_wide
    # Without a rule for the whole country, the report waits for the coordinators.
    queued = case_open_from_report(report=report(country="KZ", city="Алматы"))
    assert queued.organisation is None and queued.locality_id == ALMATY


def test_a_city_of_another_country_does_not_take_the_rule() -> None:
    moscow = make_org("NGO Moscow")
    rule(moscow, city="Moscow")
    case = case_open_from_report(report=report(country="KZ", city="Москва"))
    assert case.locality_id is None and case.organisation is None


def test_a_report_for_a_trade_union_only_goes_to_the_union_rule() -> None:
    ngo = make_org("NGO Moscow")
    union = make_org("Union Moscow", kind=OrganisationKind.TRADE_UNION)
    rule(ngo, city="Moscow", priority=1)
    rule(union, city="Moscow", priority=50)
    only_union = report(city="Москва", categories=("housing",), share_with=(OrganisationKind.TRADE_UNION,))
    assert case_open_from_report(report=only_union).organisation == union
    everyone = report(city="Москва", categories=("housing",))
    assert case_open_from_report(report=everyone).organisation == ngo


def test_rules_respect_consent_and_the_consulate_is_asked_apart() -> None:
    embassy = make_org("Embassy", kind=OrganisationKind.EMBASSY)
    rule(embassy, city="Moscow", category="documents_taken")
    without = report(categories=("documents_taken",), share_with=(OrganisationKind.NGO,))
    assert case_open_from_report(report=without).organisation is None
    with_consent = report(categories=("documents_taken",), share_with=(OrganisationKind.EMBASSY,))
    assert case_open_from_report(report=with_consent).organisation == embassy


def test_woman_caseworker_request_skips_organisations_without_one() -> None:
    without = make_org("No women", woman=False)
    with_women = make_org("With women", woman=True)
    rule(without, city="Moscow", priority=1)
    rule(with_women, city="Moscow", priority=50)
    assert case_open_from_report(report=report(prefers_woman_caseworker=True)).organisation == with_women
    assert case_open_from_report(report=report()).organisation == without


def test_unplaced_reports_wait_in_the_queue_and_urgent_ones_are_marked() -> None:
    case = case_open_from_report(
        report=report(country="TR", city="Istanbul", categories=("forced_work", "unpaid_wages"))
    )
    assert case.organisation is None
    assert case.urgent
    assert case.due_on is not None and (case.due_on - case.reported_on).days == 1
    calm = case_open_from_report(report=report(country="TR", city="Istanbul"))
    assert not calm.urgent and (calm.due_on - calm.reported_on).days == 3


def test_inactive_rules_and_organisations_are_ignored() -> None:
    org = make_org("Closed NGO")
    org.is_active = False
    org.save()
    rule(org, city="Moscow")
    other = make_org("Other")
    rule(other, city="Moscow").is_active = False
    RoutingRule.objects.filter(organisation=other).update(is_active=False)
    assert case_open_from_report(report=report()).organisation is None


def test_the_typed_city_is_sealed_and_only_the_id_is_plain() -> None:
    case = case_open_from_report(report=report(city="Маскөө"))
    stored = Case.objects.get(pk=case.pk)
    assert stored.locality_id == MOSCOW and stored.city_name in ("Москва", "Moscow")
    assert "city" not in {f.name for f in Case._meta.get_fields()}
    assert vault.open_report(stored)["city"] == "Маскөө"
    assert "Маскөө".encode() not in bytes(stored.sealed_report)


def test_a_city_chosen_from_the_list_needs_no_typed_text_but_must_be_of_the_country() -> None:
    case = case_open_from_report(report=report(city="", locality_id=KAZAN))
    assert case.locality_id == KAZAN
    with pytest.raises(ApplicationError) as raised:
        case_open_from_report(report=report(city="Алматы", locality_id=ALMATY))
    assert "city" in raised.value.fields
    with pytest.raises(ApplicationError) as raised:
        case_open_from_report(report=report(city=""))
    assert "city" in raised.value.fields


def test_a_rule_is_saved_with_a_city_of_its_country_only() -> None:
    coordinator = actor_for_membership(make_member(make_org("Embassy"), "coord", Role.NETWORK_COORDINATOR))
    org = make_org("NGO")
    made = routing_rule_create(actor=coordinator, organisation=org, country="RU", locality_id=MOSCOW)
    assert made.locality_id == MOSCOW and made.city_name in ("Москва", "Moscow")
    with pytest.raises(ApplicationError) as raised:
        routing_rule_create(actor=coordinator, organisation=org, country="KZ", locality_id=MOSCOW)
    assert raised.value.code == "invalid_rule" and "city" in raised.value.fields
    with pytest.raises(ApplicationError):
        routing_rule_create(actor=coordinator, organisation=org, country="RU", locality_id=1)
    assert RoutingRule.objects.count() == 1


def test_the_routing_statement_chooses_what_the_orm_query_chooses() -> None:
    """`route` is one fixed statement; `route_with_orm` asks the same with the ORM and ranks in
    Python. Over a few hundred random rule sets and reports (ties of priority included, inactive
    rules and organisations, kinds, cities, categories, the woman caseworker) both name the same
    organisation."""
    import random

    from korgoo.cases.routing import route

    rng = random.Random(20261116)
    kinds = [OrganisationKind.NGO, OrganisationKind.TRADE_UNION, OrganisationKind.EMBASSY]
    categories = ["unpaid_wages", "housing", "police", "violence"]
    orgs = [make_org(f"Org {i}", kind=rng.choice(kinds), woman=rng.random() < 0.5) for i in range(8)]
    for org in orgs[:2]:
        org.is_active = False
        org.save(update_fields=["is_active"])
    chosen = 0
    for _round in range(12):
        RoutingRule.objects.all().delete()
        for _ in range(rng.randint(0, 20)):
            RoutingRule.objects.create(
                organisation=rng.choice(orgs),
                country=rng.choice(["RU", "RU", "KZ"]),
                locality_id=rng.choice([None, MOSCOW, KAZAN]),
                category=rng.choice(["", "", *categories]),
                priority=rng.choice([1, 50, 100, 100]),
                is_active=rng.random() < 0.85,
            )
        for _ in range(25):
            asked = {
                "country": rng.choice(["RU", "RU", "KZ", "KG"]),
                "locality_id": rng.choice([None, MOSCOW, KAZAN, ALMATY]),
                "categories": rng.sample(categories, rng.randint(0, 3)),
                "share_with": rng.sample(kinds, rng.choice([0, 1, 2, 3, 3])),
                "woman_needed": rng.random() < 0.2,
            }
            expected = route_with_orm(**asked)
            found = route(**asked)
            assert found == expected, asked
            if found is not None:
                chosen += 1
                # The organisation comes back whole, as the ORM reads it.
                assert (found.name, found.kind, found.languages, found.is_active) == (
                    expected.name,
                    expected.kind,
                    expected.languages,
                    expected.is_active,
                )
    assert chosen > 40  # the rule sets placed many reports, not only the coordinators' queue


def test_a_rule_changed_elsewhere_routes_the_next_report_at_once() -> None:
    """Nothing is kept between reports: a rule created, changed or switched off (here straight in
    the table, as another process would) and an organisation switched off decide the very next one."""
    ngo = make_org("NGO")
    union = make_org("Union", kind=OrganisationKind.TRADE_UNION)
    assert case_open_from_report(report=report()).organisation is None
    first = rule(ngo)
    assert case_open_from_report(report=report()).organisation == ngo
    RoutingRule.objects.create(organisation=union, country="RU", locality_id=MOSCOW)
    assert case_open_from_report(report=report()).organisation == union
    RoutingRule.objects.filter(organisation=union).update(is_active=False)
    assert case_open_from_report(report=report()).organisation == ngo
    RoutingRule.objects.filter(pk=first.pk).update(country="KZ")
    assert case_open_from_report(report=report()).organisation is None
    RoutingRule.objects.filter(pk=first.pk).update(country="RU")
    ngo.is_active = False
    ngo.save(update_fields=["is_active"])
    assert case_open_from_report(report=report()).organisation is None


def route_with_orm(
    *,
    country: str,
    locality_id: int | None,
    categories: Iterable[str],
    share_with: Iterable[str],
    woman_needed: bool,
) -> Organisation | None:
    """`route` as it was written with the ORM, the reference of its test: every matching rule read,
    the best one chosen in Python."""
    wanted = set(categories)
    allowed = set(share_with)
    best: tuple[tuple[int, int, int, int], Organisation] | None = None
    city = Q(locality_id__isnull=True) | (
        Q(locality_id=locality_id) if locality_id is not None else Q(pk__in=[])
    )
    rules = RoutingRule.objects.filter(
        city,
        Q(category="") | Q(category__in=wanted),
        country=country,
        is_active=True,
        organisation__is_active=True,
        organisation__kind__in=allowed,
    ).select_related("organisation")
    if woman_needed:
        rules = rules.filter(organisation__woman_caseworker_available=True)
    for rule in rules:
        rank = (0 if rule.locality_id else 1, 0 if rule.category else 1, rule.priority, rule.pk)
        if best is None or rank < best[0]:
            best = (rank, rule.organisation)
    return best[1] if best else None
