"""The demo world routes its reports by city id: workers' spellings of Moscow («Маскөө», «moskva»,
«г. Москва»…) reach the Moscow organisations, as they would in production."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.cases import sealed
from korgoo.cases.models import Case, RoutingRule
from korgoo.demo.world import BACKGROUND_CASES, STORIES, build_world

pytestmark = pytest.mark.django_db

MOSCOW = 524901


def test_every_story_city_is_a_gazetteer_city_and_moscow_reports_reach_moscow(db: Any) -> None:
    build_world()
    assert RoutingRule.objects.filter(locality_id=MOSCOW).count() == 3
    moscow = [c for c in Case.objects.filter(country="RU") if c.locality_id == MOSCOW]
    typed = {sealed.open_report(c).get("city") for c in moscow if not c.content_erased}
    assert {"Маскөө", "moskva", "Moskwa", "г. Москва", "Москвада"} <= typed
    assert all(c.organisation is not None for c in moscow)
    # Every story names a city the gazetteer knows; only a few background cases name a village it does
    # not know (counted among "other cities").
    assert Case.objects.filter(locality_id=None).count() < BACKGROUND_CASES * 0.1
    # ... and the worker who went home to Osh (korgoo.homecoming.demo).
    assert len(STORIES) * 2 + BACKGROUND_CASES + 1 == Case.objects.count()


def test_the_demo_shows_a_returned_worker_and_a_broadcast(db: Any) -> None:
    from korgoo.broadcasts.models import Broadcast
    from korgoo.core.choices import OrganisationKind
    from korgoo.homecoming.models import HandOver

    build_world()
    # Two organisations in Kyrgyzstan; the Osh centre continues a case whose wage claim the
    # Moscow union keeps, at its second step.
    home = HandOver.objects.select_related("case__organisation", "from_organisation", "referral").get(
        to_organisation__kind=OrganisationKind.LEGAL_AID
    )
    assert home.state == "accepted" and home.claim_kept and home.claim_step == "demand_sent"
    assert (
        home.case.organisation.city == "Osh" and home.from_organisation.kind == OrganisationKind.TRADE_UNION
    )
    assert home.case.homecoming.region == "osh_city"
    assert Broadcast.objects.filter(kind="raid", country="RU", locality_id=MOSCOW).exists()


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
