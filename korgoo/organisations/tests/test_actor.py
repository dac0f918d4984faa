"""The actor's own organisation and membership: a member's, and a refusal for anyone else (code that
asks for them runs only behind `staff_view` or an organisation's permission)."""

from __future__ import annotations

import pytest

from korgoo.conftest import make_member, make_org
from korgoo.core.actor import ANONYMOUS, Actor
from korgoo.core.errors import PermissionDenied
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db


def test_a_members_own_organisation_and_membership() -> None:
    organisation = make_org("Жардам Бишкек", city="Bishkek")
    member = make_member(organisation, "case.worker", Role.CASEWORKER)
    actor = actor_for_membership(member)
    assert actor.own_organisation == organisation
    assert actor.own_membership == member


@pytest.mark.parametrize("actor", [ANONYMOUS, Actor(is_platform_admin=True)])
def test_anyone_else_is_refused(actor: Actor) -> None:
    with pytest.raises(PermissionDenied):
        _ = actor.own_organisation
    with pytest.raises(PermissionDenied):
        _ = actor.own_membership
