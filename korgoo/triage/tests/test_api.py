import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case, CaseEvent
from korgoo.conftest import TwoOrgs
from korgoo.organisations.models import Membership
from korgoo.organisations.services import api_token_create

pytestmark = pytest.mark.django_db


def _client(member: Membership) -> Client:
    token = api_token_create(user=member.user, expires_at=timezone.now() + timezone.timedelta(hours=1))
    return Client(headers={"Authorization": f"Bearer {token}"})


def _post(client: Client, body: Any) -> Any:
    return client.post("/api/v1/triage/", json.dumps(body), content_type="application/json")


def test_staff_get_categories_urgency_and_words(two_orgs: TwoOrgs) -> None:
    response = _post(_client(two_orgs.a.caseworker), {"text": "bizdi jatakanadan chygarbay kamap koyushtu"})
    assert response.status_code == 200
    body = response.json()
    assert body["categories"] == ["forced_work"]
    assert body["urgent"] is True
    assert {"category": "forced_work", "words": ["chygarbay", "kamap"]} in body["evidence"]
    assert {"urgent": True, "words": ["chygarbay", "kamap"]} in body["evidence"]


def test_a_plain_report_has_evidence_for_its_category_and_none_for_urgency(two_orgs: TwoOrgs) -> None:
    body = _post(_client(two_orgs.a.caseworker), {"text": "айлык бербей жатат"}).json()
    assert body == {"categories": ["unpaid_wages"], "urgent": False, "evidence": [
        {"category": "unpaid_wages", "words": ["айлык", "бербей", "жатат"]}
    ]}  # fmt: skip


def test_nothing_is_stored_and_the_answer_is_the_same_for_both_organisations(two_orgs: TwoOrgs) -> None:
    client_a, client_b = _client(two_orgs.a.caseworker), _client(two_orgs.b.admin)
    before = (Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count())
    text = {"text": "начальник урат паспортту алып койду"}
    a = _post(client_a, text).json()
    b = _post(client_b, text).json()
    assert a == b
    assert (Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("body", "code"),
    [({"text": "   "}, "empty_text"), ({"text": "а" * 10_001}, "invalid"), ({}, "invalid")],
)
def test_bad_input_gets_a_clear_error(two_orgs: TwoOrgs, body: Any, code: str) -> None:
    response = _post(_client(two_orgs.a.caseworker), body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["fields"]["text"]
    if code != "invalid":
        assert payload["code"] == code


def test_anonymous_and_viewers_are_refused(two_orgs: TwoOrgs) -> None:
    assert _post(Client(), {"text": "kamap koyushtu"}).status_code in (401, 403)
    assert _post(_client(two_orgs.a.viewer), {"text": "kamap koyushtu"}).status_code == 403
