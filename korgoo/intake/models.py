"""The worker's side of a report: the receipt, retries, and the short session after a lookup.

Nothing here can name the worker. The receipt is stored only as a keyed hash (the pepper lives in
the environment); the report's content lives sealed in its case.
"""

from __future__ import annotations

import uuid

from django.db import models

from korgoo.cases.models import Case


class Report(models.Model):
    """A report as the worker knows it: reachable only with its receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="report")
    receipt_digest = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField()
    last_seen_on = models.DateField()  # the day the receipt was last used; see korgoo.retention

    class Meta:
        indexes = [models.Index(fields=["last_seen_on"], name="report_last_seen")]


class IdempotencyRecord(models.Model):
    """The outcome of one `Idempotency-Key`, kept 24 hours so a retry after a lost answer shows the
    same receipt. The receipt is sealed under a key derived from the Idempotency-Key itself, so the
    server cannot read it back without the client's retry."""

    key_digest = models.CharField(max_length=64, primary_key=True)
    payload_digest = models.CharField(max_length=64)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, related_name="+")
    sealed_receipt = models.BinaryField(default=b"")
    created_at = models.DateTimeField(db_index=True)


class WorkerSession(models.Model):
    """A short session after a receipt lookup, so the worker need not type the receipt on every page.

    The cookie is a browser-session cookie (never written to disk as persistent), SameSite=Strict,
    HttpOnly; only its hash is stored. Quick exit and idle timeout end it on the server.
    """

    token_digest = models.CharField(max_length=64, primary_key=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)
