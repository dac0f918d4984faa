"""Changes to organisations, memberships and API tokens.

Organisations and memberships are created by platform administrators (and by the demo and import
commands); organisation administrators manage their own members. Nobody can change their own
organisation or role: these services take them only from an administrator.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from korgoo.accounts.models import User
from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError

from .authentication import token_digest
from .models import ApiToken, Membership, Organisation, Role
from .permissions import Perm


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    country: str,
    city: str,
    languages: Sequence[str] = ("ky", "ru"),
    woman_caseworker_available: bool = False,
) -> Organisation:
    """Platform administrators add organisations to the network."""
    if not actor.is_platform_admin:
        raise ApplicationError("permission_denied", _("You do not have permission to do this."))
    organisation = Organisation(
        name=name,
        kind=kind,
        country=country,
        city=city,
        languages=list(languages),
        woman_caseworker_available=woman_caseworker_available,
    )
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor, action="organisation.created", object_type="organisation", object_id=organisation.pk
    )
    return organisation


@transaction.atomic
def membership_create(*, actor: Actor, organisation: Organisation, user: User, role: str) -> Membership:
    """Platform administrators, or administrators of the same organisation, add members."""
    allowed = actor.is_platform_admin or (
        actor.has(Perm.MEMBERS_MANAGE) and actor.organisation_id == organisation.pk
    )
    if not allowed:
        raise ApplicationError("permission_denied", _("You do not have permission to do this."))
    if role not in Role.values:
        raise ApplicationError("invalid_role", _("Choose a role from the list."))
    membership = Membership(organisation=organisation, user=user, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.created",
        object_type="membership",
        object_id=membership.pk,
        organisation_id=organisation.pk,
        details={"role": role},
    )
    return membership


def api_token_create(*, user: User, expires_at: dt.datetime) -> str:
    """A new bearer token bound to the user's first active membership; only its digest is kept."""
    membership = (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .order_by("created_at", "pk")
        .first()
    )
    if membership is None:
        raise ApplicationError("no_membership", _("This account does not belong to any organisation."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            membership=membership, digest=token_digest(token), expires_at=expires_at
        )
        audit_record(
            actor=Actor(user=user, membership=membership, organisation=membership.organisation),
            action="auth.api_token_issued",
            object_type="api_token",
            object_id=row.pk,
        )
    return token
