"""What the worker does to their own report through the receipt (checked by `korgoo.intake` before
it calls these): add information or files, withdraw or restore consent, close the report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.errors import ApplicationError, NotFound

from .. import vault
from ..choices import (
    EventKind,
    Outcome,
    Status,
)
from ..files import CleanFile
from ..models import (
    Case,
    CaseAccess,
)
from ..notifications import case_attention_record
from ..rules import (
    clean_text,
    ensure_open,
    ensure_worker_may_write,
)
from .attachments import attach, max_files
from .indexing import holder_fields, index_content
from .timeline import event, touch


@transaction.atomic
def case_info_add_by_worker(
    *, case: Case, text: str, files: Sequence[CleanFile], keep_originals: bool = False
) -> Case:
    """The worker adds information or files to their report."""
    if case.content_erased:
        raise NotFound()
    ensure_open(case, for_worker=True)
    ensure_worker_may_write(case)
    if not text.strip() and not files:
        raise ApplicationError("nothing_to_add", _("Write something or attach a file."))
    existing = case.attachments.count()
    if existing + len(files) > max_files():
        raise ApplicationError(
            "too_many_files", _("Too many files. You can attach up to %(n)d.") % {"n": max_files()}
        )
    if text.strip():
        content = vault.open_report(case)
        addition = clean_text(text, "nothing_to_add")
        stamp = timezone.now().strftime("%Y-%m-%d")
        content["description"] = f"{content.get('description', '')}\n\n[{stamp}] {addition}"
        vault.seal_report(case, content)
        index_content(case, {"description": addition}, holder_fields(case))
    for clean in files:
        attach(case, clean, by_worker=True, keep_original=keep_originals, organisation=None)
    case.awaiting_reply = True
    touch(case, "sealed_report", "awaiting_reply")
    event(
        case,
        EventKind.INFO_ADDED,
        organisation=case.organisation,
        worker_visible=True,
        data={"files": len(files)},
    )
    audit_record(
        actor=None,
        action="case.worker_added_info",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
    )
    case_attention_record(case_id=case.pk)
    return case


@transaction.atomic
def case_consent_withdraw(*, case: Case, kinds: Iterable[str]) -> Case:
    """The worker withdraws consent for kinds of organisations. Organisations of those kinds lose
    their window on the case at once.

    Withdrawing consent from the kind of the organisation holding the case hides the case from
    every organisation at once — but does not erase it: whoever holds the receipt (an employer who
    took the phone, say) must not destroy the evidence in one request. The sealed content is kept,
    unreadable to staff, for `KORGOO_WITHDRAWAL_GRACE_DAYS`; until then the worker may undo it
    (`case_consent_restore`), after that the retention run erases it (`cases_withdrawn_erase`).
    """
    withdrawn = set(kinds) & set(case.share_with)
    if not withdrawn or case.is_withdrawn:
        return case
    case.share_with = sorted(set(case.share_with) - withdrawn)
    hides = case.organisation is not None and case.organisation.kind in withdrawn
    fields = ["share_with"]
    if hides:
        case.withdrawn_at = timezone.now()
        case.withdrawn_from = sorted(withdrawn)
        fields += ["withdrawn_at", "withdrawn_from"]
    else:
        CaseAccess.objects.filter(case=case, organisation__kind__in=withdrawn).exclude(
            organisation=case.organisation
        ).delete()
    touch(case, *fields)
    event(
        case,
        EventKind.CONSENT_WITHDRAWN,
        organisation=case.organisation,
        worker_visible=True,
        data={"kinds": sorted(withdrawn), "hidden": hides},
    )
    audit_record(
        actor=None,
        action="case.consent_withdrawn",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
        details={"hidden": hides},
    )
    return case


@transaction.atomic
def case_consent_restore(*, case: Case) -> Case:
    """The worker undoes the withdrawal that hid the case, within the grace period: the kinds
    withdrawn are consented to again and the organisations see the case as before."""
    if not case.is_withdrawn or case.content_erased:
        raise ApplicationError("nothing_to_restore", _("There is no withdrawal to undo."))
    case.share_with = sorted(set(case.share_with) | set(case.withdrawn_from))
    case.withdrawn_at = None
    case.withdrawn_from = []
    touch(case, "share_with", "withdrawn_at", "withdrawn_from")
    event(case, EventKind.CONSENT_RESTORED, organisation=case.organisation, worker_visible=True)
    audit_record(
        actor=None,
        action="case.consent_restored",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
    )
    return case


@transaction.atomic
def case_close_by_worker(*, case: Case) -> Case:
    """The worker closes their report: the case closes as withdrawn; the conversation stays."""
    if not case.is_open:
        return case
    _close_by_worker(case)
    return case


def _close_by_worker(case: Case) -> None:
    case.status = Status.CLOSED
    case.outcome = Outcome.WITHDRAWN
    case.closed_at = timezone.now()
    case.awaiting_reply = False
    touch(case, "status", "outcome", "closed_at", "awaiting_reply")
    event(case, EventKind.WORKER_CLOSED, organisation=case.organisation, worker_visible=True)
    audit_record(
        actor=None,
        action="case.closed_by_worker",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
    )
