"""Files on a case: sealed on disk, held back until the virus check finds them clean, deleted after
commit when their rows go, and swept when a crash left them without a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.storage import delete_sealed, sealed_storage, store_sealed
from korgoo.organisations.permissions import Perm

from .. import vault
from ..choices import (
    EventKind,
)
from ..files import CleanFile
from ..models import (
    Attachment,
    Case,
)
from ..permissions import case_for_work
from ..selectors import attachment_get_for
from ..tasks import scan_request
from .timeline import event, touch


def attach(
    case: Case, clean: CleanFile, *, by_worker: bool, keep_original: bool, organisation: Any
) -> Attachment:
    attachment = Attachment(
        case=case,
        added_by_worker=by_worker,
        organisation=organisation,
        content_type=clean.content_type,
        size=len(clean.content),
        added_at=timezone.now(),
    )
    stored: list[str] = []
    try:
        attachment.storage_name = store_sealed(vault.seal_bytes(case, "file", attachment.pk, clean.content))
        stored.append(attachment.storage_name)
        if keep_original:
            attachment.original_storage_name = store_sealed(
                vault.seal_bytes(case, "original", attachment.pk, clean.original)
            )
            stored.append(attachment.original_storage_name)
        attachment.sealed_filename = vault.seal_body(case, "filename", attachment.pk, clean.filename)
        attachment.save(force_insert=True)
    except Exception:
        for name in stored:
            delete_sealed(name)
        raise
    scan_request(attachment)  # held back until the virus check finds it clean
    return attachment


def referenced_sealed_files() -> set[str]:
    """Every sealed file name some row still refers to, across the apps listed in
    KORGOO_SEALED_FILE_FIELDS ("app_label.Model.field"), so no app's files look orphaned."""
    names: set[str] = set()
    for spec in settings.KORGOO_SEALED_FILE_FIELDS:
        label, model_name, field = spec.split(".")
        model = apps.get_model(label, model_name)
        names.update(model.objects.exclude(**{field: ""}).values_list(field, flat=True))
    return names


def sweep_orphan_files(*, older_than: dt.timedelta = dt.timedelta(hours=1), dry_run: bool = False) -> int:
    """Remove sealed files that no attachment row names, left by a crash or a rolled-back report.

    Files younger than `older_than` are left alone: they may belong to a transaction still running.
    With `dry_run`, only count them.
    """
    storage = sealed_storage()
    cutoff = timezone.now() - older_than
    try:
        _dirs, names = storage.listdir("")
    except FileNotFoundError:
        return 0
    known = referenced_sealed_files()
    removed = 0
    for name in names:
        if name not in known and storage.get_modified_time(name) < cutoff:
            if not dry_run:
                storage.delete(name)
            removed += 1
    return removed


def max_files() -> int:
    return int(settings.KORGOO_UPLOAD_MAX_FILES)


@transaction.atomic
def case_attachment_add_by_staff(*, actor: Actor, case: Case, clean: CleanFile) -> Attachment:
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_WORK)
    attachment = attach(case, clean, by_worker=False, keep_original=False, organisation=actor.organisation)
    touch(case)
    event(case, EventKind.FILE_ADDED, actor=actor)
    audit_record(actor=actor, action="case.file_added", object_type="case", object_id=case.pk)
    return attachment


def sealed_files_delete_on_commit(names: Sequence[str]) -> None:
    """Delete these sealed files once the current transaction commits (at once outside one). A file
    whose deletion fails is left to the orphan sweep (`sweep_orphan_files`), since no row names it."""
    pending = list(names)
    if pending:
        transaction.on_commit(lambda: _delete_files(pending), robust=True)


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        delete_sealed(name)


@transaction.atomic
def attachment_download(
    *, actor: Actor, case_id: Any, attachment_id: Any, original: bool = False
) -> tuple[bytes, str]:
    """A file of a case the actor may read, opened (`selectors.attachment_get_for` decides who may),
    with the audit row of the download in the same transaction."""
    attachment, data, filename = attachment_get_for(
        actor=actor, case_id=case_id, attachment_id=attachment_id, original=original
    )
    audit_record(
        actor=actor,
        action="file.original_downloaded" if original else "file.downloaded",
        object_type="attachment",
        object_id=attachment.pk,
        details={"case": str(attachment.case_id)},
    )
    return data, filename
