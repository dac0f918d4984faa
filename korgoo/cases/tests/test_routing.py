"""Routing rules place a report with the right organisation, or leave it for the coordinators."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.cases.models import RoutingRule
from korgoo.cases.services import case_open_from_report
from korgoo.conftest import make_org, report
from korgoo.core.choices import OrganisationKind

pytestmark = pytest.mark.django_db


def rule(
    org: Any, city: str = "", category: str = "", priority: int = 100, country: str = "RU"
) -> RoutingRule:
    return RoutingRule.objects.create(
        organisation=org, country=country, city=city, category=category, priority=priority
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


def test_city_matching_ignores_case_and_spaces() -> None:
    ngo = make_org("NGO")
    rule(ngo, city="Saint Petersburg")
    assert case_open_from_report(report=report(city="  saint petersburg ")).organisation == ngo


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
