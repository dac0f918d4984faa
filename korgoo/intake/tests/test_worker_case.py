"""The worker's case page says who wrote, what changed and what happens next, and lets the worker
answer a last message for a while after the case was closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from korgoo.cases.models import CaseMessage
from korgoo.cases.services import case_close, case_message_to_worker, case_set_status
from korgoo.conftest import TwoOrgs
from korgoo.core import receipts
from korgoo.core.choices import OrganisationKind

pytestmark = pytest.mark.django_db


def _opened(receipt: str) -> Client:
    client = Client()
    assert client.post("/en/track/", {"receipt": receipts.display(receipt)}).status_code == 303
    return client


def test_each_message_is_signed_with_the_organisation_and_its_kind(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    case_message_to_worker(actor=a.actor(), case=a.case, body="Come to our office tomorrow at 10.")
    html = _opened(a.receipt).get("/en/track/case/").content.decode()
    signature = f'data-testid="message-signature">{a.org.name}</span> <span class="kind">({OrganisationKind.NGO.label})</span>'
    assert signature in html
    assert f"The latest message, from {a.org.name}:" in html
    assert "Come to our office tomorrow at 10." in html[html.index('data-testid="worker-next"') :]
    assert a.caseworker.user.get_full_name() not in html  # the organisation signs, never the person


def test_status_changes_appear_in_the_history_in_plain_words(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    case_message_to_worker(actor=a.actor(), case=a.case, body="We are on it.")  # new → in progress
    case_set_status(actor=a.actor(), case=a.case, status="negotiation")
    html = _opened(a.receipt).get("/en/track/case/").content.decode()
    history = html[html.index('data-testid="worker-history"') :]
    assert "Status: In progress" in history and "Status: Negotiation (pre-trial)" in history
    assert history.index("In progress") < history.index("Negotiation")


def test_what_happens_next_follows_the_case(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    client = _opened(a.receipt)
    first = client.get("/en/track/case/").content.decode()
    assert f"{a.org.name} has your report and will answer here." in first
    case_message_to_worker(actor=a.actor(), case=a.case, body="We are on it.")
    working = client.get("/en/track/case/").content.decode()
    assert f"{a.org.name} is working on your report." in working


def test_after_closing_the_worker_may_answer_for_30_days_then_not(
    two_orgs: TwoOrgs, clock: time_machine.Traveller, settings: Any
) -> None:
    settings.KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING = 30
    a = two_orgs.a
    case_message_to_worker(actor=a.actor(), case=a.case, body="Come tomorrow at 10 with your passport.")
    case_close(actor=a.actor(), case=a.case, outcome="resolved")
    client = _opened(a.receipt)
    page = client.get("/en/track/case/").content.decode()
    assert 'data-testid="worker-message-form"' in page
    assert client.post("/en/track/case/message/", {"body": "What address?"}).status_code == 303
    assert CaseMessage.objects.filter(case=a.case, sender="worker").count() == 1
    a.case.refresh_from_db()
    assert a.case.awaiting_reply  # the organisation sees that the worker wrote

    clock.shift(dt.timedelta(days=31))
    client = _opened(a.receipt)
    later = client.get("/en/track/case/").content.decode()
    assert 'data-testid="worker-message-form"' not in later
    assert "send a new report" in later
    refused = client.post("/en/track/case/message/", {"body": "Hello?"})
    assert refused.status_code == 400
    assert CaseMessage.objects.filter(case=a.case, sender="worker").count() == 1
