"""Base models shared by every app."""

from __future__ import annotations

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicModel(TimeStampedModel):
    """A model whose rows are named outside the database (URLs, API): the key is a random UUID."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A side effect (a notification) recorded in the same transaction as the change that causes it.

    A drain process delivers pending messages at least once; `dedupe_key` is unique, so adding the
    same message twice in a window stores it once, and it is sent as the message's identifier so
    that a redelivery after a crash can be recognised downstream. Payloads carry ids, never personal data.
    """

    id = models.BigAutoField(primary_key=True)
    topic = models.CharField(max_length=64)
    dedupe_key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["available_at", "id"],
                name="outbox_pending",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]


class ThrottleCounter(models.Model):
    """One fixed-window counter of a throttle or budget, shared by every process through the
    database when there is no Redis (`korgoo.core.counters.DatabaseCounterCache`). Holds a key made
    of a purpose and a keyed hash, never an address."""

    key = models.CharField(max_length=250, primary_key=True)
    count = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
