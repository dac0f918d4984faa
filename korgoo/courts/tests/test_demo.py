"""The demo world ships court decisions, review items and alerts in both missions' inboxes."""

from __future__ import annotations

from typing import Any

from korgoo.courts import selectors
from korgoo.courts.models import Alert, Decision
from korgoo.demo.world import build_world
from korgoo.monitoring.courts import court_statistics
from korgoo.organisations.models import Membership
from korgoo.organisations.selectors import actor_for_membership


def _actor(username: str) -> Any:
    return actor_for_membership(
        Membership.objects.select_related("user", "organisation").get(user__username=username)
    )


def test_the_demo_world_has_decisions_reviews_alerts_and_statistics(db: Any) -> None:
    made = build_world()
    assert made["court_decisions"] == Decision.objects.count() >= 30
    embassy, consulate = _actor("embassy.moscow"), _actor("consulate.almaty")
    for actor in (embassy, consulate):
        assert selectors.review_queue_for(actor=actor).exists()
        assert selectors.alert_list_for(actor=actor).exists()
    assert set(Alert.objects.values_list("organisation__name", flat=True)) == {
        embassy.organisation.name,
        consulate.organisation.name,
    }
    assert court_statistics().decisions >= 25
    analyst = _actor("analyst")
    assert analyst.has("monitoring.view") and not analyst.has("courts.monitor")
