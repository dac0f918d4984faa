"""Broadcasts over the API: a network coordinator sends an alert to the chats that asked for it and
reads the history; nobody else can, the body is checked as the staff page checks it, and the hourly
limit holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.broadcasts.models import Broadcast
from korgoo.channels.services import channel_alerts_set, channel_link_create
from korgoo.conftest import MOSCOW, report
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Membership
from korgoo.organisations.services import api_token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/broadcasts/"
ALMATY = 1526384  # a city, but of Kazakhstan
RU = "Сегодня на южных рынках массовые проверки. Держите документы при себе."


def auth(member: Membership) -> dict[str, str]:
    token = api_token_create(user=member.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


def send(member: Membership, body: dict[str, Any]) -> Any:
    return Client().post(URL, data=json.dumps(body), content_type="application/json", headers=auth(member))


def test_a_network_coordinator_sends_an_alert_and_reads_the_history(network: dict[str, Membership]) -> None:
    # Two Moscow workers linked a Telegram chat to their report; one asked for alerts.
    asked, silent = (report_submit(new=report(city="Moscow")).report.case for _ in range(2))
    channel_link_create(case=asked, provider="telegram", chat_id="555000111", language="ru")
    channel_link_create(case=silent, provider="telegram", chat_id="555000222", language="ru")
    channel_alerts_set(case=asked, on=True)

    sent = send(
        network["coordinator"], {"kind": "raid", "country": "RU", "locality_id": MOSCOW, "text_ru": RU}
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    broadcast = Broadcast.objects.get()
    assert body["id"] == str(broadcast.pk)
    assert (body["kind"], body["country"], body["locality_id"], body["text_ru"], body["text_ky"]) == (
        "raid",
        "RU",
        MOSCOW,
        RU,
        "",
    )
    assert (body["queued"], body["held_back"]) == (1, 0)  # the chat that asked, and only it

    listed = Client().get(URL, headers=auth(network["coordinator"]))
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [str(broadcast.pk)]


def test_wrong_bodies_are_refused_in_the_apis_words(network: dict[str, Membership]) -> None:
    coordinator = network["coordinator"]
    no_text = send(coordinator, {"kind": "raid", "country": "RU"})
    assert no_text.status_code == 400 and no_text.json()["code"] == "empty_alert"
    # A city of another country: named by the body's own field.
    elsewhere = send(coordinator, {"kind": "raid", "country": "RU", "locality_id": ALMATY, "text_ru": RU})
    assert elsewhere.status_code == 400 and elsewhere.json()["code"] == "unknown_city"
    assert set(elsewhere.json()["fields"]) == {"locality_id"}
    unknown = send(coordinator, {"kind": "storm", "country": "RU", "text_ru": RU})
    assert (
        unknown.status_code == 400
        and unknown.json()["code"] == "invalid"
        and "kind" in unknown.json()["fields"]
    )
    assert not Broadcast.objects.exists()


def test_only_a_network_coordinator_and_only_a_few_an_hour(
    network: dict[str, Membership], settings: Any
) -> None:
    alert = {"kind": "rule_change", "country": "KZ", "text_ru": RU}
    for role in ("country_coordinator", "caseworker"):
        assert send(network[role], alert).status_code == 403
        assert Client().get(URL, headers=auth(network[role])).status_code == 403
    assert Client().post(URL, data=json.dumps(alert), content_type="application/json").status_code == 401
    settings.KORGOO_BROADCASTS_PER_HOUR = 2
    assert [send(network["coordinator"], alert).status_code for _ in range(3)] == [201, 201, 429]
    assert Broadcast.objects.count() == 2
