"""What a stolen database or file store reveals (SECURITY.md requirements 9, 27, 14)."""

from __future__ import annotations

import base64
import io
import json
import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from korgoo.cases import selectors
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment
from korgoo.conftest import TwoOrgs, report
from korgoo.core import crypto, receipts
from korgoo.intake.services import report_submit

pytestmark = pytest.mark.django_db

CANARIES = ("CANARY-A", "Employer CANARY", "Name CANARY", "+7 900")


def database_text() -> str:
    """Every value of every table, as a dump would hold it."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value).decode("latin-1"))
                    else:
                        chunks.append(str(value))
    return "\n".join(chunks)


def test_database_holds_no_receipt_and_no_personal_data_in_the_clear(two_orgs: TwoOrgs) -> None:
    dump = database_text()
    for receipt in (two_orgs.a.receipt, two_orgs.b.receipt):
        for form in (receipt, receipts.display(receipt), "-".join(receipts.display(receipt).split())):
            assert form not in dump
    for canary in CANARIES:
        assert canary not in dump
    assert "unpaid wages" not in dump.lower() or "Story" not in dump


def test_lookup_fails_closed_without_the_pepper(two_orgs: TwoOrgs, settings: Any) -> None:
    client = Client()
    settings.KORGOO_RECEIPT_PEPPER = "another-pepper"
    response = client.post(
        "/api/v1/reports/track/",
        data=json.dumps({"receipt": two_orgs.a.receipt}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_files_on_disk_are_ciphertext(db: Any, settings: Any) -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
    )
    pdf = _pdf_with_author()
    report_submit(
        new=report(), files=[clean_upload("a.png", png), clean_upload("doc.pdf", pdf)], keep_originals=True
    )
    stored = list(settings.KORGOO_FILES_DIR.iterdir())
    assert len(stored) == 4  # cleaned copy and kept original of each
    for path in stored:
        data = path.read_bytes()
        assert b"PNG" not in data[:16] and b"%PDF" not in data and b"Canary" not in data


def _pdf_with_author() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_metadata({"/Author": "CanaryAuthor", "/Title": "CanaryTitle"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_metadata_is_removed_and_the_original_needs_the_evidence_grant(two_orgs: TwoOrgs) -> None:
    from pypdf import PdfReader

    a = two_orgs.a
    from korgoo.cases.services import case_info_add_by_worker

    case_info_add_by_worker(
        case=a.case, text="", files=[clean_upload("contract.pdf", _pdf_with_author())], keep_originals=True
    )
    attachment = Attachment.objects.get(case=a.case)
    _row, cleaned, _name = selectors.attachment_get_for(
        actor=a.actor(), case_id=a.case.pk, attachment_id=attachment.pk
    )
    assert b"Canary" not in cleaned
    assert not (PdfReader(io.BytesIO(cleaned)).metadata or {})
    from korgoo.core.errors import NotFound

    with pytest.raises(NotFound):  # a caseworker has no grant for originals
        selectors.attachment_get_for(
            actor=a.actor(), case_id=a.case.pk, attachment_id=attachment.pk, original=True
        )
    _row, original, _name = selectors.attachment_get_for(
        actor=a.actor("admin"), case_id=a.case.pk, attachment_id=attachment.pk, original=True
    )
    assert b"CanaryAuthor" in original


def test_key_rotation_rewraps_and_the_old_key_is_no_longer_needed(two_orgs: TwoOrgs, settings: Any) -> None:
    old = settings.KORGOO_ROOT_KEYS
    new_key = "n2:" + base64.urlsafe_b64encode(b"n" * 32).decode()
    settings.KORGOO_ROOT_KEYS = f"{new_key},{old}"
    call_command("rotate_keys", stdout=io.StringIO())
    settings.KORGOO_ROOT_KEYS = new_key
    view = selectors.case_get_for(actor=two_orgs.a.actor(), case_id=two_orgs.a.case.pk)
    assert "CANARY-A" in view.report["description"]
    settings.KORGOO_ROOT_KEYS = old  # the old key alone no longer opens anything
    with pytest.raises(crypto.DecryptionError):
        selectors.case_get_for(actor=two_orgs.a.actor(), case_id=two_orgs.a.case.pk)


def test_flipped_byte_in_the_database_is_an_error_not_garbage(two_orgs: TwoOrgs) -> None:
    from korgoo.cases.models import Case

    case = Case.objects.get(pk=two_orgs.a.case.pk)
    sealed_report = bytearray(bytes(case.sealed_report))
    sealed_report[20] ^= 0xFF
    Case.objects.filter(pk=case.pk).update(sealed_report=bytes(sealed_report))
    with pytest.raises(crypto.DecryptionError):
        selectors.case_get_for(actor=two_orgs.a.actor(), case_id=case.pk)


def test_logs_carry_no_address_receipt_or_form_content(db: Any) -> None:
    from korgoo.core.logging import JsonFormatter, ScrubFilter

    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(ScrubFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("", "django.request", "django.server", "korgoo")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="CanaryAgent/1.0")
        body = {
            "language": "ru",
            "country": "RU",
            "city": "Moscow",
            "categories": ["unpaid_wages"],
            "description": "LOG-CANARY story",
            "employer_name": "LOG-CANARY employer",
        }
        created = client.post(
            "/api/v1/reports/", data=json.dumps(body), content_type="application/json"
        ).json()
        client.post(
            "/api/v1/reports/track/",
            data=json.dumps({"receipt": created["receipt"]}),
            content_type="application/json",
        )
        client.post(
            "/api/v1/reports/track/",
            data=json.dumps({"receipt": "1234 5678"}),
            content_type="application/json",
        )
        client.get("/ky/does-not-exist/")
        logging.getLogger("django.request").warning(
            "Not Found: /x from 203.0.113.77 code %s", created["receipt"]
        )
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
    written = handler.stream.getvalue()
    assert written  # something was logged, through the project's filter and formatter
    for secret in ("203.0.113.77", "CanaryAgent", "LOG-CANARY", created["receipt"]):
        assert secret not in written, secret


def test_search_and_idempotency_survive_key_rotation(two_orgs: TwoOrgs, settings: Any) -> None:
    from korgoo.cases.selectors import InboxFilters, case_list_for

    first = report_submit(new=report(description="ротация ключей"), idempotency_key="rotation")
    settings.KORGOO_ROOT_KEYS = (
        "n3:" + base64.urlsafe_b64encode(b"r" * 32).decode() + "," + settings.KORGOO_ROOT_KEYS
    )
    call_command("rotate_keys", stdout=io.StringIO())
    assert case_list_for(actor=two_orgs.a.actor(), filters=InboxFilters(q="ротация")).exists()
    retry = report_submit(new=report(description="ротация ключей"), idempotency_key="rotation")
    assert retry.receipt == first.receipt and retry.replayed
