"""What triage reads in a worker's text, kept with the case as suggestions.

Every report becomes a case through `services.case_open_from_report`, and that is where the text is
read (`korgoo.triage`): categories the text names and the worker did not tick become suggestions a
caseworker accepts with one click; urgency the text shows makes the case urgent at once, marked as
suggested from the text, until a caseworker confirms or lowers it. The machine only adds: it never
removes a ticked category nor lowers what the worker said. The words behind each suggestion are the
worker's own, so they are sealed with the report (`triage_words`), never stored in the clear.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from korgoo.core.actor import Actor
from korgoo.triage.engine import triage_text, variety

from .choices import URGENT_CATEGORIES, Category, EventKind, SuggestionState
from .models import Case, CaseEvent, CaseSuggestion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """What the text adds to what the worker ticked."""

    categories: tuple[str, ...] = ()  # suggested, not ticked
    urgent: bool = False  # the text is urgent and the ticked boxes are not
    words: dict[str, list[str]] = field(default_factory=dict)  # subject → the worker's words
    variety: str = ""

    @property
    def subjects(self) -> list[str]:
        return [*self.categories, *([CaseSuggestion.URGENT] if self.urgent else [])]


def report_text_read(*, description: str, ticked: Sequence[str]) -> Reading:
    """Read a report's text against the boxes the worker ticked. A failure of triage never costs the
    worker the report: it is logged (without the text) and the case opens as ticked."""
    try:
        result = triage_text(description)
        kind = variety(description)
    except Exception as exc:  # the report must go through whatever happens to triage
        logger.error("triage of a report failed: %s", type(exc).__name__)
        return Reading()
    ticked_urgent = bool(URGENT_CATEGORIES.intersection(ticked))
    categories = tuple(c for c in result.categories if c not in ticked and c != Category.OTHER)
    urgent = result.urgent and not ticked_urgent
    subjects = [*categories, *([CaseSuggestion.URGENT] if urgent else [])]
    words = {s: list(result.words_for(s)) for s in subjects if result.words_for(s)}
    return Reading(categories=categories, urgent=urgent, words=words, variety=kind)


def suggestion_rows(
    *, case: Case, reading: Reading, at: dt.datetime
) -> tuple[list[CaseSuggestion], CaseEvent | None]:
    """The rows that store the suggestions of a case just opened: the suggestions, and their timeline
    line (codes only; None when the text suggests nothing). Written with the case's other rows."""
    if not reading.subjects:
        return [], None
    rows = [
        CaseSuggestion(case=case, subject=s, variety=reading.variety, suggested_at=at)
        for s in reading.subjects
    ]
    line = CaseEvent(
        case=case,
        kind=EventKind.TRIAGE_SUGGESTED,
        data={"categories": list(reading.categories), "urgent": reading.urgent},
        at=at,
    )
    return rows, line


def suggestions_settle(
    *, case: Case, actor: Actor, chosen: Iterable[str], urgent: bool, at: dt.datetime
) -> None:
    """A caseworker's own triage decides what is still pending: a suggested category they chose is
    accepted, one they left out was changed; suggested urgency they kept is accepted, else rejected."""
    chosen = set(chosen)
    for suggestion in CaseSuggestion.objects.filter(case=case, state=SuggestionState.PENDING):
        if suggestion.is_urgency:
            state = SuggestionState.ACCEPTED if urgent else SuggestionState.REJECTED
        else:
            state = SuggestionState.ACCEPTED if suggestion.subject in chosen else SuggestionState.CHANGED
        suggestion.state = state
        suggestion.decided_at = at
        suggestion.decided_by = actor.membership
        suggestion.save(update_fields=["state", "decided_at", "decided_by"])


def suggestions_of(case: Case) -> list[CaseSuggestion]:
    """The case's suggestions, urgency first, then categories in the order of the category list."""
    order = {c: i for i, c in enumerate(Category.values)}
    return sorted(case.suggestions.all(), key=lambda s: (not s.is_urgency, order.get(s.subject, 99)))
