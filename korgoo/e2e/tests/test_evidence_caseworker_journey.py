"""A caseworker opens a case, sees the worker's diary and its verified chain, saves a calculation
and generates the demand letter to the employer; the PDF is read back."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from korgoo.cases.models import RoutingRule
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.evidence.models import GeneratedDocument
from korgoo.evidence.services import diary
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role

from .steps import shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser
def test_caseworker_generates_the_demand_letter_from_the_case(
    site: str, desk: Page, settings: Any, tmp_path: Path
) -> None:
    settings.KORGOO_RATES_DIR = str(tmp_path / "rates")
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    caseworker = make_member(ngo, "aigul", Role.CASEWORKER)
    case = report_submit(
        new=report(
            description="Айлык төлөнгөн жок.",
            employer="ООО Стройка",
            full_name="Асанов Бакыт",
            contact_channel="phone",
            contact_value="+7 900 000 00 00",
            share_with=("ngo",),
        )
    ).report.case
    for offset in range(5, 0, -1):
        diary.diary_entry_add_by_worker(
            case=case,
            draft=diary.EntryDraft(
                work_date=timezone.localdate() - dt.timedelta(days=offset),
                place="Склад, Подольск",
                employer="ООО Стройка",
                start=dt.time(8),
                end=dt.time(20),
                break_minutes=60,
                pay_agreed=Decimal("3000"),
                pay_received=Decimal("0"),
                supervisor="Бакыт",
            ),
            entry_key=diary.entry_key_issue(),
        )

    staff_login(desk, site, caseworker)
    desk.goto(f"{site}/ru/staff/cases/{case.pk}/")
    desk.get_by_test_id("evidence-link").click()
    expect(desk.get_by_test_id("chain-status")).to_have_class("chain ok")
    expect(desk.get_by_test_id("staff-diary").locator("tbody tr")).to_have_count(5)

    calc = desk.get_by_test_id("staff-calc-late_payment")
    calc.locator("xpath=..").locator("summary").click()
    calc.locator('input[name="lp-amount"]').fill("15000")
    calc.locator('input[name="lp-due_date"]').fill("2025-03-15")
    calc.locator('input[name="lp-as_of"]').fill("2025-05-01")
    calc.locator('button[type="submit"]').click()
    expect(desk.get_by_test_id("saved-calculation")).to_have_count(1)
    shot(desk, "evidence-10-case-page")

    form = desk.get_by_test_id("document-form")
    expect(form.locator('input[name="worker_name"]')).to_have_value("Асанов Бакыт")
    expect(form.locator('input[name="employer"]')).to_have_value("ООО Стройка")
    form.locator('select[name="contract"]').select_option("no")
    with desk.expect_download() as download_info:
        desk.get_by_test_id("make-demand_letter").click()
    data = Path(download_info.value.path()).read_bytes()
    text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
        .replace("\xa0", " ")
        .split()
    )
    assert "ПРЕТЕНЗИЯ" in text and "Асанов Бакыт" in text and "ООО Стройка" in text
    assert "15 000.00 рублей" in text  # the unpaid sum of the saved calculation
    # 15 000 × 21% / 150 × 47 days (2025-03-16 .. 2025-05-01) = 3 150 × 47 / 150 = 987.00
    assert "987.00 рублей" in text
    assert "ч. 2 ст. 67 ТК РФ" in text and "[заполнить: адрес работодателя]" in text
    record = GeneratedDocument.objects.get(case=case, kind="demand_letter")
    assert record.author == "organisation" and record.diary_seq == 5
    desk.reload()
    expect(desk.get_by_test_id("documents").locator("tbody tr")).to_have_count(1)
