"""The coordinators' queue of reports no routing rule placed, and the routing rules themselves;
both bounded by the coordinator's scope (`korgoo.cases.permissions`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.choices import Country
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.gazetteer import locality_get
from korgoo.organisations.models import Organisation
from korgoo.organisations.permissions import Perm, ensure_permission

from .. import vault
from ..choices import (
    Category,
    EventKind,
)
from ..models import (
    Case,
    CaseSearchToken,
    RoutingRule,
)
from ..notifications import case_attention_record, routing_change_record
from ..permissions import coordination_scope, in_coordination_scope
from .timeline import event, touch


@transaction.atomic
def case_place_from_queue(*, actor: Actor, case: Case, organisation: Organisation) -> Case:
    """A coordinator places a queued case of their scope's country with an organisation of that
    country the worker consented to (a network coordinator, with any)."""
    ensure_permission(actor, Perm.QUEUE_PLACE)
    if case.organisation_id is not None or not in_coordination_scope(actor, case.country):
        raise NotFound()
    _ensure_routing_scope(actor, case.country, organisation)
    if organisation.kind not in case.share_with or not organisation.is_active:
        raise ApplicationError(
            "no_consent", _("The worker did not agree to share the report with this organisation.")
        )
    vault.rewrap_for_holder(case, organisation.pk)
    case.organisation = organisation
    touch(case, "organisation", "wrapped_key")
    CaseSearchToken.objects.filter(case=case).update(organisation=organisation)
    event(
        case,
        EventKind.ROUTED,
        actor=actor,
        organisation=organisation,
        data={"organisation": str(organisation.pk)},
    )
    audit_record(
        actor=actor,
        action="case.placed",
        object_type="case",
        object_id=case.pk,
        details={"to": str(organisation.pk)},
    )
    case_attention_record(case_id=case.pk)
    return case


@transaction.atomic
def routing_rule_create(
    *,
    actor: Actor,
    organisation: Organisation,
    country: str,
    locality_id: int | None = None,
    category: str = "",
    priority: int = 100,
) -> RoutingRule:
    """A coordinator adds a rule within their scope (`korgoo.cases.permissions`): reports from
    their country, to an organisation of their country; a network coordinator anywhere. A rule names
    its city by gazetteer id (None: any city of the country). The organisation the rule sends
    reports to is told (`routing.changed`), and the change is audited."""
    ensure_permission(actor, Perm.ROUTING_MANAGE)
    if country not in Country.values or (category and category not in Category.values):
        raise ApplicationError(
            "invalid_rule", _("Choose a country and, if needed, a category from the list.")
        )
    _ensure_routing_scope(actor, country, organisation)
    if locality_id is not None:
        chosen = locality_get(locality_id)
        if chosen is None or chosen.country != country:
            message = _("Choose a city of the rule's country from the list.")
            raise ApplicationError("invalid_rule", message, {"city": [str(message)]})
    rule = RoutingRule(
        organisation=organisation,
        country=country,
        locality_id=locality_id,
        category=category,
        priority=priority,
    )
    rule.full_clean()
    rule.save()
    _routing_changed(actor, rule, "routing.rule_created")
    return rule


@transaction.atomic
def routing_rule_delete(*, actor: Actor, rule: RoutingRule) -> None:
    """A coordinator removes a rule of their scope; a rule outside it is NotFound to them."""
    ensure_permission(actor, Perm.ROUTING_MANAGE)
    if not in_coordination_scope(actor, rule.country, rule.organisation.country):
        raise NotFound()
    _routing_changed(actor, rule, "routing.rule_deleted")
    rule.delete()


class OutOfScope(ApplicationError):
    status = 403


def _ensure_routing_scope(actor: Actor, country: str, organisation: Organisation) -> None:
    if not in_coordination_scope(actor, country, organisation.country):
        raise OutOfScope(
            "out_of_scope",
            _(
                "You coordinate the network of %(country)s: a rule may send only reports from there, "
                "and only to organisations there. Rules across countries are kept by a network coordinator."
            )
            % {"country": Country(coordination_scope(actor) or "ZZ").label},
        )


def _routing_changed(actor: Actor, rule: RoutingRule, action: str) -> None:
    """Audit a change of routing with what the rule says, and tell the organisation it sends reports
    to (its administrators and coordinators, through the outbox)."""
    details = {
        "organisation": str(rule.organisation_id),
        "country": rule.country,
        "locality": rule.locality_id,
        "category": rule.category,
        "priority": rule.priority,
    }
    audit_record(
        actor=actor,
        action=action,
        object_type="routing_rule",
        object_id=rule.pk,
        organisation_id=rule.organisation_id,
        details=details,
    )
    if rule.organisation_id != actor.organisation_id:
        routing_change_record(rule_id=rule.pk, organisation_id=rule.organisation_id, action=action)


# --- Access for other organisations (used only by referrals) --------------------------------------
