"""Key rotation: re-wrapping every case's data key under the active root key."""

from __future__ import annotations

from django.db import transaction

from korgoo.audit.services import audit_record
from korgoo.core import crypto

from .. import vault
from ..models import (
    Case,
)


def case_keys_rewrap(*, batch_size: int = 500) -> tuple[int, int]:
    """Re-wrap every case data key under the active root key (key rotation).

    Returns (re-wrapped, already current). Runs in batches, each in its own transaction, so it can
    be interrupted and started again; after it, the old root key can be removed.
    """
    active = crypto.keyring().active_id
    rewrapped = current = 0
    last_pk = None
    while True:
        rows = Case.objects.exclude(wrapped_key=b"").order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows.only("pk", "organisation_id", "wrapped_key")[:batch_size])
        if not batch:
            return rewrapped, current
        with transaction.atomic():
            for case in batch:
                if crypto.wrapped_key_id(bytes(case.wrapped_key)) == active:
                    current += 1
                    continue
                vault.rewrap_for_holder(case, case.organisation_id)
                Case.objects.filter(pk=case.pk).update(wrapped_key=case.wrapped_key)
                rewrapped += 1
            audit_record(actor=None, action="keys.rewrapped", details={"cases": len(batch), "key": active})
        last_pk = batch[-1].pk
