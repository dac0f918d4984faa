"""An organisation administrator exports the inbox in a real browser: the page shows the archive's
password once and a link that works once; the downloaded file is an encrypted ZIP that opens with
that password only (SECURITY.md 22). A caseworker is offered no export at all."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
import pyzipper
from playwright.sync_api import Page, expect

from korgoo.cases.models import RoutingRule
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Export, Role

from .steps import shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser
def test_admin_exports_the_inbox_as_an_encrypted_archive(
    site: str, desk: Page, other_desk: Page, tmp_path: Path
) -> None:
    org = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=org, country="RU", locality_id=MOSCOW)
    admin = make_member(org, "admin.aigul", Role.ORG_ADMIN)
    caseworker = make_member(org, "cw.nurlan", Role.CASEWORKER)
    case = report_submit(new=report(description="Story CANARY-E about unpaid wages")).report.case
    assert case.organisation == org

    # A caseworker reads cases on screen and is offered no export.
    staff_login(other_desk, site, caseworker)
    expect(other_desk.get_by_test_id("exports")).to_have_count(0)

    staff_login(desk, site, admin)
    exports = desk.get_by_test_id("exports")
    expect(exports.get_by_test_id("export-csv")).to_be_visible()
    expect(exports.get_by_test_id("export-xlsx")).to_be_visible()
    exports.get_by_test_id("export-csv").click()

    password = desk.get_by_test_id("export-password").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){4}", password), password
    link = desk.get_by_test_id("export-download")
    href = link.get_attribute("href")
    assert href and re.fullmatch(r"/ru/staff/exports/[0-9a-f-]{36}/", href)
    shot(desk, "export-ready")
    with desk.expect_download() as download_info:
        link.click()
    archive = tmp_path / "export.zip"
    download_info.value.save_as(archive)
    assert download_info.value.suggested_filename.endswith(".csv.zip")
    data = archive.read_bytes()
    assert data.startswith(b"PK") and case.short_ref.encode() not in data

    with pyzipper.AESZipFile(io.BytesIO(data)) as zipped:
        name = zipped.namelist()[0]
        with pytest.raises(RuntimeError):
            zipped.read(name)
        zipped.setpassword(password.encode())
        rows = list(csv.reader(io.StringIO(zipped.read(name).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [case.short_ref]
    assert "CANARY-E" not in str(rows)
    assert not Export.objects.exists()

    # The link worked once.
    again: Any = desk.goto(f"{site}{href}")
    assert again.status == 404
