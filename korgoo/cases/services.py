"""Every change to a case. Each service checks permission, validates, writes, records the timeline
and the audit row in the same transaction, and schedules notifications after commit.

Services that the worker triggers (through the receipt) take no actor: the receipt is the worker's
only credential, checked by `korgoo.intake` before it calls them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.agencies.services import agency_report_link, agency_reports_forget
from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.choices import GOVERNMENT_KINDS, Country, Language, OrganisationKind
from korgoo.core.errors import ApplicationError, Conflict, NotFound
from korgoo.core.gazetteer import locality_get, locality_match
from korgoo.core.storage import delete_sealed, sealed_storage, store_sealed
from korgoo.organisations.models import Gender, Membership, Organisation
from korgoo.organisations.permissions import Perm, ensure_permission

from . import sealed, suggestions
from .choices import (
    OPEN_STATUSES,
    URGENT_CATEGORIES,
    Category,
    ContactChannel,
    Currency,
    EventKind,
    Outcome,
    Sector,
    SharedField,
    Status,
    SuggestionState,
)
from .files import CleanFile
from .models import (
    Attachment,
    Case,
    CaseAccess,
    CaseCategory,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseSearchToken,
    CaseSuggestion,
    RoutingRule,
)
from .notifications import case_attention_record, routing_change_record, worker_message_record
from .permissions import coordination_scope, in_coordination_scope
from .routing import route
from .scanning import scan_request
from .search import tokens_for_text

MAX_TEXT = 10_000
FIRST_RESPONSE_DAYS = {True: 1, False: 3}


@dataclass(frozen=True)
class NewReport:
    """What a worker reported, already parsed by the intake form or API serializer."""

    language: str
    country: str
    city: str  # as the worker typed it; matched to the gazetteer unless `locality_id` is given
    categories: Sequence[str]
    description: str
    employer_name: str = ""
    happened_on: dt.date | None = None
    contact_channel: str = ""
    contact_value: str = ""
    full_name: str = ""
    prefers_woman_caseworker: bool = False
    share_with: Sequence[str] = field(default_factory=list)
    sector: str = ""  # where the worker works (`Sector`), or empty when not said
    locality_id: int | None = None  # a gazetteer city the worker chose from suggestions, if any


EARLIEST_HAPPENED_ON = dt.date(2000, 1, 1)


def happened_on_problem(day: dt.date | None) -> str:
    """What is wrong with the date a worker gave for what happened ("" when nothing is): it may not
    be in the future — the worker's today may already be tomorrow in UTC (Kyrgyzstan is UTC+6, some
    places +14) — nor before 2000."""
    if day is None:
        return ""
    if day > (timezone.now() + dt.timedelta(hours=14)).date():
        return str(_("This date is in the future. Write the day it happened."))
    if day < EARLIEST_HAPPENED_ON:
        return str(_("Write a date from the year 2000 on."))
    return ""


def validate_report(report: NewReport) -> None:
    """Raise one ApplicationError listing every field that is wrong, in the worker's language."""
    errors: dict[str, list[str]] = {}
    if report.language not in Language.values:
        errors["language"] = [str(_("Choose a language."))]
    if report.country not in Country.values:
        errors["country"] = [str(_("Choose the country where it happened."))]
    if report.locality_id is not None:
        chosen = locality_get(report.locality_id)
        if chosen is None or chosen.country != report.country:
            errors["city"] = [str(_("Choose a city of the country from the list, or write its name."))]
    if len(report.city) > 100 or (report.locality_id is None and not report.city.strip()):
        errors["city"] = [str(_("Write the city (up to 100 letters)."))]
    if not report.categories or any(c not in Category.values for c in report.categories):
        errors["categories"] = [str(_("Choose at least one thing that happened."))]
    if not report.description.strip():
        errors["description"] = [str(_("Please describe what happened."))]
    elif len(report.description) > MAX_TEXT:
        errors["description"] = [str(_("The text is too long (up to 10,000 letters)."))]
    if len(report.employer_name) > 300:
        errors["employer_name"] = [str(_("The employer's name is too long."))]
    if len(report.full_name) > 200:
        errors["full_name"] = [str(_("The name is too long."))]
    day_problem = happened_on_problem(report.happened_on)
    if day_problem:
        errors["happened_on"] = [day_problem]
    if report.contact_channel and report.contact_channel not in ContactChannel.values:
        errors["contact"] = [str(_("Choose how to reach you."))]
    if report.contact_channel and not report.contact_value.strip():
        errors["contact"] = [str(_("Write your phone number or username, or choose not to be contacted."))]
    if len(report.contact_value) > 100:
        errors["contact"] = [str(_("The contact is too long."))]
    if any(kind not in OrganisationKind.values for kind in report.share_with):
        errors["share_with"] = [str(_("Choose from the list."))]
    if report.sector and report.sector not in Sector.values:
        errors["sector"] = [str(_("Choose from the list."))]
    if errors:
        raise ApplicationError("invalid_report", _("Please correct the marked fields."), errors)


