"""The public API of the directory: anonymous, filtered, in the language asked, with the error
envelope, a constant number of queries and a rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korgoo.directory.models import PlaceTranslation

# Every test here reads the shipped directory: it is loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_once")]


def test_anyone_lists_places_with_the_worker_filters(directory_loaded: Any) -> None:
    response = Client().get("/api/v1/directory/", {"city": "yekaterinburg", "woman": "true", "lang": "ru"})
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None and "count" not in body
    first = body["results"][0]
    assert first["key"] == "demo-consulate-yekaterinburg"
    assert (
        first["name"] == "Демо: Генеральное консульство в Екатеринбурге" and first["name_fallback"] is False
    )
    assert first["city"] == "yekaterinburg" and first["city_name"] == "Екатеринбург"
    assert (
        first["woman_available"] is True and first["is_demo"] is True and first["phone"].startswith("+7 000")
    )
    assert {"code": "legal-consultation", "name": "Юридическая консультация"} in first["services"]
    assert first["languages"] == ["ky", "ru"] or sorted(first["languages"]) == ["ky", "ru"]


def test_names_fall_back_and_say_so(directory_loaded: Any) -> None:
    PlaceTranslation.objects.filter(place__key="kg-cg-almaty", language="ky").delete()
    rows = Client().get("/api/v1/directory/", {"city": "almaty", "lang": "ky"}).json()["results"]
    almaty = next(row for row in rows if row["key"] == "kg-cg-almaty")
    assert almaty["name_fallback"] is True and almaty["name_language"] == "ru"


def test_bad_filters_answer_with_the_error_envelope(directory_loaded: Any) -> None:
    response = Client().get("/api/v1/directory/", {"country": "Russia"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "country" in body["fields"]


def test_the_catalogue_of_services(directory_loaded: Any) -> None:
    rows = Client().get("/api/v1/directory/services/", {"lang": "en"}).json()
    assert rows[0] == {"code": "legal-consultation", "name": "Legal consultation"}
    assert len(rows) == 18  # the catalogue in services.csv, reintegration at home included


def test_the_list_takes_a_constant_number_of_queries(directory_loaded: Any) -> None:
    counts = []
    for params in ({"city": "yekaterinburg", "woman": "true"}, {}):
        with CaptureQueriesContext(connection) as queries:
            rows = Client().get("/api/v1/directory/", params).json()["results"]
        counts.append((len(rows), len(queries)))
    assert counts[0][0] == 3 and counts[1][0] == 50  # a page of 50
    assert counts[0][1] == counts[1][1], counts


def test_the_public_api_is_rate_limited(directory_loaded: Any, settings: Any) -> None:
    settings.KORGOO_HELP_API_PER_MINUTE = 2
    client = Client()
    assert client.get("/api/v1/directory/services/").status_code == 200
    assert client.get("/api/v1/articles/").status_code == 200
    refused = client.get("/api/v1/directory/services/")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1
