"""Changes to organisations, memberships and API tokens.

Organisations and memberships are created by platform administrators (and by the demo and import
commands); organisation administrators manage their own members. Nobody can change their own
organisation or role: these services take them only from an administrator.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.accounts.models import User
from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.archives import archive_password, encrypted_zip
from korgoo.core.errors import ApplicationError, NotFound, PermissionDenied
from korgoo.core.exports import csv_bytes

from . import selectors
from .authentication import token_digest
from .models import ApiToken, Export, Gender, Membership, Organisation, Role
from .permissions import Perm, ensure_permission


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
        raise PermissionDenied()
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
        raise PermissionDenied()
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
            membership=membership,
            digest=token_digest(token),
            expires_at=expires_at,
            auth_stamp=user.get_session_auth_hash(),
        )
        audit_record(
            actor=Actor(user=user, membership=membership, organisation=membership.organisation),
            action="auth.api_token_issued",
            object_type="api_token",
            object_id=row.pk,
        )
    return token


# --- Exports (SECURITY.md requirement 22) ----------------------------------------------------------


def export_ttl() -> dt.timedelta:
    """How long an export waits for its single download (`KORGOO_EXPORT_TTL_SECONDS`, default 600)."""
    return dt.timedelta(seconds=int(getattr(settings, "KORGOO_EXPORT_TTL_SECONDS", 600)))


@dataclass(frozen=True)
class SealedExport:
    """What the member who asked is shown once: the export (its id names the download link) and the
    archive's password, which exists nowhere else."""

    export: Export
    password: str

    @property
    def minutes(self) -> int:
        """How long the link works, in whole minutes (at least one), to tell the member."""
        return max(1, round((self.export.expires_at - self.export.created_at).total_seconds() / 60))


@transaction.atomic
def export_seal(
    *,
    actor: Actor,
    kind: str,
    permission: Perm,
    file_format: str,
    name: str,
    data: bytes,
    rows: int,
    action: str,
    details: dict[str, Any] | None = None,
) -> SealedExport:
    """Keep a finished export for one download by the member who asked for it: `data` goes into an
    AES-256 ZIP archive (as the file `name`) under a new random password, which is returned and
    never stored. Needs `permission`, the permission of this export and format, which the download
    asks for again. Writes the audit row `action` (what was exported) in the same transaction."""
    ensure_permission(actor, permission)
    if actor.membership is None or actor.organisation is None:
        raise PermissionDenied()
    password = archive_password()
    archive = encrypted_zip(name=name, data=data, password=password)
    export = Export.objects.create(
        organisation=actor.organisation,
        requested_by=actor.membership,
        kind=kind,
        file_format=file_format,
        permission=str(permission),
        filename=f"{name}.zip",
        content=archive,
        size=len(archive),
        rows=rows,
        expires_at=timezone.now() + export_ttl(),
    )
    audit_record(
        actor=actor,
        action=action,
        object_type="export",
        object_id=export.pk,
        details={"format": file_format, "rows": rows, **(details or {})},
    )
    return SealedExport(export=export, password=password)


@transaction.atomic
def export_download(*, actor: Actor, export_id: Any, kind: str | None = None) -> tuple[str, bytes]:
    """Hand over an export's archive once: only to the member who asked for it, before it expires;
    the row is deleted as it is handed over, so a second request finds nothing. Audited."""
    found = selectors.export_get_for(actor=actor, export_id=export_id, kind=kind)
    # Two downloads at once: the second waits for the first and then finds the row gone.
    locked = Export.objects.select_for_update().filter(pk=found.pk).first()
    if locked is None:
        raise NotFound()
    export_pk, filename, data = locked.pk, locked.filename, bytes(locked.content)
    locked.delete()
    audit_record(
        actor=actor,
        action="export.downloaded",
        object_type="export",
        object_id=export_pk,
        details={"kind": locked.kind, "format": locked.file_format, "bytes": len(data)},
    )
    return filename, data


def exports_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete the exports nobody downloaded in time (for a periodic job); returns how many (with
    `dry_run`, only counts them). An expired export cannot be downloaded anyway: this frees the space."""
    expired = Export.objects.filter(expires_at__lte=now or timezone.now())
    if dry_run:
        return expired.count()
    deleted, _rows = expired.delete()
    return deleted


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner may, and so may an administrator of the organisation it belongs to
    (`members.manage`). Anyone else gets the same NotFound as for a token that does not exist."""
    own = actor.user is not None and token.membership.user_id == actor.user.pk
    admin = actor.has(Perm.MEMBERS_MANAGE) and actor.organisation_id == token.membership.organisation_id
    if not (own or admin):
        raise NotFound()
    if token.revoked:
        return token
    token.revoked = True
    token.save(update_fields=["revoked", "updated_at"])
    audit_record(
        actor=actor,
        action="auth.api_token_revoked",
        object_type="api_token",
        object_id=token.pk,
        organisation_id=token.membership.organisation_id,
        details={"own": own},
    )
    return token


@transaction.atomic
def audit_csv(*, actor: Actor, rows: Any, members: dict[int, str]) -> bytes:
    """The audit rows an administrator filtered, as CSV (formula-safe); taking them out is itself
    audited."""
    ensure_permission(actor, Perm.AUDIT_VIEW)
    header = ["at", "action", "member", "object_type", "object_id", "details"]
    lines = [
        [
            event.at.isoformat(),
            event.action,
            members.get(event.actor_user_id, "") if event.actor_user_id else "",
            event.object_type,
            event.object_id,
            json.dumps(event.details, ensure_ascii=False, sort_keys=True),
        ]
        for event in rows
    ]
    audit_record(actor=actor, action="audit.exported", object_type="audit", details={"rows": len(lines)})
    return csv_bytes(header, lines)


@transaction.atomic
def membership_profile_set(*, actor: Actor, gender: str, is_lawyer: bool) -> Membership:
    """A member states (or takes back) their gender and whether they work as a lawyer, for their own
    membership only. Optional: "" means not said."""
    membership = actor.membership
    if membership is None:
        raise PermissionDenied()
    if gender not in Gender.values:
        raise ApplicationError(
            "invalid_gender", _("Choose from the list."), {"gender": [str(_("Choose from the list."))]}
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.gender, membership.is_lawyer = gender, is_lawyer
    membership.save(update_fields=["gender", "is_lawyer", "updated_at"])
    audit_record(
        actor=actor, action="membership.profile_changed", object_type="membership", object_id=membership.pk
    )
    return membership
