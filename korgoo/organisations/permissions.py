"""What each role may do: the `Perm` enum and the role → permissions matrix, declared once.

Views declare the permission they need and services check it with `ensure_permission`; nowhere else
does code look at a role. Identity (name, contact) and the sensitive narrative (description, messages,
notes, files) are separate grants: a viewer sees a case's shape, never its content (SECURITY.md 5).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

from korgoo.core.actor import Actor, ActorRequest
from korgoo.core.choices import GOVERNMENT_KINDS
from korgoo.core.errors import PermissionDenied

from .models import Role


class Perm(StrEnum):
    CASE_VIEW = "case.view"
    CASE_VIEW_SENSITIVE = "case.view_sensitive"
    CASE_VIEW_IDENTITY = "case.view_identity"
    CASE_TRIAGE = "case.triage"
    CASE_ASSIGN = "case.assign"
    CASE_WORK = "case.work"  # notes, messages to the worker, status, deadlines
    CASE_CLOSE = "case.close"
    FILE_VIEW_ORIGINAL = "file.view_original"
    REFERRAL_MAKE = "referral.make"
    REFERRAL_RESPOND = "referral.respond"
    QUEUE_VIEW = "queue.view"  # the coordinators' queue of reports no rule placed
    QUEUE_PLACE = "queue.place"
    ROUTING_MANAGE = "routing.manage"
    ROUTING_NETWORK = "routing.network"  # rules and placements across every country
    MEMBERS_MANAGE = "members.manage"
    AUDIT_VIEW = "audit.view"
    # The organisation's own inbox (metadata only), one permission per format, delivered encrypted.
    CASE_EXPORT_CSV = "case.export_csv"
    CASE_EXPORT_XLSX = "case.export_xlsx"
    # Monitoring: aggregates only, never a case.
    MONITORING_VIEW = "monitoring.view"
    MONITORING_NETWORK = "monitoring.network"  # per-organisation response times and referrals
    EXPORT_CSV = "export.csv"
    EXPORT_XLSX = "export.xlsx"
    EXPORT_PDF = "export.pdf"
    INDICATORS_EDIT = "indicators.edit"
    # Signing off another person's indicator value or status change (the independent review).
    INDICATORS_REVIEW = "indicators.review"
    HEALTH_STATS_ENTER = "health.enter"
    # Help and knowledge.
    CONTENT_EDIT = "content.edit"
    CONTENT_PUBLISH = "content.publish"
    DIRECTORY_EDIT_OWN = "directory.edit_own"
    DIRECTORY_EDIT = "directory.edit"  # any entry of the directory: contacts, sources, checks
    REPLIES_MANAGE = "replies.manage"  # the organisation's reply templates
    CATALOGUE_MANAGE = "catalogue.manage"
    AGENCIES_MONITOR = "agencies.monitor"
    # Consular reception: the desk and windows of a mission's hall, and its services and plans.
    # Meaningful only to an organisation that has a mission (korgoo.consular.selectors).
    CONSULAR_DESK = "consular.desk"
    CONSULAR_MANAGE = "consular.manage"
    # Court decisions on Kyrgyz citizens: upload, read, review, link to a case, court alerts. A
    # consular duty, so held only by members of embassies, consulates and honorary consuls.
    COURTS_MONITOR = "courts.monitor"


_CASEWORK = {
    Perm.CASE_VIEW,
    Perm.CASE_VIEW_SENSITIVE,
    Perm.CASE_VIEW_IDENTITY,
    Perm.CASE_TRIAGE,
    Perm.CASE_WORK,
    Perm.CASE_CLOSE,
    Perm.REFERRAL_MAKE,
    Perm.REFERRAL_RESPOND,
}

_EXPORTS = {Perm.EXPORT_CSV, Perm.EXPORT_XLSX, Perm.EXPORT_PDF}
# Case exports stay with the roles that oversee an organisation's casework; caseworkers and viewers
# read cases on screen. A format can be taken from a role here alone (SECURITY.md requirement 22).
_CASE_EXPORTS = {Perm.CASE_EXPORT_CSV, Perm.CASE_EXPORT_XLSX}

_COORDINATION = (
    _CASEWORK
    | {Perm.CONSULAR_DESK}
    | _EXPORTS
    | _CASE_EXPORTS
    | {
        Perm.CASE_ASSIGN,
        Perm.QUEUE_VIEW,
        Perm.QUEUE_PLACE,
        Perm.ROUTING_MANAGE,
        Perm.MONITORING_VIEW,
        Perm.MONITORING_NETWORK,
        Perm.INDICATORS_REVIEW,
        Perm.CATALOGUE_MANAGE,
        Perm.DIRECTORY_EDIT,
        Perm.AGENCIES_MONITOR,
    }
)

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Perm.CASE_VIEW}),
    Role.CASEWORKER: frozenset(_CASEWORK | {Perm.CONSULAR_DESK}),
    # A coordinator coordinates the network of their organisation's country (korgoo.cases.permissions).
    Role.COORDINATOR: frozenset(_COORDINATION),
    Role.NETWORK_COORDINATOR: frozenset(_COORDINATION | {Perm.ROUTING_NETWORK}),
    Role.ORG_ADMIN: frozenset(
        _CASEWORK
        | _CASE_EXPORTS
        | {
            Perm.CASE_ASSIGN,
            Perm.FILE_VIEW_ORIGINAL,
            Perm.MEMBERS_MANAGE,
            Perm.AUDIT_VIEW,
            Perm.DIRECTORY_EDIT_OWN,
            Perm.HEALTH_STATS_ENTER,
            Perm.REPLIES_MANAGE,
            Perm.CONSULAR_DESK,
            Perm.CONSULAR_MANAGE,
        }
    ),
    # Analysts see aggregates only: no case permission at all.
    Role.ANALYST: frozenset(
        _EXPORTS
        | {Perm.MONITORING_VIEW, Perm.INDICATORS_EDIT, Perm.INDICATORS_REVIEW, Perm.HEALTH_STATS_ENTER}
    ),
    # Editors write the knowledge base and keep the directory's entries; no case permission at all.
    Role.EDITOR: frozenset({Perm.CONTENT_EDIT, Perm.CONTENT_PUBLISH, Perm.DIRECTORY_EDIT}),
}


# Permissions a role holds only in organisations of some kinds. Monitoring court decisions is the
# consular service's duty (the diplomatic missions monitor verdicts on their citizens), so its
# caseworkers, coordinators and administrators hold it; the same roles in an NGO or a union do not.
KIND_PERMS: dict[str, dict[str, frozenset[str]]] = {
    kind: {
        role: frozenset({Perm.COURTS_MONITOR})
        for role in (Role.CASEWORKER, Role.COORDINATOR, Role.NETWORK_COORDINATOR, Role.ORG_ADMIN)
    }
    for kind in GOVERNMENT_KINDS
}


def perms_for(role: str | None, kind: str | None = None) -> frozenset[str]:
    """What a role holds, in an organisation of `kind` (the kind adds the consular permissions)."""
    held = ROLE_PERMS.get(role or "", frozenset())
    extra = KIND_PERMS.get(kind or "", {}).get(role or "", frozenset())
    return held | extra


StaffView = TypeVar("StaffView", bound=Callable[..., Any])


def ensure_permission(actor: Actor, perm: Perm) -> None:
    """Raise PermissionDenied unless the actor holds `perm` in its organisation."""
    if not actor.has(perm):
        raise PermissionDenied()


def staff_view(perm: Perm | None = None) -> Callable[[StaffView], StaffView]:
    """Mark a view as staff-only: anonymous visitors go to the login page; a member without `perm`
    gets 403. Declares the permission on the view for the route inventory test."""

    def decorator(view: StaffView) -> StaffView:
        @wraps(view)
        def wrapper(request: ActorRequest, *args: Any, **kwargs: Any) -> Any:
            actor = request.actor
            if not actor.is_authenticated:
                # The auth views read the user model when imported: not before the apps are loaded.

                return redirect_to_login(request.get_full_path())
            if actor.organisation is None or (perm is not None and not actor.has(perm)):
                raise DjangoPermissionDenied
            return view(request, *args, **kwargs)

        wrapper.korgoo_access = "staff"  # type: ignore[attr-defined]
        wrapper.korgoo_perm = perm  # type: ignore[attr-defined]
        return cast(StaffView, wrapper)

    return decorator
