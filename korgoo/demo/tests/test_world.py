"""The demo world, built once for this module and read by every test in it: a newcomer's first
minute, on whatever day the demo is started (here a Saturday afternoon, 47 days and 5 hours after the
suite's clock; the browser journey of the demo world builds it at the suite's clock, a Monday morning). It looks lived in (cases new and overdue with their caseworkers, cities
the gazetteer knows, suggestions read from the workers' words); every monitoring page has figures
while small numbers stay hidden; the registers have an entry awaiting review, health counts are
published, every role has a user; the missions' court decisions, review items and alerts; the
consular reception of the coming two weeks. Building the world takes seconds: one build for all."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from korgoo.broadcasts.models import Broadcast
from korgoo.cases import vault
from korgoo.cases.choices import Status, SuggestionState
from korgoo.cases.models import Case, CaseEvent, CaseSuggestion, RoutingRule
from korgoo.conftest import SUITE_NOW, built_once, login
from korgoo.consular.models import Booking, Mission, Slot, Ticket
from korgoo.core.choices import OrganisationKind
from korgoo.courts import selectors
from korgoo.courts.models import Alert, Decision
from korgoo.demo.world import BACKGROUND_CASES, STORIES, USERS, build_world
from korgoo.homecoming.models import HandOver
from korgoo.monitoring.courts import court_statistics
from korgoo.monitoring.models import IndicatorValue, LegalFinding, PublishedCell, Recommendation
from korgoo.organisations.models import Membership, Role
from korgoo.organisations.selectors import actor_for_membership

# The demo runs on the embedded database (SQLite): it is built in the SQLite pass only.
pytestmark = [pytest.mark.demo, pytest.mark.django_db]

MOSCOW = 524901


@dataclass(frozen=True)
class Built:
    made: dict[str, Any]
    started: dt.datetime


STARTED = SUITE_NOW + dt.timedelta(days=47, hours=5)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Built]:
    """The world built in a transaction of the module's own that is rolled back after its last test;
    each test runs in a savepoint inside it."""
    with built_once(django_db_blocker, build_world, at=STARTED) as made:
        yield Built(made=made, started=STARTED)


@pytest.fixture(autouse=True)
def _a_few_minutes_after_the_start(world: Built, clock: time_machine.Traveller) -> None:
    clock.move_to(world.started + dt.timedelta(minutes=5))


def _client(username: str) -> Client:
    return login(Client(), Membership.objects.get(user__username=username))


def actor_of(username: str) -> Any:
    return actor_for_membership(
        Membership.objects.select_related("user", "organisation").get(user__username=username)
    )


MONITORING_PAGES = [
    "",
    "indicators/",
    "recommendations/",
    "instruments/",
    "treaties-and-law/",
    "health/",
    "staff/",
    "returns/",
]


def test_the_demo_world_is_current_and_every_monitoring_page_shows_figures(world: Built) -> None:
    assert {role for *_rest, role in USERS} == set(Role.values)  # a demo user for every role
    today = timezone.localdate()
    moscow = Case.objects.filter(organisation__name__startswith="Центр «Мигрант Укугу»")
    open_cases = moscow.exclude(status=Status.CLOSED)
    assert open_cases.filter(status=Status.NEW, reported_on__gte=today - dt.timedelta(days=2)).exists()
    assert open_cases.filter(due_on__lt=today).exists() and open_cases.filter(due_on__gte=today).exists()
    assert open_cases.exclude(assignee=None).count() > open_cases.count() / 2
    assert PublishedCell.objects.filter(face__startswith="H").exclude(value=None).exists()
    assert IndicatorValue.objects.filter(computed=False, review_state="approved").exists()
    assert IndicatorValue.objects.filter(review_state="pending").exists()
    assert Recommendation.objects.exclude(status="not_assessed").count() >= 5
    assert LegalFinding.objects.count() >= 8
    coordinator = _client("coordinator")
    for page in MONITORING_PAGES:
        response = coordinator.get(f"/ru/staff/monitoring/{page}")
        assert response.status_code == 200, page
        text = response.content.decode()
        assert "Пока нет" not in text and "No statistics" not in text, page
        assert "В этот период возвращений нет." not in text, page
    # The dashboard of the last 12 months shows figures in most cells, and suppression still shows.
    dashboard = coordinator.get("/ru/staff/monitoring/").content.decode()
    cells = re.findall(r"<td([^>]*)>", dashboard.split('data-testid="table-', 1)[1])
    hidden = sum(1 for attributes in cells if "hidden" in attributes)
    assert len(cells) > 150 and 0 < hidden < len(cells) * 0.4, (hidden, len(cells))
    health = coordinator.get("/ru/staff/monitoring/health/").content.decode()
    assert 'data-testid="table-health_by_quarter"' in health
    # Cities in the language of the page: no Latin city name in the Russian inbox.
    inbox = _client("ngo.moscow").get("/ru/staff/").content.decode()
    assert "Москва" in inbox and "Moscow" not in inbox


def test_every_story_city_is_a_gazetteer_city_and_moscow_reports_reach_moscow(world: Built) -> None:
    assert RoutingRule.objects.filter(locality_id=MOSCOW).count() == 3
    moscow = [c for c in Case.objects.filter(country="RU") if c.locality_id == MOSCOW]
    typed = {vault.open_report(c).get("city") for c in moscow if not c.content_erased}
    assert {"Маскөө", "moskva", "Moskwa", "г. Москва", "Москвада"} <= typed
    assert all(c.organisation is not None for c in moscow)
    # Every story names a city the gazetteer knows; only a few background cases name a village it does
    # not know (counted among "other cities").
    assert Case.objects.filter(locality_id=None).count() < BACKGROUND_CASES * 0.1
    # ... and the worker who went home to Osh (korgoo.homecoming.demo).
    assert len(STORIES) * 2 + BACKGROUND_CASES + 1 == Case.objects.count()


def test_the_demo_shows_a_returned_worker_and_a_broadcast(world: Built) -> None:
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
    # ... and one for the whole of Kazakhstan, so that the home page offers a choice of country.
    assert Broadcast.objects.filter(kind="consular_closure", country="KZ", locality_id=None).exists()
    page = Client().get("/ky/").content.decode()
    assert 'href="?country=KZ#alerts"' in page and 'href="?country=RU#alerts"' in page


def test_the_demo_shows_suggestions_read_from_the_text(world: Built) -> None:
    states = set(CaseSuggestion.objects.values_list("state", flat=True))
    assert {SuggestionState.PENDING, SuggestionState.ACCEPTED, SuggestionState.REJECTED} <= states
    # The story of workers locked in their dormitory, ticked "other", arrives urgent from the text.
    locked = CaseSuggestion.objects.filter(subject="forced_work", case__categories__category="other")
    assert locked.exists()
    assert all(
        s.case.urgent or s.case.suggestions.filter(subject="urgent", state="rejected").exists()
        for s in locked
    )


def test_the_demo_world_has_decisions_reviews_alerts_and_statistics(world: Built) -> None:
    assert world.made["court_decisions"] == Decision.objects.count() >= 30
    embassy, consulate = actor_of("embassy.moscow"), actor_of("consulate.almaty")
    for actor in (embassy, consulate):
        assert selectors.review_queue_for(actor=actor).exists()
        assert selectors.alert_list_for(actor=actor).exists()
    assert set(Alert.objects.values_list("organisation__name", flat=True)) == {
        embassy.organisation.name,
        consulate.organisation.name,
    }
    assert court_statistics().decisions >= 25
    analyst = actor_of("analyst")
    assert analyst.has("monitoring.view") and not analyst.has("courts.monitor")


def test_the_demo_publishes_two_missions_with_the_coming_two_weeks(world: Built) -> None:
    """Slots for the coming two weeks from the day the demo starts (not from the suite's day),
    bookings, capacity-one slots, a hall with tickets, and an emergency booking on an urgent case
    that jumps the general release."""
    assert_consular_reception(start=world.started)


def assert_consular_reception(*, start: dt.datetime) -> None:
    """What the demo's consular reception shows when the demo starts at `start`."""
    missions = {m.organisation.city: m for m in Mission.objects.select_related("organisation")}
    assert set(missions) == {"Moscow", "Almaty"}
    for mission in missions.values():
        slots = Slot.objects.filter(mission=mission)
        assert slots.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=14)).count() > 50
        assert slots.filter(capacity=1).exists()
        assert Booking.objects.filter(mission=mission, kind="general").count() >= 10
    emergency = Booking.objects.get(kind="emergency")
    assert emergency.case is not None and emergency.mission == missions["Moscow"]
    assert emergency.slot.opens_at > start  # booked before the general release of its time
    assert CaseEvent.objects.filter(case=emergency.case, kind="consular_booked").exists()
    assert Ticket.objects.filter(mission=missions["Moscow"]).count() == 3
    board = Client().get(f"/ru/consular/hall/{missions['Moscow'].pk}/")
    assert board.status_code == 200 and b"A-001" in board.content
