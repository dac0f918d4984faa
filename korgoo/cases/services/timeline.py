"""The case's timeline and the bookkeeping every change shares: a timeline line (for this app's
services and, through `record_event`, for other apps), the last-activity stamp, and the audited
read of a case."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor

from ..models import (
    Case,
    CaseEvent,
)
from ..selectors import CaseView, case_get_for


def event(
    case: Case,
    kind: str,
    *,
    actor: Actor | None = None,
    data: dict[str, Any] | None = None,
    worker_visible: bool = False,
    organisation: Any = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        organisation=organisation if organisation is not None else (actor.organisation if actor else None),
        actor=actor.membership if actor else None,
        data=data or {},
        worker_visible=worker_visible,
        at=timezone.now(),
    )


def touch(case: Case, *fields: str) -> None:
    case.last_activity_at = timezone.now()
    case.save(update_fields=["last_activity_at", "updated_at", *fields])


def record_event(
    case: Case,
    kind: str,
    *,
    actor: Actor | None = None,
    organisation: Any = None,
    data: dict[str, Any] | None = None,
    worker_visible: bool = False,
) -> CaseEvent:
    """Add a timeline line on behalf of another app (referrals)."""
    return event(case, kind, actor=actor, organisation=organisation, data=data, worker_visible=worker_visible)


@transaction.atomic
def case_read(*, actor: Actor, case_id: Any, purpose: str = "case.viewed") -> CaseView:
    """Open a case for reading and leave the audit row of the read in the same transaction."""
    view = case_get_for(actor=actor, case_id=case_id)
    audit_record(
        actor=actor, action=purpose, object_type="case", object_id=view.case.pk, details={"level": view.level}
    )
    return view
