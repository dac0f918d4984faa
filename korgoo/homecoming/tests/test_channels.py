"""A worker says in Telegram that they are home: the same return as on the web page."""

from __future__ import annotations

import pytest

from korgoo.cases.choices import Status
from korgoo.cases.models import Case, RoutingRule
from korgoo.channels.tests.conftest import Chat
from korgoo.channels.tests.test_telegram import report_in_kyrgyz
from korgoo.conftest import MOSCOW, make_org
from korgoo.homecoming.models import Return

pytestmark = pytest.mark.django_db


def test_the_worker_says_in_the_chat_that_they_are_home(chat: Chat) -> None:
    RoutingRule.objects.create(
        organisation=make_org("Жардам Москва", city="Moscow"), country="RU", locality_id=MOSCOW
    )
    receipt = report_in_kyrgyz(chat, link="link:yes", quiet="quiet:none")
    chat.type("/track")
    chat.type(receipt)
    assert "track:home" in chat.buttons()
    chat.press("track:home")
    assert chat.last_text() == "Азыр кайдасыз?"
    assert "region:osh_city" in chat.buttons() and "region:talas" in chat.buttons()
    chat.press("region:osh_city")
    case = Case.objects.get()
    assert case.status == Status.RETURNED
    home = Return.objects.get(case=case)
    assert (home.region, home.by_worker) == ("osh_city", True)
    texts = chat.api.texts()
    assert any(text.startswith("Үйүңүзгө кош келиңиз.") for text in texts[-3:])
    assert "track:home" not in chat.buttons()  # said once
