"""The demo world routes its reports by city id: workers' spellings of Moscow («Маскөө», «moskva»,
«г. Москва»…) reach the Moscow organisations, as they would in production."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.cases import vault
from korgoo.cases.models import Case, RoutingRule
from korgoo.demo.world import BACKGROUND_CASES, STORIES, build_world

pytestmark = pytest.mark.django_db

MOSCOW = 524901


def test_every_story_city_is_a_gazetteer_city_and_moscow_reports_reach_moscow(db: Any) -> None:
    build_world()
    assert RoutingRule.objects.filter(locality_id=MOSCOW).count() == 3
    moscow = [c for c in Case.objects.filter(country="RU") if c.locality_id == MOSCOW]
    typed = {vault.open_report(c).get("city") for c in moscow if not c.content_erased}
    assert {"Маскөө", "moskva", "Moskwa", "г. Москва", "Москвада"} <= typed
    assert all(c.organisation is not None for c in moscow)
    # Every story names a city the gazetteer knows; only a few background cases name a village it does
    # not know (counted among "other cities").
    assert Case.objects.filter(locality_id=None).count() < BACKGROUND_CASES * 0.1
    assert len(STORIES) * 2 + BACKGROUND_CASES == Case.objects.count()


def test_the_demo_shows_suggestions_read_from_the_text(db: Any) -> None:
    from korgoo.cases.choices import SuggestionState
    from korgoo.cases.models import CaseSuggestion
    from korgoo.demo.world import build_world

    build_world()
    states = set(CaseSuggestion.objects.values_list("state", flat=True))
    assert {SuggestionState.PENDING, SuggestionState.ACCEPTED, SuggestionState.REJECTED} <= states
    # The story of workers locked in their dormitory, ticked "other", arrives urgent from the text.
    locked = CaseSuggestion.objects.filter(subject="forced_work", case__categories__category="other")
    assert locked.exists()
    assert all(
        s.case.urgent or s.case.suggestions.filter(subject="urgent", state="rejected").exists()
        for s in locked
    )