def _event(
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


SEARCHABLE: dict[str, str] = {SharedField.DESCRIPTION: "description", SharedField.EMPLOYER: "employer_name"}


def _index(case: Case, content: dict[str, Any], fields: Iterable[str] = tuple(SEARCHABLE)) -> None:
    """Blind search tokens for the words of the given fields of the case's content."""
    text = " ".join(str(content.get(SEARCHABLE[f], "")) for f in fields if f in SEARCHABLE)
    CaseSearchToken.objects.bulk_create(
        [
            CaseSearchToken(case=case, organisation_id=case.organisation_id, token=t)
            for t in tokens_for_text(text)
        ],
        ignore_conflicts=True,
    )


def _touch(case: Case, *fields: str) -> None:
    case.last_activity_at = timezone.now()
    case.save(update_fields=["last_activity_at", "updated_at", *fields])


@transaction.atomic
def case_open_from_report(
    *, report: NewReport, files: Sequence[CleanFile] = (), keep_originals: bool = False
) -> Case:
    """Turn a worker's report into a case, placed by the routing rules or queued for coordinators.

    The report's content is sealed under a new data key; urgent categories make the case urgent and
    due within a day. Consent to embassies and consulates is only what the worker gave for them.
    The text is read (`suggestions`): what it shows beyond the ticked boxes is kept as suggestions,
    and urgency it shows makes the case urgent at once.
    """
    validate_report(report)
    now = timezone.now()
    categories = sorted(set(report.categories))
    reading = suggestions.report_text_read(description=report.description, ticked=categories)
    urgent = bool(URGENT_CATEGORIES.intersection(categories)) or reading.urgent
    # The city as a gazetteer id: the typed words never route a report nor become a statistics label.
    locality_id = report.locality_id or locality_match(report.city, report.country)
    organisation = route(
        country=report.country,
        locality_id=locality_id,
        categories=categories,
        share_with=report.share_with,
        woman_needed=report.prefers_woman_caseworker,
    )
    case = Case(
        organisation=organisation,
        urgent=urgent,
        country=report.country,
        locality_id=locality_id,
        sector=report.sector,
        language=report.language,
        reported_on=now.date(),
        prefers_woman_caseworker=report.prefers_woman_caseworker,
        share_with=sorted(set(report.share_with)),
        due_on=now.date() + dt.timedelta(days=FIRST_RESPONSE_DAYS[urgent]),
        last_activity_at=now,
    )
    sealed.new_case_key(case)
    content: dict[str, Any] = {
        "city": report.city.strip(),
        "description": report.description.strip(),
        "happened_on": report.happened_on.isoformat() if report.happened_on else "",
        "employer_name": report.employer_name.strip(),
        "full_name": report.full_name.strip(),
        "contact_channel": report.contact_channel,
        "contact_value": report.contact_value.strip() if report.contact_channel else "",
    }
    if reading.words:
        content["triage_words"] = reading.words  # the worker's words behind each suggestion
    sealed.seal_report(case, content)
    case.save(force_insert=True)
    CaseCategory.objects.bulk_create([CaseCategory(case=case, category=c) for c in categories])
    if Category.INTERMEDIARY_FRAUD in categories and report.employer_name.strip():
        # Reports against a recruitment agency count for the agency registry (name and case id only).
        agency_report_link(
            case_id=case.pk, agency_name_as_typed=report.employer_name, reported_on=case.reported_on
        )
    _index(case, content)
    placed = (
        CaseEvent(
            case=case,
            kind=EventKind.ROUTED,
            organisation=organisation,
            data={"organisation": str(organisation.pk)},
            at=now,
        )
        if organisation is not None
        else CaseEvent(case=case, kind=EventKind.QUEUED, at=now)
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, kind=EventKind.OPENED, worker_visible=True, data={"urgent": urgent}, at=now),
            placed,
        ]
    )
    suggestions.suggestions_record(case=case, reading=reading, at=now)
    for clean in files:
        _attach(case, clean, by_worker=True, keep_original=keep_originals, organisation=None)
    audit_record(
        actor=None,
        action="case.opened",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
        details={
            "routed": organisation is not None,
            "urgent": urgent,
            "files": len(files),
            "suggested": reading.subjects,
        },
    )
    case_attention_record(case_id=case.pk)
    return case


