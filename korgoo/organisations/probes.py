"""Probing leaves a trace: a member who asks for an object that is not theirs to see — another
organisation's case, file, referral, export, token — gets the same 404 as for an object that does
not exist, and the attempt is recorded as an `access.probe` audit row of the member's organisation.
A burst of them (`KORGOO_PROBES_ALERT` within ten minutes) alerts the organisation's administrators
(SECURITY.md 1, 29).

Every such 404 of a member is recorded, missing or not theirs alike, so the two still take the same
work and cannot be told apart by timing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from korgoo.audit.services import audit_record
from korgoo.core.mail import absolute_url, mail_members
from korgoo.core.outbox import outbox_add
from korgoo.core.throttle import Window

from .models import Membership, Role

ALERT_TOPIC = "access.probes"
PROBE_WINDOW_SECONDS = 600


def probe_record(request: HttpRequest, response: HttpResponse) -> None:
    """After a 404 on an address naming an object: record who asked for what (ids only)."""
    match = getattr(request, "resolver_match", None)
    actor = getattr(request, "actor", None)
    if response.status_code != 404 or match is None or actor is None:
        return
    if not actor.is_authenticated or actor.organisation is None:
        return
    ids = {name: str(value) for name, value in match.kwargs.items() if name.endswith("_id")}
    if not ids:
        return
    kind, object_id = next(iter(ids.items()))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="access.probe",
            object_type=kind.removesuffix("_id"),
            object_id=object_id[:64],
            details={"route": match.view_name, "method": request.method},
        )
        burst = Window(f"probes:{actor.membership_id}", settings.KORGOO_PROBES_ALERT, PROBE_WINDOW_SECONDS)
        if burst.hit() == settings.KORGOO_PROBES_ALERT:
            outbox_add(
                topic=ALERT_TOPIC,
                dedupe_key=f"{ALERT_TOPIC}:{actor.membership_id}:{burst.key}",
                payload={"organisation": str(actor.organisation_id), "membership": actor.membership_id},
            )


def deliver_probes_alert(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: tell the organisation's administrators which member asked for many objects
    that are not theirs (or do not exist), with a link to the audit log."""
    member = Membership.objects.select_related("user").filter(pk=payload["membership"]).first()
    admins = Membership.objects.filter(
        organisation_id=payload["organisation"], is_active=True, role=Role.ORG_ADMIN
    ).select_related("user")

    def compose(admin: Membership) -> tuple[str, str]:
        url = absolute_url(reverse("audit:events") + "?action=access.probe")
        return (
            _("Korgoo: a member asked for many objects that are not theirs"),
            _(
                "In the last ten minutes %(member)s asked for %(count)d or more addresses of cases, files "
                "or other objects that do not exist or belong to another organisation. This can be a "
                "mistake or someone probing. See the audit log: %(url)s"
            )
            % {
                "member": member.user.get_full_name() if member else "?",
                "count": settings.KORGOO_PROBES_ALERT,
                "url": url,
            },
        )

    mail_members(admins, compose, message_key=dedupe_key)
