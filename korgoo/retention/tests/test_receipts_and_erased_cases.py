"""Receipts unused for too long stop working and are deleted; cases whose content the worker had
erased (consent withdrawn) lose what was sealed under the destroyed key at the next run (SECURITY.md
30)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.cases.services import case_consent_withdraw
from korgoo.conftest import TrackAnswer, TwoOrgs, report, report_form, track_answer
from korgoo.core import receipts
from korgoo.evidence.models import Calculation, Diary, DiaryEntry, DiaryPhoto, GeneratedDocument
from korgoo.intake.models import IdempotencyRecord, Report, WorkerSession
from korgoo.intake.services import report_find, report_submit, worker_session_open
from korgoo.referrals.models import Referral
from korgoo.retention.services import retention_run

from .helpers import files_on_disk, full_case

pytestmark = pytest.mark.django_db


def _track(receipt: str) -> TrackAnswer:
    return track_answer(receipt)


def test_an_unused_receipt_stops_working_and_is_deleted_while_the_case_stays(
    two_orgs: TwoOrgs, client_for: Any, settings: Any
) -> None:
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 90
    a, b = two_orgs.a, two_orgs.b
    start = timezone.now()
    retry = report_submit(new=report(description="Retry me"), idempotency_key="kept-a-while")
    with time_machine.travel(start + dt.timedelta(days=60), tick=False):
        report_find(raw_receipt=b.receipt, client="b")  # org B's worker comes back: the clock restarts
        worker_session_open(report=Report.objects.get(case=a.case))
    unknown = _track(receipts.generate())
    with time_machine.travel(start + dt.timedelta(days=92), tick=False):
        # Past the period the receipt already answers like an unknown one, before any run.
        before_run = _track(a.receipt)
        assert before_run.status_code == 404 and before_run.content == unknown.content
        run = retention_run()
        after_run = _track(a.receipt)
        assert _track(b.receipt).status_code == 303
    assert after_run.status_code == 404 and after_run.content == unknown.content
    assert run.counts["inactive_receipts"]["receipts"] == 2  # a's and the retried report's
    assert not Report.objects.filter(case=a.case).exists()
    assert not Report.objects.filter(pk=retry.report.pk).exists()
    assert (
        not IdempotencyRecord.objects.exists()
        and not WorkerSession.objects.filter(report__case=a.case).exists()
    )
    # The open case stays with the organisation, whole.
    case = Case.objects.get(pk=a.case.pk)
    assert case.is_open and not case.content_erased
    assert vault.open_report(case)["employer_name"] == "Employer CANARY-A"
    assert client_for(a.caseworker).get(f"/en/staff/cases/{case.pk}/").status_code == 200
    assert Report.objects.filter(case=b.case).exists()


def test_a_receipt_used_now_and_then_keeps_working(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 90
    start = timezone.now()
    for day in (80, 160, 240):
        with time_machine.travel(start + dt.timedelta(days=day), tick=False):
            retention_run()
            assert _track(two_orgs.a.receipt).status_code == 303


def test_the_receipt_page_says_when_the_code_stops_working(db: Any, settings: Any) -> None:
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 90
    page = Client().post("/en/report/", report_form(description="Not paid."))
    assert page.status_code == 201, page.content.decode()[:2000]
    assert "The code stops working if it is not used for 90 days." in page.content.decode()


def test_what_the_destroyed_key_sealed_goes_at_the_next_run_after_a_withdrawal(
    two_orgs: TwoOrgs, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 5000
    a, b = two_orgs.a, two_orgs.b
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = full_case(a, b, "CANARY-W")
        case_consent_withdraw(
            case=Case.objects.select_related("organisation").get(pk=withdrawn.case.pk), kinds=["ngo"]
        )
    case = Case.objects.get(pk=withdrawn.case.pk)
    # The withdrawal hides the case and keeps it for the grace period; it erases nothing itself.
    assert case.is_withdrawn and not case.content_erased and case.is_open
    photo_files = set(DiaryPhoto.objects.filter(case=case).values_list("storage_name", flat=True))
    assert photo_files and photo_files <= files_on_disk()
    assert Referral.objects.filter(case=case).exclude(sealed_note=b"").exists()

    assert case.withdrawn_at is not None
    with (
        time_machine.travel(case.withdrawn_at + dt.timedelta(days=31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = retention_run()
    case.refresh_from_db()
    assert run.counts["withdrawn_cases"]["withdrawn_cases"] == 1
    assert case.content_erased and case.status == "closed" and case.outcome == "withdrawn"
    leftovers = run.counts["erased_leftovers"]
    assert (
        leftovers["diary_entries"] == 1
        and leftovers["calculations"] == 1
        and leftovers["referral_notes"] == 1
    )
    for model in (Diary, DiaryEntry, DiaryPhoto, Calculation):
        assert not model.objects.filter(case=case).exists()
    assert not Referral.objects.filter(case=case).exclude(sealed_note=b"").exists()
    assert not photo_files & files_on_disk()
    assert not set(withdrawn.files) & files_on_disk()
    # The worker still follows the closed report; the document record waits for the period.
    assert Report.objects.filter(case=case).exists()
    with time_machine.travel(case.withdrawn_at + dt.timedelta(days=31), tick=False):
        assert _track(withdrawn.receipt).status_code == 303
    assert GeneratedDocument.objects.filter(case=case).exists()
    assert run.counts["closed_cases"] == {}

    with (
        time_machine.travel(case.closed_at + dt.timedelta(days=366), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        later = retention_run()
    assert later.counts["closed_cases"]["cases"] == 1 and later.counts["closed_cases"]["receipts"] == 1
    assert not GeneratedDocument.objects.filter(case=case).exists()
    assert not Report.objects.filter(case=case).exists()
    # Org B's case is untouched throughout.
    assert vault.open_report(Case.objects.get(pk=b.case.pk))["employer_name"] == "Employer CANARY-B"