def _attach(
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
        attachment.storage_name = store_sealed(sealed.seal_bytes(case, "file", attachment.pk, clean.content))
        stored.append(attachment.storage_name)
        if keep_original:
            attachment.original_storage_name = store_sealed(
                sealed.seal_bytes(case, "original", attachment.pk, clean.original)
            )
            stored.append(attachment.original_storage_name)
        attachment.sealed_filename = sealed.seal_body(case, "filename", attachment.pk, clean.filename)
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
    from django.apps import apps
    from django.conf import settings

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


def _get_owned(actor: Actor, case: Case) -> Case:
    """The case, if the actor's organisation holds it; the same NotFound otherwise."""
    if actor.organisation is None or case.organisation_id != actor.organisation_id:
        raise NotFound()
    return case


def _ensure_open(case: Case, *, for_worker: bool = False) -> None:
    if not case.is_open:
        message = _("Your report is closed.") if for_worker else _("This case is closed.")
        raise Conflict("case_closed", message)


def _ensure_worker_may_write(case: Case) -> None:
    """A worker may still write for a while after the case was closed (the last answer may have been
    "come tomorrow at 10"); after that the report is closed to messages. Nobody reads a case the
    worker hid by withdrawing consent, so nothing can be written to it until the worker undoes that."""
    if case.is_withdrawn:
        raise ApplicationError(
            "case_hidden", _("You withdrew your consent: no organisation sees your report.")
        )
    if not case.worker_may_write(timezone.now(), days=settings.KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING):
        raise ApplicationError("case_closed", _("Your report is closed."))


@transaction.atomic
def case_triage(
    *, actor: Actor, case: Case, categories: Iterable[str], urgent: bool, sector: str | None = None
) -> Case:
    """Caseworkers correct what the report is about, how urgent it is and, when they learn it, the
    kind of work (`sector` None leaves it as it is; "" means not known)."""
    ensure_permission(actor, Perm.CASE_TRIAGE)
    _get_owned(actor, case)
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
    _touch(case, "urgent", "sector")
    suggestions.suggestions_settle(
        case=case, actor=actor, chosen=chosen, urgent=urgent, at=case.last_activity_at
    )
    _event(
        case,
        EventKind.TRIAGED,
        actor=actor,
        data={"categories": chosen, "urgent": urgent, "sector": case.sector, "before": before},
    )
    audit_record(actor=actor, action="case.triaged", object_type="case", object_id=case.pk)
    return case


def _ensure_woman_if_asked(case: Case, assignee: Membership | None) -> None:
    """A worker who asked for a woman caseworker gets one: the case goes only to a member who stated
    she is a woman (or to nobody, to be referred)."""
    if assignee is not None and case.prefers_woman_caseworker and assignee.gender != Gender.WOMAN:
        raise ApplicationError(
            "woman_caseworker_asked",
            _("The worker asked for a woman caseworker: choose a caseworker who said she is a woman."),
            {
                "assignee": [
                    str(
                        _(
                            "The worker asked for a woman caseworker: choose a caseworker who said she is a woman."
                        )
                    )
                ]
            },
        )


@transaction.atomic
def case_suggestion_decide(*, actor: Actor, case: Case, subject: str, accept: bool) -> Case:
    """A caseworker decides one suggestion read from the worker's text (`subject`: a category code or
    "urgent"). Accepting a category adds it to the case (one urgent by its nature makes the case
    urgent, as when a worker ticks it); rejecting it leaves the case as it was.
    Confirming urgency keeps the case urgent; lowering it leaves the case urgent only if one of its
    categories is urgent by nature (what the worker ticked is never lowered), and gives the one-day
    first deadline of an urgent report back its three days. The timeline records the decision."""
    ensure_permission(actor, Perm.CASE_TRIAGE)
    _get_owned(actor, case)
    _ensure_open(case)
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
    _touch(case, "urgent", "due_on")
    _event(case, kind, actor=actor, data=data)
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
    ensure_permission(actor, Perm.CASE_ASSIGN)
    _get_owned(actor, case)
    if assignee is not None and (assignee.organisation_id != case.organisation_id or not assignee.is_active):
        raise ApplicationError(
            "assignee_outside_organisation",
            _("The caseworker must belong to the organisation that holds the case."),
        )
    _ensure_woman_if_asked(case, assignee)
    case.assignee = assignee
    _touch(case, "assignee")
    _event(case, EventKind.ASSIGNED, actor=actor, data={"assignee": assignee.pk if assignee else None})
    audit_record(actor=actor, action="case.assigned", object_type="case", object_id=case.pk)
    return case


@transaction.atomic
def case_set_status(*, actor: Actor, case: Case, status: str) -> Case:
    """Move an open case between new, in progress, negotiation and court (closing has its own service)."""
    ensure_permission(actor, Perm.CASE_WORK)
    _get_owned(actor, case)
    _ensure_open(case)
    if status not in OPEN_STATUSES:
        raise ApplicationError("invalid_status", _("Choose a status from the list."))
    if status == case.status:
        return case
    before = case.status
    case.status = status
    _touch(case, "status")
    _event(
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


def parse_money(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ApplicationError(
            "invalid_amount",
            _("Write the amount as a number."),
            {"money_recovered": [str(_("Write the amount as a number."))]},
        ) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise ApplicationError(
            "invalid_amount",
            _("Write the amount as a number."),
            {"money_recovered": [str(_("Write the amount as a number."))]},
        )
    return value.quantize(Decimal("0.01"))


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
    ensure_permission(actor, Perm.CASE_CLOSE)
    _get_owned(actor, case)
    _ensure_open(case)
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
    _touch(
        case,
        "status",
        "outcome",
        "money_recovered",
        "money_currency",
        "documents_returned",
        "closed_at",
        "awaiting_reply",
    )
    _event(
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
    ensure_permission(actor, Perm.CASE_CLOSE)
    _get_owned(actor, case)
    if case.is_open or case.content_erased:
        raise ApplicationError("cannot_reopen", _("This case cannot be reopened."))
    case.status = Status.IN_PROGRESS
    case.outcome = ""
    case.closed_at = None
    _touch(case, "status", "outcome", "closed_at")
    _event(case, EventKind.REOPENED, actor=actor, worker_visible=True)
    audit_record(actor=actor, action="case.reopened", object_type="case", object_id=case.pk)
    return case


@transaction.atomic
def case_set_deadline(*, actor: Actor, case: Case, due_on: dt.date | None) -> Case:
    """Set the date by which the next step is due; past it, the case shows as overdue."""
    ensure_permission(actor, Perm.CASE_WORK)
    _get_owned(actor, case)
    case.due_on = due_on
    _touch(case, "due_on")
    _event(case, EventKind.DEADLINE_SET, actor=actor, data={"due_on": due_on.isoformat() if due_on else None})
    audit_record(actor=actor, action="case.deadline_set", object_type="case", object_id=case.pk)
    return case


def _clean_text(body: str, code: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ApplicationError(
            code, _("Write a message first."), {"body": [str(_("Write a message first."))]}
        )
    if len(text) > MAX_TEXT:
        raise ApplicationError(
            "text_too_long",
            _("The text is too long (up to 10,000 letters)."),
            {"body": [str(_("The text is too long (up to 10,000 letters)."))]},
        )
    return text


@transaction.atomic
def case_note_add(*, actor: Actor, case: Case, body: str) -> CaseNote:
    """An internal note; only the writing organisation ever reads it."""
    ensure_permission(actor, Perm.CASE_WORK)
    _get_owned(actor, case)
    text = _clean_text(body, "empty_note")
    note = CaseNote(
        case=case, organisation=actor.organisation, author=actor.membership, created_at=timezone.now()
    )
    note.sealed_body = sealed.seal_body(case, "note", note.pk, text)
    note.save(force_insert=True)
    _touch(case)
    _event(case, EventKind.NOTE_ADDED, actor=actor)
    audit_record(actor=actor, action="case.note_added", object_type="case", object_id=case.pk)
    return note


@transaction.atomic
def case_message_to_worker(*, actor: Actor, case: Case, body: str) -> CaseMessage:
    """A message the worker reads on their tracking page. The first one counts as the first response."""
    ensure_permission(actor, Perm.CASE_WORK)
    _get_owned(actor, case)
    _ensure_open(case)
    text = _clean_text(body, "empty_message")
    now = timezone.now()
    message = CaseMessage(
        case=case,
        sender=CaseMessage.Sender.ORGANISATION,
        organisation=actor.organisation,
        author=actor.membership,
        sent_at=now,
    )
    message.sealed_body = sealed.seal_body(case, "message", message.pk, text)
    message.save(force_insert=True)
    fields = ["awaiting_reply"]
    case.awaiting_reply = False
    if case.first_response_at is None:
        case.first_response_at = now
        fields.append("first_response_at")
    started = case.status == Status.NEW
    if started:
        case.status = Status.IN_PROGRESS
        fields.append("status")
    _touch(case, *fields)
    if started:  # the first answer starts the work: the worker sees the status change too
        _event(
            case,
            EventKind.STATUS_CHANGED,
            actor=actor,
            data={"from": Status.NEW, "to": Status.IN_PROGRESS},
            worker_visible=True,
        )
    _event(case, EventKind.MESSAGE_TO_WORKER, actor=actor)
    audit_record(actor=actor, action="case.message_sent", object_type="case", object_id=case.pk)
    worker_message_record(case_id=case.pk, message_id=message.pk)
    return message


@transaction.atomic
def case_message_from_worker(*, case: Case, body: str) -> CaseMessage:
    """The worker writes to whoever holds the case (called by intake after the receipt check)."""
    if case.content_erased:
        raise NotFound()
    _ensure_worker_may_write(case)
    text = _clean_text(body, "empty_message")
    message = CaseMessage(case=case, sender=CaseMessage.Sender.WORKER, sent_at=timezone.now())
    message.sealed_body = sealed.seal_body(case, "message", message.pk, text)
    message.save(force_insert=True)
    case.awaiting_reply = True
    _touch(case, "awaiting_reply")
    _event(case, EventKind.MESSAGE_FROM_WORKER, organisation=case.organisation)
    audit_record(
        actor=None,
        action="case.worker_message",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
    )
    case_attention_record(case_id=case.pk)
    return message


@transaction.atomic
def case_info_add_by_worker(
    *, case: Case, text: str, files: Sequence[CleanFile], keep_originals: bool = False
) -> Case:
    """The worker adds information or files to their report."""
    if case.content_erased:
        raise NotFound()
    _ensure_open(case, for_worker=True)
    _ensure_worker_may_write(case)
    if not text.strip() and not files:
        raise ApplicationError("nothing_to_add", _("Write something or attach a file."))
    existing = case.attachments.count()
    if existing + len(files) > _max_files():
        raise ApplicationError(
            "too_many_files", _("Too many files. You can attach up to %(n)d.") % {"n": _max_files()}
        )
    if text.strip():
        content = sealed.open_report(case)
        addition = _clean_text(text, "nothing_to_add")
        stamp = timezone.now().strftime("%Y-%m-%d")
        content["description"] = f"{content.get('description', '')}\n\n[{stamp}] {addition}"
        sealed.seal_report(case, content)
        _index(case, {"description": addition}, _holder_fields(case))
    for clean in files:
        _attach(case, clean, by_worker=True, keep_original=keep_originals, organisation=None)
    case.awaiting_reply = True
    _touch(case, "sealed_report", "awaiting_reply")
    _event(
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


def _max_files() -> int:
    from django.conf import settings

    return int(settings.KORGOO_UPLOAD_MAX_FILES)


@transaction.atomic
def case_attachment_add_by_staff(*, actor: Actor, case: Case, clean: CleanFile) -> Attachment:
    ensure_permission(actor, Perm.CASE_WORK)
    _get_owned(actor, case)
    attachment = _attach(case, clean, by_worker=False, keep_original=False, organisation=actor.organisation)
    _touch(case)
    _event(case, EventKind.FILE_ADDED, actor=actor)
    audit_record(actor=actor, action="case.file_added", object_type="case", object_id=case.pk)
    return attachment


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
    _touch(case, *fields)
    _event(
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
    _touch(case, "share_with", "withdrawn_at", "withdrawn_from")
    _event(case, EventKind.CONSENT_RESTORED, organisation=case.organisation, worker_visible=True)
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
    _touch(case, "status", "outcome", "closed_at", "awaiting_reply")
    _event(case, EventKind.WORKER_CLOSED, organisation=case.organisation, worker_visible=True)
    audit_record(
        actor=None,
        action="case.closed_by_worker",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
    )


def _erase_content(case: Case) -> None:
    """Crypto-shred: destroy the data key and the sealed content; only the case's shape remains."""
    _counts, files = case_contents_erase(case_ids=[case.pk])
    sealed_files_delete_on_commit(files)
    case.sealed_report = b""
    case.wrapped_key = b""
    case.content_erased = True


def case_contents_erase(*, case_ids: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """Crypto-shred these cases at once (a withdrawal of consent, or the end of their retention
    period): the wrapped data key and the sealed report go, so nothing sealed under that key can be
    opened again; message and note bodies are emptied; attachments, search tokens and agency links
    are deleted. Only the plain shape of each case stays (categories, place, dates, status, outcome).

    Set-based, for batches. Runs inside the caller's transaction and returns the counts of what it
    removed and the names of the sealed files the attachments used: the caller deletes those after
    commit (`sealed_files_delete_on_commit`), so a rollback never leaves rows naming missing files.
    """
    ids = list(case_ids)
    files: list[str] = []
    for stored, original in Attachment.objects.filter(case_id__in=ids).values_list(
        "storage_name", "original_storage_name"
    ):
        files.extend(name for name in (stored, original) if name)
    attachments, _deleted = Attachment.objects.filter(case_id__in=ids).delete()
    tokens, _deleted = CaseSearchToken.objects.filter(case_id__in=ids).delete()
    agency_links = agency_reports_forget(case_ids=ids)
    messages = CaseMessage.objects.filter(case_id__in=ids).exclude(sealed_body=b"").update(sealed_body=b"")
    notes = CaseNote.objects.filter(case_id__in=ids).exclude(sealed_body=b"").update(sealed_body=b"")
    erased = Case.objects.filter(pk__in=ids, content_erased=False).count()
    Case.objects.filter(pk__in=ids).update(
        sealed_report=b"", wrapped_key=b"", employer_digest="", content_erased=True, updated_at=timezone.now()
    )
    counts = {
        "case_contents": erased,
        "attachments": attachments,
        "sealed_files": len(files),
        "search_tokens": tokens,
        "agency_links": agency_links,
        "message_bodies": messages,
        "note_bodies": notes,
    }
    return counts, files


def cases_withdrawn_erase(*, case_ids: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """The end of the grace period after the worker withdrew consent from the organisation holding
    the case: its content is crypto-shredded (`case_contents_erase`) and an open case closes as
    withdrawn. The case stays hidden from every organisation; only its shape remains for statistics.

    Runs in the caller's transaction; the caller deletes the returned files after commit."""
    ids = list(case_ids)
    counts, files = case_contents_erase(case_ids=ids)
    now = timezone.now()
    Case.objects.filter(pk__in=ids).exclude(status=Status.CLOSED).update(
        status=Status.CLOSED, outcome=Outcome.WITHDRAWN, closed_at=now, awaiting_reply=False, updated_at=now
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(case_id=pk, kind=EventKind.WITHDRAWN_ERASED, at=now) for pk in ids
    )
    return counts, files


def cases_anonymise(*, case_ids: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """The end of a closed case's retention period: its content is crypto-shredded as on a
    withdrawal of consent (`case_contents_erase`), and the one plain column that describes the
    worker rather than what happened (the wish for a woman caseworker) is cleared. Categories,
    place, dates, status, outcome and money recovered stay for the statistics.

    Runs in the caller's transaction; the caller deletes the returned files after commit."""
    counts, files = case_contents_erase(case_ids=case_ids)
    Case.objects.filter(pk__in=list(case_ids), prefers_woman_caseworker=True).update(
        prefers_woman_caseworker=False
    )
    return counts, files


def sealed_files_delete_on_commit(names: Sequence[str]) -> None:
    """Delete these sealed files once the current transaction commits (at once outside one). A file
    whose deletion fails is left to the orphan sweep (`sweep_orphan_files`), since no row names it."""
    pending = list(names)
    if pending:
        transaction.on_commit(lambda: _delete_files(pending), robust=True)


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        delete_sealed(name)


# --- Coordinators' queue and routing rules -------------------------------------------------------


@transaction.atomic
def case_place_from_queue(*, actor: Actor, case: Case, organisation: Organisation) -> Case:
    """A coordinator places a queued case of their scope's country with an organisation of that
    country the worker consented to (a network coordinator, with any)."""
    ensure_permission(actor, Perm.QUEUE_PLACE)
    if case.organisation_id is not None or not in_coordination_scope(actor, case.country):
        raise NotFound()
    _ensure_routing_scope(actor, case.country, organisation)
    if organisation.kind not in case.share_with or not organisation.is_active:
        raise ApplicationError(
            "no_consent", _("The worker did not agree to share the report with this organisation.")
        )
    sealed.rewrap_for_holder(case, organisation.pk)
    case.organisation = organisation
    _touch(case, "organisation", "wrapped_key")
    CaseSearchToken.objects.filter(case=case).update(organisation=organisation)
    _event(
        case,
        EventKind.ROUTED,
        actor=actor,
        organisation=organisation,
        data={"organisation": str(organisation.pk)},
    )
    audit_record(
        actor=actor,
        action="case.placed",
        object_type="case",
        object_id=case.pk,
        details={"to": str(organisation.pk)},
    )
    case_attention_record(case_id=case.pk)
    return case


@transaction.atomic
def routing_rule_create(
    *,
    actor: Actor,
    organisation: Organisation,
    country: str,
    locality_id: int | None = None,
    category: str = "",
    priority: int = 100,
) -> RoutingRule:
    """A coordinator adds a rule within their scope (`korgoo.cases.permissions`): reports from
    their country, to an organisation of their country; a network coordinator anywhere. A rule names
    its city by gazetteer id (None: any city of the country). The organisation the rule sends
    reports to is told (`routing.changed`), and the change is audited."""
    ensure_permission(actor, Perm.ROUTING_MANAGE)
    if country not in Country.values or (category and category not in Category.values):
        raise ApplicationError(
            "invalid_rule", _("Choose a country and, if needed, a category from the list.")
        )
    _ensure_routing_scope(actor, country, organisation)
    if locality_id is not None:
        chosen = locality_get(locality_id)
        if chosen is None or chosen.country != country:
            message = _("Choose a city of the rule's country from the list.")
            raise ApplicationError("invalid_rule", message, {"city": [str(message)]})
    rule = RoutingRule(
        organisation=organisation,
        country=country,
        locality_id=locality_id,
        category=category,
        priority=priority,
    )
    rule.full_clean()
    rule.save()
    _routing_changed(actor, rule, "routing.rule_created")
    return rule


@transaction.atomic
def routing_rule_delete(*, actor: Actor, rule: RoutingRule) -> None:
    """A coordinator removes a rule of their scope; a rule outside it is NotFound to them."""
    ensure_permission(actor, Perm.ROUTING_MANAGE)
    if not in_coordination_scope(actor, rule.country, rule.organisation.country):
        raise NotFound()
    _routing_changed(actor, rule, "routing.rule_deleted")
    rule.delete()


class OutOfScope(ApplicationError):
    status = 403


def _ensure_routing_scope(actor: Actor, country: str, organisation: Organisation) -> None:
    if not in_coordination_scope(actor, country, organisation.country):
        raise OutOfScope(
            "out_of_scope",
            _(
                "You coordinate the network of %(country)s: a rule may send only reports from there, "
                "and only to organisations there. Rules across countries are kept by a network coordinator."
            )
            % {"country": Country(coordination_scope(actor) or "ZZ").label},
        )


def _routing_changed(actor: Actor, rule: RoutingRule, action: str) -> None:
    """Audit a change of routing with what the rule says, and tell the organisation it sends reports
    to (its administrators and coordinators, through the outbox)."""
    details = {
        "organisation": str(rule.organisation_id),
        "country": rule.country,
        "locality": rule.locality_id,
        "category": rule.category,
        "priority": rule.priority,
    }
    audit_record(
        actor=actor,
        action=action,
        object_type="routing_rule",
        object_id=rule.pk,
        organisation_id=rule.organisation_id,
        details=details,
    )
    if rule.organisation_id != actor.organisation_id:
        routing_change_record(rule_id=rule.pk, organisation_id=rule.organisation_id, action=action)


# --- Access for other organisations (used only by referrals) --------------------------------------


def _shared_fields(fields: Iterable[str]) -> list[str]:
    return sorted(set(fields) & set(SharedField.values))


def case_access_offer(
    *, case: Case, organisation: Organisation, fields: Iterable[str], referral_id: Any
) -> None:
    """Let an organisation preview the referred fields while it decides."""
    CaseAccess.objects.update_or_create(
        case=case,
        organisation=organisation,
        defaults={
            "level": CaseAccess.Level.OFFERED,
            "fields": _shared_fields(fields),
            "granted_at": timezone.now(),
            "referral_id": referral_id,
        },
    )


def case_access_transfer(
    *, case: Case, to_organisation: Organisation, fields: Iterable[str], referral_id: Any
) -> None:
    """The receiving organisation now holds the case (seeing only the referred fields); the one that
    passed it on follows the outcome."""
    previous = case.organisation
    now = timezone.now()
    CaseAccess.objects.update_or_create(
        case=case,
        organisation=to_organisation,
        defaults={
            "level": CaseAccess.Level.HOLDER,
            "fields": _shared_fields(fields),
            "granted_at": now,
            "referral_id": referral_id,
        },
    )
    if previous is not None:
        held_before = CaseAccess.objects.filter(
            case=case, organisation=previous, level=CaseAccess.Level.HOLDER
        ).first()
        CaseAccess.objects.update_or_create(
            case=case,
            organisation=previous,
            defaults={
                "level": CaseAccess.Level.FOLLOW,
                "fields": held_before.fields if held_before else sorted(SharedField.values),
                "granted_at": now,
                "referral_id": referral_id,
            },
        )
    sealed.rewrap_for_holder(case, to_organisation.pk)
    case.organisation = to_organisation
    case.assignee = None
    _touch(case, "organisation", "wrapped_key", "assignee")
    _reindex(case, fields)


def case_access_take_back(*, case: Case, from_organisation: Organisation, back_to: Organisation) -> None:
    """Undo a transfer: the case returns to `back_to`, and `from_organisation` loses it at once."""
    CaseAccess.objects.filter(case=case, organisation=from_organisation).delete()
    mine = CaseAccess.objects.filter(case=case, organisation=back_to).first()
    if mine is not None:
        if mine.level == CaseAccess.Level.FOLLOW and set(mine.fields) == set(SharedField.values):
            mine.delete()
        else:
            mine.level = CaseAccess.Level.HOLDER
            mine.save(update_fields=["level"])
    if case.organisation_id == from_organisation.pk:
        sealed.rewrap_for_holder(case, back_to.pk)
        case.organisation = back_to
        case.assignee = None
        _touch(case, "organisation", "wrapped_key", "assignee")
        restored = CaseAccess.objects.filter(case=case, organisation=back_to).first()
        _reindex(case, restored.fields if restored is not None else SharedField.values)


def _holder_fields(case: Case) -> list[str]:
    """The parts of the report the holding organisation may see (all, unless it got the case by referral)."""
    access = CaseAccess.objects.filter(case=case, organisation=case.organisation).first()
    return list(access.fields) if access is not None else list(SharedField.values)


def _reindex(case: Case, fields: Iterable[str]) -> None:
    """Rebuild the search tokens for the organisation now holding the case, from the fields it may see
    (a referral that did not pass the employer must not let the employer's name find the case)."""
    CaseSearchToken.objects.filter(case=case).delete()
    if not case.content_erased:
        _index(case, sealed.open_report(case), fields)


def case_access_remove(*, case: Case, organisation: Organisation) -> None:
    CaseAccess.objects.filter(case=case, organisation=organisation).delete()


def consent_allows(case: Case, organisation: Organisation) -> bool:
    """Whether the worker agreed to share with organisations of this kind (consulates asked apart)."""
    if organisation.kind in GOVERNMENT_KINDS:
        return OrganisationKind.EMBASSY in case.share_with or organisation.kind in case.share_with
    return organisation.kind in case.share_with


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
    return _event(
        case, kind, actor=actor, organisation=organisation, data=data, worker_visible=worker_visible
    )


@transaction.atomic
def case_read(*, actor: Actor, case_id: Any, purpose: str = "case.viewed") -> Any:
    """Open a case for reading and leave the audit row of the read in the same transaction."""
    from .selectors import case_get_for

    view = case_get_for(actor=actor, case_id=case_id)
    audit_record(
        actor=actor, action=purpose, object_type="case", object_id=view.case.pk, details={"level": view.level}
    )
    return view


def case_keys_rewrap(*, batch_size: int = 500) -> tuple[int, int]:
    """Re-wrap every case data key under the active root key (key rotation).

    Returns (re-wrapped, already current). Runs in batches, each in its own transaction, so it can
    be interrupted and started again; after it, the old root key can be removed.
    """
    from korgoo.core import crypto

    active = crypto.keyring().active_id
    rewrapped = current = 0
    last_pk = None
    while True:
        rows = Case.objects.exclude(wrapped_key=b"").order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows.only("pk", "organisation_id", "wrapped_key")[:batch_size])
        if not batch:
            return rewrapped, current
        with transaction.atomic():
            for case in batch:
                if crypto.wrapped_key_id(bytes(case.wrapped_key)) == active:
                    current += 1
                    continue
                sealed.rewrap_for_holder(case, case.organisation_id)
                Case.objects.filter(pk=case.pk).update(wrapped_key=case.wrapped_key)
                rewrapped += 1
            audit_record(actor=None, action="keys.rewrapped", details={"cases": len(batch), "key": active})
        last_pk = batch[-1].pk
