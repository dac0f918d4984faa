"""Blind search tokens for a case's sealed content: what the organisation holding the case may
find it by, rebuilt whenever the holder or the fields it may see change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from korgoo.core.inserts import Values, insert_together

from .. import vault
from ..choices import (
    SharedField,
)
from ..models import (
    Case,
    CaseAccess,
    CaseSearchToken,
)
from ..search import tokens_for_text

SEARCHABLE: dict[str, str] = {SharedField.DESCRIPTION: "description", SharedField.EMPLOYER: "employer_name"}


def index_content(case: Case, content: dict[str, Any], fields: Iterable[str] = tuple(SEARCHABLE)) -> None:
    """Blind search tokens for the words of the given fields of the case's content."""
    insert_together(content_tokens(case, content, fields))


_TOKEN_FIELDS = ("case_id", "organisation_id", "token")


def content_tokens(case: Case, content: dict[str, Any], fields: Iterable[str] = tuple(SEARCHABLE)) -> Values:
    """The rows `index_content` writes, as plain values (some twenty a report: no model instance for
    each), written ignoring conflicts: a token is kept once."""
    text = " ".join(str(content.get(SEARCHABLE[f], "")) for f in fields if f in SEARCHABLE)
    case_id, organisation_id = case.pk, case.organisation_id
    return Values(
        CaseSearchToken,
        _TOKEN_FIELDS,
        [(case_id, organisation_id, t) for t in tokens_for_text(text)],
        ignore_conflicts=True,
    )


def holder_fields(case: Case) -> list[str]:
    """The parts of the report the holding organisation may see (all, unless it got the case by referral)."""
    access = CaseAccess.objects.filter(case=case, organisation=case.organisation).first()
    return list(access.fields) if access is not None else list(SharedField.values)


def reindex(case: Case, fields: Iterable[str]) -> None:
    """Rebuild the search tokens for the organisation now holding the case, from the fields it may see
    (a referral that did not pass the employer must not let the employer's name find the case)."""
    CaseSearchToken.objects.filter(case=case).delete()
    if not case.content_erased:
        index_content(case, vault.open_report(case), fields)
