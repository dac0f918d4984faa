"""The two changes to a case that a worker's return home makes, for the homecoming app to call.

A case does not end when the worker goes home: its status says the worker returned (an open status,
the case goes on), and the kind of the organisation the worker agreed to hand the case to at home is
added to the kinds the worker consented to, so that the referral that carries the hand-over passes
the same consent check as every referral. Who may record the return, and for which region, is
decided by `korgoo.homecoming.services`; this module only writes the case's own columns.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.core.actor import Actor
from korgoo.core.errors import Conflict

from .choices import EventKind, Status
from .models import Case
from .services import record_event


@transaction.atomic
def case_mark_returned(*, case: Case, actor: Actor | None, data: dict[str, Any]) -> Case:
    """The case's status becomes "returned" and a line the worker sees joins its timeline. A closed
    case stays closed (the worker sends a new report for something new)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise Conflict("case_closed", _("This case is closed."))
    before = case.status
    case.status = Status.RETURNED
    case.last_activity_at = timezone.now()
    case.save(update_fields=["status", "last_activity_at", "updated_at"])
    record_event(
        case,
        EventKind.RETURNED_HOME,
        actor=actor,
        organisation=case.organisation if actor is None else None,
        data={"from": before, **data},
        worker_visible=True,
    )
    return case


@transaction.atomic
def case_share_with_add(*, case: Case, kind: str) -> bool:
    """Add one organisation kind to those the worker consented to (the worker's own separate
    consent to a hand-over); False when it was there already."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if kind in case.share_with:
        return False
    case.share_with = sorted({*case.share_with, kind})
    case.save(update_fields=["share_with", "updated_at"])
    return True
