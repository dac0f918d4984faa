"""The anonymous report API: submit, track, write back; idempotency; uniform answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from korgoo.cases.models import Case, CaseMessage
from korgoo.conftest import TwoOrgs
from korgoo.core import receipts
from korgoo.intake.models import IdempotencyRecord, Report

pytestmark = pytest.mark.django_db

BODY = {
    "language": "ky",
    "country": "RU",
    "city": "Moscow",
    "categories": ["unpaid_wages", "no_contract"],
    "description": "Эки айдан бери айлык төлөнгөн жок.",
    "employer_name": "ООО Canary Employer",
    "contact": {"channel": "whatsapp", "value": "+7 900 111 22 33"},
    "full_name": "Canary Name",
    "share_with": ["ngo", "trade_union"],
}


def post(client: Client, path: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)


def test_report_is_accepted_with_a_receipt(two_orgs: TwoOrgs) -> None:
    response = post(Client(), "/api/v1/reports/", BODY)
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"receipt", "status"}
    assert receipts.normalise(data["receipt"]) == data["receipt"]
    assert data["status"] == "new"
    case = Report.objects.select_related("case").latest("submitted_at").case
    assert case.organisation == two_orgs.a.org  # placed by the Moscow routing rule


def test_invalid_report_gets_the_error_envelope_in_the_requested_language(db: Any) -> None:
    bad = {**BODY, "categories": [], "country": "Russia"}
    response = post(Client(), "/api/v1/reports/", bad, **{"Accept-Language": "ru"})
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert set(data["fields"]) >= {"categories", "country"}
    assert Case.objects.count() == 0


def test_retry_with_the_same_idempotency_key_returns_the_same_receipt(db: Any) -> None:
    client = Client()
    first = post(client, "/api/v1/reports/", BODY, **{"Idempotency-Key": "key-1"})
    second = post(client, "/api/v1/reports/", BODY, **{"Idempotency-Key": "key-1"})
    assert first.status_code == second.status_code == 201
    assert first.json()["receipt"] == second.json()["receipt"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_same_idempotency_key_with_another_payload_is_refused(db: Any) -> None:
    client = Client()
    post(client, "/api/v1/reports/", BODY, **{"Idempotency-Key": "key-2"})
    changed = post(client, "/api/v1/reports/", {**BODY, "city": "Kazan"}, **{"Idempotency-Key": "key-2"})
    assert changed.status_code == 422
    assert changed.json()["code"] == "idempotency_key_reused"
    assert Case.objects.count() == 1


def test_track_shows_status_and_conversation_but_nothing_the_worker_submitted(two_orgs: TwoOrgs) -> None:
    from korgoo.cases.services import case_message_to_worker

    a = two_orgs.a
    case_message_to_worker(actor=a.actor(), case=a.case, body="Мы получили ваше обращение.")
    client = Client()
    response = post(client, "/api/v1/reports/track/", {"receipt": receipts.display(a.receipt)})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "in_progress"
    assert data["messages"][0]["from"] == "organisation"
    assert data["messages"][0]["body"] == "Мы получили ваше обращение."
    raw = response.content.decode()
    for canary in ("CANARY-A", "Employer", "Name CANARY", "+7 900"):
        assert canary not in raw


def test_wrong_malformed_and_unknown_receipts_get_the_same_answer(two_orgs: TwoOrgs) -> None:
    client = Client()
    good = two_orgs.a.receipt
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    unknown = receipts.generate()
    answers = [post(client, "/api/v1/reports/track/", {"receipt": r}) for r in (typo, unknown, "hello", "")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1


def test_worker_writes_back_with_the_receipt(two_orgs: TwoOrgs) -> None:
    client = Client()
    response = post(client, "/api/v1/reports/messages/", {"receipt": two_orgs.a.receipt, "body": "Рахмат!"})
    assert response.status_code == 201
    message = CaseMessage.objects.get(case=two_orgs.a.case)
    assert message.sender == "worker"
    two_orgs.a.case.refresh_from_db()
    assert two_orgs.a.case.awaiting_reply
    missing = post(client, "/api/v1/reports/messages/", {"receipt": receipts.generate(), "body": "x"})
    assert missing.status_code == 404


def test_lookups_are_throttled_per_client_even_for_a_right_receipt(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_LOOKUP_FAILURES_PER_CLIENT = 3
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(3):
        assert post(client, "/api/v1/reports/track/", {"receipt": receipts.generate()}).status_code == 404
    locked = post(client, "/api/v1/reports/track/", {"receipt": two_orgs.a.receipt})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="10.1.1.2")
    assert post(other, "/api/v1/reports/track/", {"receipt": two_orgs.a.receipt}).status_code == 200


def test_global_failed_lookup_budget_bounds_spraying_from_many_addresses(
    two_orgs: TwoOrgs, settings: Any
) -> None:
    settings.KORGOO_LOOKUP_FAILURES_PER_CLIENT = 100
    settings.KORGOO_LOOKUP_FAILURES_GLOBAL = 5
    for n in range(5):
        client = Client(REMOTE_ADDR=f"10.2.0.{n}")
        assert post(client, "/api/v1/reports/track/", {"receipt": receipts.generate()}).status_code == 404
    fresh = Client(REMOTE_ADDR="10.2.1.1")
    assert post(fresh, "/api/v1/reports/track/", {"receipt": two_orgs.a.receipt}).status_code == 429


def test_intake_budget_answers_429_or_503_with_retry_after(db: Any, settings: Any) -> None:
    settings.KORGOO_INTAKE_PER_CLIENT = 2
    client = Client(REMOTE_ADDR="10.3.0.1")
    assert post(client, "/api/v1/reports/", BODY).status_code == 201
    assert post(client, "/api/v1/reports/", BODY).status_code == 201
    refused = post(client, "/api/v1/reports/", BODY)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    settings.KORGOO_INTAKE_PER_CLIENT = 100
    settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE = 2
    overloaded = post(Client(REMOTE_ADDR="10.3.0.2"), "/api/v1/reports/", BODY)
    assert overloaded.status_code == 503 and "Retry-After" in overloaded.headers
    assert Case.objects.count() == 2  # nothing refused was half-saved


def test_behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_address(
    two_orgs: TwoOrgs, settings: Any
) -> None:
    settings.KORGOO_TRUSTED_PROXIES = 1
    settings.KORGOO_LOOKUP_FAILURES_PER_CLIENT = 2
    proxy = "127.0.0.1"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    for _ in range(2):
        post(attacker, "/api/v1/reports/track/", {"receipt": receipts.generate()})
    assert post(attacker, "/api/v1/reports/track/", {"receipt": two_orgs.a.receipt}).status_code == 429
    # A spoofed left-most entry does not help the attacker...
    spoofed = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.9")
    assert post(spoofed, "/api/v1/reports/track/", {"receipt": two_orgs.a.receipt}).status_code == 429
    # ...and another worker behind the same proxy is not locked out.
    worker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert post(worker, "/api/v1/reports/track/", {"receipt": two_orgs.a.receipt}).status_code == 200
