"""Proof-of-work on the report API (SECURITY.md requirement 11): off by default, asked when the
operator switches it on; a challenge is signed, expires, must be solved at the difficulty in force,
and makes one report."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import time_machine
from django.test import Client

from korgoo.cases.models import Case
from korgoo.conftest import TwoOrgs
from korgoo.intake import services

from .test_api import BODY, post

pytestmark = pytest.mark.django_db


def _challenge(client: Client) -> tuple[str, int]:
    response = client.get("/api/v1/reports/challenge/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {"challenge", "difficulty", "expires_in"}
    return data["challenge"], data["difficulty"]


def _solved(client: Client) -> dict[str, str]:
    token, bits = _challenge(client)
    return {"Korgoo-Challenge": token, "Korgoo-Proof": services.challenge_solve(token, bits)}


def test_leading_zero_bits_counts_bits_not_bytes() -> None:
    assert services.leading_zero_bits(b"\x00\x00\x80") == 16
    assert services.leading_zero_bits(b"\x00\x01") == 15
    assert services.leading_zero_bits(b"\x10") == 3
    assert services.leading_zero_bits(b"\xff") == 0
    assert services.leading_zero_bits(b"\x00" * 32) == 256


def test_without_challenges_the_api_contract_is_unchanged(two_orgs: TwoOrgs) -> None:
    assert _challenge(Client())[1] == 0
    assert post(Client(), "/api/v1/reports/", BODY).status_code == 201


@pytest.mark.parametrize("bits", [4, 12])
def test_when_switched_on_a_report_needs_a_solved_challenge(
    two_orgs: TwoOrgs, settings: Any, bits: int
) -> None:
    settings.KORGOO_INTAKE_CHALLENGE_BITS = bits
    before = Case.objects.count()
    client = Client()
    missing = post(client, "/api/v1/reports/", BODY)
    assert missing.status_code == 400 and missing.json()["code"] == "challenge_required"

    token, difficulty = _challenge(client)
    assert difficulty == bits
    wrong = next(
        str(n)
        for n in range(10_000)
        if services.leading_zero_bits(hashlib.sha256(f"{token}:{n}".encode()).digest()) < bits
    )
    unsolved = post(client, "/api/v1/reports/", BODY, **{"Korgoo-Challenge": token, "Korgoo-Proof": wrong})
    assert unsolved.status_code == 400 and unsolved.json()["code"] == "challenge_unsolved"

    forged = post(
        client,
        "/api/v1/reports/",
        BODY,
        **{"Korgoo-Challenge": token[:-2] + "xx", "Korgoo-Proof": services.challenge_solve(token, bits)},
    )
    assert forged.status_code == 400 and forged.json()["code"] == "challenge_expired"
    assert Case.objects.count() == before

    headers = {"Korgoo-Challenge": token, "Korgoo-Proof": services.challenge_solve(token, bits)}
    accepted = post(client, "/api/v1/reports/", BODY, **headers)
    assert accepted.status_code == 201
    assert Case.objects.count() == before + 1


def test_a_challenge_makes_one_report(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_INTAKE_CHALLENGE_BITS = 8
    before = Case.objects.count()
    client = Client()
    headers = _solved(client)
    first = post(client, "/api/v1/reports/", BODY, **headers)
    again = post(client, "/api/v1/reports/", BODY, **headers)  # a retry after a lost answer
    assert first.status_code == again.status_code == 201
    assert first.json()["receipt"] == again.json()["receipt"]
    assert again["Idempotent-Replayed"] == "true"
    # Another Idempotency-Key does not make the same challenge count twice.
    other_key = post(client, "/api/v1/reports/", BODY, **headers, **{"Idempotency-Key": "another"})
    assert other_key.json()["receipt"] == first.json()["receipt"]
    reused = post(client, "/api/v1/reports/", {**BODY, "city": "Kazan"}, **headers)
    assert reused.status_code == 422 and reused.json()["code"] == "challenge_used"
    assert Case.objects.count() == before + 1


def test_a_challenge_expires_and_raising_the_difficulty_applies_to_issued_ones(
    two_orgs: TwoOrgs, settings: Any
) -> None:
    settings.KORGOO_INTAKE_CHALLENGE_BITS = 4
    client = Client()
    with time_machine.travel("2026-11-01 10:00:00", tick=False):
        old = _solved(client)
    with time_machine.travel("2026-11-01 11:01:00", tick=False):
        expired = post(client, "/api/v1/reports/", BODY, **old)
    assert expired.status_code == 400 and expired.json()["code"] == "challenge_expired"

    token, _bits = _challenge(client)
    easy = services.challenge_solve(token, 4)
    settings.KORGOO_INTAKE_CHALLENGE_BITS = 14
    hardened = {"Korgoo-Challenge": token, "Korgoo-Proof": easy}
    if services.leading_zero_bits(hashlib.sha256(f"{token}:{easy}".encode()).digest()) < 14:
        refused = post(client, "/api/v1/reports/", BODY, **hardened)
        assert refused.status_code == 400 and refused.json()["code"] == "challenge_unsolved"
    hard = {"Korgoo-Challenge": token, "Korgoo-Proof": services.challenge_solve(token, 14)}
    assert post(client, "/api/v1/reports/", BODY, **hard).status_code == 201


def test_the_challenge_answers_in_the_requested_language(settings: Any, db: Any) -> None:
    settings.KORGOO_INTAKE_CHALLENGE_BITS = 4
    response = post(Client(), "/api/v1/reports/", BODY, **{"Accept-Language": "en"})
    assert response.json()["message"].startswith("Ask for a challenge")
