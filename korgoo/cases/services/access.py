"""Access for other organisations, used only by referrals: a preview while they decide, the case
handed over, taken back or removed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from korgoo.organisations.models import Organisation

from .. import vault
from ..choices import (
    SharedField,
)
from ..models import (
    Case,
    CaseAccess,
)
from ..rules import (
    shared_fields,
)
from .indexing import reindex
from .timeline import touch


def case_access_offer(
    *, case: Case, organisation: Organisation, fields: Iterable[str], referral_id: Any
) -> None:
    """Let an organisation preview the referred fields while it decides."""
    CaseAccess.objects.update_or_create(
        case=case,
        organisation=organisation,
        defaults={
            "level": CaseAccess.Level.OFFERED,
            "fields": shared_fields(fields),
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
            "fields": shared_fields(fields),
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
    vault.rewrap_for_holder(case, to_organisation.pk)
    case.organisation = to_organisation
    case.assignee = None
    touch(case, "organisation", "wrapped_key", "assignee")
    reindex(case, fields)


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
        vault.rewrap_for_holder(case, back_to.pk)
        case.organisation = back_to
        case.assignee = None
        touch(case, "organisation", "wrapped_key", "assignee")
        restored = CaseAccess.objects.filter(case=case, organisation=back_to).first()
        reindex(case, restored.fields if restored is not None else SharedField.values)


def case_access_remove(*, case: Case, organisation: Organisation) -> None:
    CaseAccess.objects.filter(case=case, organisation=organisation).delete()
