"""The demo world looks lived in and shows the state's whole picture: cases new and overdue with their
caseworkers, every monitoring page with figures while small numbers stay hidden, the registers
filled with an entry awaiting review, health counts published, a user for every role."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.cases.choices import Status
from korgoo.cases.models import Case
from korgoo.conftest import login
from korgoo.demo.world import USERS, build_world
from korgoo.monitoring.models import IndicatorValue, LegalFinding, PublishedCell, Recommendation
from korgoo.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db

MONITORING_PAGES = [
    "",
    "indicators/",
    "recommendations/",
    "instruments/",
    "treaties-and-law/",
    "health/",
    "staff/",
]


def _client(username: str) -> Client:
    return login(Client(), Membership.objects.get(user__username=username))


def test_the_demo_world_is_current_and_every_monitoring_page_shows_figures(db: Any) -> None:
    build_world()
    assert {role for *_rest, role in USERS} == set(Role.values)  # a demo user for every role
    today = timezone.localdate()
    moscow = Case.objects.filter(organisation__name__startswith="Центр «Мигрант Укугу»")
    open_cases = moscow.exclude(status=Status.CLOSED)
    assert open_cases.filter(status=Status.NEW, reported_on__gte=today - timezone.timedelta(days=2)).exists()
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
