"""The whole API fuzzed against its own OpenAPI description, in process, in every run of the suite.

Schemathesis reads `GET /api/v1/schema/` and, for every operation, sends the examples, the
boundary and negative cases of each parameter (its coverage phase) and property-based draws,
through the WSGI application itself — anonymously and as every staff role of a seeded world, with
real ids of both organisations. Every built-in check runs (no server error, status codes, content
types, headers and bodies as described, valid data accepted and invalid data refused, missing
authentication refused, unsupported methods answered 405), and then the links of the description
are followed state by state. Two checks of our own (`fuzzing.py`, shared with
`scripts/fuzz_api.py`, which runs the same against a live server) hold the error codes to the
description: every error's `code` is one listed for that operation and status, and a request the
description allows is never refused as malformed (`invalid`), only with a code of the domain (a
date in the future, a period not published).

The limits of the API are raised from the settings, as an operator would from the environment,
so that `429` does not hide what the API does. The run is bounded (five draws per operation and the
coverage phase as the coordinator, two draws per operation for every other role, a fixed seed) to
keep it to about a minute of CPU; the `KORGOO_FUZZ_*` variables raise it for a longer run by hand (docs/operations.md). Marked
`fuzz`: `make test` runs it once, in the SQLite pass; it passes on PostgreSQL too (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
import werkzeug.test
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from django.utils import timezone

from korgoo.cases.selectors import InboxFilters
from korgoo.cases.services import case_close, case_message_to_worker, case_note_add
from korgoo.conftest import TwoOrgs, make_member, report
from korgoo.intake.models import Report
from korgoo.intake.services import report_submit, worker_message_send
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import api_token_create

from . import fuzzing

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

ROLES = ("anonymous", "caseworker", "coordinator", "org_admin", "viewer", "analyst")
EXAMPLES = int(os.environ.get("KORGOO_FUZZ_EXAMPLES", "5"))
# Every other role draws fewer: most of what it adds is its own refusals, which come before any
# input is read, and the few operations it reaches that the coverage role does not.
ROLE_EXAMPLES = int(os.environ.get("KORGOO_FUZZ_ROLE_EXAMPLES", "2"))
STEPS = int(os.environ.get("KORGOO_FUZZ_STEPS", "6"))
SCENARIOS = int(os.environ.get("KORGOO_FUZZ_SCENARIOS", "10"))
SEED = int(os.environ.get("KORGOO_FUZZ_SEED", "20261116"))
# The coverage phase (every boundary and every kind of wrong value of every parameter, unexpected
# methods) costs most; its findings hardly depend on the role, so it runs as the role that reaches
# the most operations past their permission checks (a hand run may ask for every role).
COVERAGE_ROLES = os.environ.get("KORGOO_FUZZ_COVERAGE_ROLES", "coordinator").split(",")
UNEXPECTED_METHODS = os.environ.get("KORGOO_FUZZ_UNEXPECTED_METHODS", "delete").split(",")
SCHEMA = "/api/v1/schema/?format=json"


@dataclass
class World:
    """The seeded world's tokens (one per role, all in organisation A) and its real ids."""

    tokens: dict[str, str]
    # A second token per role, the one logging out takes.
    spare_tokens: dict[str, str]
    ids: dict[str, list[str]]


