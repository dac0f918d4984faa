"""Reads of referrals: an organisation sees the referrals it made and those made to it, nothing else."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.core.actor import Actor
from korgoo.core.crypto import DecryptionError
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id
from korgoo.organisations.permissions import Perm

from .models import Referral


def referral_list_for(*, actor: Actor, case_id: Any = None) -> QuerySet[Referral]:
    if actor.organisation is None or not actor.has(Perm.CASE_VIEW):
        return Referral.objects.none()
    rows = (
        Referral.objects.filter(
            Q(from_organisation=actor.organisation) | Q(to_organisation=actor.organisation)
        )
        .filter(case__withdrawn_at__isnull=True)  # hidden by the worker from every organisation
        .select_related("from_organisation", "to_organisation")
    )
    if case_id is not None:
        rows = rows.filter(case_id=parse_id(case_id))
    return rows.order_by("-created_at")


def referral_get_for(*, actor: Actor, referral_id: Any) -> Referral:
    referral = referral_list_for(actor=actor).filter(pk=parse_id(referral_id)).first()
    if referral is None:
        raise NotFound()
    return referral


def referral_note(*, case: Case, referral: Referral) -> str:
    """The note that came with a referral, opened by the case vault for a page that already showed
    the case to its reader ("" when the case's key no longer opens it)."""
    try:
        return vault.open_body(case, "referral", referral.pk, bytes(referral.sealed_note))
    except DecryptionError:
        return ""
