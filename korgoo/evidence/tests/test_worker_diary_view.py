"""Whoever holds the receipt learns nothing new from the worker's diary: the worker's pages and the
bundle the worker downloads show no employer, workplace or supervisor — the same rule as the case
view (ADR 0004, hardening finding 5). Staff with the employer field still see them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from korgoo.conftest import TwoOrgs
from korgoo.core import receipts

from .conftest import add_entries

pytestmark = pytest.mark.django_db

NAMES = ("CANARY-EMPLOYER", "CANARY-BOSS", "Подольск")


def _worker(receipt: str) -> Client:
    client = Client()
    assert client.post("/ru/track/", {"receipt": receipts.display(receipt)}).status_code == 303
    return client


def test_the_worker_diary_page_and_bundle_show_no_names(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    add_entries(a.case, 2)
    worker = _worker(a.receipt)
    page = worker.get("/ru/tools/diary/").content.decode()
    assert "12:00" in page or "08:00" in page  # the days are there
    for name in NAMES:
        assert name not in page, name
    bundle = worker.post("/ru/tools/diary/bundle/", {})
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/octet-stream"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bundle.content)).pages)
    assert "Подольск" not in text and "CANARY" not in text
    # The organisation holding the case sees what the worker wrote.
    staff = client_for(a.caseworker).get(f"/ru/staff/evidence/cases/{a.case.pk}/").content.decode()
    assert "CANARY-EMPLOYER" in staff and "CANARY-BOSS" in staff
