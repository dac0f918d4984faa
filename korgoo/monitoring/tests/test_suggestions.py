"""How often caseworkers accept, change or reject what triage read in workers' texts, by category
and by way of writing, published with small cells suppressed like every other table."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.cases.models import CaseSuggestion
from korgoo.organisations.services import api_token_create

from .conftest import World, make_case, months_ago, refresh_and_publish

pytestmark = pytest.mark.django_db


def _suggest(world: World, subject: str, variety: str, state: str, n: int) -> None:
    for _ in range(n):
        case = make_case(world.ngo_a, categories=("other",), reported_on=months_ago(1))
        CaseSuggestion.objects.create(
            case=case, subject=subject, variety=variety, state=state, suggested_at=timezone.now()
        )


def _table(world: World, name: str) -> dict[str, Any]:
    token = api_token_create(user=world.analyst.user, expires_at=timezone.now() + timezone.timedelta(hours=1))
    client = Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    period = client.get("/api/v1/monitoring/periods/").json()["periods"][0]["first"]
    body = client.get(f"/api/v1/monitoring/tables/{name}/", {"period": period}).json()
    return {row["key"]: row for row in body["rows"]}


def test_decisions_on_suggestions_by_category_and_by_way_of_writing(world: World) -> None:
    _suggest(world, "forced_work", "ky_latn", "accepted", 7)
    _suggest(world, "forced_work", "ky_latn", "rejected", 6)
    _suggest(world, "urgent", "ky_latn", "accepted", 13)
    _suggest(world, "police", "ru", "pending", 2)
    refresh_and_publish()

    by_category = _table(world, "suggestions_by_category")
    # columns: accepted, changed, rejected, waiting, all, share accepted
    assert by_category["forced_work"]["label"] == "Forced work, confinement, held as hostage, trafficking"
    assert by_category["forced_work"]["values"][:3] == [7, 0, 6]
    assert by_category["urgent"]["label"] == "Urgent"
    # 13 accepted, none otherwise: the share is not shown, as the rest (0) is under the threshold of 5.
    assert by_category["urgent"]["values"] == [13, 0, 0, 0, 13, None]
    # Two waiting suggestions are fewer than five: hidden, with the row's total and the column's
    # total, so that no subtraction gives them back.
    assert by_category["police"]["values"][3] is None and by_category["police"]["values"][4] is None
    assert by_category["*"]["values"][3] is None
    # Overall: 28 suggestions, 20 accepted (7 + 13) = 71 %, the rest 8 also at least 5.
    assert by_category["*"]["values"][0] == 20 and by_category["*"]["values"][4] == 28
    assert by_category["*"]["values"][5] == 71

    by_language = _table(world, "suggestions_by_language")
    assert by_language["ky_latn"]["label"] == "Kyrgyz in Latin letters"
    assert by_language["ky_latn"]["values"][:3] == [20, 0, 6]
    assert by_language["ru"]["values"][3] is None  # the two waiting ones


def test_a_decision_moves_the_figures_at_the_next_refresh(world: World) -> None:
    from korgoo.cases.services import case_suggestion_decide
    from korgoo.organisations.selectors import actor_for_membership

    _suggest(world, "violence", "ky", "pending", 10)
    refresh_and_publish()
    assert _table(world, "suggestions_by_category")["violence"]["values"][3] == 10
    for suggestion in CaseSuggestion.objects.filter(subject="violence")[:5]:
        case_suggestion_decide(
            actor=actor_for_membership(world.caseworker_a),
            case=suggestion.case,
            subject="violence",
            accept=True,
        )
    refresh_and_publish()
    row = _table(world, "suggestions_by_category")["violence"]
    assert row["values"][0] == 5 and row["values"][3] == 5
    assert row["values"][5] == 50
