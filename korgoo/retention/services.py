"""Retention: what Korgoo forgets, and when (SECURITY.md requirements 28 and 30, ADR 0015).

One run (`korgoo retention`, daily from a systemd timer, or the `run_retention` task) does four
things, each in bounded batches, each batch in its own transaction, so an interrupted run loses
nothing and the next one carries on where it stopped:

1. **Closed cases past their retention period** (KORGOO_RETENTION_CLOSED_CASE_DAYS after
   `Case.closed_at`) are anonymised: the data key and everything sealed under it, files (originals
   too), search tokens, agency links, the diary and its photos, saved calculations, records of
   generated documents, referral notes, the wish for a woman caseworker and the receipt go. The
   plain shape that the statistics count stays: categories, country, city, dates, status, outcome,
   money recovered.
2. **Receipts not used** for KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS are deleted, with the worker's
   sessions and idempotency records; the receipt then answers like one that never existed. An open
   case stays with the organisation working it.
3. **Leftovers of erased cases** (consent withdrawn): the diary, its photos and saved calculations
   were sealed under the destroyed key, and referral notes too; they are deleted at once.
4. **Short-lived data**: expired worker sessions, idempotency records older than 24 hours, monitoring
   report files past their download time, inbox exports nobody downloaded in time, and sealed files
   that no row names (a transaction that rolled back after storing them).

Each batch writes, in its own transaction, one audit row per kind of object it removed, holding the
count only. Rows are claimed with `SELECT … FOR UPDATE SKIP LOCKED`, so two runs never work on the
same rows and a case being edited is left for the next run.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.cases.choices import Status
from korgoo.cases.models import Case
from korgoo.cases.services import (
    cases_anonymise,
    cases_withdrawn_erase,
    sealed_files_delete_on_commit,
    sweep_orphan_files,
)
from korgoo.channels.services import conversations_forget_idle
from korgoo.core.counters import counters_purge
from korgoo.evidence.models import GeneratedDocument
from korgoo.evidence.services.retention import evidence_case_ids_left_after_erasure, evidence_forget
from korgoo.intake.models import Report
from korgoo.intake.services import purge_expired, receipts_forget
from korgoo.monitoring.jobs import report_jobs_purge
from korgoo.organisations.services import exports_purge
from korgoo.referrals.models import Referral
from korgoo.referrals.services import referral_notes_erase

ORPHAN_AGE = dt.timedelta(hours=1)

# Steps of a run, in the order they run.
WITHDRAWN_CASES = "withdrawn_cases"
CLOSED_CASES = "closed_cases"
INACTIVE_RECEIPTS = "inactive_receipts"
ERASED_LEFTOVERS = "erased_leftovers"
SHORT_LIVED = "short_lived"
STEPS = (WITHDRAWN_CASES, CLOSED_CASES, INACTIVE_RECEIPTS, ERASED_LEFTOVERS, SHORT_LIVED)

# Each count becomes one audit row: (action, object type). Counts not listed here are not audited
# (they repeat another one, like the cases whose content was already erased).
AUDITED: dict[str, tuple[str, str]] = {
    "cases": ("retention.anonymised", "case"),
    "withdrawn_cases": ("retention.erased_after_withdrawal", "case"),
    "receipts": ("retention.deleted", "receipt"),
    "worker_sessions": ("retention.deleted", "worker_session"),
    "idempotency_records": ("retention.deleted", "idempotency_record"),
    "attachments": ("retention.deleted", "attachment"),
    "sealed_files": ("retention.deleted", "sealed_file"),
    "search_tokens": ("retention.deleted", "search_token"),
    "agency_links": ("retention.deleted", "agency_link"),
    "message_bodies": ("retention.deleted", "message_body"),
    "note_bodies": ("retention.deleted", "note_body"),
    "referral_notes": ("retention.deleted", "referral_note"),
    "diaries": ("retention.deleted", "diary"),
    "diary_entries": ("retention.deleted", "diary_entry"),
    "diary_photos": ("retention.deleted", "diary_photo"),
    "calculations": ("retention.deleted", "calculation"),
    "documents": ("retention.deleted", "generated_document"),
    "report_jobs": ("retention.deleted", "report_job"),
    "exports": ("retention.deleted", "export"),
    "throttle_counters": ("retention.deleted", "throttle_counter"),
    "orphan_files": ("retention.deleted", "orphan_file"),
}


@dataclass(frozen=True)
class Policy:
    """The retention periods in force, and the moment they are measured from."""

    closed_case_days: int
    inactive_receipt_days: int
    withdrawal_grace_days: int
    batch: int
    now: dt.datetime

    @property
    def withdrawn_before(self) -> dt.datetime:
        return self.now - dt.timedelta(days=self.withdrawal_grace_days)

    @property
    def cases_closed_before(self) -> dt.datetime:
        return self.now - dt.timedelta(days=self.closed_case_days)

    @property
    def receipts_unused_since(self) -> dt.date:
        return timezone.localdate(self.now) - dt.timedelta(days=self.inactive_receipt_days)


def policy(*, batch_size: int | None = None) -> Policy:
    return Policy(
        closed_case_days=max(1, int(settings.KORGOO_RETENTION_CLOSED_CASE_DAYS)),
        inactive_receipt_days=max(1, int(settings.KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS)),
        withdrawal_grace_days=max(1, int(settings.KORGOO_WITHDRAWAL_GRACE_DAYS)),
        batch=max(1, int(batch_size or settings.KORGOO_RETENTION_BATCH)),
        now=timezone.now(),
    )


@dataclass
class RetentionReport:
    """What one run removed (or, in a dry run, would remove), by step and kind of object."""

    policy: Policy
    dry_run: bool
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {step: {} for step in STEPS})
    batches: int = 0

    def add(self, step: str, counts: dict[str, int]) -> None:
        into = self.counts[step]
        for name, n in counts.items():
            into[name] = into.get(name, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "dry_run": self.dry_run,
            "closed_case_days": self.policy.closed_case_days,
            "inactive_receipt_days": self.policy.inactive_receipt_days,
            "batches": self.batches,
            "counts": {step: dict(sorted(c.items())) for step, c in self.counts.items()},
        }


def _audit(report: RetentionReport, step: str, counts: dict[str, int]) -> None:
    """One row per kind of object removed: the count, the step and the run; nothing of the objects."""
    for name, n in sorted(counts.items()):
        if n and name in AUDITED:
            action, object_type = AUDITED[name]
            audit_record(
                actor=None,
                action=action,
                object_type=object_type,
                details={"count": n, "step": step, "run": report.run},
            )


def _merge(*parts: dict[str, int]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for part in parts:
        for name, n in part.items():
            merged[name] = merged.get(name, 0) + n
    return merged


# --- Selections (also what a dry run counts) ----------------------------------------------------------


def cases_due(p: Policy) -> QuerySet[Case]:
    """Closed cases past their retention period that still hold anything beyond their plain shape."""
    has_receipt = Exists(Report.objects.filter(case_id=OuterRef("pk")))
    has_documents = Exists(GeneratedDocument.objects.filter(case_id=OuterRef("pk")))
    return Case.objects.filter(status=Status.CLOSED, closed_at__lt=p.cases_closed_before).filter(
        Q(content_erased=False) | Q(prefers_woman_caseworker=True) | has_receipt | has_documents
    )


def withdrawn_due(p: Policy) -> QuerySet[Case]:
    """Cases hidden by a withdrawal of consent whose grace period is over and whose content is kept."""
    return Case.objects.filter(withdrawn_at__lt=p.withdrawn_before, content_erased=False)


def receipts_due(p: Policy) -> QuerySet[Report]:
    """Receipts not used within the retention period (a lookup already refuses them)."""
    return Report.objects.filter(last_seen_on__lt=p.receipts_unused_since).order_by("last_seen_on", "pk")


def referral_notes_left(*, limit: int) -> list[Any]:
    """Cases whose content is erased but whose referral notes are not emptied yet."""
    rows = (
        Referral.objects.filter(case__content_erased=True)
        .exclude(sealed_note=b"")
        .order_by("case_id")
        .values_list("case_id", flat=True)
        .distinct()
    )
    return list(rows[:limit])


# --- The steps ----------------------------------------------------------------------------------------


class NoProgress(RuntimeError):
    """A batch picked rows an earlier batch of the same run had already handled."""


def _progress_guard() -> Callable[[list[Any]], bool]:
    """Whether a batch found work; refuses to go round in circles on rows already handled."""
    seen: set[Any] = set()

    def check(ids: list[Any]) -> bool:
        if not ids:
            return False
        if seen.intersection(ids):
            raise NoProgress("retention picked the same rows twice; stopping")
        seen.update(ids)
        return True

    return check


def _in_batches(report: RetentionReport, step: str, work: Callable[[], dict[str, int] | None]) -> None:
    """Run `work` in its own transaction again and again until it finds nothing left to do."""
    while True:
        with transaction.atomic():
            counts = work()
            if counts is None:
                return
            _audit(report, step, counts)
        report.add(step, counts)
        report.batches += 1


def _erase_withdrawn_cases(report: RetentionReport) -> None:
    p = report.policy
    progress = _progress_guard()

    def batch() -> dict[str, int] | None:
        ids = list(
            withdrawn_due(p)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[: p.batch]
        )
        if not progress(ids):
            return None
        counts, files = cases_withdrawn_erase(case_ids=ids)
        sealed_files_delete_on_commit(files)
        counts.pop("case_contents", None)
        return _merge({"withdrawn_cases": len(ids)}, counts)

    _in_batches(report, WITHDRAWN_CASES, batch)


def _anonymise_closed_cases(report: RetentionReport) -> None:
    p = report.policy
    progress = _progress_guard()

    def batch() -> dict[str, int] | None:
        ids = list(
            cases_due(p)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[: p.batch]
        )
        if not progress(ids):
            return None
        case_counts, case_files = cases_anonymise(case_ids=ids)
        evidence_counts, evidence_files = evidence_forget(case_ids=ids)
        notes = referral_notes_erase(case_ids=ids)
        receipts = receipts_forget(
            report_ids=list(Report.objects.filter(case_id__in=ids).values_list("pk", flat=True))
        )
        sealed_files_delete_on_commit(case_files + evidence_files)
        case_counts.pop("case_contents", None)  # withdrawn cases were erased before: count them all
        return _merge({"cases": len(ids), "referral_notes": notes}, case_counts, evidence_counts, receipts)

    _in_batches(report, CLOSED_CASES, batch)


def _forget_inactive_receipts(report: RetentionReport) -> None:
    p = report.policy
    progress = _progress_guard()

    def batch() -> dict[str, int] | None:
        ids = list(
            receipts_due(p).select_for_update(skip_locked=True).values_list("pk", flat=True)[: p.batch]
        )
        if not progress(ids):
            return None
        return receipts_forget(report_ids=ids)

    _in_batches(report, INACTIVE_RECEIPTS, batch)


def _purge_erased_leftovers(report: RetentionReport) -> None:
    p = report.policy
    evidence_progress, notes_progress = _progress_guard(), _progress_guard()

    def evidence_batch() -> dict[str, int] | None:
        ids = evidence_case_ids_left_after_erasure(limit=p.batch)
        if not evidence_progress(ids):
            return None
        counts, files = evidence_forget(case_ids=ids, documents=False)
        sealed_files_delete_on_commit(files)
        return counts

    def notes_batch() -> dict[str, int] | None:
        ids = referral_notes_left(limit=p.batch)
        if not notes_progress(ids):
            return None
        return {"referral_notes": referral_notes_erase(case_ids=ids)}

    _in_batches(report, ERASED_LEFTOVERS, evidence_batch)
    _in_batches(report, ERASED_LEFTOVERS, notes_batch)


def _purge_short_lived(report: RetentionReport) -> None:
    with transaction.atomic():
        counts = purge_expired(now=report.policy.now)
        counts["report_jobs"] = report_jobs_purge(now=report.policy.now)
        counts["exports"] = exports_purge(now=report.policy.now)
        counts["throttle_counters"] = counters_purge(now=report.policy.now)
        counts.update(conversations_forget_idle(now=report.policy.now))
        _audit(report, SHORT_LIVED, counts)
    report.add(SHORT_LIVED, counts)
    # Files are not transactional: sweep them, then record what went.
    orphans = {"orphan_files": sweep_orphan_files(older_than=ORPHAN_AGE)}
    with transaction.atomic():
        _audit(report, SHORT_LIVED, orphans)
    report.add(SHORT_LIVED, orphans)


def _count_only(report: RetentionReport) -> None:
    p = report.policy
    report.add(WITHDRAWN_CASES, {"withdrawn_cases": withdrawn_due(p).count()})
    report.add(CLOSED_CASES, {"cases": cases_due(p).count()})
    report.add(
        INACTIVE_RECEIPTS,
        {"receipts": receipts_due(p).count()},
    )
    report.add(
        ERASED_LEFTOVERS,
        {
            "cases_with_evidence": len(evidence_case_ids_left_after_erasure(limit=10**9)),
            "cases_with_referral_notes": len(referral_notes_left(limit=10**9)),
        },
    )
    report.add(
        SHORT_LIVED,
        {
            **purge_expired(now=p.now, dry_run=True),
            "report_jobs": report_jobs_purge(now=p.now, dry_run=True),
            "exports": exports_purge(now=p.now, dry_run=True),
            "throttle_counters": counters_purge(now=p.now, dry_run=True),
            **conversations_forget_idle(now=p.now, dry_run=True),
            "orphan_files": sweep_orphan_files(older_than=ORPHAN_AGE, dry_run=True),
        },
    )


def retention_run(*, dry_run: bool = False, batch_size: int | None = None) -> RetentionReport:
    """Apply the retention periods now (or, with `dry_run`, only count what would go).

    Safe to run at any time and as often as wanted: what is already gone is not counted again, and
    an interrupted run is finished by the next one.
    """
    report = RetentionReport(policy=policy(batch_size=batch_size), dry_run=dry_run)
    if dry_run:
        _count_only(report)
        return report
    _erase_withdrawn_cases(report)
    _anonymise_closed_cases(report)
    _forget_inactive_receipts(report)
    _purge_erased_leftovers(report)
    _purge_short_lived(report)
    return report
