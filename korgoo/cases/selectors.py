"""Every actor-dependent read of cases. The only place that decides which organisation sees what.

An organisation sees a case when it holds it, or through a `CaseAccess` row that a referral created;
coordinators also see the shape (never the content) of cases waiting in the queue. Anything else is
`NotFound`, exactly like a case that does not exist. Within a visible case, the fields shown depend on
the access (a referral passes only some fields) and on the role (identity and the sensitive narrative
are separate grants).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.gazetteer import COUNTRIES, locality_match
from korgoo.core.ids import parse_id
from korgoo.organisations.permissions import Perm

from . import vault
from .choices import OPEN_STATUSES, Category, EventKind, SharedField, Status
from .models import (
    Attachment,
    Case,
    CaseAccess,
    CaseCategory,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseSearchToken,
    RoutingRule,
)
from .permissions import coordination_scope, holds_case, in_coordination_scope
from .search import tokens_for_query

ALL_FIELDS = frozenset(SharedField.values)


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox (and its export) is narrowed to. A status or category the inbox does not know
    is refused when the filters are made, never dropped: dropped, it would widen the answer (an
    export of "Closed" cases would send out every case)."""

    status: str = ""
    category: str = ""
    urgent: bool | None = None
    assignee: int | None = None
    unassigned: bool = False
    overdue: bool = False
    q: str = ""

    def __post_init__(self) -> None:
        if self.status not in ("", "open", *Status.values):
            raise ValueError(f"Unknown status filter {self.status!r}.")
        if self.category not in ("", *Category.values):
            raise ValueError(f"Unknown category filter {self.category!r}.")


