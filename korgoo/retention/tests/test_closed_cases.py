"""Closed cases past their retention period are anonymised (SECURITY.md requirement 30).

Time is moved with freezegun; files are really written to the sealed storage; two organisations
take part, and only the closed case of one of them is touched.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases import vault
from korgoo.cases.models import (
    Attachment,
    Case,
    CaseCategory,
    CaseMessage,
    CaseNote,
    CaseSearchToken,
)
from korgoo.cases.search import tokens_for_query
from korgoo.conftest import TrackAnswer, TwoOrgs, track_answer
from korgoo.core import receipts, unsealing
from korgoo.core.crypto import DecryptionError
from korgoo.evidence.models import Calculation, Diary, DiaryEntry, DiaryPhoto, GeneratedDocument
from korgoo.intake.models import IdempotencyRecord, Report, WorkerSession
from korgoo.intake.services import worker_session_open
from korgoo.monitoring.models import CaseFact, Tally
from korgoo.monitoring.refresh import tallies_refresh
from korgoo.referrals.models import Referral
from korgoo.retention.services import retention_run

from .helpers import close, database_bytes, files_on_disk, full_case

pytestmark = pytest.mark.django_db

YEAR_AND_A_DAY = dt.timedelta(days=366)


@pytest.fixture(autouse=True)
def _long_receipts(settings: Any) -> None:
    """Receipts outlive these tests, so that what happens is the closed case's retention alone."""
    settings.KORGOO_RETENTION_CLOSED_CASE_DAYS = 365
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 5000


def _track(receipt: str) -> TrackAnswer:
    return track_answer(receipt)


def _tallies() -> dict[tuple[str, ...], tuple[int, int]]:
    rows = Tally.objects.values_list("face", "month", "d0", "d1", "d2", "d3", "d4", "d5", "n", "cents")
    return {tuple(r[:8]): (r[8], r[9]) for r in rows}


def _without_employers(tallies: dict[tuple[str, ...], tuple[int, int]]) -> dict[tuple[str, ...], Any]:
    return {key: value for key, value in tallies.items() if key[0] != "E"}


