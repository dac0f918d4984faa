"""The worker's home page and the search page: a hub a worker can use in a few taps, in Kyrgyz by
default, with a search box whose words never reach a URL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from korgoo.conftest import WORKER_SCRIPTS, page_scripts

pytestmark = pytest.mark.django_db


def test_the_home_page_brings_everything_together(db: Any) -> None:
    page = Client().get("/ky/")
    assert page.status_code == 200 and page.cookies == {}
    html = page.content.decode()
    for path in (
        "/ky/report/",
        "/ky/track/",
        "/ky/rights/",
        "/ky/help/",
        "/ky/agencies/",
        "/ky/tools/",
        "/ky/rights/pre-departure-guide/",
    ):
        assert html.count(f'href="{path}"') == 1, path
    form = re.search(r'<form method="post" action="/ky/search/"[^>]*data-testid="home-search">', html)
    assert form and 'name="q"' in html
    assert page_scripts(page.content) == WORKER_SCRIPTS


def test_a_search_is_posted_and_its_words_stay_out_of_the_url(help_world: Any) -> None:
    client = Client()
    assert client.get("/ky/search/").status_code == 200
    answer = client.post("/ky/search/", {"q": "паспортумду тартып алышты"})
    assert answer.status_code == 200 and answer.cookies == {}
    html = answer.content.decode()
    first = re.search(r'data-testid="search-hit" data-kind="(\w+)" data-key="([\w-]+)"', html)
    assert first and first.groups() == ("article", "passport-taken")
    assert 'href="/ky/rights/passport-taken/"' in html
    agency = client.post("/ky/search/", {"q": "Ala Too Jumush Servise"}).content.decode()
    assert 'data-kind="agency"' in agency and 'action="/ky/agencies/"' in agency
    nothing = client.post("/ky/search/", {"q": "ыыыыыыыы"}).content.decode()
    assert 'data-testid="search-empty"' in nothing
    assert client.post("/ky/search/", {"q": ""}).status_code == 400


def test_cross_site_posts_are_refused_and_searches_are_rate_limited(
    help_world: Any, monkeypatch: Any
) -> None:
    from korgoo.search import views

    client = Client()
    assert (
        client.post("/ky/search/", {"q": "x"}, headers={"Origin": "https://evil.example"}).status_code == 403
    )
    assert client.post("/ky/search/", {"q": "x"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    monkeypatch.setattr(views, "PER_MINUTE", 2)
    assert client.post("/ky/search/", {"q": "паспорт"}).status_code == 200
    assert client.post("/ky/search/", {"q": "паспорт"}).status_code == 200
    refused = client.post("/ky/search/", {"q": "паспорт"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