def _uuid_prefix_range(prefix: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    hexpart = prefix.replace("-", "").lower()
    if not 4 <= len(hexpart) <= 32 or any(c not in "0123456789abcdef" for c in hexpart):
        return None
    return uuid.UUID(hexpart.ljust(32, "0")), uuid.UUID(hexpart.ljust(32, "f"))


def case_list_for(*, actor: Actor, filters: InboxFilters | None = None) -> QuerySet[Case]:
    """The inbox: cases the actor's organisation holds, urgent first, then most recently active.

    Search matches a case reference (the first characters of its id) or words of the worker's
    description and employer, through blind tokens.
    """
    if actor.organisation is None or not actor.has(Perm.CASE_VIEW):
        return Case.objects.none()
    f = filters or InboxFilters()
    cases = Case.objects.filter(organisation=actor.organisation, withdrawn_at__isnull=True)
    if f.status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif f.status in Status.values:
        cases = cases.filter(status=f.status)
    if f.category:
        cases = cases.filter(pk__in=CaseCategory.objects.filter(category=f.category).values("case_id"))
    if f.urgent is not None:
        cases = cases.filter(urgent=f.urgent)
    if f.unassigned:
        cases = cases.filter(assignee__isnull=True)
    elif f.assignee:
        cases = cases.filter(assignee_id=f.assignee)
    if f.overdue:
        cases = cases.filter(due_on__lt=timezone.localdate(), status__in=OPEN_STATUSES)
    if f.q.strip():
        cases = cases.filter(_search_condition(actor, f.q))
    return _with_list_relations(cases).order_by("-urgent", "-last_activity_at")


def _search_condition(actor: Actor, query: str) -> Q:
    condition = Q(pk__in=[])
    ref = _uuid_prefix_range(query.strip())
    if ref is not None:
        condition |= Q(pk__gte=ref[0], pk__lte=ref[1])
    tokens = tokens_for_query(query)
    if tokens and actor.has(Perm.CASE_VIEW_SENSITIVE):
        matched = None
        for token in tokens:
            ids = CaseSearchToken.objects.filter(organisation=actor.organisation, token=token).values(
                "case_id"
            )
            matched = Q(pk__in=ids) if matched is None else matched & Q(pk__in=ids)
        if matched is not None:
            condition |= matched
    # A city, written any way the gazetteer knows: the cases of that city.
    cities = {locality_match(query, country) for country in COUNTRIES} - {None}
    if cities:
        condition |= Q(locality_id__in=cities)
    return condition


# What one inbox line shows. The inbox reads these columns as plain rows: no sealed report, no model
# instances, and the categories of the page in one more query (see `inbox_categories`).
INBOX_COLUMNS = (
    "id",
    "urgent",
    "awaiting_reply",
    "status",
    "country",
    "locality_id",
    "due_on",
    "last_activity_at",
    "assignee__user__full_name",
    "assignee__user__username",
)


def case_inbox_for(*, actor: Actor, filters: InboxFilters | None = None) -> QuerySet[Any]:
    """`case_list_for` as plain rows with `INBOX_COLUMNS`, same filters, same order."""
    rows: QuerySet[Any] = (
        case_list_for(actor=actor, filters=filters)
        .select_related(None)
        .prefetch_related(None)
        .values(*INBOX_COLUMNS)
    )
    return rows


def inbox_categories(case_ids: list[Any]) -> dict[Any, list[str]]:
    """The categories of these cases, in one query."""
    found: dict[Any, list[str]] = {case_id: [] for case_id in case_ids}
    rows = CaseCategory.objects.filter(case_id__in=case_ids).order_by("category")
    for case_id, category in rows.values_list("case_id", "category"):
        found[case_id].append(category)
    return found


def _with_list_relations(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("assignee__user", "organisation").prefetch_related(
        Prefetch("categories", queryset=CaseCategory.objects.order_by("category"))
    )


def case_queue_for(*, actor: Actor) -> QuerySet[Case]:
    """Reports no rule placed, for coordinators to place: those of their scope's country (a network
    coordinator's: all); shape only, never content."""
    if not actor.has(Perm.QUEUE_VIEW):
        return Case.objects.none()
    cases = Case.objects.filter(
        organisation__isnull=True, status__in=OPEN_STATUSES, withdrawn_at__isnull=True
    )
    scope = coordination_scope(actor)
    if scope is not None:
        cases = cases.filter(country=scope)
    return _with_list_relations(cases).order_by("-urgent", "created_at")


def routing_rules_for(*, actor: Actor) -> list[RoutingRule]:
    """Every routing rule, in reading order, each with whether the actor may change it (its scope);
    coordinators see the whole network's rules so that nothing routes in the dark."""
    if not actor.has(Perm.ROUTING_MANAGE):
        return []
    rules = sorted(
        RoutingRule.objects.select_related("organisation"),
        key=lambda r: (r.country, r.locality_id is None, r.city_name, r.category, r.priority, r.pk),
    )
    for rule in rules:
        rule.editable = in_coordination_scope(actor, rule.country, rule.organisation.country)  # type: ignore[attr-defined]
    return rules


def routing_rules_to(*, actor: Actor) -> QuerySet[RoutingRule]:
    """The rules that send reports to the actor's own organisation (every member may see them)."""
    if actor.organisation is None:
        return RoutingRule.objects.none()
    return RoutingRule.objects.filter(organisation=actor.organisation).order_by(
        "country", "locality_id", "category"
    )


def case_offers_for(*, actor: Actor) -> QuerySet[CaseAccess]:
    """Cases other organisations offered to the actor's organisation, waiting for an answer."""
    if actor.organisation is None or not actor.has(Perm.CASE_VIEW):
        return CaseAccess.objects.none()
    return (
        CaseAccess.objects.filter(
            organisation=actor.organisation, level=CaseAccess.Level.OFFERED, case__withdrawn_at__isnull=True
        )
        .select_related("case")
        .prefetch_related(Prefetch("case__categories", queryset=CaseCategory.objects.order_by("category")))
        .order_by("-granted_at")
    )


def case_followed_by(*, actor: Actor) -> QuerySet[CaseAccess]:
    """Cases the actor's organisation passed on and follows."""
    if actor.organisation is None or not actor.has(Perm.CASE_VIEW):
        return CaseAccess.objects.none()
    return (
        CaseAccess.objects.filter(
            organisation=actor.organisation, level=CaseAccess.Level.FOLLOW, case__withdrawn_at__isnull=True
        )
        .select_related("case", "case__organisation")
        .order_by("-granted_at")
    )


@dataclass
class CaseView:
    """A case as one actor may see it."""

    case: Case
    level: str  # owner, holder, offered, follow, queue
    fields: frozenset[str]
    can_work: bool
    report: dict[str, Any] = field(default_factory=dict)
    granted_at: dt.datetime | None = None
    sensitive: bool = False
    triage_words: dict[str, list[str]] = field(default_factory=dict)  # sealed with the description

    def sees(self, shared_field: str) -> bool:
        return shared_field in self.fields

    @property
    def is_holder(self) -> bool:
        return self.level in ("owner", "holder")


def _role_fields(actor: Actor, fields: frozenset[str]) -> frozenset[str]:
    allowed = set(fields)
    if not actor.has(Perm.CASE_VIEW_SENSITIVE):
        allowed -= {
            SharedField.DESCRIPTION,
            SharedField.EMPLOYER,
            SharedField.ATTACHMENTS,
            SharedField.MESSAGES,
        }
    if not actor.has(Perm.CASE_VIEW_IDENTITY):
        allowed -= {SharedField.CONTACT}
    return frozenset(allowed)


def _visible_report(content: dict[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    report: dict[str, Any] = {}
    if SharedField.DESCRIPTION in fields:
        report["description"] = content.get("description", "")
        report["happened_on"] = content.get("happened_on", "")
        report["city"] = content.get("city", "")  # as the worker typed it
    if SharedField.EMPLOYER in fields:
        report["employer_name"] = content.get("employer_name", "")
    if SharedField.CONTACT in fields:
        report["full_name"] = content.get("full_name", "")
        report["contact_channel"] = content.get("contact_channel", "")
        report["contact_value"] = content.get("contact_value", "")
    return report


def case_get_for(*, actor: Actor, case_id: Any) -> CaseView:
    """One case as the actor may see it, or NotFound (missing and not-yours look the same). A case
    the worker hid by withdrawing consent is missing for every organisation."""
    if not actor.has(Perm.CASE_VIEW):
        raise NotFound()
    case = (
        Case.objects.select_related("organisation", "assignee__user")
        .prefetch_related(Prefetch("categories", queryset=CaseCategory.objects.order_by("category")))
        .filter(pk=parse_id(case_id), withdrawn_at__isnull=True)
        .first()
    )
    if case is None:
        raise NotFound()
    access = None
    if actor.organisation is not None:
        access = CaseAccess.objects.filter(case=case, organisation=actor.organisation).first()
    if holds_case(actor, case):
        level = "holder" if access is not None and access.level == CaseAccess.Level.HOLDER else "owner"
        fields = frozenset(access.fields) if level == "holder" and access else ALL_FIELDS
        view = CaseView(case=case, level=level, fields=fields, can_work=actor.has(Perm.CASE_WORK))
    elif access is not None and access.level in (CaseAccess.Level.OFFERED, CaseAccess.Level.FOLLOW):
        fields = frozenset(access.fields) if access.level == CaseAccess.Level.OFFERED else frozenset()
        view = CaseView(case=case, level=str(access.level), fields=fields, can_work=False)
    elif (
        case.organisation_id is None
        and actor.has(Perm.QUEUE_VIEW)
        and in_coordination_scope(actor, case.country)
    ):
        view = CaseView(case=case, level="queue", fields=frozenset(), can_work=False)
    else:
        raise NotFound()
    view.fields = _role_fields(actor, view.fields)
    view.sensitive = actor.has(Perm.CASE_VIEW_SENSITIVE) and view.level in ("owner", "holder", "offered")
    view.granted_at = access.granted_at if access is not None else None
    if view.fields and not case.content_erased:
        content = vault.open_report(case)
        view.report = _visible_report(content, view.fields)
        if SharedField.DESCRIPTION in view.fields:
            view.triage_words = content.get("triage_words", {})  # the words behind the suggestions
    return view


@dataclass(frozen=True)
class Line:
    """A message or note with its opened body."""

    id: Any
    body: str
    at: dt.datetime
    sender: str = ""
    author: str = ""
    organisation_name: str = ""
    organisation_kind: str = ""


def _since(view: CaseView, shared_field: str) -> dt.datetime | bool | None:
    """Which lines of a kind (messages, files) the view shows: all (None), those since the referral
    (a datetime), or none (False)."""
    if not view.sensitive:
        return False
    if view.level == "owner" or shared_field in view.fields:
        return None
    if view.level == "holder" and view.granted_at is not None:
        return view.granted_at
    return False


def case_messages_for(*, view: CaseView) -> list[Line]:
    """Messages with the worker. A holder through a referral that did not pass earlier messages sees
    only those written since it received the case."""
    since = _since(view, SharedField.MESSAGES)
    if since is False:
        return []
    case = view.case
    messages = CaseMessage.objects.filter(case=case).select_related("author__user").order_by("sent_at")
    if since is not None:
        messages = messages.filter(sent_at__gte=since)
    return [
        Line(
            id=m.pk,
            body=vault.open_body(case, "message", m.pk, m.sealed_body),
            at=m.sent_at,
            sender=m.sender,
            author=m.author.user.get_full_name() if m.author else "",
        )
        for m in messages
    ]


def case_notes_for(*, actor: Actor, view: CaseView) -> list[Line]:
    """Internal notes of the actor's own organisation only."""
    if not view.is_holder or not view.sensitive:
        return []
    notes = (
        CaseNote.objects.filter(case=view.case, organisation=actor.organisation)
        .select_related("author__user")
        .order_by("created_at")
    )
    return [
        Line(
            id=n.pk,
            body=vault.open_body(view.case, "note", n.pk, n.sealed_body),
            at=n.created_at,
            author=n.author.user.get_full_name() if n.author else "",
        )
        for n in notes
    ]


def case_events_for(*, view: CaseView) -> list[CaseEvent]:
    """The case's timeline, oldest first, with who and which organisation (one query)."""
    return list(
        CaseEvent.objects.filter(case=view.case)
        .select_related("organisation", "actor__user")
        .order_by("at", "pk")
    )


CHANNEL_EVENTS = (EventKind.CHANNEL_RECEIVED, EventKind.CHANNEL_LINKED, EventKind.CHANNEL_UNLINKED)


def channels_in(events: Iterable[tuple[str, Any]]) -> tuple[str, list[str]]:
    """Where the report came from (a messenger's name, "" for the site) and the messengers with a
    chat the worker linked to the report now, from the (kind, data) pairs of the case's timeline,
    oldest first: the channels app records them there (cases knows no channel), and the case page
    reads the timeline once for both. Names only, never a chat."""
    origin = ""
    linked: dict[str, int] = {}
    for kind, data in events:
        if kind not in CHANNEL_EVENTS:
            continue
        provider = str((data or {}).get("provider", ""))
        if kind == EventKind.CHANNEL_RECEIVED:
            origin = provider
        else:
            linked[provider] = linked.get(provider, 0) + (1 if kind == EventKind.CHANNEL_LINKED else -1)
    return origin, sorted(name for name, count in linked.items() if count > 0)


@dataclass(frozen=True)
class AttachmentLine:
    """A file as the case page lists it. ``downloadable`` is false while the file waits for its
    virus check or is held back; ``scan_status`` and ``scan_signature`` say why, for staff only."""

    id: Any
    filename: str
    content_type: str
    size: int
    added_at: dt.datetime
    added_by_worker: bool
    has_original: bool
    scan_status: str = ""
    scan_signature: str = ""
    scanned_at: dt.datetime | None = None
    downloadable: bool = False


def case_attachments_for(*, view: CaseView) -> list[AttachmentLine]:
    since = _since(view, SharedField.ATTACHMENTS)
    if since is False:
        return []
    case = view.case
    rows = Attachment.objects.filter(case=case).order_by("added_at")
    if since is not None:
        rows = rows.filter(added_at__gte=since)
    return [
        AttachmentLine(
            id=a.pk,
            filename=vault.open_body(case, "filename", a.pk, a.sealed_filename),
            content_type=a.content_type,
            size=a.size,
            added_at=a.added_at,
            added_by_worker=a.added_by_worker,
            has_original=bool(a.original_storage_name),
            scan_status=a.scan_status,
            scan_signature=a.scan_signature,
            scanned_at=a.scanned_at,
            downloadable=a.downloadable,
        )
        for a in rows
    ]


def attachment_row_for(*, view: CaseView, attachment_id: Any) -> Attachment:
    """A file of a case as the view lists it (whatever its virus check says); NotFound otherwise."""
    since = _since(view, SharedField.ATTACHMENTS)
    if since is False:
        raise NotFound()
    rows = Attachment.objects.filter(case=view.case)
    if since is not None:
        rows = rows.filter(added_at__gte=since)
    attachment = rows.filter(pk=parse_id(attachment_id)).first()
    if attachment is None:
        raise NotFound()
    return attachment


def attachment_get_for(
    *, actor: Actor, case_id: Any, attachment_id: Any, original: bool = False
) -> tuple[Attachment, bytes, str]:
    """The decrypted bytes of a file of a visible case, with its display name; NotFound otherwise,
    and NotFound too for a file not yet found clean by the virus check: the content of a held-back
    file is served to nobody."""
    view = case_get_for(actor=actor, case_id=case_id)
    attachment = attachment_row_for(view=view, attachment_id=attachment_id)
    if not attachment.downloadable:
        raise NotFound()
    if original:
        if not attachment.original_storage_name or not actor.has(Perm.FILE_VIEW_ORIGINAL):
            raise NotFound()
        data = vault.open_file(view.case, "original", attachment.pk, attachment.original_storage_name)
    else:
        data = vault.open_file(view.case, "file", attachment.pk, attachment.storage_name)
    filename = vault.open_body(view.case, "filename", attachment.pk, attachment.sealed_filename)
    return attachment, data, filename


# --- The worker's view: status, plain events and the conversation, nothing they submitted ----------


@dataclass(frozen=True)
class WorkerView:
    status: str
    outcome: str
    money_recovered: Any
    money_currency: str
    documents_returned: bool
    events: list[CaseEvent]
    messages: list[Line]
    share_with: list[str]
    is_open: bool
    content_erased: bool
    closed_at: dt.datetime | None = None
    may_write: bool = False
    write_until: dt.datetime | None = None
    holder_name: str = ""  # the organisation holding the case ("" while a coordinator places it)
    holder_kind: str = ""
    withdrawn_at: dt.datetime | None = None  # hidden from every organisation by the worker
    erased_on: dt.date | None = None  # ... and erased on this day unless the worker undoes it


def case_worker_view(*, case: Case) -> WorkerView:
    """What the receipt shows. Never the description, employer, name or contact the worker gave, so
    someone who forces the worker to open it learns nothing new."""
    events = list(CaseEvent.objects.filter(case=case, worker_visible=True).order_by("at", "pk"))
    messages: list[Line] = []
    if not case.content_erased:
        messages = [
            Line(
                id=m.pk,
                body=vault.open_body(case, "message", m.pk, m.sealed_body),
                at=m.sent_at,
                sender=m.sender,
                # Signed with the organisation, so the worker knows who wrote (never the person).
                organisation_name=m.organisation.name if m.organisation else "",
                organisation_kind=m.organisation.kind if m.organisation else "",
            )
            for m in CaseMessage.objects.filter(case=case).select_related("organisation").order_by("sent_at")
        ]
    days = settings.KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING
    return WorkerView(
        status=case.status,
        outcome=case.outcome,
        money_recovered=case.money_recovered,
        money_currency=case.money_currency,
        documents_returned=case.documents_returned,
        events=events,
        messages=messages,
        share_with=list(case.share_with),
        is_open=case.is_open,
        content_erased=case.content_erased,
        closed_at=case.closed_at,
        may_write=not case.content_erased
        and not case.is_withdrawn
        and case.worker_may_write(timezone.now(), days=days),
        write_until=case.worker_write_until(days=days),
        holder_name=case.organisation.name if case.organisation else "",
        holder_kind=case.organisation.kind if case.organisation else "",
        withdrawn_at=case.withdrawn_at,
        erased_on=(
            (case.withdrawn_at + dt.timedelta(days=settings.KORGOO_WITHDRAWAL_GRACE_DAYS)).date()
            if case.withdrawn_at and not case.content_erased
            else None
        ),
    )
