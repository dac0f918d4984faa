"""How a retention run behaves: a dry run changes nothing, an interrupted run loses nothing and the
next one finishes it, and a case locked by someone else is left for the next run."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases import vault
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case
from korgoo.conftest import TwoOrgs, report
from korgoo.core.storage import store_sealed
from korgoo.intake.models import Report
from korgoo.intake.services import report_submit, worker_session_open
from korgoo.retention import services
from korgoo.retention.services import retention_run

from .helpers import close, database_bytes, files_on_disk, png


class Boom(Exception):
    pass


def _closed_cases(two_orgs: TwoOrgs, count: int) -> list[Case]:
    a = two_orgs.a
    made = [a.case]
    for i in range(count - 1):
        submitted = report_submit(
            new=report(description=f"Story number {i}"), files=[clean_upload(f"{i}.png", png((i, 9, 9)))]
        )
        made.append(submitted.report.case)
    return [close(a, case) for case in made]


@pytest.mark.django_db
def test_a_dry_run_counts_what_would_go_and_changes_nothing(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 90
    cases = _closed_cases(two_orgs, 3)
    worker_session_open(report=Report.objects.get(case=two_orgs.b.case))
    store_sealed(b"left by a rolled-back transaction")
    with time_machine.travel(cases[-1].closed_at + dt.timedelta(days=400), tick=False):
        dump, files, audit = database_bytes(), files_on_disk(), AuditEvent.objects.count()
        out = io.StringIO()
        call_command("retention", "--dry-run", stdout=out)
        report_ = retention_run(dry_run=True)
        assert database_bytes() == dump and files_on_disk() == files
        assert AuditEvent.objects.count() == audit
    text = out.getvalue()
    assert "Dry run: nothing was changed." in text
    assert "closed_cases: cases=3" in text and "inactive_receipts: receipts=4" in text
    assert "orphan_files=1" in text and "worker_sessions=1" in text
    assert report_.counts["closed_cases"] == {"cases": 3}
    assert all(not Case.objects.get(pk=c.pk).content_erased for c in cases)


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_run_loses_nothing_and_the_next_run_finishes_it(
    two_orgs: TwoOrgs, monkeypatch: Any, settings: Any
) -> None:
    settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS = 5000
    cases = _closed_cases(two_orgs, 5)
    files = {
        c.pk: set(Attachment.objects.filter(case=c).values_list("storage_name", flat=True)) for c in cases
    }
    real = services.referral_notes_erase
    calls = {"n": 0}

    def fails_in_the_second_batch(*, case_ids: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise Boom  # the process dies halfway through the second batch
        return real(case_ids=case_ids)

    monkeypatch.setattr(services, "referral_notes_erase", fails_in_the_second_batch)
    later = cases[-1].closed_at + dt.timedelta(days=366)
    with time_machine.travel(later, tick=False), pytest.raises(Boom):
        retention_run(batch_size=2)
    erased = [c for c in cases if Case.objects.get(pk=c.pk).content_erased]
    intact = [c for c in cases if c not in erased]
    assert len(erased) == 2 and len(intact) == 3  # the first batch committed, the second did not
    for case in erased:
        assert not files[case.pk] & files_on_disk() and not Report.objects.filter(case=case).exists()
    for case in intact:
        fresh = Case.objects.get(pk=case.pk)
        assert vault.open_report(fresh)["description"].startswith("Story")
        assert files[case.pk] <= files_on_disk() and Report.objects.filter(case=case).exists()
    rows = AuditEvent.objects.filter(action="retention.anonymised")
    assert [r.details["count"] for r in rows] == [2]

    monkeypatch.setattr(services, "referral_notes_erase", real)
    with time_machine.travel(later + dt.timedelta(minutes=5), tick=False):
        second = retention_run(batch_size=2)
    assert second.counts["closed_cases"]["cases"] == 3 and second.batches >= 2
    assert all(Case.objects.get(pk=c.pk).content_erased for c in cases)
    assert not set().union(*files.values()) & files_on_disk()
    assert sum(r.details["count"] for r in AuditEvent.objects.filter(action="retention.anonymised")) == 5


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_case_locked_by_someone_else_is_left_for_the_next_run(two_orgs: TwoOrgs) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    a, b = two_orgs.a, two_orgs.b
    close(a, a.case)
    close(b, b.case)
    holding, release = threading.Event(), threading.Event()

    def edit_case_a() -> None:
        with transaction.atomic():
            Case.objects.select_for_update().get(pk=a.case.pk)
            holding.set()
            release.wait(30)
        connection.close()

    editor = threading.Thread(target=edit_case_a)
    editor.start()
    assert holding.wait(10)
    try:
        with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
            first = retention_run()
    finally:
        release.set()
        editor.join()
    assert first.counts["closed_cases"]["cases"] == 1
    assert not Case.objects.get(pk=a.case.pk).content_erased
    assert Case.objects.get(pk=b.case.pk).content_erased
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        second = retention_run()
    assert second.counts["closed_cases"]["cases"] == 1 and Case.objects.get(pk=a.case.pk).content_erased


@pytest.mark.django_db
def test_the_task_runs_the_same_retention(two_orgs: TwoOrgs) -> None:
    from korgoo.retention.tasks import run_retention

    closed = close(two_orgs.a, two_orgs.a.case)
    with time_machine.travel(closed.closed_at + dt.timedelta(days=366), tick=False):
        result = run_retention.enqueue()
    assert result.return_value["counts"]["closed_cases"]["cases"] == 1
    assert Case.objects.get(pk=closed.pk).content_erased


def test_periods_below_one_day_are_refused(settings: Any) -> None:
    from korgoo.retention.checks import retention_settings

    settings.KORGOO_RETENTION_CLOSED_CASE_DAYS = 0
    assert [e.id for e in retention_settings()] == ["korgoo.E301"]
    settings.KORGOO_RETENTION_CLOSED_CASE_DAYS = 365
    assert retention_settings() == []
