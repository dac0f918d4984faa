"""The worker's directory pages: filters that work without JavaScript, the fallback of languages,
what is (not) published, constant query counts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korgoo.conftest import WORKER_SCRIPTS, page_scripts
from korgoo.directory.models import Place, PlaceTranslation

from .conftest import ALL_FILES, read_rows

# Every test here reads the shipped directory: it is loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_once")]


def keys(response: Any) -> list[str]:
    return re.findall(r'href="/\w\w/help/([a-z0-9-]+)/"', response.content.decode())


def test_a_worker_finds_a_consulate_with_a_woman_lawyer_in_yekaterinburg(directory_loaded: Any) -> None:
    page = Client().get("/ky/help/", {"city": "yekaterinburg", "woman": "on"})
    assert page.status_code == 200
    found = keys(page)
    assert found[0] == "demo-consulate-yekaterinburg"
    # The city's own places, then the helpline for women that works across the whole country.
    assert found == ["demo-consulate-yekaterinburg", "demo-diaspora-yekaterinburg", "russia-women-helpline"]
    # The real consulate is listed without the filter: whether a woman is there is not known.
    assert "kg-cg-yekaterinburg" in keys(Client().get("/ky/help/", {"city": "yekaterinburg"}))
    detail = Client().get("/ky/help/demo-consulate-yekaterinburg/")
    assert 'data-testid="woman-answer"' in detail.content.decode()
    assert "Екатеринбургдагы башкы консулдук" in detail.content.decode()


@pytest.mark.parametrize(
    ("params", "expected", "absent"),
    [
        ({"country": "KZ"}, {"kg-cg-almaty", "demo-ngo-almaty", "kg-embassy-astana"}, {"kg-embassy-moscow"}),
        (
            {"service": "shelter"},
            {"demo-crisis-centre-women-moscow", "demo-crisis-centre-women-osh"},
            {"demo-clinic-moscow"},
        ),
        (
            {"language": "en", "country": "RU"},
            {"demo-ngo-migrant-rights-moscow", "demo-legal-aid-saint-petersburg"},
            {"demo-clinic-moscow"},
        ),
        ({"kind": "clinic"}, {"demo-clinic-moscow", "demo-clinic-almaty"}, {"demo-ngo-almaty"}),
        # A place that works across the whole country is listed after the city's own places.
        ({"city": "moscow"}, {"kg-embassy-moscow", "memorial-migration-and-law"}, {"kg-cg-almaty"}),
    ],
)
def test_each_filter_is_a_plain_get_parameter(
    directory_loaded: Any, params: dict[str, str], expected: set[str], absent: set[str]
) -> None:
    page = Client().get("/ky/help/", params)
    found = keys(page)
    assert expected <= set(found), found
    assert not absent & set(found)
    if params == {"city": "moscow"}:
        # Every place that works across the whole of Russia closes the list, after Moscow's own.
        nationwide = {
            row["key"]
            for path, _demo in ALL_FILES
            for row in read_rows(Path(path))
            if row["country"] == "RU" and not row["city"]
        }
        assert {"memorial-migration-and-law", "russia-women-helpline"} <= nationwide
        assert set(found[-len(nationwide) :]) == nationwide, found


def test_the_pages_work_without_javascript_and_leave_nothing_behind(directory_loaded: Any) -> None:
    for path in ("/ky/help/", "/ky/help/?city=osh", "/ky/help/demo-crisis-centre-women-osh/"):
        response = Client().get(path)
        assert response.status_code == 200
        assert page_scripts(response.content) == WORKER_SCRIPTS
        assert response.cookies == {}
        assert "no-store" in response["Cache-Control"]
    form = Client().get("/ky/help/").content.decode()
    assert re.search(r'<form method="get"[^>]*data-testid="directory-filters"', form)


def test_an_unknown_choice_answers_400_with_the_form(directory_loaded: Any) -> None:
    response = Client().get("/ky/help/", {"city": "atlantis"})
    assert response.status_code == 400
    assert b"directory-filters" in response.content


def test_a_name_missing_in_kyrgyz_falls_back_to_russian_with_a_note(directory_loaded: Any) -> None:
    PlaceTranslation.objects.filter(place__key="kg-cg-almaty", language="ky").delete()
    page = Client().get("/ky/help/kg-cg-almaty/").content.decode()
    assert '<h1 lang="ru">Генеральное консульство Кыргызской Республики в Алматы</h1>' in page
    assert 'data-testid="fallback-note"' in page and 'lang="ru">Русский' in page
    english = Client().get("/en/help/kg-cg-almaty/").content.decode()
    assert "Consulate General of the Kyrgyz Republic in Almaty</h1>" in english
    assert 'data-testid="fallback-note"' not in english


def test_no_phone_number_is_published_without_its_page_and_an_unconfirmed_one_has_its_caveat(
    directory_loaded: Any,
) -> None:
    Place.objects.filter(key="kibhr").update(phone="+7 700 000 00 00")  # no page it was read on
    page = Client().get("/ru/help/kibhr/").content.decode()
    assert "+7 700" not in page and "tel:" not in page
    # Read in a news report, not on the place's own page: published, with the caveat and the page.
    helpline = Client().get("/en/help/russia-women-helpline/").content.decode()
    assert 'href="tel:8-800-7000-600"' in helpline and 'data-testid="place-unconfirmed"' in helpline
    assert 'href="https://newsvo.ru/news/146115"' in helpline
    # From the place's own page: no caveat.
    samara = Client().get("/en/help/ombudsman-samara/").content.decode()
    assert "+7 846 374-64-30" in samara and 'data-testid="place-unconfirmed"' not in samara
    demo = Client().get("/ru/help/demo-clinic-moscow/").content.decode()
    assert ("+7 000 000-00-12" in demo and "Demo data" in demo) or "Демо" in demo


def test_withdrawn_and_unknown_places_answer_404(directory_loaded: Any) -> None:
    Place.objects.filter(key="demo-clinic-moscow").update(is_active=False)
    assert Client().get("/ky/help/demo-clinic-moscow/").status_code == 404
    assert Client().get("/ky/help/no-such-place/").status_code == 404
    assert "demo-clinic-moscow" not in keys(Client().get("/ky/help/", {"city": "moscow"}))


def test_the_list_takes_the_same_number_of_queries_for_two_places_or_twenty(directory_loaded: Any) -> None:
    client = Client()
    counts = []
    for params in ({"city": "yekaterinburg", "woman": "on"}, {}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/ky/help/", params)
        counts.append((len(keys(response)), len(queries)))
    (few, few_queries), (many, many_queries) = counts
    assert few == 3 and many == 20
    assert few_queries == many_queries, counts
