"""The append-only audit log.

One row for every staff login and failed login, case read, change, export, referral and identity
reveal, written in the same transaction as the act itself. Rows hold ids and codes, never personal
data. Rows are hash-chained per chain (a few parallel chains per organisation and for the platform, see
`korgoo.audit.services.chain_for`), and the
database refuses UPDATE and DELETE on the table (triggers installed by migration 0002).
"""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    action = models.CharField(max_length=64)
    actor_user_id = models.BigIntegerField(null=True)
    actor_membership_id = models.BigIntegerField(null=True)
    organisation_id = models.UUIDField(null=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [
            models.Index(fields=["organisation_id", "at"], name="audit_org_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]


class AuditChainHead(models.Model):
    """The last hash of each chain; locked while a row is appended so the chain stays linear."""

    chain = models.CharField(max_length=40, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
