"""The public search API and the OpenAPI description of the help endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_search_in_any_language(help_world: Any) -> None:
    body = Client().get("/api/v1/search/", {"q": "зарплту не платят в казахстане", "lang": "ky"}).json()
    assert body["query"] == "зарплту не платят в казахстане"
    first = body["results"][0]
    assert first["kind"] == "article" and first["key"] == "unpaid-wages-kazakhstan"
    assert first["url"] == "/ky/rights/unpaid-wages-kazakhstan/"
    assert first["language"] == "ky"
    typo = Client().get("/api/v1/search/", {"q": "депортацыя", "lang": "ru"}).json()
    assert typo["corrected"] == [{"typed": "депортацыя", "read_as": "депортация"}]
    assert typo["results"][0]["key"] == "detention-expulsion"
    agencies = Client().get("/api/v1/search/", {"q": "Сулайман Стафф", "kind": "agency"}).json()["results"]
    assert [row["kind"] for row in agencies] == ["agency"] * len(agencies) and agencies[0][
        "title"
    ] == "Сулайман Стафф"
    assert agencies[0]["verdict"] in ("licensed", "expired", "suspended")


def test_a_missing_query_answers_with_the_envelope(db: Any) -> None:
    response = Client().get("/api/v1/search/")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "q" in response.json()["fields"]


def test_the_help_endpoints_are_public_and_described(db: Any) -> None:
    from korgoo.security.tests.routes import all_routes

    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/v1/directory/",
        "/api/v1/directory/services/",
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/agencies/check/",
        "/api/v1/search/",
    ):
        assert path in schema, path
    help_api = [
        r
        for r in all_routes()
        if r.name
        in {
            "api:directory-list",
            "api:directory-services",
            "api:article-list",
            "api:article-detail",
            "api:agency-check",
            "api:search",
        }
    ]
    assert len(help_api) == 6 and {r.access for r in help_api} == {"public"}


def test_a_place_is_described_in_the_language_asked(help_world: Any) -> None:
    snippets = {}
    for language in ("ky", "ru", "en"):
        results = (
            Client().get("/api/v1/search/", {"q": "консулдук", "kind": "place", "lang": language}).json()
        )
        place = results["results"][0]
        assert place["language"] == language
        snippets[language] = place["snippet"]
    assert len(set(snippets.values())) == 3, snippets
