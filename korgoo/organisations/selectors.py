"""Reads about organisations and members, and the resolution of the acting membership."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from korgoo.core.actor import ANONYMOUS, Actor
from korgoo.core.errors import NotFound
from korgoo.core.ids import parse_id

from .models import ApiToken, Export, Membership, Organisation
from .permissions import Perm, perms_for


def actor_for_membership(membership: Membership) -> Actor:
    user = membership.user
    return Actor(
        user=user,
        membership=membership,
        organisation=membership.organisation,
        role=membership.role,
        perms=perms_for(membership.role, membership.organisation.kind),
        is_platform_admin=bool(user.is_superuser),
    )


def actor_for_user(user: Any, membership_id: int | None = None) -> Actor:
    """The actor of a logged-in user: the chosen active membership, else the first one.

    A user with no active membership (a platform administrator) acts with no organisation's rights.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    memberships = Membership.objects.select_related("organisation", "user").filter(
        user=user, is_active=True, organisation__is_active=True
    )
    chosen = None
    if membership_id is not None:
        chosen = memberships.filter(pk=membership_id).first()
    if chosen is None:
        chosen = memberships.order_by("created_at", "pk").first()
    if chosen is None:
        return Actor(user=user, is_platform_admin=bool(user.is_superuser))
    return actor_for_membership(chosen)


def organisation_list_public() -> QuerySet[Organisation]:
    """Every active organisation, for the public list and for choosing referral targets."""
    return Organisation.objects.filter(is_active=True).order_by("name")


def memberships_of(*, actor: Actor) -> QuerySet[Membership]:
    """The members of the actor's own organisation (to assign cases); empty without one."""
    if actor.organisation is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(organisation=actor.organisation, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )


def export_get_for(*, actor: Actor, export_id: Any, kind: str | None = None) -> Export:
    """An export the actor may still download: made by the actor's own membership, in its
    organisation, not yet downloaded or expired, while the actor holds the permission it was made
    under (and of `kind`, when given). Anything else is NotFound, exactly like an export that does
    not exist. The archive itself is not loaded."""
    pk = parse_id(export_id)
    if actor.membership is None or actor.organisation is None:
        raise NotFound()
    found = Export.objects.filter(
        pk=pk,
        organisation=actor.organisation,
        requested_by=actor.membership,
        expires_at__gt=timezone.now(),
    )
    if kind is not None:
        found = found.filter(kind=kind)
    export = found.defer("content").first()
    if export is None or not actor.has(export.permission):
        raise NotFound()
    return export


def api_tokens_for(*, actor: Actor) -> QuerySet[ApiToken]:
    """The tokens the actor may see and revoke: their own, and — for an administrator of the
    organisation (`members.manage`) — every token of its members. Newest first."""
    if actor.user is None or actor.organisation is None:
        return ApiToken.objects.none()
    mine = Q(membership__user=actor.user)
    if actor.has(Perm.MEMBERS_MANAGE):
        mine |= Q(membership__organisation=actor.organisation)
    return ApiToken.objects.filter(mine).select_related("membership__user").order_by("-created_at")


def api_token_get_for(*, actor: Actor, token_id: Any) -> ApiToken:
    row = api_tokens_for(actor=actor).filter(pk=parse_id(token_id)).first()
    if row is None:
        raise NotFound()
    return row


def members_named(*, actor: Actor) -> dict[int, str]:
    """The users of the actor's organisation by id, with their names (for reading its audit log)."""
    if actor.organisation is None:
        return {}
    rows = Membership.objects.filter(organisation=actor.organisation).select_related("user")
    return {m.user_id: m.user.get_full_name() for m in rows}
