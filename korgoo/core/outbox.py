"""The transactional outbox: side effects commit with the change, and are delivered afterwards.

`outbox_add` writes a message in the caller's transaction: if the change rolls back, so does the
message. `outbox_drain` delivers pending messages, each in its own transaction holding a row lock
(`SELECT … FOR UPDATE SKIP LOCKED`), so several drain processes can run side by side; a process
killed mid-delivery leaves its message pending, to be delivered again (at least once). Handlers are
named per topic in settings (KORGOO_OUTBOX_HANDLERS), so the kernel knows no domain app.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any], str], None]
MAX_ATTEMPTS = 12


def outbox_add(
    *, topic: str, dedupe_key: str, payload: dict[str, Any], delay: dt.timedelta | None = None
) -> None:
    """Record a message in the current transaction; a message with the same key is kept once."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_add must run inside the transaction of the change it follows")
    OutboxMessage.objects.bulk_create(
        [outbox_message(topic=topic, dedupe_key=dedupe_key, payload=payload, delay=delay)],
        ignore_conflicts=True,
    )


def outbox_message(
    *, topic: str, dedupe_key: str, payload: dict[str, Any], delay: dt.timedelta | None = None
) -> OutboxMessage:
    """The row `outbox_add` writes, for a caller that writes it with others in one statement
    (`korgoo.core.inserts`, with `ignore_conflicts` so that a message with the same key is kept once)."""
    return OutboxMessage(
        topic=topic,
        dedupe_key=dedupe_key[:200],
        payload=payload,
        available_at=timezone.now() + (delay or dt.timedelta(0)),
    )


def _handler(topic: str) -> Handler:
    path = settings.KORGOO_OUTBOX_HANDLERS.get(topic)
    if path is None:
        raise LookupError(f"no outbox handler for {topic}")
    handler: Handler = import_string(path)
    return handler


def outbox_drain(*, limit: int = 100) -> int:
    """Deliver up to `limit` pending messages; returns how many were delivered."""
    delivered = 0
    for _ in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(
                    delivered_at__isnull=True, available_at__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
                )
                .order_by("available_at", "id")
                .first()
            )
            if message is None:
                break
            try:
                _handler(message.topic)(message.payload, message.dedupe_key)
            except Exception as error:  # a failed delivery is retried later, with back-off
                message.attempts += 1
                message.last_error = type(error).__name__
                message.available_at = timezone.now() + dt.timedelta(seconds=min(3600, 2**message.attempts))
                message.save(update_fields=["attempts", "last_error", "available_at"])
                logger.warning(
                    "outbox delivery failed: topic=%s attempts=%s", message.topic, message.attempts
                )
                continue
            message.attempts += 1
            message.delivered_at = timezone.now()
            message.save(update_fields=["attempts", "delivered_at"])
            delivered += 1
    return delivered


def outbox_purge(*, older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    """Forget delivered messages after a while."""
    deleted, _ = OutboxMessage.objects.filter(delivered_at__lt=timezone.now() - older_than).delete()
    return deleted
