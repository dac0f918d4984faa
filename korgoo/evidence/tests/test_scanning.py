"""Virus checks of diary photos (SECURITY.md requirement 26): a photo held back is served to nobody and
left out of every document, the diary's chain still holds, and the worker is told nothing of it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from korgoo.cases.files import clean_upload
from korgoo.conftest import TwoOrgs
from korgoo.core.models import OutboxMessage
from korgoo.core.scanning import ScanStatus
from korgoo.core.tests.fake_clamd import EICAR, SIGNATURE, FakeClamd, running_clamd
from korgoo.evidence.models import DiaryPhoto
from korgoo.evidence.services import diary
from korgoo.organisations.services import api_token_create

from .conftest import draft, png_bytes, worker_client

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def diary_form(client: Client, **extra: Any) -> dict[str, Any]:
    page = client.get("/ky/tools/diary/")
    return {
        "entry_key": page.context["form"].initial["entry_key"],
        "work_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "place": "Курулуш, Москва",
        "start": "08:00",
        "end": "19:00",
        "break_minutes": "60",
        "currency": "RUB",
        **extra,
    }


def images_in(pdf: bytes) -> int:
    """Distinct images embedded in a PDF (a page may list images that other pages draw)."""
    return len({image.data for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images})


@pytest.fixture
def clamd(settings: Any) -> Iterator[FakeClamd]:
    with running_clamd(settings, timeout=1) as server:
        yield server


def test_an_infected_diary_photo_is_held_back_and_left_out_of_documents(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a = two_orgs.a
    worker = worker_client(a.case)
    infected = jpeg() + EICAR  # survives only in the original the worker asked to keep
    sent = worker.post(
        "/ky/tools/diary/add/",
        {**diary_form(worker), "photos": [io.BytesIO(infected)], "keep_originals": "on"},
    )
    assert sent.status_code == 303  # the day is saved whatever the check says
    clean = worker.post(
        "/ky/tools/diary/add/",
        {
            **diary_form(worker, work_date=(timezone.localdate() - dt.timedelta(days=2)).isoformat()),
            "photos": [io.BytesIO(png_bytes())],
        },
    )
    assert clean.status_code == 303
    held = DiaryPhoto.objects.get(original_storage_name__gt="")
    fine = DiaryPhoto.objects.exclude(pk=held.pk).get()
    assert held.scan_status == ScanStatus.INFECTED and held.scan_signature == SIGNATURE
    assert fine.scan_status == ScanStatus.CLEAN

    admin = client_for(a.admin)
    base = f"/en/staff/evidence/cases/{a.case.pk}"
    assert admin.get(f"{base}/photos/{held.pk}/").status_code == 404
    assert admin.get(f"{base}/photos/{held.pk}/original/").status_code == 404
    assert admin.get(f"{base}/photos/{fine.pk}/").status_code == 200
    page = admin.get(f"{base}/").content.decode()
    assert f"held back: the virus check found {SIGNATURE}" in page
    assert f"/photos/{held.pk}/" not in page and f"/photos/{fine.pk}/" in page

    # Documents embed only the clean photo; the diary's chain is untouched.
    staff_bundle = admin.post(f"{base}/documents/evidence-bundle.pdf", {})
    worker_bundle = worker.post("/ky/tools/diary/bundle/", {})
    assert staff_bundle.status_code == worker_bundle.status_code == 200
    assert diary.diary_verify(a.case)[0].ok
    DiaryPhoto.objects.filter(pk=held.pk).update(scan_status=ScanStatus.CLEAN)  # had it been clean…
    with_both = admin.post(f"{base}/documents/evidence-bundle.pdf", {})
    assert images_in(with_both.content) == images_in(staff_bundle.content) + 1
    assert (
        images_in(worker.post("/ky/tools/diary/bundle/", {}).content) == images_in(worker_bundle.content) + 1
    )
    DiaryPhoto.objects.filter(pk=held.pk).update(scan_status=ScanStatus.INFECTED)

    # The worker's own pages say nothing about the check.
    for path in ("/en/tools/diary/", "/ky/tools/diary/"):
        text = worker.get(path).content.decode().lower()
        assert "virus" not in text and "eicar" not in text

    # The staff API shows the status; the organisation's administrators are alerted.
    token = api_token_create(user=a.admin.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    entries = (
        Client()
        .get(f"/api/v1/cases/{a.case.pk}/diary/", headers={"Authorization": f"Bearer {token}"})
        .json()["entries"]
    )
    statuses = {p["id"]: (p["scan_status"], p["downloadable"]) for e in entries for p in e["photos"]}
    assert statuses == {str(held.pk): ("infected", False), str(fine.pk): ("clean", True)}
    assert OutboxMessage.objects.get(topic="file.quarantined").payload == {"case": str(a.case.pk)}


def test_a_photo_stored_while_the_scanner_is_down_opens_after_the_rescan(
    two_orgs: TwoOrgs, client_for: Any, clamd: FakeClamd
) -> None:
    a = two_orgs.a
    clamd.stop()
    diary.diary_entry_add_by_staff(
        actor=a.actor(), case=a.case, draft=draft(), photos=[clean_upload("site.png", png_bytes())]
    )
    photo = DiaryPhoto.objects.get()
    assert photo.scan_status == ScanStatus.FAILED
    url = f"/en/staff/evidence/cases/{a.case.pk}/photos/{photo.pk}/"
    admin = client_for(a.admin)
    assert admin.get(url).status_code == 404
    assert (
        "held back: the virus check could not run; it will be retried"
        in admin.get(f"/en/staff/evidence/cases/{a.case.pk}/").content.decode()
    )
    assert OutboxMessage.objects.filter(topic="file.quarantined").count() == 1
    clamd.start()
    call_command("rescan_files")
    photo.refresh_from_db()
    assert photo.scan_status == ScanStatus.CLEAN
    assert admin.get(url).status_code == 200


def test_another_organisation_gets_nothing_of_a_held_back_photo(two_orgs: TwoOrgs, client_for: Any) -> None:
    b = two_orgs.b
    diary.diary_entry_add_by_worker(
        case=b.case,
        draft=draft(),
        entry_key=diary.entry_key_issue(),
        photos=[clean_upload("x.jpg", jpeg() + EICAR)],
        keep_originals=True,
    )
    photo = DiaryPhoto.objects.get()
    assert photo.scan_status == ScanStatus.INFECTED
    a_admin = client_for(two_orgs.a.admin)
    base = f"/en/staff/evidence/cases/{b.case.pk}"
    for path in (f"{base}/", f"{base}/photos/{photo.pk}/", f"{base}/photos/{photo.pk}/original/"):
        response = a_admin.get(path)
        assert response.status_code == 404 and SIGNATURE.encode() not in response.content
