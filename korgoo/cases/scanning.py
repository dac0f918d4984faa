"""Virus checks of the files stored with cases: attachments, and the models of other apps named in
KORGOO_SCANNED_FILE_MODELS (diary photos), so that this app never imports the apps above it.

When a file is stored, its service calls `korgoo.cases.tasks.scan_request` in the same
transaction: a background job (`korgoo.cases.tasks.scan_stored_file`) is queued with the file row,
so the check commits or rolls back with the file. In production the job runs in `korgoo db_worker`; on the embedded default it runs
at once. The worker's report is accepted whatever the check says or however it fails.

The job opens the sealed copies (the cleaned file, and the original if one is kept), scans each, and
records one verdict. Fail closed: a file is held back (quarantined) when it is infected or when the
check could not run, and its content is then served to nobody. Entering quarantine writes a log line
without personal data, a timeline event, an audit row and an alert to the organisation's
administrators through the outbox. `korgoo rescan_files` checks pending and failed files again, so
an outage of the scanner heals by itself; an infected file stays held back until an organisation
administrator deletes it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.scanning import (
    QUARANTINED,
    RESCANNED,
    SCANNER_DOWN,
    NoScanner,
    ScannedFile,
    ScanStatus,
    Verdict,
    combine,
    scan_bytes,
    scanner,
)
from korgoo.core.storage import delete_sealed
from korgoo.organisations.permissions import Perm

from . import vault
from .choices import EventKind
from .models import Attachment, Case, CaseEvent
from .notifications import file_quarantine_record
from .permissions import case_for_work

logger = logging.getLogger(__name__)


def scanned_models() -> dict[str, Any]:
    """The models of stored untrusted files (concrete `ScannedFile` models), by "app_label.Model"."""
    return {label: apps.get_model(label) for label in settings.KORGOO_SCANNED_FILE_MODELS}


def label_of(row: ScannedFile) -> str:
    return str(row._meta.label)


def _current_scanner() -> Any:
    try:
        return scanner()
    except Exception:
        return None


@dataclass(frozen=True)
class ScanResult:
    status: str  # the file's status after the check, or "gone" if the row no longer exists
    reason: str = ""


def _verdict_for(row: Any, case: Case) -> Verdict:
    """Scan every stored copy of the file. A copy that cannot be read or opened counts as a failed
    check: the file is held back and tried again later."""
    purposes = row.SEALED_AS
    copies = [(purposes[0], row.storage_name)]
    if row.original_storage_name:
        copies.append((purposes[1], row.original_storage_name))
    engine = _current_scanner()  # None: scan_bytes meets the same failure and fails closed
    verdicts = []
    for purpose, name in copies:
        try:
            data = vault.open_file(case, purpose, row.pk, name)
        except Exception as error:  # storage or key trouble: cannot vouch for the file
            verdicts.append(Verdict.failed(f"unreadable_{type(error).__name__}"))
            continue
        # The scanner sees the bytes and a neutral label, never the file's name.
        verdicts.append(scan_bytes(data, f"{row._meta.model_name}-{row.pk}-{purpose}", using=engine))
    return combine(verdicts)


def stored_file_scan(*, label: str, file_id: Any) -> ScanResult:
    """Check one stored file and record the verdict (the background job, and each step of a rescan).

    A clean or infected file is not checked again; a file whose case lost its content (the worker
    withdrew consent) is left alone.
    """
    model = scanned_models().get(label)
    if model is None:
        return ScanResult("gone")
    row: Any = model.objects.select_related("case").filter(pk=file_id).first()
    if row is None:
        return ScanResult("gone")
    if row.scan_status not in RESCANNED or row.case.content_erased:
        return ScanResult(row.scan_status)
    verdict = _verdict_for(row, row.case)
    try:
        with transaction.atomic():
            return _record(model, row.pk, verdict)
    except Exception as error:  # the file stays as it was (pending or failed) and is tried again
        logger.error("file scan could not be recorded: kind=%s error=%s", label, type(error).__name__)
        return ScanResult(row.scan_status, "not_recorded")


def _record(model: Any, file_id: Any, verdict: Verdict) -> ScanResult:
    row = model.objects.select_for_update().select_related("case").filter(pk=file_id).first()
    if row is None:
        return ScanResult("gone")
    before = row.scan_status
    if before not in RESCANNED:  # another check finished first; its verdict stands
        return ScanResult(before)
    row.scan_status = verdict.status
    row.scan_signature = verdict.signature
    row.scanned_at = timezone.now()
    row.scan_attempts += 1
    row.save(update_fields=["scan_status", "scan_signature", "scanned_at", "scan_attempts"])
    if verdict.status in QUARANTINED and verdict.status != before:
        _quarantined(row, verdict)
    return ScanResult(verdict.status, verdict.reason)


def _quarantined(row: Any, verdict: Verdict) -> None:
    """Tell whoever must know that a file was held back: the log (no personal data: kind, ids, the
    reason code), the case's timeline, the audit log, and the organisation's administrators."""
    case: Case = row.case
    reason = "infected" if verdict.status == ScanStatus.INFECTED else "scan_failed"
    kind = str(row._meta.model_name)
    logger.warning(
        "file held back: kind=%s file=%s case=%s reason=%s detail=%s",
        kind,
        row.pk,
        case.short_ref,
        reason,
        verdict.signature or verdict.reason,
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.FILE_HELD_BACK,
        organisation=case.organisation,
        data={"file": str(row.pk), "kind": kind, "reason": reason},
        at=timezone.now(),
    )
    audit_record(
        actor=None,
        action="file.quarantined",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
        details={
            "file": str(row.pk),
            "kind": kind,
            "reason": reason,
            "signature": verdict.signature,
            "error": verdict.reason,
        },
    )
    file_quarantine_record(case_id=case.pk)


@dataclass(frozen=True)
class RescanReport:
    checked: int
    clean: int
    held_back: int
    stopped: bool  # the scanner was down: the rest waits for the next run


def files_rescan(*, limit: int = 500) -> RescanReport:
    """Check again files that are waiting, whose check failed, or that no scanner checked (once a
    real scanner is configured). Infected files are never released. Stops at the first sign that
    the scanner itself is down, so an outage costs one timeout per run, not one per file."""
    statuses = [ScanStatus.PENDING, ScanStatus.FAILED]
    if not isinstance(_current_scanner(), NoScanner):
        statuses.append(ScanStatus.NOT_SCANNED)
    checked = clean = held = 0
    for label, model in scanned_models().items():
        due: models.QuerySet[Any] = model.objects.filter(scan_status__in=statuses).order_by(
            "scan_attempts", "pk"
        )
        for file_id in list(due.values_list("pk", flat=True)[: max(limit - checked, 0)]):
            result = stored_file_scan(label=label, file_id=file_id)
            if result.status == "gone":
                continue
            checked += 1
            clean += result.status == ScanStatus.CLEAN
            held += result.status in QUARANTINED
            if result.reason in SCANNER_DOWN:
                return RescanReport(checked, clean, held, stopped=True)
    return RescanReport(checked, clean, held, stopped=False)


@transaction.atomic
def attachment_delete_infected(*, actor: Actor, attachment: Attachment) -> None:
    """An administrator of the organisation holding the case deletes a file the virus check found
    infected: both sealed copies and the row go; the timeline and the audit log keep that it
    happened. A file of a case the organisation does not hold is NotFound; a file that is not
    infected is refused (a failed check is tried again and may yet find it clean)."""
    case = case_for_work(actor=actor, case=attachment.case, perm=(Perm.CASE_WORK, Perm.FILE_VIEW_ORIGINAL))
    locked = Attachment.objects.select_for_update().filter(pk=attachment.pk, case=case).first()
    if locked is None:
        raise NotFound()
    if locked.scan_status != ScanStatus.INFECTED:
        raise ApplicationError(
            "file_not_infected", _("Only a file in which the virus check found a virus can be deleted.")
        )
    names = [name for name in (locked.storage_name, locked.original_storage_name) if name]
    signature = locked.scan_signature
    file_id = str(locked.pk)
    locked.delete()
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.FILE_DELETED,
        organisation=actor.organisation,
        actor=actor.membership,
        data={"file": file_id},
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="file.deleted",
        object_type="case",
        object_id=case.pk,
        details={"file": file_id, "reason": "infected", "signature": signature},
    )

    def remove_files() -> None:
        for name in names:
            delete_sealed(name)

    # The sealed copies go once the row is gone for good: a rollback keeps both. Should this step
    # not run (a crash), `korgoo purge_expired` removes files that no row names.
    transaction.on_commit(remove_files)