def seed_world(two_orgs: TwoOrgs) -> World:
    """Both organisations with open, closed, offered and referred cases, a conversation, a note,
    a diary day, a saved calculation, an export, published monitoring figures and a report job."""
    from korgoo.cases.exports import inbox_export
    from korgoo.evidence.services import calculations, diary
    from korgoo.monitoring import services as monitoring
    from korgoo.monitoring.publishing import health_publish, monitoring_publish
    from korgoo.monitoring.refresh import tallies_refresh
    from korgoo.monitoring.selectors import Filters
    from korgoo.referrals.services import referral_offer

    a, b = two_orgs.a, two_orgs.b
    members = {
        "caseworker": a.caseworker,
        "org_admin": a.admin,
        "viewer": a.viewer,
        "coordinator": make_member(a.org, "a.coordinator", Role.COORDINATOR),
        "analyst": make_member(a.org, "a.analyst", Role.ANALYST),
    }
    worker = actor_for_membership(a.caseworker)
    case_message_to_worker(actor=worker, case=a.case, body="Пришлите, пожалуйста, расчётный лист.")
    worker_message_send(report=Report.objects.get(case=a.case), body="Вот он.")
    case_note_add(actor=worker, case=a.case, body="Работодатель известен.")
    closed = report_submit(new=report(city="Moscow", description="Closed story")).report.case
    case_close(actor=worker, case=closed, outcome="resolved")
    offering = report_submit(new=report(city="Moscow", description="Offered story")).report.case
    union = make_member(b.org, "b.coordinator", Role.COORDINATOR)
    offered_to_b = referral_offer(actor=worker, case=offering, to_organisation=b.org, fields=["description"])
    offered_to_a = referral_offer(
        actor=actor_for_membership(union), case=b.case, to_organisation=a.org, fields=["description"]
    )
    diary.diary_entry_add_by_staff(
        actor=worker,
        case=a.case,
        draft=diary.EntryDraft(work_date=timezone.localdate() - dt.timedelta(days=3), place="Склад"),
        idempotency_key="seed",
    )
    computed = calculations.calculate(
        "late_payment",
        {"country": "RU", "amount": "48000.00", "due_date": "2025-10-15", "as_of": "2025-11-20"},
    )
    calculations.calculation_save_by_staff(actor=worker, case=a.case, computed=computed)
    export = inbox_export(
        actor=actor_for_membership(a.admin), filters=InboxFilters(), file_format="csv"
    ).export
    tallies_refresh(full=True)
    monitoring_publish()
    year = timezone.localdate().year
    monitoring.health_stats_enter(
        actor=actor_for_membership(a.admin),
        rows=[monitoring.HealthRow("RU", "Moscow", year, 1, "male", "25-34", "tuberculosis", 12)],
    )
    health_publish()
    coordinator = actor_for_membership(members["coordinator"])
    job = monitoring.report_request(actor=coordinator, kind="situation", filters=Filters(period=""))
    expires = timezone.now() + dt.timedelta(hours=2)
    tokens = {role: api_token_create(user=m.user, expires_at=expires) for role, m in members.items()}
    spare_tokens = {role: api_token_create(user=m.user, expires_at=expires) for role, m in members.items()}
    # A published mission with released times, for the consular operations and their links.
    from korgoo.consular import services as consular
    from korgoo.consular.tests.conftest import make_mission

    hall = make_mission(capacity=3)
    consular.slots_generate(actor=None, mission=hall.mission, start=timezone.localdate(), days=14)
    stranger = str(uuid.UUID(int=1))
    return World(
        tokens=tokens,
        spare_tokens=spare_tokens,
        ids={
            "case_id": [str(c.pk) for c in (a.case, closed, offering, b.case)] + [stranger],
            "referral_id": [str(offered_to_a.pk), str(offered_to_b.pk), stranger],
            "export_id": [str(export.pk), stranger],
            "job_id": [str(job.pk), stranger],
            "decision_id": [stranger],
            "alert_id": [stranger],
        },
    )


def fuzz_config(raw: dict[str, Any], world: World, role: str) -> schemathesis.Config:
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
    return schemathesis.Config.from_dict(
        fuzzing.config(
            raw,
            headers=headers,
            ids=world.ids,
            examples=EXAMPLES if role in COVERAGE_ROLES else ROLE_EXAMPLES,
            steps=STEPS,
            seed=SEED,
            coverage=role in COVERAGE_ROLES,
            unexpected_methods=UNEXPECTED_METHODS,
            logout_token=world.spare_tokens.get(role, ""),
        )
    )


@pytest.fixture(autouse=True)
def _quiet_pdf_fonts() -> Iterator[None]:
    """Drawn text holds characters no font has; WeasyPrint says so for each glyph, at length."""
    pdf_log = logging.getLogger("weasyprint")
    level = pdf_log.level
    pdf_log.setLevel(logging.ERROR)
    yield
    pdf_log.setLevel(level)


