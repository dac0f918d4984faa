"""The city a worker types, on the form and through the API: suggested from the gazetteer while
typing (a plain datalist, no script), matched to a city id, sealed as typed, routed by the id."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.conftest import TwoOrgs, report_form
from korgoo.core.gazetteer import SUGGESTIONS_PER_COUNTRY

form_data = report_form

pytestmark = pytest.mark.django_db

MOSCOW = 524901


def options(page: Any) -> list[str]:
    html = page.content.decode()
    datalist = re.search(r'<datalist id="city-suggestions">(.*?)</datalist>', html, re.S)
    assert datalist, "no city suggestions on the page"
    assert 'list="city-suggestions"' in html
    return re.findall(r'<option value="([^"]*)">', datalist.group(1))


def _city_page(language: str, country: str, **answers: Any) -> Any:
    """The city question, reached after the worker chose the country."""
    return Client().post(
        f"/{language}/report/", report_form(step="country", go="next", country=country, **answers)
    )


def test_the_city_question_suggests_the_largest_cities_of_the_chosen_country_in_the_page_language(
    db: Any,
) -> None:
    kyrgyz = options(_city_page("ky", "KG"))
    assert {"Бишкек", "Ош", "Жалал-Абад", "Өзгөн"} <= set(kyrgyz)
    assert "Узген" not in kyrgyz and "Москва" not in kyrgyz  # not the Russian name, not another country
    assert len(kyrgyz) <= SUGGESTIONS_PER_COUNTRY  # a few kilobytes for a phone on a slow network
    english = options(_city_page("en", "KG"))
    assert {"Bishkek", "Uzgen"} <= set(english)
    russia = options(_city_page("ru", "RU"))
    assert len(russia) == SUGGESTIONS_PER_COUNTRY and "Москва" in russia and "Бишкек" not in russia


def test_after_a_mistake_the_city_question_keeps_its_suggestions_and_what_was_typed(db: Any) -> None:
    page = Client().post("/ky/report/", report_form(step="city", go="next", country="KG", city="Ө" * 101))
    assert page.status_code == 400
    assert {"Бишкек", "Өзгөн"} <= set(options(page))
    assert 'value="' + "Ө" * 101 + '"' in page.content.decode()  # what the worker typed is kept


@pytest.mark.parametrize("typed", ["Москва", "москва", "moskva", "Moskwa"])
def test_a_report_typed_any_way_reaches_the_organisation_whose_rule_names_moscow(
    two_orgs: TwoOrgs, typed: str
) -> None:
    response = Client().post("/ky/report/", form_data(city=typed))
    assert response.status_code == 201
    case = Case.objects.latest("created_at")
    assert case.organisation == two_orgs.a.org and case.locality_id == MOSCOW
    assert vault.open_report(case)["city"] == typed


@pytest.mark.parametrize("typed", ["Москва", "москва", "moskva", "Moskwa"])
def test_the_api_routes_the_typed_city_the_same_way(two_orgs: TwoOrgs, typed: str) -> None:
    body = {
        "language": "ru",
        "country": "RU",
        "city": typed,
        "categories": ["unpaid_wages"],
        "description": "Не заплатили за два месяца.",
        "share_with": ["ngo"],
    }
    response = Client().post("/api/v1/reports/", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    case = Case.objects.latest("created_at")
    assert case.organisation == two_orgs.a.org and case.locality_id == MOSCOW


def test_an_unknown_city_is_accepted_and_waits_for_the_coordinators(two_orgs: TwoOrgs) -> None:
    response = Client().post("/ru/report/", form_data(city="Посёлок Нижние Выселки"))
    assert response.status_code == 201
    case = Case.objects.latest("created_at")
    assert case.locality_id is None and case.organisation is None
    assert vault.open_report(case)["city"] == "Посёлок Нижние Выселки"
