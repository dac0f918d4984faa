"""The Actor: who is acting, for which organisation, with which permissions.

Resolved once per request (web session or API token) and passed to every service and selector.
Domain code never looks at `request.user`; it asks the actor. An actor without a membership (a
platform administrator, or nobody) holds no organisation's permissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest
from rest_framework.request import Request

from .errors import PermissionDenied

if TYPE_CHECKING:  # for the types only: the kernel imports no domain app (import-linter)
    from korgoo.accounts.models import User
    from korgoo.organisations.models import Membership, Organisation


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    membership: Membership | None = None
    organisation: Organisation | None = None
    role: str | None = None
    perms: frozenset[str] = field(default_factory=frozenset)
    is_platform_admin: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def organisation_id(self) -> Any:
        return self.organisation.pk if self.organisation is not None else None

    @property
    def membership_id(self) -> Any:
        return self.membership.pk if self.membership is not None else None

    @property
    def user_id(self) -> Any:
        return self.user.pk if self.user is not None else None

    def has(self, perm: str) -> bool:
        return perm in self.perms

    @property
    def own_organisation(self) -> Organisation:
        """The member's organisation, where only members come (`staff_view`, a permission checked)."""
        if self.organisation is None:
            raise PermissionDenied()
        return self.organisation

    @property
    def own_membership(self) -> Membership:
        """The member's membership, where only members come (`staff_view`, a permission checked)."""
        if self.membership is None:
            raise PermissionDenied()
        return self.membership


ANONYMOUS = Actor()


class ActorRequest(HttpRequest):
    """A page request as views see it: `ActorMiddleware` (`korgoo.organisations`) has set `actor`
    on every request before any view runs. Views annotate their request with this type."""

    actor: Actor


class ApiRequest(Request):
    """An API request as API views see it: `BearerTokenAuthentication` (or, failing it, the
    middleware) has set the actor."""

    actor: Actor


def request_actor(request: HttpRequest | Request) -> Actor:
    """The actor of a request whose annotation cannot say it carries one (a hook of a base class
    typed with the plain request)."""
    return cast(Actor, getattr(request, "actor", ANONYMOUS))
