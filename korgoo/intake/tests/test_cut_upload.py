"""A request body cut short by its own declared length, inside an attached file: the report is refused
as a whole with a clear message in the worker's language, and nothing of it is kept.

The test client cannot send a body longer than it declares, so the request goes through the real
WSGI handler with a Content-Length that ends halfway through the photo while the whole body follows
(what a broken proxy or a forged request does). Django's multipart parser then stops at the declared
length, drops the unfinished file and, before this was handled, the rest of the form was accepted
as a report without the photo.
"""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.client import BOUNDARY, MULTIPART_CONTENT, RequestFactory, encode_multipart
from PIL import Image

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Attachment, Case
from korgoo.conftest import report_form
from korgoo.intake.models import IdempotencyRecord, Report

pytestmark = pytest.mark.django_db


def _jpeg() -> bytes:
    """A real photo of a few kilobytes (noise, so that it does not compress to nothing)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (48, 48), random.Random(7).randbytes(48 * 48 * 3)).save(out, "JPEG")
    return out.getvalue()


PHOTO = _jpeg()


def _photo() -> io.BytesIO:
    upload = io.BytesIO(PHOTO)
    upload.name = "payslip.jpg"
    return upload


def _post_cut(path: str, body: bytes, declared: int) -> tuple[str, bytes]:
    environ = RequestFactory().generic("POST", path, data=b"", content_type=MULTIPART_CONTENT).environ
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_TYPE"] = MULTIPART_CONTENT
    environ["CONTENT_LENGTH"] = str(declared)
    statuses: list[str] = []
    # Like the test client, keep the handler from closing the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer: Any = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        content = b"".join(answer)
        answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], content


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The upload was cut off before it was complete"),
        ("ru", "Загрузка оборвалась, не дойдя до конца"),
        ("ky", "Жүктөө аягына чейин жетпей үзүлүп калды"),
    ],
)
def test_a_declared_length_that_cuts_a_file_refuses_the_report(language: str, message: str) -> None:
    form = report_form(description="Not paid for two months.")
    form["attachments"] = _photo()  # the photo last, after every other answer
    body = encode_multipart(BOUNDARY, form)
    middle = body.index(PHOTO) + len(PHOTO) // 2
    status, content = _post_cut(f"/{language}/report/", body, declared=middle)
    assert status == "400 Bad Request"
    assert message in content.decode().replace("\xa0", " ")
    assert Case.objects.count() == 0
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action="case.opened").exists()


def test_the_same_body_with_its_true_length_is_a_report_with_its_photo() -> None:
    """The control: the same request, declared whole, is accepted with the photo attached."""
    form = report_form(description="Not paid for two months.")
    form["attachments"] = _photo()
    body = encode_multipart(BOUNDARY, form)
    status, _content = _post_cut("/en/report/", body, declared=len(body))
    assert status == "201 Created"
    assert Case.objects.count() == 1
    assert Attachment.objects.count() == 1
