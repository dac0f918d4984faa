"""A request body cut short by its own declared length, inside an attached file or inside the text of
the story: the report is refused as a whole with a clear message in the worker's language, and
nothing of it is kept.

The test client cannot send a body longer than it declares, so the request goes through the real
WSGI handler with a Content-Length that ends halfway through the photo while the whole body follows
(what a broken proxy or a forged request does). Django's multipart parser then stops at the declared
length, drops the unfinished file and, before this was handled, the rest of the form was accepted
as a report without the photo; cut inside the story, the story was kept as far as it got.
"""

from __future__ import annotations

import io
import random

import pytest
from django.test.client import BOUNDARY, encode_multipart
from PIL import Image

from korgoo.audit.models import AuditEvent
from korgoo.cases import vault
from korgoo.cases.models import Attachment, Case
from korgoo.conftest import post_cut, report_form
from korgoo.intake.models import IdempotencyRecord, Report

pytestmark = pytest.mark.django_db


def _jpeg() -> bytes:
    """A real photo of a few kilobytes (noise, so that it does not compress to nothing)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (48, 48), random.Random(7).randbytes(48 * 48 * 3)).save(out, "JPEG")
    return out.getvalue()


PHOTO = _jpeg()
# The refusal, as the worker reads it in each language.
CUT_OFF = [
    ("en", "What you sent was cut off before it all arrived"),
    ("ru", "Отправка оборвалась, не дойдя до конца"),
    ("ky", "Жөнөтүү аягына чейин жетпей үзүлүп калды"),
]


def _photo() -> io.BytesIO:
    upload = io.BytesIO(PHOTO)
    upload.name = "payslip.jpg"
    return upload


@pytest.mark.parametrize(("language", "message"), CUT_OFF)
def test_a_declared_length_that_cuts_a_file_refuses_the_report(language: str, message: str) -> None:
    form = report_form(description="Not paid for two months.")
    form["attachments"] = _photo()  # the photo last, after every other answer
    body = encode_multipart(BOUNDARY, form)
    middle = body.index(PHOTO) + len(PHOTO) // 2
    status, content = post_cut(f"/{language}/report/", body, declared=middle)
    assert status == "400 Bad Request"
    assert message in content.decode().replace("\xa0", " ")
    assert Case.objects.count() == 0
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action="case.opened").exists()


STORY = "Not paid for two months. The foreman keeps our passports in his office."


@pytest.mark.parametrize(("language", "message"), CUT_OFF)
def test_a_declared_length_that_cuts_the_story_refuses_the_report(language: str, message: str) -> None:
    """No file at all: the body ends in the middle of the story, which Django's parser would keep as
    far as it got ("Not paid for two mo")."""
    body = encode_multipart(BOUNDARY, report_form(description=STORY))
    middle = body.index(STORY.encode()) + len(STORY) // 4
    status, content = post_cut(f"/{language}/report/", body, declared=middle)
    assert status == "400 Bad Request"
    assert message in content.decode().replace("\xa0", " ")
    assert Case.objects.count() == 0
    assert Report.objects.count() == 0
    assert IdempotencyRecord.objects.count() == 0


def test_a_body_cut_inside_its_closing_boundary_refuses_the_report() -> None:
    """Every answer arrived, but not the whole of the boundary that closes the form."""
    body = encode_multipart(BOUNDARY, report_form(description=STORY))
    status, _content = post_cut("/en/report/", body, declared=body.rindex(b"--") + 1)
    assert status == "400 Bad Request"
    assert Case.objects.count() == 0


def test_the_story_with_its_true_length_is_a_report_and_read_whole() -> None:
    """The control: the same request, declared whole, makes a case whose story is the whole story."""
    body = encode_multipart(BOUNDARY, report_form(description=STORY))
    status, _content = post_cut("/en/report/", body, declared=len(body))
    assert status == "201 Created"
    assert vault.open_report(Case.objects.get())["description"] == STORY


def test_the_same_body_with_its_true_length_is_a_report_with_its_photo() -> None:
    """The control: the same request, declared whole, is accepted with the photo attached."""
    form = report_form(description="Not paid for two months.")
    form["attachments"] = _photo()
    body = encode_multipart(BOUNDARY, form)
    status, _content = post_cut("/en/report/", body, declared=len(body))
    assert status == "201 Created"
    assert Case.objects.count() == 1
    assert Attachment.objects.count() == 1
