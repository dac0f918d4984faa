"""Telling organisations that something waits in their inbox.

Notifications name no worker and quote nothing from the case: only "a case needs attention" and a
link that requires login (SECURITY.md requirement 7). They go only to members of the organisation
holding the case, or to coordinators while the case waits in the queue. They travel through the
transactional outbox (`korgoo.core.outbox`): recorded with the change, delivered by `drain_outbox`,
at most one per case and organisation per hour, so a burst of reports is no burst of mail.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from korgoo.core.mail import absolute_url, mail_members
from korgoo.core.models import OutboxMessage
from korgoo.core.outbox import outbox_add, outbox_message
from korgoo.organisations.models import Membership, Role

from .models import Case

TOPIC = "case.attention"
FILE_TOPIC = "file.quarantined"
ROUTING_TOPIC = "routing.changed"
WORKER_MESSAGE_TOPIC = "case.worker_message"


_UNKNOWN: Any = object()


def case_attention_record(*, case_id: Any, organisation_id: Any = None, holder_id: Any = _UNKNOWN) -> None:
    """In the current transaction: the organisation holding the case (or `organisation_id`, one the
    case was offered to) is to be told the case needs attention. A caller that has the case at hand
    passes its holder (`holder_id`, None for the coordinators' queue) and saves reading it again."""
    if holder_id is _UNKNOWN:
        holder_id = Case.objects.filter(pk=case_id).values_list("organisation_id", flat=True).first()
    outbox_add(**_attention(case_id=case_id, organisation_id=organisation_id, holder_id=holder_id))


def case_attention_message(*, case_id: Any, holder_id: Any) -> OutboxMessage:
    """The outbox row of `case_attention_record` for a case just opened, to be written with the
    case's other rows (`korgoo.core.inserts`, ignoring a conflict: one message per hour and holder)."""
    return outbox_message(**_attention(case_id=case_id, organisation_id=None, holder_id=holder_id))


def _attention(*, case_id: Any, organisation_id: Any, holder_id: Any) -> dict[str, Any]:
    hour = timezone.now().strftime("%Y%m%d%H")
    holder = organisation_id or holder_id
    target = str(holder) if holder else "queue"  # the queue's coordinators and each organisation apart
    return {
        "topic": TOPIC,
        "dedupe_key": f"{TOPIC}:{case_id}:{target}:{hour}",
        "payload": {"case": str(case_id), "organisation": str(organisation_id) if organisation_id else None},
    }


def worker_message_record(*, case_id: Any, message_id: Any) -> None:
    """In the current transaction: the organisation wrote to the worker. Whoever delivers the topic
    (the messenger channels, to a chat the worker linked to the report) reads the message by its id."""
    outbox_add(
        topic=WORKER_MESSAGE_TOPIC,
        dedupe_key=f"{WORKER_MESSAGE_TOPIC}:{message_id}",
        payload={"case": str(case_id), "message": str(message_id)},
    )


def deliver_case_attention(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: one e-mail per member, identified by the outbox key so a redelivery after a
    crash carries the same Message-ID."""
    notify_case_holders(payload["case"], payload.get("organisation"), message_key=dedupe_key)


def notify_case_holders(case_id: str, organisation_id: str | None = None, *, message_key: str = "") -> int:
    """Tell the organisation holding the case (or `organisation_id`) that it needs attention;
    coordinators while the case waits in the queue."""
    case = Case.objects.filter(pk=case_id).only("id", "organisation_id", "country").first()
    if case is None:
        return 0
    target = organisation_id or case.organisation_id
    if target is not None:
        members = Membership.objects.filter(
            organisation_id=target,
            is_active=True,
            role__in=[Role.CASEWORKER, Role.COORDINATOR, Role.ORG_ADMIN],
        )
    else:  # the queue: the coordinators of the case's country, and the network's
        members = Membership.objects.filter(
            Q(role=Role.COORDINATOR, organisation__country=case.country) | Q(role=Role.NETWORK_COORDINATOR),
            is_active=True,
        )

    def compose(member: Membership) -> tuple[str, str]:
        url = absolute_url(reverse("cases:detail", args=[case.pk]))
        return (
            _("Korgoo: a case needs attention"),
            _("A case in your organisation's inbox needs attention. Log in to see it: %(url)s")
            % {"url": url},
        )

    return mail_members(members.select_related("user"), compose, message_key=message_key)


def file_quarantine_record(*, case_id: Any) -> None:
    """In the current transaction: the administrators of the organisation holding the case are to be
    told that a file of the case was held back by the virus check (at most once an hour per case)."""
    hour = timezone.now().strftime("%Y%m%d%H")
    outbox_add(topic=FILE_TOPIC, dedupe_key=f"{FILE_TOPIC}:{case_id}:{hour}", payload={"case": str(case_id)})


def deliver_file_quarantined(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: one e-mail to each active administrator of the organisation holding the case,
    naming only the case's reference and a link that requires login; never the file, its name or
    what the virus check found. A case waiting in the queue has no administrator to tell: whoever
    receives it sees the held-back file on the case page."""
    case = Case.objects.filter(pk=payload["case"]).only("id", "organisation_id").first()
    if case is None or case.organisation_id is None:
        return
    admins = Membership.objects.filter(
        organisation_id=case.organisation_id, is_active=True, role=Role.ORG_ADMIN
    ).select_related("user")

    def compose(member: Membership) -> tuple[str, str]:
        url = absolute_url(reverse("cases:detail", args=[case.pk]))
        return (
            _("Korgoo: a file was held back"),
            _("A file in case %(reference)s was held back by the virus check. Log in to see it: %(url)s")
            % {"reference": case.short_ref, "url": url},
        )

    mail_members(admins, compose, message_key=dedupe_key)


def routing_change_record(*, rule_id: Any, organisation_id: Any, action: str) -> None:
    """In the current transaction: the organisation a routing rule sends reports to is to be told
    that the rule was made or removed by someone else (a coordinator of its network)."""
    outbox_add(
        topic=ROUTING_TOPIC,
        dedupe_key=f"{ROUTING_TOPIC}:{rule_id}:{action}",
        payload={"organisation": str(organisation_id), "action": action},
    )


def deliver_routing_changed(payload: dict[str, Any], dedupe_key: str) -> None:
    """Outbox handler: the organisation's administrators and coordinators read that the rules that
    send it reports changed, with a link to the page that lists them."""
    members = Membership.objects.filter(
        organisation_id=payload["organisation"],
        is_active=True,
        role__in=[Role.ORG_ADMIN, Role.COORDINATOR, Role.NETWORK_COORDINATOR],
    ).select_related("user")

    def compose(member: Membership) -> tuple[str, str]:
        url = absolute_url(reverse("cases:routing_ours"))
        return (
            _("Korgoo: the routing of reports to your organisation changed"),
            _("A coordinator changed which reports are sent to your organisation. See the rules: %(url)s")
            % {"url": url},
        )

    mail_members(members, compose, message_key=dedupe_key)
