"""Fixtures of the evidence tests: rate files isolated per test, a worker's session on a case, small
images with and without metadata, diary entries."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from korgoo.cases.models import Case
from korgoo.evidence.services import diary
from korgoo.intake.models import Report
from korgoo.intake.services import worker_session_open
from korgoo.intake.sessions import WORKER_COOKIE


@pytest.fixture(autouse=True)
def _rates_dir(tmp_path: Any, settings: Any) -> None:
    """Imported rate files go to a folder of this test only; the shipped files stay in force."""
    settings.KORGOO_RATES_DIR = str(tmp_path / "rates")


def worker_client(case: Case) -> Client:
    """A browser that opened the report of ``case`` with its receipt."""
    client = Client()
    client.cookies[WORKER_COOKIE] = worker_session_open(report=Report.objects.get(case=case))
    return client


def jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (8, 8), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "CANARY-CAMERA"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (6, 6), colour).save(out, "PNG")
    return out.getvalue()


def draft(day_offset: int = 1, **extra: Any) -> diary.EntryDraft:
    values: dict[str, Any] = {
        "work_date": dt.date.today() - dt.timedelta(days=day_offset),
        "place": "Склад, Подольск",
        "employer": "ООО CANARY-EMPLOYER",
        "start": dt.time(8, 0),
        "end": dt.time(20, 0),
        "break_minutes": 60,
        "pay_agreed": Decimal("3000"),
        "pay_received": Decimal("1000"),
        "supervisor": "Бригадир CANARY-BOSS",
        "note": "",
    }
    values.update(extra)
    return diary.EntryDraft(**values)


def add_entries(case: Case, count: int) -> list[Any]:
    return [
        diary.diary_entry_add_by_worker(
            case=case, draft=draft(day_offset=count - i), entry_key=diary.entry_key_issue()
        ).entry
        for i in range(count)
    ]
