"""Opening a case from a worker's report: sealed under a new data key, placed by the routing rules
or queued for coordinators, read for suggestions, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from korgoo.agencies.services import agency_report_link
from korgoo.audit.services import audit_parts
from korgoo.core.gazetteer import locality_match
from korgoo.core.inserts import Rows, insert_together

from .. import suggestions, vault
from ..choices import (
    URGENT_CATEGORIES,
    Category,
    EventKind,
)
from ..files import CleanFile
from ..models import (
    Case,
    CaseCategory,
    CaseEvent,
)
from ..notifications import case_attention_message
from ..routing import route
from ..rules import (
    FIRST_RESPONSE_DAYS,
    NewReport,
    validate_report,
)
from .attachments import attach
from .indexing import content_tokens


# No savepoint inside a caller's transaction (intake's): a failure here fails the whole of it anyway.
@transaction.atomic(savepoint=False)
def case_open_from_report(
    *,
    report: NewReport,
    files: Sequence[CleanFile] = (),
    keep_originals: bool = False,
    with_rows: Callable[[Case], Sequence[Rows | Sequence[Model]]] | None = None,
) -> Case:
    """Turn a worker's report into a case, placed by the routing rules or queued for coordinators.

    The report's content is sealed under a new data key; urgent categories make the case urgent and
    due within a day. Consent to embassies and consulates is only what the worker gave for them.
    The text is read (`suggestions`): what it shows beyond the ticked boxes is kept as suggestions,
    and urgency it shows makes the case urgent at once.

    `with_rows` gives the caller's own rows that name the new case (intake's receipt digest), to be
    written in the same statement as the case's.
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
    vault.new_case_key(case)
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
    vault.seal_report(case, content)
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
    suggested, suggested_line = suggestions.suggestion_rows(case=case, reading=reading, at=now)
    audited = audit_parts(
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
    # The case and everything that comes with it, its audit row and the caller's rows too, in one
    # statement (`korgoo.core.inserts`; one bulk INSERT per table on SQLite).
    insert_together(
        [case],
        [CaseCategory(case=case, category=c) for c in categories],
        content_tokens(case, content),
        [
            CaseEvent(case=case, kind=EventKind.OPENED, worker_visible=True, data={"urgent": urgent}, at=now),
            placed,
            *([suggested_line] if suggested_line is not None else []),
        ],
        suggested,
        Rows(
            [case_attention_message(case_id=case.pk, holder_id=case.organisation_id)], ignore_conflicts=True
        ),
        *audited,
        *(with_rows(case) if with_rows is not None else ()),
    )
    if Category.INTERMEDIARY_FRAUD in categories and report.employer_name.strip():
        # Reports against a recruitment agency count for the agency registry (name and case id only).
        agency_report_link(
            case_id=case.pk, agency_name_as_typed=report.employer_name, reported_on=case.reported_on
        )
    for clean in files:
        attach(case, clean, by_worker=True, keep_original=keep_originals, organisation=None)
    return case
