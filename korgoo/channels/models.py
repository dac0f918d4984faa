"""Messenger channels: conversations in progress, updates received, messages to send, linked chats.

Nothing here names a worker in the clear. A chat is found by a keyed digest of its provider and id;
its id is kept sealed, under the channels' own key while a conversation runs and under the case's
data key (like the contact the worker gave on the web form) once the worker links the chat to a
report. What the worker types and what the bot says wait sealed, and are wiped once handled.
"""

from __future__ import annotations

import uuid

from django.db import models

from korgoo.cases.models import Case
from korgoo.intake.models import Report

from .choices import Delivery, Provider, Step


class Conversation(models.Model):
    """One chat talking to the bot now. Forgotten when the conversation ends (`/stop`, the end of a
    report or of tracking) or after `KORGOO_CHANNEL_CONVERSATION_HOURS` of silence; a chat the
    worker linked to a report lives on only as a `ChannelLink`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.CharField(max_length=16, choices=Provider.choices)
    chat_digest = models.CharField(max_length=64)
    sealed_chat = models.BinaryField()
    language = models.CharField(max_length=8, blank=True)
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.LANGUAGE)
    sealed_draft = models.BinaryField(default=b"")  # the answers of a report being written
    # The report opened with its receipt while the worker tracks it in this chat.
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Ids of the messages of this chat (the bot's and the worker's), so that it can be cleared.
    message_ids = models.JSONField(default=list)
    last_activity_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "chat_digest"], name="conversation_one_per_chat")
        ]


class Inbound(models.Model):
    """An update a provider delivered, kept to refuse its duplicates. The update waits sealed until
    the outbox drain handles it, then only its digest and times remain."""

    id = models.BigAutoField(primary_key=True)
    provider = models.CharField(max_length=16, choices=Provider.choices)
    key_digest = models.CharField(max_length=64)  # keyed digest of the provider's update or message id
    chat_digest = models.CharField(max_length=64)
    sealed_update = models.BinaryField(default=b"")
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "key_digest"], name="inbound_once_per_message")
        ]
        indexes = [models.Index(fields=["chat_digest", "id"], name="inbound_by_chat")]


class Outbound(models.Model):
    """Something to send to a chat (a message, or the deletion of one), delivered through the outbox.
    Its content waits sealed and is wiped once delivered; the row stays for channel health."""

    id = models.BigAutoField(primary_key=True)
    provider = models.CharField(max_length=16, choices=Provider.choices)
    sealed_content = models.BinaryField(default=b"")
    status = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)  # failed tries so far
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provider_message_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["provider", "status"], name="outbound_health")]


class ChannelLink(models.Model):
    """A chat the worker chose to link to their report, so that the organisation's messages reach it.

    The chat id is sealed with the case's data key, as the contact of the web form is, so it opens
    only while the case's content exists; the worker removes the link from the chat or the tracking
    page. Messages wait for the end of the worker's quiet hours (local time of the country)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="channel_links")
    provider = models.CharField(max_length=16, choices=Provider.choices)
    chat_digest = models.CharField(max_length=64)
    sealed_chat = models.BinaryField()
    language = models.CharField(max_length=8)
    quiet_from = models.PositiveSmallIntegerField(null=True, blank=True)  # hour, worker's local time
    quiet_until = models.PositiveSmallIntegerField(null=True, blank=True)
    utc_offset_minutes = models.SmallIntegerField(default=0)
    created_at = models.DateTimeField()
    # WhatsApp: the last time the worker wrote (free text is allowed for 24 hours after it).
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    # The worker asked for the network's alerts for the city of the report (a raid, a rule change,
    # a consulate closed) on this chat; empty: never sent one (korgoo.broadcasts).
    alerts_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "provider", "chat_digest"], name="channel_link_once")
        ]
        indexes = [models.Index(fields=["provider", "chat_digest"], name="channel_link_by_chat")]


class SimulatedMessage(models.Model):
    """What the bot said to a chat of the demo's simulated messenger (never a real provider). Kept
    sealed only so the simulation page can show the chat; a simulated chat is deleted with its
    conversation's messages."""

    id = models.BigAutoField(primary_key=True)
    chat_digest = models.CharField(max_length=64, db_index=True)
    sealed_content = models.BinaryField()
    from_worker = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField()
