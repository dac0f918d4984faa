"""Nobody stalls intake with a file: refusals come before any file is decoded, and decoding happens in
a child process with CPU, memory and time limits, never in the web worker (SECURITY.md 23, 36;
hardening finding 1)."""

from __future__ import annotations

import io
import resource
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfWriter

from korgoo.cases import files as case_files
from korgoo.cases.models import Case
from korgoo.conftest import TwoOrgs, report_form
from korgoo.core import receipts
from korgoo.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def decodings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file handed to the cleaner (the expensive step), by kind."""
    seen: list[str] = []
    real = case_files._run_cleaner

    def counting(kind: str, data: bytes) -> bytes:
        seen.append(kind)
        return real(kind, data)

    monkeypatch.setattr(case_files, "_run_cleaner", counting)
    return seen


def _report_with(pdfs: list[bytes], client: Client) -> Any:
    uploads = [
        SimpleUploadedFile(f"{n}.pdf", data, content_type="application/pdf") for n, data in enumerate(pdfs)
    ]
    return client.post("/en/report/", report_form(attachments=uploads))


def test_a_report_over_the_client_budget_is_refused_before_any_file_is_decoded(
    two_orgs: TwoOrgs, settings: Any, decodings: list[str]
) -> None:
    settings.KORGOO_INTAKE_PER_CLIENT = 1
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert _report_with([_pdf(2)], client).status_code == 201
    assert decodings == ["PDF"]
    before = Case.objects.count()
    refused = _report_with([_pdf(2), _pdf(2)], client)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert decodings == ["PDF"]  # the refused request decoded nothing
    assert Case.objects.count() == before


def test_a_report_over_the_global_budget_is_refused_before_any_file_is_decoded(
    two_orgs: TwoOrgs, settings: Any, decodings: list[str]
) -> None:
    settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE = 0
    refused = _report_with([_pdf(2)], Client(REMOTE_ADDR="203.0.113.8"))
    assert refused.status_code == 503 and int(refused["Retry-After"]) > 0
    assert decodings == []


def test_too_many_files_and_a_file_of_another_kind_are_refused_before_decoding(
    two_orgs: TwoOrgs, settings: Any, decodings: list[str]
) -> None:
    settings.KORGOO_UPLOAD_MAX_FILES = 2
    assert _report_with([_pdf(1)] * 3, Client()).status_code == 400
    html = SimpleUploadedFile("a.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    assert Client().post("/en/report/", report_form(attachments=[html])).status_code == 400
    assert decodings == []


def test_adding_files_to_a_report_keeps_the_same_budget_and_order(
    two_orgs: TwoOrgs, settings: Any, decodings: list[str]
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.post("/en/track/", {"receipt": receipts.display(two_orgs.a.receipt)})
    settings.KORGOO_INTAKE_PER_CLIENT = 0
    upload = SimpleUploadedFile("a.pdf", _pdf(1), content_type="application/pdf")
    refused = client.post("/en/track/case/add/", {"text": "", "attachments": [upload]})
    assert refused.status_code == 429
    assert decodings == []


def test_a_pdf_of_too_many_pages_is_refused_by_the_page_count_it_declares(settings: Any) -> None:
    settings.KORGOO_UPLOAD_MAX_PDF_PAGES = 20
    with pytest.raises(ApplicationError) as refused:
        case_files.clean_upload("many.pdf", _pdf(21))
    assert refused.value.code == "file_too_many_pages"
    assert case_files.clean_upload("few.pdf", _pdf(20)).content.startswith(b"%PDF-")


def test_decoding_runs_in_a_child_with_a_cpu_limit_and_costs_the_web_worker_nothing(settings: Any) -> None:
    """A 40-megapixel PNG of 2 MB is within the limits of size and pixels but takes about three CPU
    seconds and several hundred megabytes to decode and write again: with one CPU second allowed,
    the child is stopped (by its CPU or its memory limit) and the file refused; the work was the
    child's, not this process's."""
    settings.KORGOO_UPLOAD_CPU_SECONDS = 1
    out = io.BytesIO()
    Image.effect_mandelbrot((6300, 6300), (-2, -1.5, 1, 1.5), 60).convert("RGB").save(out, "PNG")
    heavy = out.getvalue()
    assert len(heavy) < settings.KORGOO_UPLOAD_MAX_BYTES
    ours_before = resource.getrusage(resource.RUSAGE_SELF)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with pytest.raises(ApplicationError) as refused:
        case_files.clean_upload("heavy.png", heavy)
    assert refused.value.code == "file_unreadable"
    ours = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    our_cpu = (ours.ru_utime + ours.ru_stime) - (ours_before.ru_utime + ours_before.ru_stime)
    # The child did the work until a limit stopped it: its CPU limit, its memory limit, or the time
    # limit (three times the CPU seconds) when the machine is busy and the child gets less of a core.
    assert child_cpu > 0.05
    # The web worker only waited: decoding the file here would have cost it about three CPU seconds.
    assert our_cpu < 0.5
    # The child's memory never became the web worker's.
    assert ours.ru_maxrss - ours_before.ru_maxrss < 100 * 1024  # kilobytes: under 100 MB more
