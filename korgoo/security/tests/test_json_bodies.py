"""A JSON body nested past any request of the API, or larger than the body limit, is refused with the
usual error body and a 400, on every endpoint that reads one, with or without a token — never a 500
(hardening finding 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from korgoo.conftest import TwoOrgs
from korgoo.core.parsers import MAX_DEPTH, too_deep
from korgoo.organisations.services import api_token_create

from .routes import all_routes, fill

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000  # past Python's recursion limit
JUST_TOO_DEEP = '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)


def _bodies() -> dict[str, str]:
    oversized = '{"description": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'
    return {"nested": NESTED, "deep": JUST_TOO_DEEP, "oversized": oversized}


def _writes(route: Any) -> list[str]:
    cls = getattr(route.view, "view_class", None) or getattr(route.view, "cls", None)
    return [m for m in ("post", "put", "patch") if cls is not None and hasattr(cls, m)]


def test_every_json_endpoint_refuses_deep_and_oversized_bodies_with_the_usual_error(
    two_orgs: TwoOrgs,
) -> None:
    token = api_token_create(user=two_orgs.a.admin.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    ids = {"case_id": two_orgs.a.case.pk}
    refused = 0
    for route in all_routes():
        if not route.path.startswith("/api/v1/"):
            continue
        for method in _writes(route):
            for kind, body in _bodies().items():
                headers = {"Authorization": f"Bearer {token}"} if route.access == "staff-api" else {}
                response = getattr(Client(), method)(
                    fill(route, ids), data=body, content_type="application/json", headers=headers
                )
                where = f"{method.upper()} {route.path} with a {kind} body"
                assert response.status_code != 500, where
                assert response["Content-Type"].startswith("application/json"), where
                answer = response.json()
                assert set(answer) == {"code", "message", "fields"}, where
                if response.status_code == 400:
                    expected = "too_large" if kind == "oversized" else "parse_error"
                    assert answer["code"] == expected, where
                    refused += 1
                else:  # refused earlier and more cheaply: an id out of reach, a permission, a limit
                    assert response.status_code in (403, 404, 429), where
    # Every public endpoint that reads a body, and the staff endpoints on the organisation's own case.
    assert refused >= 3 * 15


def test_the_oversized_message_names_the_limit_in_the_callers_language() -> None:
    body = _bodies()["oversized"]
    answer = Client().post(
        "/api/v1/tools/late-payment/",
        data=body,
        content_type="application/json",
        headers={"Accept-Language": "ru"},
    )
    assert answer.status_code == 400
    assert "2,0" in answer.json()["message"] or "2.0" in answer.json()["message"]  # 2 MB, as a number
    assert answer.json()["message"].startswith("Тело запроса слишком большое")


@given(depth=st.integers(min_value=0, max_value=80))
def test_depth_is_measured_exactly(depth: int) -> None:
    value: Any = 1
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    assert too_deep(value) == (depth > MAX_DEPTH)
