"""A caseworker's work on a case: what it is about, who works it, its status, deadline and
outcome. Every service checks the permission and that the actor's organisation holds the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, Conflict
from korgoo.organisations.models import Membership
from korgoo.organisations.permissions import Perm

from .. import suggestions
from ..choices import (
    OPEN_STATUSES,
    URGENT_CATEGORIES,
    Category,
    Currency,
    EventKind,
    Outcome,
    Sector,
    Status,
    SuggestionState,
)
from ..models import (
    Case,
    CaseCategory,
    CaseSuggestion,
)
from ..permissions import case_for_work
from ..rules import (
    FIRST_RESPONSE_DAYS,
    ensure_open,
    ensure_woman_if_asked,
)
from .timeline import event, touch


@transaction.atomic
def case_triage(
    *, actor: Actor, case: Case, categories: Iterable[str], urgent: bool, sector: str | None = None
) -> Case:
    """Caseworkers correct what the report is about, how urgent it is and, when they learn it, the
    kind of work (`sector` None leaves it as it is; "" means not known)."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_TRIAGE)
    chosen = sorted(set(categories))
    if not chosen or any(c not in Category.values for c in chosen):
        raise ApplicationError(
            "invalid_categories",
            _("Choose at least one category."),
            {"categories": [str(_("Choose at least one category."))]},
        )
    if sector and sector not in Sector.values:
        raise ApplicationError(
            "invalid_sector", _("Choose from the list."), {"sector": [str(_("Choose from the list."))]}
        )
    before = sorted(case.categories.values_list("category", flat=True))
    CaseCategory.objects.filter(case=case).exclude(category__in=chosen).delete()
    CaseCategory.objects.bulk_create(
        [CaseCategory(case=case, category=c) for c in chosen], ignore_conflicts=True
    )
    case.urgent = urgent
    if sector is not None:
        case.sector = sector
    touch(case, "urgent", "sector")
    suggestions.suggestions_settle(
        case=case, actor=actor, chosen=chosen, urgent=urgent, at=case.last_activity_at
    )
    event(
        case,
        EventKind.TRIAGED,
        actor=actor,
        data={"categories": chosen, "urgent": urgent, "sector": case.sector, "before": before},
    )
    audit_record(actor=actor, action="case.triaged", object_type="case", object_id=case.pk)
    return case


@transaction.atomic
def case_suggestion_decide(*, actor: Actor, case: Case, subject: str, accept: bool) -> Case:
    """A caseworker decides one suggestion read from the worker's text (`subject`: a category code or
    "urgent"). Accepting a category adds it to the case (one urgent by its nature makes the case
    urgent, as when a worker ticks it); rejecting it leaves the case as it was.
    Confirming urgency keeps the case urgent; lowering it leaves the case urgent only if one of its
    categories is urgent by nature (what the worker ticked is never lowered), and gives the one-day
    first deadline of an urgent report back its three days. The timeline records the decision."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_TRIAGE)
    ensure_open(case)
    suggestion = (
        CaseSuggestion.objects.select_for_update()
        .filter(case=case, subject=subject, state=SuggestionState.PENDING)
        .first()
    )
    if suggestion is None:
        raise Conflict("suggestion_decided", _("This suggestion has already been decided."))
    now = timezone.now()
    suggestion.state = SuggestionState.ACCEPTED if accept else SuggestionState.REJECTED
    suggestion.decided_at = now
    suggestion.decided_by = actor.membership
    suggestion.save(update_fields=["state", "decided_at", "decided_by"])
    if suggestion.is_urgency:
        kind = EventKind.URGENCY_CONFIRMED if accept else EventKind.URGENCY_LOWERED
        if not accept:
            chosen = set(case.categories.values_list("category", flat=True))
            case.urgent = bool(URGENT_CATEGORIES.intersection(chosen))
            urgent_due = case.reported_on + dt.timedelta(days=FIRST_RESPONSE_DAYS[True])
            if not case.urgent and case.due_on == urgent_due:
                case.due_on = case.reported_on + dt.timedelta(days=FIRST_RESPONSE_DAYS[False])
        data: dict[str, Any] = {"urgent": case.urgent}
    else:
        kind = EventKind.SUGGESTION_ACCEPTED if accept else EventKind.SUGGESTION_REJECTED
        if accept:
            CaseCategory.objects.get_or_create(case=case, category=subject)
            # A category urgent by its nature makes the case urgent, as it does when ticked.
            case.urgent = case.urgent or subject in URGENT_CATEGORIES
        data = {"category": subject}
    touch(case, "urgent", "due_on")
    event(case, kind, actor=actor, data=data)
    audit_record(
        actor=actor,
        action="case.suggestion_decided",
        object_type="case",
        object_id=case.pk,
        details={"subject": subject, "accepted": accept},
    )
    return case


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, assignee: Membership | None) -> Case:
    """Give a case to a caseworker of the organisation that holds it (or take it back)."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_ASSIGN)
    if assignee is not None and (assignee.organisation_id != case.organisation_id or not assignee.is_active):
        raise ApplicationError(
            "assignee_outside_organisation",
            _("The caseworker must belong to the organisation that holds the case."),
        )
    ensure_woman_if_asked(case, assignee)
    case.assignee = assignee
    touch(case, "assignee")
    event(case, EventKind.ASSIGNED, actor=actor, data={"assignee": assignee.pk if assignee else None})
    audit_record(actor=actor, action="case.assigned", object_type="case", object_id=case.pk)
    return case


