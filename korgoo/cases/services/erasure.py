"""Crypto-shredding: destroying a case's data key and sealed content when consent is withdrawn for
good or the retention period ends, so only the plain shape of the case stays for statistics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from korgoo.agencies.services import agency_reports_forget

from ..choices import (
    EventKind,
    Outcome,
    Status,
)
from ..models import (
    Attachment,
    Case,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseSearchToken,
)


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
        sealed_report=b"",
        wrapped_key=b"",
        employer_digest="",
        content_erased=True,
        updated_at=timezone.now(),
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
