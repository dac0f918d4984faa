"""Every write of the homecoming app: the return home, the worker's consent to a hand-over, the
referral that carries it, and the steps of the wage claim the host-country organisation keeps.

Consent is the worker's, given twice apart: the report's own consent (kinds of organisations) and,
once home, a separate consent to one named organisation at home. The hand-over is then an ordinary
referral (`korgoo.referrals.services.referral_offer`): the organisation holding the case chooses what
it passes, the organisation at home accepts it and holds the case, and the organisation that had it
follows it and, if it said so, keeps the wage claim. Every step writes a timeline line, an audit row
in each organisation's chain, and tells the organisation that must act.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.cases.choices import EventKind
from korgoo.cases.models import Case
from korgoo.cases.notifications import case_attention_record
from korgoo.cases.returns import case_mark_returned, case_share_with_add
from korgoo.cases.selectors import case_get_for
from korgoo.cases.services import record_event
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, Conflict, NotFound
from korgoo.intake.models import Report
from korgoo.organisations.models import Organisation
from korgoo.organisations.permissions import Perm, ensure_permission
from korgoo.referrals.services import referral_offer

from .choices import ClaimStep, Region
from .models import HandOver, Return
from .selectors import claim_keeper, home_organisations, open_handover


def _clean_region(region: str) -> str:
    if region not in Region.values:
        message = _("Choose your region.")
        raise ApplicationError("unknown_region", message, {"region": [str(message)]})
    return region


def _staff_case(actor: Actor, case_id: Any, *, holder: bool) -> Case:
    """The case as the actor's organisation sees it (NotFound otherwise): held by it when `holder`,
    or followed by it."""
    view = case_get_for(actor=actor, case_id=case_id)
    if holder and not view.is_holder:
        raise NotFound()
    if not holder and view.level != "follow":
        raise NotFound()
    return view.case


def _record(*, case: Case, region: str, actor: Actor | None) -> Return:
    region = _clean_region(region)
    if case.is_withdrawn:
        raise ApplicationError(
            "case_hidden", _("You withdrew your consent: no organisation sees your report.")
        )
    if Return.objects.filter(case=case).exists():
        raise Conflict("already_returned", _("The return home is already recorded."))
    found = Return.objects.create(
        case=case,
        region=region,
        host_country=case.country,
        by_worker=actor is None,
        recorded_by=actor.membership if actor else None,
        organisation=case.organisation,
        returned_at=timezone.now(),
    )
    case_mark_returned(case=case, actor=actor, data={"region": region, "by_worker": actor is None})
    audit_record(
        actor=actor,
        action="case.returned",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id,
        details={"region": region, "by_worker": actor is None},
    )
    if actor is None and case.organisation_id:
        case_attention_record(case_id=case.pk)
    return found


@transaction.atomic
def return_record(*, actor: Actor, case_id: Any, region: str) -> Return:
    """A caseworker of the organisation holding the case records that the worker went home."""
    ensure_permission(actor, Perm.CASE_WORK)
    case = _staff_case(actor, case_id, holder=True)
    return _record(case=case, region=region, actor=actor)


@transaction.atomic
def return_record_by_worker(*, report: Report, region: str) -> Return:
    """The worker, with the receipt (web or chat), says they are home and in which region."""
    case = Case.objects.select_related("organisation").get(pk=report.case_id)
    return _record(case=case, region=region, actor=None)


@transaction.atomic
def handover_consent(*, report: Report, organisation_id: Any) -> HandOver:
    """The worker's separate consent to let one organisation at home, serving their region,
    continue the case. The kind of that organisation joins the kinds the worker consented to, so
    that the referral carrying the hand-over passes the referral's own consent check."""
    case = Case.objects.select_related("organisation").get(pk=report.case_id)
    home = Return.objects.filter(case=case).first()
    if home is None:
        raise Conflict("not_returned", _("First say that you have returned home."))
    if not case.is_open or case.is_withdrawn:
        raise Conflict("case_closed", _("Your report is closed."))
    try:
        organisation = home_organisations(region=home.region).get(pk=organisation_id)
    except (Organisation.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        message = _("Choose an organisation from the list.")
        raise ApplicationError("unknown_organisation", message, {"organisation": [str(message)]}) from exc
    if open_handover(case=case) is not None:
        raise Conflict("handover_pending", _("You already agreed to a hand-over; it is on its way."))
    if case.organisation_id == organisation.pk:
        raise Conflict("already_there", _("This organisation already has your report."))
    handover = HandOver.objects.create(
        case=case,
        region=home.region,
        from_organisation=case.organisation,
        to_organisation=organisation,
        consented_at=timezone.now(),
    )
    case_share_with_add(case=case, kind=organisation.kind)
    record_event(
        case,
        EventKind.HANDOVER_CONSENTED,
        organisation=case.organisation,
        data={"handover": str(handover.pk), "to": str(organisation.pk), "to_name": organisation.name},
        worker_visible=True,
    )
    for org_id in {case.organisation_id, organisation.pk} - {None}:
        audit_record(
            actor=None,
            action="handover.consented",
            object_type="handover",
            object_id=handover.pk,
            organisation_id=org_id,
            details={"case": str(case.pk), "region": home.region},
        )
    if case.organisation_id:
        case_attention_record(case_id=case.pk)
    return handover


@transaction.atomic
def handover_offer(
    *, actor: Actor, case_id: Any, fields: Iterable[str], claim_kept: bool, note: str = ""
) -> HandOver:
    """The organisation holding the case offers it to the organisation at home the worker chose,
    passing the fields it picks; it says whether it keeps the wage claim in the host country."""
    ensure_permission(actor, Perm.REFERRAL_MAKE)
    case = _staff_case(actor, case_id, holder=True)
    handover = open_handover(case=case)
    if handover is None or handover.referral_id is not None:
        raise Conflict("no_handover", _("The worker has not agreed to a hand-over that waits for you."))
    referral = referral_offer(
        actor=actor, case=case, to_organisation=handover.to_organisation, fields=fields, note=note
    )
    handover.referral = referral
    handover.from_organisation = actor.organisation
    handover.claim_kept = claim_kept
    handover.save(update_fields=["referral", "from_organisation", "claim_kept", "updated_at"])
    audit_record(
        actor=actor,
        action="handover.offered",
        object_type="handover",
        object_id=handover.pk,
        details={"case": str(case.pk), "referral": str(referral.pk), "claim_kept": claim_kept},
    )
    return handover


@transaction.atomic
def claim_step_record(*, actor: Actor, case_id: Any, step: str) -> HandOver:
    """The organisation that handed the case over and kept the wage claim records where the claim
    stands; the worker reads it with the receipt, the organisation at home on its case page."""
    ensure_permission(actor, Perm.CASE_WORK)
    case = _staff_case(actor, case_id, holder=False)
    handover = claim_keeper(case=case)
    if handover is None or handover.from_organisation_id != actor.organisation_id:
        raise NotFound()
    if step not in ClaimStep.values:
        message = _("Choose a step from the list.")
        raise ApplicationError("unknown_step", message, {"step": [str(message)]})
    handover.claim_step = step
    handover.claim_updated_at = timezone.now()
    handover.save(update_fields=["claim_step", "claim_updated_at", "updated_at"])
    record_event(
        case,
        EventKind.CLAIM_UPDATED,
        actor=actor,
        data={"step": step, "by": str(actor.organisation_id), "by_name": actor.own_organisation.name},
        worker_visible=True,
    )
    for org_id in (actor.organisation_id, case.organisation_id):
        audit_record(
            actor=actor,
            action="claim.step_recorded",
            object_type="handover",
            object_id=handover.pk,
            organisation_id=org_id,
            details={"case": str(case.pk), "step": step},
        )
    case_attention_record(case_id=case.pk)
    return handover


__all__: list[Any] = [
    "claim_step_record",
    "handover_consent",
    "handover_offer",
    "return_record",
    "return_record_by_worker",
]
