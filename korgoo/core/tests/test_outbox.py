"""The transactional outbox (SECURITY.md requirement 34)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction

from korgoo.conftest import env_at_test_clock
from korgoo.core.models import OutboxMessage
from korgoo.core.outbox import outbox_add, outbox_drain


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(settings: Any) -> None:
    settings.KORGOO_OUTBOX_HANDLERS = {"t": "korgoo.core.tests.test_outbox.record"}
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        outbox_add(topic="t", dedupe_key="k1", payload={"n": 1})
        raise ZeroDivisionError
    assert OutboxMessage.objects.count() == 0
    assert outbox_drain() == 0


DELIVERED: list[str] = []


def record(payload: dict[str, Any], key: str) -> None:
    DELIVERED.append(key)


def explode(payload: dict[str, Any], key: str) -> None:
    raise ConnectionError("mail server down")


@pytest.mark.django_db
def test_messages_are_delivered_once_and_the_same_key_is_kept_once(settings: Any) -> None:
    settings.KORGOO_OUTBOX_HANDLERS = {"t": "korgoo.core.tests.test_outbox.record"}
    DELIVERED.clear()
    with transaction.atomic():
        outbox_add(topic="t", dedupe_key="a", payload={})
        outbox_add(topic="t", dedupe_key="a", payload={})
        outbox_add(topic="t", dedupe_key="b", payload={})
    assert outbox_drain() == 2
    assert outbox_drain() == 0
    assert sorted(DELIVERED) == ["a", "b"]


@pytest.mark.django_db
def test_failed_delivery_is_retried_later(settings: Any) -> None:
    settings.KORGOO_OUTBOX_HANDLERS = {"t": "korgoo.core.tests.test_outbox.explode"}
    with transaction.atomic():
        outbox_add(topic="t", dedupe_key="x", payload={})
    assert outbox_drain() == 0
    message = OutboxMessage.objects.get()
    assert message.attempts == 1 and message.delivered_at is None and message.last_error == "ConnectionError"
    settings.KORGOO_OUTBOX_HANDLERS = {"t": "korgoo.core.tests.test_outbox.record"}
    OutboxMessage.objects.update(available_at=message.created_at)
    assert outbox_drain() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_killing_the_drain_loses_nothing_and_receivers_see_each_message_once(
    tmp_path: Path, two_orgs: Any
) -> None:
    """Commit 20 notifications, kill -9 the drain mid-batch, start it again: every message arrives,
    and the one that may arrive twice carries the same Message-ID (so receivers drop it)."""
    from korgoo.cases.notifications import case_attention_record
    from korgoo.conftest import report
    from korgoo.intake.services import report_submit

    OutboxMessage.objects.all().delete()
    with transaction.atomic():
        for _ in range(20):
            case = report_submit(new=report()).report.case
            OutboxMessage.objects.filter(payload__case=str(case.pk)).delete()
            case_attention_record(case_id=case.pk)
    expected = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert len(expected) == 20
    outdir = tmp_path / "mail"
    env = env_at_test_clock(  # the drain reads messages the test wrote, at the test's clock
        DJANGO_SETTINGS_MODULE="korgoo.config.settings.test",
        DATABASE_URL=_url(),
        KORGOO_EMAIL_BACKEND="korgoo.core.tests.slow_mail.SlowFileBackend",
        KORGOO_TEST_MAIL_DIR=str(outdir),
    )
    drain = subprocess.Popen([sys.executable, "-m", "korgoo", "drain_outbox", "--once"], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(outdir.glob("*"))) < 5:
        time.sleep(0.05)
    os.kill(drain.pid, signal.SIGKILL)
    drain.wait()
    half = len(list(outdir.glob("*")))
    assert 0 < half < 40  # killed mid-batch
    finish = subprocess.run(
        [sys.executable, "-m", "korgoo", "drain_outbox", "--once"], env=env, timeout=120, check=True
    )
    assert finish.returncode == 0
    ids: list[str] = []
    for path in outdir.glob("*"):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                ids.append(message_from_bytes(chunk)["Message-ID"])
    members = 2  # org A's caseworker and admin get each notification
    assert len(set(ids)) == 20 * members
    assert len(ids) - len(set(ids)) <= members  # at most the message in flight at the kill, same Message-ID
    assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 0
    assert mail.outbox == []


def _url() -> str:
    settings_dict = connection.settings_dict
    return f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
