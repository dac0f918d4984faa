"""Reminders of appointments, delivered from the outbox on the channel the worker chose.

The outbox message names the booking and the slot it was made for; a booking cancelled or moved
since is not reminded (a moved one has a message of its own). On the tracking channel the reminder is
a line on the worker's report page; by SMS it goes through the adapter named by
KORGOO_SMS_BACKEND, when there is one: without an adapter nothing is sent, and nothing fails.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from korgoo.cases.choices import EventKind
from korgoo.cases.services import record_event

from .choices import ACTIVE_STATUSES, Channel
from .models import Booking
from .services import booking_phone, when_text


def deliver_reminder(payload: dict[str, Any], dedupe_key: str) -> None:
    booking = (
        Booking.objects.select_related("slot", "mission__organisation", "case")
        .filter(pk=str(payload["booking"]), slot_id=str(payload["slot"]), status__in=ACTIVE_STATUSES)
        .first()
    )
    if booking is None:
        return
    mission = booking.mission
    with translation.override(booking.language or "ky"):
        when = when_text(booking.slot, mission)
        if booking.channel == Channel.TRACKING and booking.case is not None:
            record_event(
                booking.case,
                EventKind.CONSULAR_REMINDED,
                data={"mission": mission.organisation.name, "when": when},
                worker_visible=True,
            )
        elif booking.channel == Channel.SMS and settings.KORGOO_SMS_BACKEND:
            text = _(
                "Reminder: your appointment at %(mission)s is %(when)s. Bring your passport and the booking code."
            ) % {
                "mission": mission.organisation.name,
                "when": when,
            }
            send = import_string(settings.KORGOO_SMS_BACKEND)
            send(booking_phone(booking), text)


# Messages "sent" by the in-memory SMS adapter, for tests and the demo (like Django's locmem mail).
sent_sms: list[tuple[str, str]] = []


def locmem_sms(phone: str, text: str) -> None:
    sent_sms.append((phone, text))
