"""Temporary and unfinished data never lands on disk in plaintext, and what an interrupted upload or
a rolled-back report leaves behind is purged (SECURITY.md requirement 28).

Uploads: Django's default handlers stream a request body larger than FILE_UPLOAD_MAX_MEMORY_SIZE to
a temporary file. Here FILE_UPLOAD_TEMP_DIR points at a folder that does not exist, so any attempt
to write one fails the request: the control test shows the trap springs with Django's handlers, the
others that Korgoo's never reach it.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, RequestFactory, encode_multipart
from django.utils import timezone

from korgoo.audit.models import AuditEvent
from korgoo.cases import services as case_services
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case
from korgoo.conftest import report, report_form
from korgoo.core.storage import sealed_storage
from korgoo.intake.models import IdempotencyRecord, Report, WorkerSession
from korgoo.intake.services import report_submit, worker_session_open
from korgoo.monitoring.choices import JobStatus, ReportKind
from korgoo.monitoring.models import ReportJob
from korgoo.organisations.models import Export, Role
from korgoo.retention.services import retention_run

from .helpers import database_bytes, files_on_disk, jpeg_with_gps

pytestmark = pytest.mark.django_db

CANARY = b"CANARY-DRAFT-7f3a"
DJANGO_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


@pytest.fixture
def trap(tmp_path: Path, settings: Any) -> Path:
    """Small limits, and a temporary-upload folder that does not exist."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    settings.KORGOO_UPLOAD_MAX_BYTES = 32 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-temporary-files-here")
    return Path(tempfile.gettempdir())