@pytest.fixture(params=ROLES)
def api_schema(request: Any, two_orgs: TwoOrgs, settings: Any, in_process_app: WSGIHandler) -> Any:
    # schemathesis 4.32's lazy schemas label each operation through `Node._nodeid`, which pytest 9.2
    # no longer has (it keeps `nodeid`); give it the attribute it reads.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    PROFILE["role"] = request.param
    for name in fuzzing.LIMITS:
        setattr(settings, name, fuzzing.UNLIMITED)
    world = seed_world(two_orgs)
    # Through the same application: Django's test client would connect again the signal that closes
    # the database connection at each request (and with it, on PostgreSQL, the test's transaction).
    raw = json.loads(werkzeug.test.Client(in_process_app).get(SCHEMA).get_data())
    return schemathesis.openapi.from_wsgi(
        SCHEMA, in_process_app, config=fuzz_config(raw, world, request.param)
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis.settings(
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_operation_keeps_its_contract(case: Any) -> None:
    started = time.perf_counter()
    try:
        case.call_and_validate()
    finally:
        count(case.operation.label, time.perf_counter() - started)


# What a run did, printed at its end with KORGOO_FUZZ_PROFILE=1: requests and time per role and
# per operation, and the links the scenarios followed.
PROFILE: dict[str, Any] = {"role": "", "spent": {}, "calls": {}, "links": set()}


def count(label: str, spent: float) -> None:
    key = (PROFILE["role"], label)
    PROFILE["spent"][key] = PROFILE["spent"].get(key, 0.0) + spent
    PROFILE["calls"][key] = PROFILE["calls"].get(key, 0) + 1


def teardown_module() -> None:
    if not os.environ.get("KORGOO_FUZZ_PROFILE"):
        return
    calls, spent = PROFILE["calls"], PROFILE["spent"]
    for role in ROLES:
        mine = {label: n for (r, label), n in calls.items() if r == role}
        seconds = sum(t for (r, _label), t in spent.items() if r == role)
        print(f"{role}: {sum(mine.values())} requests in {seconds:.1f} s")
    by_label: dict[str, int] = {}
    seconds_by_label: dict[str, float] = {}
    for (_role, label), n in calls.items():
        by_label[label] = by_label.get(label, 0) + n
        seconds_by_label[label] = seconds_by_label.get(label, 0.0) + spent[(_role, label)]
    for label, n in sorted(by_label.items(), key=lambda kv: -seconds_by_label[kv[0]]):
        print(f"{n:7d}  {seconds_by_label[label]:7.2f} s  {label}")
    print("links followed:", sorted(PROFILE["links"]))


def test_the_links_hold_state_by_state(api_schema: Any) -> None:
    """Scenarios made of the description's links: a report and then following it, a case and then
    its work and referrals, an export and its download. Every step is checked like any request.
    Many operations are refused to any one role whatever is sent (a caseworker of an NGO has no
    mission's hall, an anonymous client no case) and crowd out the steps that follow a link, so every
    role draws twice the scenarios, and the anonymous client and the viewer four times."""
    followed: list[str] = []

    class Scenarios(api_schema.as_state_machine()):  # type: ignore[misc]
        # Each scenario starts from the seeded world: what one scenario wrote is rolled back before
        # the next, and the counters of the limits start again, so a scenario replayed gets the
        # answers it got the first time (Hypothesis refuses a replay that enables other steps than
        # the first time), whatever the tests before it spent.
        def __init__(self) -> None:
            super().__init__()
            for cache in caches.all():
                cache.clear()
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self) -> None:
            try:
                super().teardown()
            finally:
                transaction.set_rollback(True)
                self._scenario.__exit__(None, None, None)

        def step(self, input: Any) -> Any:
            # A step taken through a link counts whether or not it used the values the link carries:
            # schemathesis decides that with a true random coin (and learns from the answers to
            # lower the odds where they do not help, as for a role refused the target), so only the
            # step itself is the same from one run to the next.
            if input.transition is not None:
                followed.append(input.transition.id)
            started = time.perf_counter()
            try:
                return super().step(input)
            finally:
                count(f"(scenario step) {input.case.operation.label}", time.perf_counter() - started)

    Scenarios.run(
        settings=hypothesis.settings(
            max_examples=SCENARIOS * {"anonymous": 4, "viewer": 4}.get(PROFILE["role"], 2),
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(hypothesis.HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
    )
    PROFILE["links"].update(followed)
    assert followed, "no scenario followed a link"
