"""The API's error envelope: nested and list validation errors come back as flat field names with
messages, never as Python reprs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.conftest import TwoOrgs
from korgoo.core.api import error_fields

pytestmark = pytest.mark.django_db


def test_error_fields_flattens_nested_objects_and_lists() -> None:
    detail = {
        "contact": {"channel": ["Not a valid choice."]},
        "categories": {0: ["Bad."]},
        "city": ["Required."],
    }
    assert error_fields(detail) == {
        "contact.channel": ["Not a valid choice."],
        "categories.0": ["Bad."],
        "city": ["Required."],
    }
    assert error_fields([{}, {"region": ["Required."]}]) == {"1.region": ["Required."]}
    assert error_fields(["Expected a list."]) == {"non_field_errors": ["Expected a list."]}


def test_a_nested_report_error_names_the_inner_field(db: Any) -> None:
    body = {
        "language": "en",
        "country": "RU",
        "city": "Moscow",
        "categories": ["unpaid_wages"],
        "description": "Not paid.",
        "contact": {"channel": "pigeon", "value": "x"},
    }
    response = Client().post("/api/v1/reports/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"contact.channel"}


def test_health_rows_errors_are_per_row_and_field(two_orgs: TwoOrgs) -> None:
    from korgoo.organisations.services import api_token_create

    token = api_token_create(
        user=two_orgs.a.admin.user, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    client = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    response = client.post(
        "/api/v1/monitoring/health/entries/",
        json.dumps([{"country": "RU"}, 7]),
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"0.region", "0.year", "1.non_field_errors"} <= set(fields)
    assert "ErrorDetail" not in response.content.decode()
