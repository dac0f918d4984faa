"""A worker on a phone keeps a work diary for a week, through a dropped connection and a lost
answer, computes in Kyrgyz what is owed, and downloads the evidence bundle; the PDF is read back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, Route, expect
from pypdf import PdfReader

from korgoo.cases.models import RoutingRule
from korgoo.conftest import MOSCOW, make_org, report
from korgoo.core import receipts
from korgoo.core.choices import OrganisationKind
from korgoo.evidence.models import Calculation, DiaryEntry, GeneratedDocument
from korgoo.evidence.services.diary import diary_verify
from korgoo.intake.services import report_submit

from .steps import KYRGYZ_LETTERS, catalogue, shot, worker_opens_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACES = [
    "Курулуш, Люблино",
    "Курулуш, Люблино",
    "Склад, Подольск",
    "Склад, Подольск",
    "Курулуш, Люблино",
    "Курулуш, Люблино",
    "Склад, Подольск",
]


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def fill_day(page: Page, day: dt.date, place: str, received: str) -> None:
    form = page.get_by_test_id("diary-form")
    form.locator('input[name="work_date"]').fill(day.isoformat())
    form.locator('input[name="place"]').fill(place)
    form.locator('input[name="employer"]').fill("Асанбек (ортомчу)")
    form.locator('input[name="start"]').fill("08:00")
    form.locator('input[name="end"]').fill("20:00")
    form.locator('input[name="break_minutes"]').fill("60")
    if day.weekday() >= 5:
        form.locator('input[name="rest_day"]').check()
    form.locator('input[name="pay_agreed"]').fill("3000")
    form.locator('input[name="pay_received"]').fill(received)
    form.locator('input[name="supervisor"]').fill("Бакыт")


def saved(page: Page, number: int) -> None:
    expect(page.get_by_test_id("diary-saved")).to_contain_text(str(number))
    expect(page.get_by_test_id("diary-entry")).to_have_count(number)


@pytest.mark.browser
def test_worker_keeps_a_diary_for_a_week_computes_in_kyrgyz_and_downloads_the_bundle(
    site: str, phone: Page, settings: Any, tmp_path: Path
) -> None:
    settings.KORGOO_RATES_DIR = str(tmp_path / "rates")
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    submitted = report_submit(
        new=report(description="Айлык төлөнгөн жок.", share_with=("ngo",), language="ky")
    )
    case = submitted.report.case

    # The worker opens the report with the code written on paper, then the diary.
    phone.goto(f"{site}/ky/track/")
    worker_opens_report(phone, receipts.display(submitted.receipt))
    phone.get_by_test_id("diary-link").click()
    expect(phone).to_have_url(f"{site}/ky/tools/diary/")
    expect(phone.locator("html")).to_have_attribute("lang", "ky")
    shot(phone, "evidence-01-diary-empty")

    today = timezone.localdate()
    week = [today - dt.timedelta(days=7 - i) for i in range(7)]
    for number, day in enumerate(week, start=1):
        fill_day(phone, day, PLACES[number - 1], "0" if number > 2 else "3000")
        button = phone.get_by_test_id("diary-submit")
        if number == 4:
            # The connection drops as the worker presses the button: the page keeps the entry and
            # says so; when the network is back, it sends the same entry again by itself.
            phone.context.set_offline(True)
            button.click()
            status = phone.get_by_test_id("diary-status")
            expect(status).to_be_visible()
            expect(button).to_be_disabled()
            shot(phone, "evidence-02-offline")
            assert DiaryEntry.objects.filter(case=case).count() == 3
            phone.wait_for_timeout(2500)  # an automatic retry fails too while offline
            phone.context.set_offline(False)
        elif number == 5:
            # The entry reaches the server but the answer is lost on the way back: the page retries
            # with the same entry key, and the server answers with the entry it already saved.
            lost = {"count": 0}

            def lose_first_answer(route: Route, *_: Any, lost: dict[str, int] = lost) -> None:
                if lost["count"] == 0:
                    lost["count"] += 1
                    route.fetch()
                    route.abort("connectionreset")
                else:
                    route.continue_()

            phone.route("**/tools/diary/add/", lose_first_answer)
            button.click()
            saved(phone, number)
            phone.unroute("**/tools/diary/add/")
            assert lost["count"] == 1
            continue
        else:
            button.click()
        saved(phone, number)

    entries = DiaryEntry.objects.filter(case=case).order_by("seq")
    assert entries.count() == 7  # every day once: no entry lost, none duplicated
    check, _hashes = diary_verify(case)
    assert check.ok and check.entries == 7
    expect(phone.get_by_test_id("chain-status")).to_be_visible()
    shot(phone, "evidence-03-diary-week")

    # What is owed: the pay for these days was agreed at 3 000 a day; 5 days were not paid.
    phone.goto(f"{site}/ky/tools/unpaid-wages/")
    expect(phone.locator("html")).to_have_attribute("lang", "ky")
    form = phone.get_by_test_id("calculator-form")
    form.locator('input[name="pay_kind"][value="daily"]').check()
    form.locator('input[name="pay_rate"]').fill("3000")
    form.locator('input[name="month_1"]').fill(f"{week[0]:%Y-%m}")
    form.locator('input[name="days_1"]').fill("7")
    form.locator('input[name="paid_total"]').fill("6000")
    form.locator('button[type="submit"]').click()
    total = phone.get_by_test_id("total")
    expect(total).to_have_text("15\u00a0000.00 RUB")
    heading = catalogue("ky", "Wages still owed:")
    if heading:  # asserted as soon as the Kyrgyz catalogue has it
        expect(phone.get_by_test_id("result")).to_contain_text(heading)
        assert KYRGYZ_LETTERS.search(phone.locator("main").inner_text())
    shot(phone, "evidence-04-owed")
    phone.locator('button[name="save"]').click()
    expect(phone.get_by_test_id("saved")).to_be_visible()
    assert Calculation.objects.filter(case=case, kind="unpaid_wages").count() == 1

    # The late-payment calculator, in Kyrgyz too, with the breakdown period by period.
    phone.goto(f"{site}/ky/tools/late-payment/")
    form = phone.get_by_test_id("calculator-form")
    form.locator('input[name="amount"]').fill("50000")
    form.locator('input[name="due_date"]').fill("2025-03-15")
    form.locator('input[name="paid_on_1"]').fill("2025-04-01")
    form.locator('input[name="paid_amount_1"]').fill("20000")
    form.locator('input[name="as_of"]').fill("2025-05-01")
    form.locator('button[type="submit"]').click()
    expect(phone.get_by_test_id("total")).to_have_text("2\u00a0450.00 RUB")
    expect(phone.get_by_test_id("periods").locator("li")).to_have_count(2)
    shot(phone, "evidence-05-late-payment")
    phone.locator('button[name="save"]').click()
    expect(phone.get_by_test_id("saved")).to_be_visible()

    # The evidence bundle, downloaded and read back.
    phone.goto(f"{site}/ky/tools/diary/")
    phone.get_by_test_id("bundle-link").click()
    shot(phone, "evidence-06-bundle")
    with phone.expect_download() as download_info:
        phone.get_by_test_id("bundle-download").click()
    download = download_info.value
    data = Path(download.path()).read_bytes()
    text = pdf_text(data)
    assert "Пакет доказательств" in text and "Далилдер топтому" in text
    assert "Склад, Подольск" not in text and "Асанбек" not in text  # the worker's bundle names nobody
    assert "15 000.00" in text and "2 450.00" in text
    assert "Цепочка цела" in text and "7 записей" in text
    record = GeneratedDocument.objects.get(case=case)
    assert record.diary_seq == 7 and record.diary_head == check.head
    import hashlib

    assert hashlib.sha256(data).hexdigest() == record.file_sha256

    # Anyone holding the file can check it on the verification page.
    phone.goto(f"{site}/ru/verify/")
    phone.get_by_test_id("verify-form").locator('input[name="document"]').set_input_files(
        {"name": "bundle.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    phone.get_by_test_id("verify-form").locator('button[type="submit"]').click()
    expect(phone.get_by_test_id("verify-status")).to_have_class("chain ok")
    shot(phone, "evidence-07-verified")
