"""The actor a court command acts as: a member who holds courts.monitor."""

from __future__ import annotations

from django.core.management.base import CommandError

from korgoo.core.actor import Actor
from korgoo.organisations.models import Membership
from korgoo.organisations.permissions import Perm
from korgoo.organisations.selectors import actor_for_membership


def member_actor(username: str) -> Actor:
    for membership in Membership.objects.select_related("user", "organisation").filter(
        user__username=username, is_active=True, organisation__is_active=True
    ):
        actor = actor_for_membership(membership)
        if actor.has(Perm.COURTS_MONITOR):
            return actor
    raise CommandError(f"{username} is not an active member holding courts.monitor.")
