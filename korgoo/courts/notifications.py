"""Telling a mission that a court decision on a citizen waits for it.

A court alert (a citizen ordered detained or forcibly expelled in the mission's consular district)
is a task with a deadline in practice: a visit before the expulsion. Recorded with the alert in
the same transaction, it travels through the transactional outbox (`korgoo.core.outbox`) and
reaches every active member of the mission who monitors court decisions (`courts.monitor`) by
e-mail. Like every notification, it names nobody and quotes nothing from the decision (SECURITY.md
requirement 7): only that a task waits, and a link that requires login.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from korgoo.core.mail import absolute_url, mail_members
from korgoo.core.outbox import outbox_add
from korgoo.organisations.models import Membership
from korgoo.organisations.permissions import Perm, perms_for

from .choices import AlertStatus
from .models import Alert

TOPIC = "court.alert"


def court_alert_record(*, alert: Alert) -> None:
    """In the current transaction: the mission the alert is addressed to is to be told (once)."""
    outbox_add(topic=TOPIC, dedupe_key=f"{TOPIC}:{alert.pk}", payload={"alert": str(alert.pk)})


def deliver_court_alert(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: one e-mail to each active member of the mission who monitors court decisions,
    in their language, identified by the outbox key so that a redelivery carries the same Message-ID.
    An alert already done when the message leaves needs nobody."""
    alert = Alert.objects.select_related("organisation").filter(pk=payload["alert"]).first()
    if alert is None or alert.status != AlertStatus.OPEN:
        return
    mission = alert.organisation
    members = Membership.objects.filter(organisation=mission, is_active=True).select_related("user")
    monitors = [m for m in members if Perm.COURTS_MONITOR in perms_for(m.role, mission.kind)]

    def compose(member: Membership) -> tuple[str, str]:
        url = absolute_url(reverse("courts:alerts"))
        return (
            _("Korgoo: a court decision on a citizen waits for the mission"),
            _(
                "A court in your consular district ordered a citizen of Kyrgyzstan detained or "
                "expelled. Log in to see the task: %(url)s"
            )
            % {"url": url},
        )

    mail_members(monitors, compose, message_key=dedupe_key)
