"""Cases by kind of work: counted from what workers said, with small cells suppressed like every
other table."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from .conftest import World, make_case, months_ago, refresh_and_publish

pytestmark = pytest.mark.django_db


def test_cases_by_kind_of_work_with_small_cells_suppressed(world: World) -> None:
    from korgoo.organisations.services import api_token_create

    said = {"construction": 7, "trade": 6, "domestic": 2, "": 5}
    for sector, n in said.items():
        for _ in range(n):
            make_case(world.ngo_a, country="RU", sector=sector, reported_on=months_ago(1))
    refresh_and_publish()
    token = api_token_create(
        user=world.coordinator.user, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    client = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    period = client.get("/api/v1/monitoring/periods/").json()["periods"][0]["first"]
    body = client.get("/api/v1/monitoring/tables/by_sector/", {"period": period, "country": "RU"}).json()
    rows: dict[str, Any] = {row["key"]: row for row in body["rows"]}
    assert rows["construction"]["values"] == [7]
    assert rows["trade"]["values"] == [6]
    assert rows["*"]["values"] == [20] and rows["*"]["label"] == "All cases"
    assert rows["unsaid"]["label"] == "Not said"
    # 2 is under the threshold; with the total shown, a second cell must go too, or 2 = 20 − 7 − 6 − 5.
    assert rows["domestic"]["values"] == [None]
    truth = {"construction": 7, "trade": 6, "domestic": 2, "unsaid": 5}
    hidden = [key for key, row in rows.items() if row["values"] == [None]]
    assert sum(truth.get(key, 0) for key in hidden) > 2  # the hidden cells together hide more than 2
