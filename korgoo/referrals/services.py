"""Offering a case to another organisation, and answering or revoking the offer.

A referral goes only to an organisation of a kind the worker consented to (consulates only with the
worker's separate consent). Every step leaves a line on the case's timeline, a line the worker sees,
and an audit row in both organisations' chains.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.cases import services as case_services
from korgoo.cases import vault
from korgoo.cases.choices import EventKind, SharedField
from korgoo.cases.models import Case
from korgoo.cases.notifications import case_attention_record
from korgoo.cases.permissions import case_for_work
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, Conflict, NotFound
from korgoo.organisations.models import Organisation
from korgoo.organisations.permissions import Perm, ensure_permission

from .models import Referral

MAX_NOTE = 2000


@transaction.atomic
def referral_offer(
    *, actor: Actor, case: Case, to_organisation: Organisation, fields: Iterable[str], note: str = ""
) -> Referral:
    """The organisation holding a case offers it to another one the worker consented to."""
    case = case_for_work(actor=actor, case=case, perm=Perm.REFERRAL_MAKE, lock=True)
    if not case.is_open:
        raise Conflict("case_closed", _("This case is closed."))
    if to_organisation.pk == case.organisation_id or not to_organisation.is_active:
        raise ApplicationError(
            "invalid_organisation",
            _("Choose another organisation."),
            {"organisation": [str(_("Choose another organisation."))]},
        )
    if not case_services.consent_allows(case, to_organisation):
        raise ApplicationError(
            "no_consent",
            _("The worker did not agree to share the report with this kind of organisation."),
            {
                "organisation": [
                    str(_("The worker did not agree to share the report with this kind of organisation."))
                ]
            },
        )
    if Referral.objects.filter(case=case, state=Referral.State.OFFERED).exists():
        raise Conflict("offer_pending", _("This case is already offered to an organisation."))
    if len(note) > MAX_NOTE:
        raise ApplicationError(
            "note_too_long", _("The note is too long."), {"note": [str(_("The note is too long."))]}
        )
    chosen = sorted(set(fields) & set(SharedField.values))
    referral = Referral(
        case=case,
        from_organisation=actor.organisation,
        to_organisation=to_organisation,
        fields=chosen,
        offered_by=actor.membership,
    )
    referral.sealed_note = vault.seal_body(case, "referral", referral.pk, note.strip())
    referral.save(force_insert=True)
    case_services.case_access_offer(
        case=case, organisation=to_organisation, fields=chosen, referral_id=referral.pk
    )
    case_services.record_event(
        case,
        EventKind.REFERRAL_OFFERED,
        actor=actor,
        data={"referral": str(referral.pk), "to": str(to_organisation.pk), "to_name": to_organisation.name},
    )
    for org_id in (actor.organisation_id, to_organisation.pk):
        audit_record(
            actor=actor,
            action="referral.offered",
            object_type="referral",
            object_id=referral.pk,
            organisation_id=org_id,
            details={"case": str(case.pk), "fields": chosen},
        )
    case_attention_record(case_id=case.pk, organisation_id=to_organisation.pk)
    return referral


def _locked(referral: Referral) -> tuple[Referral, Case]:
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    case = Case.objects.select_for_update().get(pk=referral.case_id)
    return referral, case


@transaction.atomic
def referral_accept(*, actor: Actor, referral: Referral) -> Referral:
    """The receiving organisation takes the case on: it holds it from now, seeing the referred fields."""
    ensure_permission(actor, Perm.REFERRAL_RESPOND)
    referral, case = _locked(referral)
    if actor.organisation_id != referral.to_organisation_id:
        raise NotFound()
    if referral.state != Referral.State.OFFERED:
        raise Conflict("referral_not_open", _("This referral is no longer open."))
    if case.organisation_id != referral.from_organisation_id or not case.is_open:
        raise Conflict("referral_not_open", _("This referral is no longer open."))
    referral.state = Referral.State.ACCEPTED
    referral.responded_by = actor.membership
    referral.responded_at = timezone.now()
    referral.save(update_fields=["state", "responded_by", "responded_at", "updated_at"])
    case_services.case_access_transfer(
        case=case, to_organisation=referral.to_organisation, fields=referral.fields, referral_id=referral.pk
    )
    case_services.record_event(
        case,
        EventKind.REFERRAL_ACCEPTED,
        actor=actor,
        worker_visible=True,
        data={
            "referral": str(referral.pk),
            "to_kind": referral.to_organisation.kind,
            "to_name": referral.to_organisation.name,
        },
    )
    for org_id in (referral.from_organisation_id, referral.to_organisation_id):
        audit_record(
            actor=actor,
            action="referral.accepted",
            object_type="referral",
            object_id=referral.pk,
            organisation_id=org_id,
        )
    return referral


@transaction.atomic
def referral_decline(*, actor: Actor, referral: Referral) -> Referral:
    """The receiving organisation declines; it loses its preview at once."""
    ensure_permission(actor, Perm.REFERRAL_RESPOND)
    referral, case = _locked(referral)
    if actor.organisation_id != referral.to_organisation_id:
        raise NotFound()
    if referral.state != Referral.State.OFFERED:
        raise Conflict("referral_not_open", _("This referral is no longer open."))
    referral.state = Referral.State.DECLINED
    referral.responded_by = actor.membership
    referral.responded_at = timezone.now()
    referral.save(update_fields=["state", "responded_by", "responded_at", "updated_at"])
    case_services.case_access_remove(case=case, organisation=referral.to_organisation)
    case_services.record_event(
        case, EventKind.REFERRAL_DECLINED, actor=actor, data={"referral": str(referral.pk)}
    )
    for org_id in (referral.from_organisation_id, referral.to_organisation_id):
        audit_record(
            actor=actor,
            action="referral.declined",
            object_type="referral",
            object_id=referral.pk,
            organisation_id=org_id,
        )
    return referral


@transaction.atomic
def referral_revoke(*, actor: Actor, referral: Referral) -> Referral:
    """The offering organisation withdraws an offer, or takes back a case it passed on. The other
    organisation loses the case on its very next request."""
    ensure_permission(actor, Perm.REFERRAL_MAKE)
    referral, case = _locked(referral)
    if actor.organisation_id != referral.from_organisation_id:
        raise NotFound()
    if referral.state not in (Referral.State.OFFERED, Referral.State.ACCEPTED):
        raise Conflict("referral_not_open", _("This referral is no longer open."))
    if referral.state == Referral.State.ACCEPTED:
        if case.organisation_id != referral.to_organisation_id:
            raise Conflict("referral_not_open", _("This referral is no longer open."))
        case_services.case_access_take_back(
            case=case, from_organisation=referral.to_organisation, back_to=referral.from_organisation
        )
        worker_visible = True
    else:
        case_services.case_access_remove(case=case, organisation=referral.to_organisation)
        worker_visible = False
    referral.state = Referral.State.REVOKED
    referral.revoked_at = timezone.now()
    referral.save(update_fields=["state", "revoked_at", "updated_at"])
    case_services.record_event(
        case,
        EventKind.REFERRAL_REVOKED,
        actor=actor,
        worker_visible=worker_visible,
        data={"referral": str(referral.pk)},
    )
    for org_id in (referral.from_organisation_id, referral.to_organisation_id):
        audit_record(
            actor=actor,
            action="referral.revoked",
            object_type="referral",
            object_id=referral.pk,
            organisation_id=org_id,
        )
    return referral


def referral_notes_erase(*, case_ids: Iterable[object]) -> int:
    """Empty the notes that came with the referrals of these cases (their content is being erased:
    consent withdrawn, or the retention period over). The referrals themselves stay: who offered
    what to whom, and the answer, hold nothing of the worker. Runs in the caller's transaction."""
    return (
        Referral.objects.filter(case_id__in=list(case_ids)).exclude(sealed_note=b"").update(sealed_note=b"")
    )