def test_a_closed_case_past_its_period_is_anonymised_and_nothing_else_changes(
    two_orgs: TwoOrgs, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a, b = two_orgs.a, two_orgs.b
    with django_capture_on_commit_callbacks(execute=True):
        gone = full_case(a, b, "CANARY-R")
        kept = full_case(b, a, "CANARY-K")  # org B's case: open, must not change
    session_token = worker_session_open(report=Report.objects.get(case=gone.case))
    closed = close(a, gone.case)
    assert gone.files and set(gone.files) <= files_on_disk()
    shape_before = Case.objects.filter(pk=gone.case.pk).values(
        "country", "locality_id", "status", "outcome", "urgent", "reported_on", "created_at",
        "first_response_at", "closed_at", "money_recovered", "money_currency", "documents_returned",
        "organisation_id", "language",
    ).get()  # fmt: skip
    categories_before = sorted(CaseCategory.objects.filter(case=gone.case).values_list("category", flat=True))
    tallies_refresh()
    tallies_before = _tallies()
    employer_rows = {k for k in tallies_before if k[0] == "E"}
    assert employer_rows  # both employers are tallied (by keyed hash)
    unknown_answer = _track(receipts.generate())

    # One day short of the period: nothing happens.
    with (
        time_machine.travel(closed.closed_at + dt.timedelta(days=364), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        early = retention_run()
    assert early.counts["closed_cases"] == {}
    assert _track(gone.receipt).status_code == 303

    with time_machine.travel(closed.closed_at + YEAR_AND_A_DAY, tick=False):
        audit_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        with django_capture_on_commit_callbacks(execute=True):
            run = retention_run()
        run_rows = list(AuditEvent.objects.filter(pk__gt=audit_before).order_by("pk"))
        later_unknown = _track(receipts.generate())
        answer = _track(gone.receipt)
        tallies_refresh()
        tallies_after = _tallies()
        tallies_refresh(full=True)
        rebuilt = _tallies()
    counts = run.counts["closed_cases"]
    assert counts["cases"] == 1 and counts["receipts"] == 1 and counts["attachments"] == 3
    assert counts["diary_entries"] == 1 and counts["calculations"] == 1 and counts["documents"] == 1

    case = Case.objects.get(pk=gone.case.pk)
    # The shape stays, exactly.
    assert case.content_erased and not case.prefers_woman_caseworker
    assert Case.objects.filter(pk=case.pk).values(*shape_before).get() == shape_before
    assert (
        sorted(CaseCategory.objects.filter(case=case).values_list("category", flat=True)) == categories_before
    )
    assert case.money_recovered == Decimal("15000.00") and case.outcome == "resolved"

    # The key and everything sealed under it are gone; nothing can be opened any more.
    assert bytes(case.wrapped_key) == b"" and bytes(case.sealed_report) == b""
    with pytest.raises(DecryptionError):  # the report as it was cannot be opened with what is left
        unsealing.unseal_json(vault.data_key(case), gone.sealed[0], f"case:{case.pk}:report".encode())
    dump = database_bytes()
    for blob in gone.sealed:
        assert blob not in dump
    for canary in (b"CANARY-R", "CANARY-R".encode("utf-16-le")):
        assert canary not in dump
    assert not CaseMessage.objects.filter(case=case).exclude(sealed_body=b"").exists()
    assert not CaseNote.objects.filter(case=case).exclude(sealed_body=b"").exists()
    assert not Referral.objects.filter(case=case).exclude(sealed_note=b"").exists()
    for model in (Attachment, CaseSearchToken, Diary, DiaryEntry, DiaryPhoto, Calculation, GeneratedDocument):
        assert not model.objects.filter(case_id=case.pk).exists(), model

    # Files, originals included, are gone from the sealed storage; org B's are all there.
    assert not set(gone.files) & files_on_disk()
    assert set(kept.files) <= files_on_disk()

    # Search for a word of the report finds nothing.
    assert not CaseSearchToken.objects.filter(
        case=case, token__in=tokens_for_query("Story warehouse")
    ).exists()
    staff = client_for(a.caseworker)
    found = staff.get("/en/staff/", {"q": "warehouse", "status": "closed"})
    assert found.status_code == 200 and case.short_ref not in found.content.decode()
    assert staff.get(f"/en/staff/cases/{case.pk}/").status_code == 200  # the shape is still shown

    # The receipt answers exactly like one that never existed; the worker's side is gone.
    assert answer.status_code == unknown_answer.status_code == later_unknown.status_code == 404
    assert answer.content == unknown_answer.content
    assert not Report.objects.filter(case=case).exists()
    assert not IdempotencyRecord.objects.filter(payload_digest__isnull=False, report__case=case).exists()
    assert not WorkerSession.objects.exists()  # the session opened before went with its receipt
    replay = Client()
    replay.cookies["korgoo_w"] = session_token
    assert replay.get("/en/track/case/")["Location"] == "/en/track/"

    # The audit log gains one row per kind of object, with counts only.
    rows = run_rows
    assert rows and {r.action for r in rows} <= {"retention.anonymised", "retention.deleted"}
    kinds = [r.object_type for r in rows]
    assert len(kinds) == len(set(kinds))  # one row per kind
    for row in rows:
        assert set(row.details) == {"count", "step", "run"} and row.object_id == ""
    audit_text = "\n".join(f"{r.object_id} {r.details}" for r in AuditEvent.objects.all())
    assert "CANARY" not in audit_text
    for form in (gone.receipt, receipts.display(gone.receipt)):
        assert form not in audit_text

    # Statistics: the case still counts everywhere it counted, except among employers.
    assert _without_employers(tallies_after) == _without_employers(tallies_before)
    assert _without_employers(rebuilt) == _without_employers(tallies_before)
    assert rebuilt == tallies_after
    fact = CaseFact.objects.get(case_id=case.pk)
    assert fact.employer_key == "" and fact.outcome == "resolved" and fact.cents == 1500000
    assert {k for k in tallies_after if k[0] == "E"} < employer_rows

    # Org B's open case is whole: its content opens, its receipt works.
    other = Case.objects.get(pk=kept.case.pk)
    assert vault.open_report(other)["employer_name"] == "Employer CANARY-K"
    assert Attachment.objects.filter(case=other).count() == 3
    assert _track(kept.receipt).status_code == 303

    # A second run finds nothing more to do.
    with (
        time_machine.travel(closed.closed_at + YEAR_AND_A_DAY + dt.timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = retention_run()
    assert again.counts["closed_cases"] == {}


def test_open_cases_and_recently_closed_cases_are_kept(two_orgs: TwoOrgs) -> None:
    a, b = two_orgs.a, two_orgs.b
    close(b, b.case)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3000), tick=False):
        retention_run()
        assert _track(b.receipt).status_code == 404  # b is closed past its period
    case_a = Case.objects.get(pk=a.case.pk)
    assert not case_a.content_erased and vault.open_report(case_a)["employer_name"] == "Employer CANARY-A"
    assert Case.objects.get(pk=b.case.pk).content_erased


def test_reopened_cases_are_not_anonymised(two_orgs: TwoOrgs) -> None:
    from korgoo.cases.services import case_reopen

    a = two_orgs.a
    closed = close(a, a.case)
    case_reopen(actor=a.actor(), case=closed)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3000), tick=False):
        report = retention_run()
    assert report.counts["closed_cases"] == {}
    assert not Case.objects.get(pk=a.case.pk).content_erased


def test_the_period_is_a_setting(two_orgs: TwoOrgs, settings: Any) -> None:
    a = two_orgs.a
    closed = close(a, a.case)
    settings.KORGOO_RETENTION_CLOSED_CASE_DAYS = 30
    with time_machine.travel(closed.closed_at + dt.timedelta(days=29), tick=False):
        assert retention_run().counts["closed_cases"] == {}
    with time_machine.travel(closed.closed_at + dt.timedelta(days=31), tick=False):
        assert retention_run().counts["closed_cases"]["cases"] == 1


def test_the_command_prints_periods_and_counts_and_nothing_of_the_cases(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    closed = close(a, a.case)
    out = io.StringIO()
    with time_machine.travel(closed.closed_at + YEAR_AND_A_DAY, tick=False):
        call_command("retention", stdout=out)
    text = out.getvalue()
    assert "anonymised 365 days after closing" in text and "5000 days without use" in text
    assert "closed_cases: " in text and "cases=1" in text
    assert "CANARY" not in text and a.receipt not in text and str(a.case.pk) not in text
