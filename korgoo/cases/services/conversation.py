"""Messages between the organisation holding a case and the worker, and the organisation's own
internal notes; every body is sealed under the case's data key."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.organisations.permissions import Perm

from .. import vault
from ..choices import (
    EventKind,
    Status,
)
from ..models import (
    Case,
    CaseMessage,
    CaseNote,
)
from ..notifications import case_attention_record, worker_message_record
from ..permissions import case_for_work
from ..rules import (
    clean_text,
    ensure_open,
    ensure_worker_may_write,
)
from .timeline import event, touch


@transaction.atomic
def case_note_add(*, actor: Actor, case: Case, body: str) -> CaseNote:
    """An internal note; only the writing organisation ever reads it."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_WORK)
    text = clean_text(body, "empty_note")
    note = CaseNote(
        case=case, organisation=actor.organisation, author=actor.membership, created_at=timezone.now()
    )
    note.sealed_body = vault.seal_body(case, "note", note.pk, text)
    note.save(force_insert=True)
    touch(case)
    event(case, EventKind.NOTE_ADDED, actor=actor)
    audit_record(actor=actor, action="case.note_added", object_type="case", object_id=case.pk)
    return note


@transaction.atomic
def case_message_to_worker(*, actor: Actor, case: Case, body: str) -> CaseMessage:
    """A message the worker reads on their tracking page. The first one counts as the first response."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_WORK)
    ensure_open(case)
    text = clean_text(body, "empty_message")
    now = timezone.now()
    message = CaseMessage(
        case=case,
        sender=CaseMessage.Sender.ORGANISATION,
        organisation=actor.organisation,
        author=actor.membership,
        sent_at=now,
    )
    message.sealed_body = vault.seal_body(case, "message", message.pk, text)
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
    touch(case, *fields)
    if started:  # the first answer starts the work: the worker sees the status change too
        event(
            case,
            EventKind.STATUS_CHANGED,
            actor=actor,
            data={"from": Status.NEW, "to": Status.IN_PROGRESS},
            worker_visible=True,
        )
    event(case, EventKind.MESSAGE_TO_WORKER, actor=actor)
    audit_record(actor=actor, action="case.message_sent", object_type="case", object_id=case.pk)
    worker_message_record(case_id=case.pk, message_id=message.pk)
    return message


@transaction.atomic
def case_message_from_worker(*, case: Case, body: str) -> CaseMessage:
    """The worker writes to whoever holds the case (called by intake after the receipt check)."""
    if case.content_erased:
        raise NotFound()
    ensure_worker_may_write(case)
    text = clean_text(body, "empty_message")
    message = CaseMessage(case=case, sender=CaseMessage.Sender.WORKER, sent_at=timezone.now())
    message.sealed_body = vault.seal_body(case, "message", message.pk, text)
    message.save(force_insert=True)
    case.awaiting_reply = True
    touch(case, "awaiting_reply")
    event(case, EventKind.MESSAGE_FROM_WORKER, organisation=case.organisation)
    audit_record(
        actor=None,
        action="case.worker_message",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
    )
    case_attention_record(case_id=case.pk)
    return message
