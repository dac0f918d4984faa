"""Writing and verifying audit rows.

`audit_record` must be called inside the transaction of the act it records (it refuses to run in
autocommit), so the act and its audit row commit or roll back together.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from korgoo.core.actor import Actor
from korgoo.core.inserts import Rows, Statement, insert_together
from korgoo.core.prepared import prepared_cursor

from .models import AuditChainHead, AuditEvent

PLATFORM_CHAIN = "platform"
_HEAD_UPDATE = "UPDATE {table} SET {seq} = %s, {last_hash} = %s WHERE {chain} = %s".format(  # noqa: S608 - fixed names
    table=connection.ops.quote_name(AuditChainHead._meta.db_table),
    **{name: connection.ops.quote_name(name) for name in ("seq", "last_hash", "chain")},
)


_HEAD_LOCK = "SELECT {seq}, {last_hash} FROM {table} WHERE {chain} = %s{lock}".format(  # noqa: S608 - fixed names
    table=connection.ops.quote_name(AuditChainHead._meta.db_table),
    lock=" FOR UPDATE" if connection.features.has_select_for_update else "",
    **{name: connection.ops.quote_name(name) for name in ("seq", "last_hash", "chain")},
)


def _head_locked(chain: str) -> tuple[int, str] | None:
    """The chain head's sequence number and last hash, its row locked until the transaction ends
    (one fixed statement: every audited act asks)."""
    with prepared_cursor() as cursor:
        cursor.execute(_HEAD_LOCK, [chain])
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def chain_for(organisation_id: Any, object_id: Any) -> str:
    """The chain a row goes to: one of a few parallel chains per organisation (and for the platform).

    Each chain is strictly linear (its head row is locked while appending), so one chain would
    serialise every audited act of a busy organisation; rows are spread over
    KORGOO_AUDIT_CHAIN_SHARDS chains by the object they are about, keeping an object's history in one.
    """
    owner = str(organisation_id) if organisation_id else PLATFORM_CHAIN
    shards = int(getattr(settings, "KORGOO_AUDIT_CHAIN_SHARDS", 1))
    if shards <= 1:
        return owner
    key = str(object_id) if object_id else secrets.token_hex(8)
    return f"{owner}/{int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % shards}"


def _row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "chain": event.chain,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "action": event.action,
        "actor_user_id": event.actor_user_id,
        "actor_membership_id": event.actor_membership_id,
        "organisation_id": str(event.organisation_id) if event.organisation_id else None,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": event.details,
    }


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: Any = "",
    organisation_id: Any = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one row to the chain of the acting organisation (or the platform chain)."""
    # The row and the chain's new head in one statement on PostgreSQL (`korgoo.core.inserts`).
    insert_together(
        *audit_parts(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            organisation_id=organisation_id,
            details=details,
        )
    )


def audit_parts(
    *,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: Any = "",
    organisation_id: Any = None,
    details: dict[str, Any] | None = None,
) -> tuple[Rows, Statement]:
    """What `audit_record` writes, for a service that writes it with its own rows in one statement
    (`korgoo.core.inserts.insert_together`): the row, and the update of its chain's head. The head is
    locked here, until the transaction ends; the caller must write both parts in it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the act it records")
    actor = actor or Actor()
    org_id = organisation_id if organisation_id is not None else actor.organisation_id
    chain = chain_for(org_id, object_id)
    head = _head_locked(chain)
    if head is None:
        AuditChainHead.objects.bulk_create([AuditChainHead(chain=chain)], ignore_conflicts=True)
        head = _head_locked(chain)
        assert head is not None  # created just now, or by a concurrent act that committed it
    seq, last_hash = head
    event = AuditEvent(
        chain=chain,
        seq=seq + 1,
        at=timezone.now(),
        action=action,
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
        organisation_id=org_id,
        object_type=object_type,
        object_id=str(object_id) if object_id else "",
        details=details or {},
        prev_hash=last_hash,
    )
    event.hash = _row_hash(event.prev_hash, _hashed_fields(event))
    return Rows([event]), Statement(_HEAD_UPDATE, [event.seq, event.hash, chain])


@dataclass(frozen=True)
class ChainReport:
    chain: str
    rows: int
    broken_at: int | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify(chain: str | None = None) -> list[ChainReport]:
    """Recompute every chain (or one) and report the first row whose hash or link does not match."""
    chains = [chain] if chain else list(AuditChainHead.objects.values_list("chain", flat=True))
    reports = []
    for name in chains:
        prev = "0" * 64
        broken = None
        count = 0
        expected_seq = 1
        for event in AuditEvent.objects.filter(chain=name).order_by("seq").iterator(chunk_size=2000):
            count += 1
            if (
                event.seq != expected_seq
                or event.prev_hash != prev
                or event.hash != _row_hash(prev, _hashed_fields(event))
            ):
                broken = event.seq
                break
            prev = event.hash
            expected_seq += 1
        head = AuditChainHead.objects.filter(chain=name).first()
        if broken is None and head is not None and (head.seq != count or head.last_hash != prev):
            broken = count + 1
        reports.append(ChainReport(chain=name, rows=count, broken_at=broken))
    return reports