@transaction.atomic
def case_set_status(*, actor: Actor, case: Case, status: str) -> Case:
    """Move an open case between new, in progress, negotiation and court (closing has its own service)."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_WORK)
    ensure_open(case)
    if status not in OPEN_STATUSES:
        raise ApplicationError("invalid_status", _("Choose a status from the list."))
    if status == case.status:
        return case
    before = case.status
    case.status = status
    touch(case, "status")
    event(
        case, EventKind.STATUS_CHANGED, actor=actor, data={"from": before, "to": status}, worker_visible=True
    )
    audit_record(
        actor=actor,
        action="case.status_changed",
        object_type="case",
        object_id=case.pk,
        details={"to": status},
    )
    return case


@transaction.atomic
def case_close(
    *,
    actor: Actor,
    case: Case,
    outcome: str,
    money_recovered: Decimal | None = None,
    money_currency: str = "",
    documents_returned: bool = False,
) -> Case:
    """Close a case with its outcome, the money recovered (with its currency) and whether documents
    came back; the worker sees the outcome on their tracking page."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_CLOSE)
    ensure_open(case)
    if outcome not in Outcome.values:
        raise ApplicationError(
            "invalid_outcome", _("Choose an outcome."), {"outcome": [str(_("Choose an outcome."))]}
        )
    if money_recovered is not None and money_currency not in Currency.values:
        raise ApplicationError(
            "currency_required",
            _("Choose the currency of the money recovered."),
            {"money_currency": [str(_("Choose the currency of the money recovered."))]},
        )
    case.status = Status.CLOSED
    case.outcome = outcome
    case.money_recovered = money_recovered
    case.money_currency = money_currency if money_recovered is not None else ""
    case.documents_returned = documents_returned
    case.closed_at = timezone.now()
    case.awaiting_reply = False
    touch(
        case,
        "status",
        "outcome",
        "money_recovered",
        "money_currency",
        "documents_returned",
        "closed_at",
        "awaiting_reply",
    )
    event(
        case,
        EventKind.CLOSED,
        actor=actor,
        worker_visible=True,
        data={
            "outcome": outcome,
            "money_recovered": str(money_recovered) if money_recovered is not None else None,
            "money_currency": case.money_currency,
            "documents_returned": documents_returned,
        },
    )
    audit_record(
        actor=actor, action="case.closed", object_type="case", object_id=case.pk, details={"outcome": outcome}
    )
    return case


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case) -> Case:
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_CLOSE)
    if case.is_open or case.content_erased:
        raise ApplicationError("cannot_reopen", _("This case cannot be reopened."))
    case.status = Status.IN_PROGRESS
    case.outcome = ""
    case.closed_at = None
    touch(case, "status", "outcome", "closed_at")
    event(case, EventKind.REOPENED, actor=actor, worker_visible=True)
    audit_record(actor=actor, action="case.reopened", object_type="case", object_id=case.pk)
    return case


@transaction.atomic
def case_set_deadline(*, actor: Actor, case: Case, due_on: dt.date | None) -> Case:
    """Set the date by which the next step is due; past it, the case shows as overdue."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_WORK)
    case.due_on = due_on
    touch(case, "due_on")
    event(case, EventKind.DEADLINE_SET, actor=actor, data={"due_on": due_on.isoformat() if due_on else None})
    audit_record(actor=actor, action="case.deadline_set", object_type="case", object_id=case.pk)
    return case
