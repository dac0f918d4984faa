"""Virus checks of case files (SECURITY.md requirement 26), end to end: a worker's file goes through the
real intake form, the check runs, and staff can open the file only if it was found clean. Scanner
trouble of every kind holds the file back and alerts the organisation's administrators; a rescan
heals an outage. The ClamAV side is a fake clamd on a real Unix socket (korgoo/core/tests)."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from korgoo.audit.models import AuditEvent
from korgoo.cases.choices import EventKind
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case, CaseEvent
from korgoo.cases.scanning import files_rescan
from korgoo.cases.services import case_attachment_add_by_staff, case_info_add_by_worker
from korgoo.conftest import TwoOrgs, report_form
from korgoo.core.models import OutboxMessage
from korgoo.core.outbox import outbox_drain
from korgoo.core.scanning import ScanStatus
from korgoo.core.tests.fake_clamd import EICAR, SIGNATURE, FakeClamd, running_clamd
from korgoo.organisations.services import api_token_create

pytestmark = pytest.mark.django_db


def pdf_with(payload: bytes) -> bytes:
    """A one-page PDF whose content stream carries `payload` (it survives metadata stripping)."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = DecodedStreamObject()
    stream.set_data(b"% " + payload + b"\nBT ET\n")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG")
    return out.getvalue()


def report_with_file(name: str, data: bytes, **extra: Any) -> Attachment:
    """A worker sends a report with one file through the real web form; it is always accepted."""
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = Client().post("/ky/report/", report_form(attachments=[upload], **extra))
    assert response.status_code == 201  # whatever the virus check says, the report is accepted
    return Attachment.objects.select_related("case").latest("added_at")


def quarantine_mails() -> list[Any]:
    return [m for m in mail.outbox if m.extra_headers.get("Message-ID", "").startswith("<file.quarantined.")]