def _big_photo() -> io.BytesIO:
    """A "photo" of 200 kB (JPEG magic bytes, then the canary over and over)."""
    upload = io.BytesIO(b"\xff\xd8\xff\xe0" + CANARY * (200 * 1024 // len(CANARY)))
    upload.name = "holiday.jpg"
    return upload


def _new_files_with_canary(folder: Path, since: float) -> list[Path]:
    found = []
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime >= since and CANARY in path.read_bytes():
                found.append(path)
        except OSError:
            continue  # another process's file, gone or unreadable
    return found


def _nothing_kept() -> None:
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0 and Report.objects.count() == 0
    assert not files_on_disk()
    assert CANARY not in database_bytes()


def test_control_django_handlers_would_write_a_temporary_file(trap: Path) -> None:
    with override_settings(FILE_UPLOAD_HANDLERS=DJANGO_HANDLERS), pytest.raises(FileNotFoundError):
        Client().post(
            "/en/report/", report_form(description="Not paid for two months.", attachments=_big_photo())
        )


def test_a_large_upload_stays_in_memory_and_is_refused_as_too_large(trap: Path) -> None:
    started = time.time()
    response = Client().post(
        "/en/report/", report_form(description="Not paid for two months.", attachments=_big_photo())
    )
    assert response.status_code == 400
    assert "The file is too large." in response.content.decode()
    _nothing_kept()
    assert _new_files_with_canary(trap, started) == []


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(trap: Path, settings: Any) -> None:
    settings.KORGOO_UPLOAD_MAX_REQUEST_BYTES = 100 * 1024
    started = time.time()
    response = Client().post(
        "/en/report/", report_form(description="Not paid for two months.", attachments=_big_photo())
    )
    assert response.status_code == 400
    # The worker is told why, in their language, with the limit.
    page = response.content.decode().replace("\xa0", " ")
    assert 'data-testid="too-big"' in page and "at most 100.0 KB at a time" in page
    _nothing_kept()
    assert _new_files_with_canary(trap, started) == []


def test_an_upload_cut_off_mid_way_leaves_nothing(trap: Path, settings: Any) -> None:
    """The connection drops halfway through the body: the server reads what arrived, and keeps
    nothing of it."""
    settings.KORGOO_UPLOAD_MAX_BYTES = 1024 * 1024
    started = time.time()
    body = encode_multipart(
        BOUNDARY, report_form(description="Not paid for two months.", attachments=_big_photo())
    )
    environ = (
        RequestFactory().generic("POST", "/en/report/", data=b"", content_type=MULTIPART_CONTENT).environ
    )
    environ["wsgi.input"] = io.BytesIO(body[: len(body) * 2 // 3])
    environ["CONTENT_TYPE"] = MULTIPART_CONTENT  # without it nothing of the body would be parsed
    environ["CONTENT_LENGTH"] = str(len(body))
    statuses: list[str] = []
    # The real WSGI handler (the test client cannot send less than it declares); like the test
    # client, keep it from closing the test's database connection at the end of the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        b"".join(answer)
        answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses == ["400 Bad Request"]
    _nothing_kept()
    assert _new_files_with_canary(trap, started) == []


@pytest.mark.parametrize("through", ["report", "worker_adds_information"])
def test_a_fault_after_the_file_is_stored_leaves_ciphertext_that_the_purge_removes(
    through: str, monkeypatch: Any, db: Any
) -> None:
    """The transaction rolls back after the sealed file was written: the file is an orphan. It holds
    only ciphertext, and the next retention run (an hour later at least) deletes it."""
    photo = clean_upload("CANARY.jpg", jpeg_with_gps(CANARY.decode()))
    if through == "worker_adds_information":
        made = report_submit(new=report())
        case = Case.objects.select_related("organisation").get(pk=made.report.case_id)
        attachments_before = Attachment.objects.count()

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the process died before commit")

    # A report: the process dies once the file is stored (the last step of opening the case).
    # Information added: the audit row is written after the files are stored.
    store = case_services.opening.attach

    def store_then_fail(*args: Any, **kwargs: Any) -> Any:
        store(*args, **kwargs)
        fail()

    monkeypatch.setattr(case_services.opening, "attach", store_then_fail)
    monkeypatch.setattr(case_services.worker, "audit_record", fail)
    with pytest.raises(RuntimeError):
        if through == "report":
            report_submit(new=report(description="CANARY-DRAFT-7f3a"), files=[photo])
        else:
            case_services.case_info_add_by_worker(case=case, text="more", files=[photo])
    monkeypatch.undo()
    orphans = files_on_disk()
    assert orphans  # the sealed file outlived its transaction ...
    folder = Path(str(sealed_storage().path("")))
    for name in orphans:
        assert CANARY not in (folder / name).read_bytes()  # ... as ciphertext only
    if through == "report":
        assert Case.objects.count() == 0
    else:
        assert Attachment.objects.count() == attachments_before
    assert CANARY not in database_bytes()

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=30), tick=False):
        assert retention_run().counts["short_lived"]["orphan_files"] == 0  # it may still be committing
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        run = retention_run()
    assert run.counts["short_lived"]["orphan_files"] == len(orphans)
    assert not files_on_disk() & orphans
    assert AuditEvent.objects.filter(action="retention.deleted", object_type="orphan_file").exists()


def test_short_lived_rows_are_purged(two_orgs: Any) -> None:
    a = two_orgs.a
    worker_session_open(report=Report.objects.get(case=a.case))
    report_submit(new=report(description="Retry"), idempotency_key="retry-me")
    job = ReportJob.objects.create(
        organisation=two_orgs.coordinator.organisation,
        requested_by=two_orgs.coordinator,
        kind=ReportKind.SITUATION,
        status=JobStatus.DONE,
        content=CANARY,
        filename="report.pdf",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert two_orgs.coordinator.role == Role.COORDINATOR
    Export.objects.create(
        organisation=a.org,
        requested_by=a.admin,
        kind="cases",
        file_format="csv",
        permission="case.export_csv",
        filename="korgoo-cases.zip",
        content=b"encrypted archive",
        expires_at=timezone.now() + dt.timedelta(minutes=10),
    )
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2), tick=False):
        run = retention_run()
        assert ReportJob.objects.get(pk=job.pk).content is None
    assert run.counts["short_lived"]["exports"] == 1 and not Export.objects.exists()
    short = run.counts["short_lived"]
    assert short["worker_sessions"] == 1 and WorkerSession.objects.count() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        later = retention_run()
    assert later.counts["short_lived"]["idempotency_records"] >= 1 and IdempotencyRecord.objects.count() == 0
    assert later.counts["short_lived"]["report_jobs"] == 1 and not ReportJob.objects.exists()
    assert CANARY not in database_bytes()
