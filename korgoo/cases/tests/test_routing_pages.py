"""The routing rules page: coordinators choose a rule's city from the gazetteer, in the page's
language, never as free text; staff see a case's city by its gazetteer name and, with the sensitive
grant, the words the worker typed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from korgoo.cases.models import RoutingRule
from korgoo.conftest import TwoOrgs, make_member
from korgoo.core.gazetteer import locality_match
from korgoo.organisations.models import Role

pytestmark = pytest.mark.django_db

MOSCOW, ALMATY, UZGEN = 524901, 1526384, 1527513


def _network(two_orgs: TwoOrgs, client_for: Any) -> Any:
    """A network coordinator: rules of every country (a country's coordinator sees only theirs)."""
    return client_for(make_member(two_orgs.coordinator.organisation, "network", Role.NETWORK_COORDINATOR))


def test_the_city_is_a_choice_from_the_gazetteer_grouped_by_country(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    coordinator = _network(two_orgs, client_for)
    russian = coordinator.get("/ru/staff/routing/").content.decode()
    city = re.search(r'<select name="city"[^>]*>(.*?)</select>', russian, re.S)
    assert city, "the city is not a list"
    assert '<optgroup label="Россия">' in city.group(1) and '<optgroup label="Кыргызстан">' in city.group(1)
    # A coordinator of Russia's network is offered Russia's cities alone.
    ours = client_for(two_orgs.coordinator).get("/ru/staff/routing/").content.decode()
    assert '<optgroup label="Кыргызстан">' not in ours and '<optgroup label="Россия">' in ours
    assert f'<option value="{MOSCOW}">Москва</option>' in city.group(1)
    assert f'<option value="{UZGEN}">Узген</option>' in city.group(1)
    kyrgyz = coordinator.get("/ky/staff/routing/").content.decode()
    assert f'<option value="{UZGEN}">Өзгөн</option>' in kyrgyz


def test_a_rule_is_saved_with_the_chosen_city(two_orgs: TwoOrgs, client_for: Any) -> None:
    coordinator = _network(two_orgs, client_for)
    before = RoutingRule.objects.count()
    body = {"organisation": str(two_orgs.b.org.pk), "country": "KZ", "city": str(ALMATY), "priority": "10"}
    response = coordinator.post("/ru/staff/routing/", body)
    assert response.status_code == 302
    rule = RoutingRule.objects.latest("pk")
    assert (rule.country, rule.locality_id, rule.organisation) == ("KZ", ALMATY, two_orgs.b.org)
    page = coordinator.get("/en/staff/routing/").content.decode()
    assert "<td>Almaty</td>" in page
    assert RoutingRule.objects.count() == before + 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"country": "KZ", "city": str(MOSCOW)}, "Choose a city of the rule&#x27;s country from the list."),
        ({"country": "RU", "city": "Moscow"}, "Choose a city from the list."),  # free text is not a city
        ({"country": "RU", "city": "1"}, "Choose a city from the list."),
    ],
)
def test_a_city_of_another_country_or_free_text_is_refused(
    two_orgs: TwoOrgs, client_for: Any, body: dict[str, str], error: str
) -> None:
    coordinator = _network(two_orgs, client_for)
    before = RoutingRule.objects.count()
    response = coordinator.post(
        "/en/staff/routing/", {"organisation": str(two_orgs.a.org.pk), "priority": "10", **body}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert RoutingRule.objects.count() == before


def test_members_without_the_permission_cannot_see_or_change_rules(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    before = RoutingRule.objects.count()
    for member in (two_orgs.a.caseworker, two_orgs.a.admin, two_orgs.b.viewer):
        client = client_for(member)
        assert client.get("/ru/staff/routing/").status_code == 403
        body = {
            "organisation": str(member.organisation.pk),
            "country": "RU",
            "city": str(MOSCOW),
            "priority": "1",
        }
        assert client.post("/ru/staff/routing/", body).status_code == 403
    assert RoutingRule.objects.count() == before


def test_a_switched_off_rule_says_so(two_orgs: TwoOrgs, client_for: Any) -> None:
    RoutingRule.objects.filter(organisation=two_orgs.b.org).update(is_active=False)
    page = client_for(two_orgs.coordinator).get("/en/staff/routing/").content.decode()
    assert "Switched off" in page and "<td>Kazan" in page


def test_staff_see_the_city_by_name_and_the_typed_words_only_with_the_sensitive_grant(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    case = two_orgs.a.case
    assert case.locality_id == locality_match("Moscow", "RU") == MOSCOW
    caseworker = client_for(two_orgs.a.caseworker).get(f"/ky/staff/cases/{case.pk}/").content.decode()
    assert re.search(r'data-testid="case-location">Москва, ', caseworker)
    assert re.search(r'data-testid="report-city">[^<]*Moscow</p>', caseworker)  # as the worker typed it
    viewer = client_for(two_orgs.a.viewer).get(f"/ky/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="case-location">Москва' in viewer
    assert 'data-testid="report-city"' not in viewer