def api(two_orgs: TwoOrgs) -> tuple[Client, dict[str, str]]:
    token = api_token_create(user=two_orgs.a.admin.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    return Client(), {"Authorization": f"Bearer {token}"}


@pytest.fixture
def clamd(settings: Any) -> Iterator[FakeClamd]:
    with running_clamd(settings, timeout=1) as server:
        yield server


def test_eicar_through_the_intake_form_is_held_back_and_never_served(
    two_orgs: TwoOrgs, client_for: Any, caplog: Any
) -> None:
    caplog.set_level(logging.WARNING, logger="korgoo.cases.scanning")
    attachment = report_with_file("расчётный лист Иванова.pdf", pdf_with(EICAR), keep_originals="on")
    case = attachment.case
    assert case.organisation == two_orgs.a.org
    assert attachment.scan_status == ScanStatus.INFECTED and attachment.scan_signature == SIGNATURE
    assert attachment.scanned_at is not None and not attachment.downloadable

    # Nobody gets the content: not the caseworker, not the administrator, neither copy.
    for member in (two_orgs.a.caseworker, two_orgs.a.admin):
        client = client_for(member)
        for url_name in ("file_download", "file_original"):
            response = client.get(
                f"/en/staff/cases/{case.pk}/files/{attachment.pk}/"
                + ("original/" if url_name == "file_original" else "")
            )
            assert response.status_code == 404
            assert EICAR not in response.content

    # The case page says why, in plain words, and offers the administrator to delete it.
    page = client_for(two_orgs.a.admin).get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert 'data-scan="infected"' in page
    assert f"held back: the virus check found {SIGNATURE}" in page
    assert "расчётный лист Иванова.pdf" in page  # the name, but no link to the file
    assert f'/files/{attachment.pk}/"' not in page and f"/files/{attachment.pk}/delete/" in page
    caseworker_page = client_for(two_orgs.a.caseworker).get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert "held back: the virus check found" in caseworker_page
    assert f"/files/{attachment.pk}/delete/" not in caseworker_page

    # Timeline and audit log keep it; the log line names no file and no person.
    assert CaseEvent.objects.filter(case=case, kind=EventKind.FILE_HELD_BACK).count() == 1
    audit = AuditEvent.objects.get(action="file.quarantined")
    assert audit.details["file"] == str(attachment.pk) and audit.details["reason"] == "infected"
    logged = [r.getMessage() for r in caplog.records if r.name == "korgoo.cases.scanning"]
    assert len(logged) == 1 and "reason=infected" in logged[0] and case.short_ref in logged[0]
    assert "Иванов" not in logged[0] and ".pdf" not in logged[0]

    # The organisation's administrators are told through the outbox: the case, a link, nothing else.
    message = OutboxMessage.objects.get(topic="file.quarantined")
    assert message.payload == {"case": str(case.pk)}
    outbox_drain()
    sent = quarantine_mails()
    assert [m.to for m in sent] == [[two_orgs.a.admin.user.email]]
    body = sent[0].subject + sent[0].body
    assert case.short_ref in body and f"/staff/cases/{case.pk}/" in body
    for secret in ("Иванов", ".pdf", SIGNATURE, "Курулушта"):
        assert secret not in body


def test_an_infected_original_holds_the_whole_file_back(two_orgs: TwoOrgs, client_for: Any) -> None:
    # The cleaned photo is decoded and written again, so EICAR survives only in the kept original.
    attachment = report_with_file("photo.jpg", jpeg() + EICAR, keep_originals="on")
    assert attachment.original_storage_name
    assert attachment.scan_status == ScanStatus.INFECTED
    client = client_for(two_orgs.a.admin)
    assert client.get(f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/").status_code == 404


def test_the_worker_never_sees_the_virus_check(two_orgs: TwoOrgs) -> None:
    upload = SimpleUploadedFile("x.pdf", pdf_with(EICAR))
    client = Client()
    response = client.post("/en/report/", report_form(attachments=[upload]))
    assert response.status_code == 201
    page = response.content.decode().lower()
    assert "virus" not in page and "eicar" not in page and "held back" not in page
    assert Attachment.objects.get().scan_status == ScanStatus.INFECTED


def test_a_clean_file_opens(two_orgs: TwoOrgs, client_for: Any) -> None:
    data = pdf_with(b"a payslip")
    attachment = report_with_file("payslip.pdf", data)
    assert attachment.scan_status == ScanStatus.CLEAN and attachment.downloadable
    response = client_for(two_orgs.a.caseworker).get(
        f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not OutboxMessage.objects.filter(topic="file.quarantined").exists()


def test_the_api_shows_the_check_of_each_file(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    case_info_add_by_worker(
        case=a.case,
        text="",
        files=[clean_upload("bad.pdf", pdf_with(EICAR)), clean_upload("ok.pdf", pdf_with(b"ok"))],
    )
    client, auth = api(two_orgs)
    data = client.get(f"/api/v1/cases/{a.case.pk}/", headers=auth).json()
    files = {f["name"]: f for f in data["files"]}
    assert files["bad.pdf"]["scan_status"] == "infected"
    assert files["bad.pdf"]["scan_signature"] == SIGNATURE
    assert files["bad.pdf"]["downloadable"] is False
    assert files["ok.pdf"]["scan_status"] == "clean" and files["ok.pdf"]["downloadable"] is True


@pytest.mark.parametrize("trouble", ["down", "error", "hang"])
def test_scanner_trouble_holds_the_file_back_until_a_rescan_finds_it_clean(
    two_orgs: TwoOrgs, client_for: Any, clamd: FakeClamd, trouble: str
) -> None:
    if trouble == "down":
        clamd.stop()
    else:
        clamd.mode = trouble
    attachment = report_with_file("payslip.pdf", pdf_with(b"a payslip"))
    assert attachment.scan_status == ScanStatus.FAILED  # failed closed, and the report was accepted
    url = f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/"
    admin = client_for(two_orgs.a.admin)
    assert admin.get(url).status_code == 404
    page = admin.get(f"/en/staff/cases/{attachment.case_id}/").content.decode()
    assert "held back: the virus check could not run; it will be retried" in page
    assert f"/files/{attachment.pk}/delete/" not in page  # only an infected file may be deleted
    assert OutboxMessage.objects.filter(topic="file.quarantined").count() == 1
    assert AuditEvent.objects.get(action="file.quarantined").details["reason"] == "scan_failed"

    # Still down: the rescan stops and leaves the file held back, with no second alert.
    if trouble == "down":
        assert files_rescan().stopped
        attachment.refresh_from_db()
        assert attachment.scan_status == ScanStatus.FAILED and attachment.scan_attempts == 2
    # The scanner is back: the timer's rescan releases the file.
    if trouble == "down":
        clamd.start()
    clamd.mode = "ok"
    call_command("rescan_files")
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.CLEAN
    assert admin.get(url).status_code == 200
    assert OutboxMessage.objects.filter(topic="file.quarantined").count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.FILE_HELD_BACK).count() == 1


def test_an_infected_file_stays_held_back_through_rescans(two_orgs: TwoOrgs, clamd: FakeClamd) -> None:
    attachment = report_with_file("x.pdf", pdf_with(EICAR))
    assert attachment.scan_status == ScanStatus.INFECTED
    assert len(clamd.streams) == 1
    report = files_rescan()
    assert report.checked == 0 and len(clamd.streams) == 1
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.INFECTED


def test_a_rescan_stops_at_the_first_sign_the_scanner_is_down(two_orgs: TwoOrgs, clamd: FakeClamd) -> None:
    clamd.stop()
    case_info_add_by_worker(
        case=two_orgs.a.case, text="", files=[clean_upload(f"{n}.pdf", pdf_with(b"x")) for n in range(3)]
    )
    assert set(Attachment.objects.values_list("scan_status", flat=True)) == {ScanStatus.FAILED}
    report = files_rescan()
    assert report.stopped and report.checked == 1
    with pytest.raises(SystemExit):
        call_command("rescan_files")


def test_files_stored_without_a_scanner_are_checked_once_one_is_configured(
    two_orgs: TwoOrgs, settings: Any, client_for: Any
) -> None:
    settings.KORGOO_FILE_SCANNER = "korgoo.core.scanning.NoScanner"
    attachment = report_with_file("x.pdf", pdf_with(EICAR))
    assert attachment.scan_status == ScanStatus.NOT_SCANNED
    url = f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/"
    settings.KORGOO_DEMO = True
    assert client_for(two_orgs.a.admin).get(url).status_code == 200  # demo mode only
    settings.KORGOO_DEMO = False
    assert client_for(two_orgs.a.admin).get(url).status_code == 404
    assert files_rescan().checked == 0  # NoScanner has nothing new to say
    settings.KORGOO_FILE_SCANNER = "korgoo.core.tests.fake_clamd.EicarScanner"
    assert files_rescan().checked == 1
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.INFECTED
    assert OutboxMessage.objects.filter(topic="file.quarantined").count() == 1


def test_a_pending_file_is_not_served(two_orgs: TwoOrgs, client_for: Any) -> None:
    attachment = report_with_file("x.pdf", pdf_with(b"ok"))
    Attachment.objects.filter(pk=attachment.pk).update(scan_status=ScanStatus.PENDING)
    admin = client_for(two_orgs.a.admin)
    assert admin.get(f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/").status_code == 404
    page = admin.get(f"/en/staff/cases/{attachment.case_id}/").content.decode()
    assert "held back until the virus check has run" in page
    files_rescan()
    assert admin.get(f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections, as in production
def test_with_the_database_queue_the_check_runs_in_the_worker(
    two_orgs: TwoOrgs, settings: Any, client_for: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    attachment = report_with_file("x.pdf", pdf_with(b"ok"))
    assert attachment.scan_status == ScanStatus.PENDING  # queued with the report, in its transaction
    assert DBTaskResult.objects.filter(task_path="korgoo.cases.tasks.scan_stored_file").count() == 1
    url = f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/"
    assert client_for(two_orgs.a.admin).get(url).status_code == 404
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.CLEAN
    assert client_for(two_orgs.a.admin).get(url).status_code == 200


def test_staff_uploads_are_checked_too(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    response = client_for(a.caseworker).post(
        f"/en/staff/cases/{a.case.pk}/files/", {"file": SimpleUploadedFile("x.pdf", pdf_with(EICAR))}
    )
    assert response.status_code == 302
    assert Attachment.objects.get(case=a.case).scan_status == ScanStatus.INFECTED
    attachment = case_attachment_add_by_staff(
        actor=a.actor(), case=a.case, clean=clean_upload("y.pdf", pdf_with(b"y"))
    )
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.CLEAN


def test_an_administrator_deletes_an_infected_file(
    two_orgs: TwoOrgs, client_for: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = report_with_file("x.pdf", pdf_with(EICAR), keep_originals="on")
    stored = [
        settings.KORGOO_FILES_DIR / attachment.storage_name,
        settings.KORGOO_FILES_DIR / attachment.original_storage_name,
    ]
    assert all(path.exists() for path in stored)
    url = f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/delete/"
    assert client_for(two_orgs.a.caseworker).post(url).status_code == 403
    assert client_for(two_orgs.a.admin).get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(two_orgs.a.admin).post(url)
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not any(path.exists() for path in stored)
    assert CaseEvent.objects.filter(case=attachment.case, kind=EventKind.FILE_DELETED).count() == 1
    deleted = AuditEvent.objects.get(action="file.deleted")
    assert deleted.actor_membership_id == two_orgs.a.admin.pk and deleted.details["file"] == str(
        attachment.pk
    )
    assert client_for(two_orgs.a.admin).post(url).status_code == 404


def test_a_file_that_is_not_infected_cannot_be_deleted(two_orgs: TwoOrgs, client_for: Any) -> None:
    attachment = report_with_file("x.pdf", pdf_with(b"ok"))
    url = f"/en/staff/cases/{attachment.case_id}/files/{attachment.pk}/delete/"
    response = client_for(two_orgs.a.admin).post(url, follow=True)
    assert response.status_code == 200
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert not AuditEvent.objects.filter(action="file.deleted").exists()


def test_another_organisation_can_neither_see_nor_delete_a_held_back_file(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    b = two_orgs.b
    case_info_add_by_worker(case=b.case, text="", files=[clean_upload("b.pdf", pdf_with(EICAR))])
    attachment = Attachment.objects.get(case=b.case)
    assert attachment.scan_status == ScanStatus.INFECTED
    missing = "00000000-0000-0000-0000-000000000000"
    a_admin = client_for(two_orgs.a.admin)
    for path in (
        f"/en/staff/cases/{b.case.pk}/files/{attachment.pk}/delete/",
        f"/en/staff/cases/{b.case.pk}/files/{missing}/delete/",
        f"/en/staff/cases/{missing}/files/{attachment.pk}/delete/",
        f"/en/staff/cases/{two_orgs.a.case.pk}/files/{attachment.pk}/delete/",
    ):
        response = a_admin.post(path)
        assert response.status_code == 404, path
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    client, auth = api(two_orgs)
    assert client.get(f"/api/v1/cases/{b.case.pk}/", headers=auth).status_code == 404
    # Org B's administrators alone are told.
    outbox_drain()
    assert [m.to for m in quarantine_mails()] == [[b.admin.user.email]]
    assert Case.objects.get(pk=b.case.pk).attachments.count() == 1


def test_a_broken_scanner_setting_never_costs_the_worker_the_report(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_FILE_SCANNER = "korgoo.no_such_module.Scanner"
    attachment = report_with_file("x.pdf", pdf_with(b"ok"))
    assert attachment.scan_status == ScanStatus.FAILED
    assert Case.objects.count() == 3  # the two fixture cases and this report
