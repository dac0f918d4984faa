"""Nothing accepted is lost, nothing is duplicated (SECURITY.md requirements 32, 33)."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from korgoo.audit.models import AuditEvent
from korgoo.cases import services as case_services
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case, CaseEvent
from korgoo.conftest import report
from korgoo.intake import services
from korgoo.intake.models import IdempotencyRecord, Report

BODY = {
    "language": "ru",
    "country": "RU",
    "city": "Moscow",
    "categories": ["unpaid_wages"],
    "description": "Не заплатили за сентябрь.",
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fea7358184000000000049454e44ae426082"
)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_requests_make_one_case_with_one_receipt() -> None:
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(8)
    results: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def submit() -> None:
        client = Client()
        barrier.wait()
        response = client.post(
            "/api/v1/reports/",
            data=json.dumps(BODY),
            content_type="application/json",
            headers={"Idempotency-Key": "same"},
        )
        with lock:
            results.append((response.status_code, response.json()))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert {status for status, _ in results} <= {201, 409}
    receipts = {body["receipt"] for status, body in results if status == 201}
    assert len(receipts) == 1
    assert (
        Case.objects.count() == 1 and Report.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
    )


@pytest.mark.django_db
def test_answer_lost_after_commit_then_retry_gives_the_same_receipt() -> None:
    first = services.report_submit(new=report(), idempotency_key="lost-answer")
    # The client never saw `first`; it retries.
    retry = services.report_submit(new=report(), idempotency_key="lost-answer")
    assert retry.receipt == first.receipt and retry.replayed
    assert Case.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["audit", "rows_written", "attachment", "receipt_digest"])
def test_a_fault_at_any_step_leaves_nothing_behind(step: str, monkeypatch: Any, settings: Any) -> None:
    """Case, categories, files' rows, timeline, audit row, report and idempotency record commit together."""

    class Boom(Exception):
        pass

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise Boom

    if step == "audit":
        monkeypatch.setattr(case_services.opening, "audit_parts", fail)
    elif step == "rows_written":
        # The statement that writes the case, its rows, the audit row, the receipt digest and the
        # idempotency record has run; then the process fails.
        write = case_services.opening.insert_together

        def write_then_fail(*args: Any, **kwargs: Any) -> None:
            write(*args, **kwargs)
            assert Report.objects.count() == 1 and Case.objects.count() == 1
            raise Boom

        monkeypatch.setattr(case_services.opening, "insert_together", write_then_fail)
    elif step == "attachment":
        original = Attachment.save

        def fail_second(self: Attachment, *args: Any, **kwargs: Any) -> None:
            if Attachment.objects.count() >= 1:
                raise Boom
            original(self, *args, **kwargs)

        monkeypatch.setattr(Attachment, "save", fail_second)
    elif step == "receipt_digest":
        # Computed before anything is written.
        from korgoo.core import crypto

        monkeypatch.setattr(crypto, "receipt_digest", fail)
    audit_before = AuditEvent.objects.count()
    with pytest.raises(Boom):
        services.report_submit(
            new=report(),
            files=[clean_upload("a.png", PNG), clean_upload("b.png", PNG)],
            idempotency_key="k-" + step,
        )
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert Report.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    # Sealed files written before the fault are swept.
    import datetime as dt

    assert case_services.sweep_orphan_files(older_than=dt.timedelta(0)) >= 0
    leftovers = list(settings.KORGOO_FILES_DIR.iterdir()) if settings.KORGOO_FILES_DIR.exists() else []
    assert leftovers == []
