"""What every page carries around its content: the site's icon where browsers look for it, and a
content security policy the browser can read (a nonce only where a page uses one)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_browsers_asking_for_favicon_ico_get_the_sites_icon() -> None:
    answer = Client().get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"] == "/static/korgoo/favicon.svg"
    icon = Client().get(answer["Location"])
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)  # type: ignore[attr-defined]
    page = Client().get("/ky/").content.decode()
    assert '<link rel="icon" href="/static/korgoo/favicon.svg"' in page


def test_the_policy_names_no_bare_nonce_keyword() -> None:
    for url in ("/ky/", "/ky/report/", "/ru/accounts/login/"):
        policy = Client().get(url)["Content-Security-Policy"]
        assert "'nonce'" not in policy, url
        script_src = re.search(r"script-src ([^;]+)", policy)
        assert script_src and script_src.group(1).split() == ["'self'"], url
