"""Monitoring in a real browser: an analyst at a ministry filters Russia / unpaid wages / the last 12
months, downloads every table as XLSX and the statistical annex for the UN Committee on Migrant
Workers as PDF (both files read back); a coordinator at the embassy sees response times per
organisation. Pages are checked at 360 px as well as on a desk."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from korgoo.conftest import PASSWORD, make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.monitoring.tests.factories import make_case, months_ago
from korgoo.organisations.models import Membership, Role

from .steps import shot, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page: Page, base_url: str, membership: Membership) -> None:
    """Log in with username, password and a one-time code; staff without cases land on monitoring."""
    page.goto(f"{base_url}/ru/accounts/login/")
    form = page.locator("main form")
    form.locator('input[name="username"]').fill(membership.user.username)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('input[name="otp"]').fill(totp_code(membership))
    form.locator('button[type="submit"]').click()


def no_sideways_scroll(page: Page, screen: int = 360) -> None:
    """Nothing is wider than the phone's screen (a mobile browser would otherwise zoom out)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= screen + 1 and viewport <= screen + 1, (
        f"the page is {width}px wide on a {screen}px screen"
    )


def table_value(page: Page, table: str, key: str, column: int = 0) -> str:
    row = page.get_by_test_id(f"table-{table}").locator(f'tbody tr[data-key="{key}"] td')
    return row.nth(column).inner_text().strip()


@pytest.fixture
def network() -> dict[str, Any]:
    """A year of cases in Russia and Kazakhstan, handled by an NGO, a trade union and the embassy,
    plus older cases that fall outside the last 12 months."""
    rng = random.Random(2026)
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    union = make_org("Профсоюз мигрантов", kind=OrganisationKind.TRADE_UNION, city="Saint Petersburg")
    embassy = make_org("Посольство КР в Москве", kind=OrganisationKind.EMBASSY, city="Moscow")
    almaty = make_org("Сана Сезим", kind=OrganisationKind.NGO, country="KZ", city="Almaty")
    ministry = make_org("Министерство труда КР", kind=OrganisationKind.OTHER, country="KG", city="Bishkek")
    wages_ru = 0
    for month in range(12):
        for org, city, hours in (
            (ngo, "Moscow", 6),
            (union, "Saint Petersburg", 30),
            (embassy, "Moscow", 80),
        ):
            for _ in range(rng.randint(1, 3)):
                closed = rng.random() < 0.4
                make_case(
                    org,
                    city=city,
                    categories=("unpaid_wages",),
                    reported_on=months_ago(month),
                    responded_hours=hours + rng.randint(0, 10),
                    closed_hours=400 if closed else None,
                    outcome=rng.choice(["resolved", "partly_resolved", "unresolved"]),
                    money=rng.choice([None, 12000, 30000]) if closed else None,
                    currency="RUB",
                    employer=rng.choice(["ООО Склад-Сервис", "Стройка плюс", ""]),
                )
                wages_ru += 1
    for _ in range(2):
        make_case(ngo, city="Kazan", categories=("documents_taken",), reported_on=months_ago(3))
    for category, n in (("police", 6), ("no_contract", 8), ("unsafe_work", 5)):
        for i in range(n):
            make_case(union, city="Saint Petersburg", categories=(category,), reported_on=months_ago(i % 4))
    for _ in range(9):
        make_case(
            almaty,
            country="KZ",
            city="Almaty",
            categories=("unpaid_wages",),
            reported_on=months_ago(2),
            responded_hours=20,
        )
    for _ in range(7):
        make_case(ngo, categories=("unpaid_wages",), reported_on=months_ago(15))
    return {
        "analyst": make_member(ministry, "analyst.aigerim", Role.ANALYST),
        "coordinator": make_member(embassy, "coordinator.bakyt", Role.COORDINATOR),
        "orgs": (ngo, union, embassy),
        "wages_ru": wages_ru,
    }


def test_analyst_filters_and_downloads_the_xlsx_and_the_cmw_annex(
    site: str, desk: Page, phone: Page, network: dict[str, Any], tmp_path: Path
) -> None:
    login(desk, site, network["analyst"])
    expect(desk.get_by_test_id("monitoring-filters")).to_be_visible()
    expect(desk).to_have_url(f"{site}/ru/staff/monitoring/")
    # No case is ever within reach: no inbox, no queue in the menu.
    expect(desk.locator("header .staffnav a")).not_to_have_text(["Входящие"])

    filters = desk.get_by_test_id("monitoring-filters")
    periods = filters.locator('select[name="period"] option')
    expect(periods.first).to_be_attached()
    filters.locator('select[name="period"]').select_option(index=0)  # the last 12 months
    filters.locator('select[name="country"]').select_option("RU")
    filters.locator('select[name="category"]').select_option("unpaid_wages")
    filters.locator('button[type="submit"]').click()
    expect(desk).to_have_url(re.compile(r"country=RU.*category=unpaid_wages"))
    assert table_value(desk, "by_category", "unpaid_wages") == str(network["wages_ru"])
    months = desk.get_by_test_id("table-by_month").locator("tbody tr:not(.total)")
    expect(months).to_have_count(12)
    assert table_value(desk, "by_month", "*") == str(network["wages_ru"])
    # Two documents cases in Kazan are too few to show; their cell is hidden, not zero.
    desk.goto(f"{site}/ru/staff/monitoring/?country=RU")
    assert table_value(desk, "by_category", "documents_taken") == "x"
    desk.go_back()
    shot(desk, "monitoring-analyst-desk")

    with desk.expect_download() as download_info:
        desk.get_by_test_id("export-all-xlsx").click()
    xlsx = tmp_path / "tables.xlsx"
    download_info.value.save_as(xlsx)
    workbook = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert workbook.sheetnames[0] == "About"
    about = " ".join(str(c) for row in workbook["About"].iter_rows(values_only=True) for c in row if c)
    assert "Россия" in about or "Russia" in about
    by_month = next(
        ws
        for ws in workbook.worksheets
        if ws.max_row == 14 and ws.cell(2, 1).value and "-" in str(ws.cell(2, 1).value)
    )
    assert by_month.cell(14, 2).value == network["wages_ru"]
    assert all(cell.data_type != "f" for ws in workbook.worksheets for row in ws.iter_rows() for cell in row)

    report = desk.get_by_test_id("report-form")
    report.locator('input[name="kind"][value="cmw_annex"]').check()
    report.locator('button[type="submit"]').click()
    status = desk.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-status", "done", timeout=60_000)
    shot(desk, "monitoring-report-job")
    with desk.expect_download() as pdf_info:
        desk.get_by_test_id("report-download").click()
    pdf_path = tmp_path / "annex.pdf"
    pdf_info.value.save_as(pdf_path)
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 2 and "\x00" not in text
    assert "Article 25" in text or "Статья 25" in text or "25" in text
    assert str(network["wages_ru"]) in text
    # The link worked once; now the job says it has gone.
    desk.reload()
    expect(desk.get_by_test_id("job-status")).to_have_attribute("data-status", "expired")

    # On a phone: the same dashboard, no sideways scrolling, charts drawn on the server.
    phone.context.add_cookies(desk.context.cookies())
    phone.goto(f"{site}/ru/staff/monitoring/?country=RU&category=unpaid_wages")
    expect(phone.get_by_test_id("table-by_month")).to_be_visible()
    expect(phone.locator("svg.chart").first).to_be_visible()
    no_sideways_scroll(phone)
    shot(phone, "monitoring-analyst-phone")


def test_coordinator_sees_response_times_per_organisation(
    site: str, desk: Page, phone: Page, network: dict[str, Any]
) -> None:
    login(phone, site, network["coordinator"])
    expect(phone.get_by_test_id("inbox")).to_be_visible()
    phone.locator("header .staffnav").get_by_role("link", name="Мониторинг").click()
    table = phone.get_by_test_id("table-network_response_times")
    expect(table).to_be_visible()
    for org in network["orgs"]:
        row = table.locator("tbody tr", has_text=org.name)
        expect(row).to_have_count(1)
        median = row.locator("td").nth(2).inner_text().strip()
        assert median not in ("x", "–", ""), f"{org.name}: no median shown"
    ngo, _union, embassy = network["orgs"]
    faster = float(table.locator("tbody tr", has_text=ngo.name).locator("td").nth(2).inner_text())
    slower = float(table.locator("tbody tr", has_text=embassy.name).locator("td").nth(2).inner_text())
    assert faster < slower
    no_sideways_scroll(phone)
    shot(phone, "monitoring-coordinator-phone")
    phone.set_viewport_size({"width": 1280, "height": 900})
    shot(phone, "monitoring-coordinator-desk")


def test_analyst_keeps_the_registers_and_health_statistics(
    site: str, desk: Page, phone: Page, network: dict[str, Any]
) -> None:
    """The registers come from the shipped data files; the analyst records a recommendation's status
    and an indicator value, and enters disease counts that are then published suppressed."""
    from django.core.management import call_command
    from django.utils import timezone

    for command in ("import_instruments", "import_indicators", "import_recommendations"):
        call_command(command, verbosity=0)
    login(desk, site, network["analyst"])
    expect(desk.get_by_test_id("monitoring-filters")).to_be_visible()

    desk.goto(f"{site}/ru/staff/monitoring/recommendations/")
    card = desk.get_by_test_id("rec-missions-03-court-decisions")
    card.locator("summary").click()
    card.locator('select[name="status"]').select_option("in_progress")
    card.locator('textarea[name="evidence"]').fill("Приказ о мониторинге решений судов, 2026")
    card.get_by_role("button").click()
    # Proposed: it waits for a second person's review, the tracker's status stays as it was.
    expect(desk.get_by_test_id("awaiting-review")).to_contain_text("missions-03-court-decisions")
    expect(desk.get_by_test_id("rec-missions-03-court-decisions").locator(".badge")).to_have_class(
        re.compile("status-not_assessed")
    )
    shot(desk, "monitoring-recommendations-desk")

    desk.goto(f"{site}/ru/staff/monitoring/indicators/")
    entry = desk.get_by_test_id("indicator-entry")
    entry.locator("summary").click()
    entry.locator('select[name="indicator"]').select_option("court-decisions-monitored")
    entry.locator('input[name="period"]').fill("2026-Q1")
    entry.locator('input[name="value"]').fill("14")
    entry.locator('textarea[name="evidence"]').fill("sudrf.ru, выборка консульства")
    entry.get_by_role("button").click()
    expect(desk.get_by_test_id("awaiting-review")).to_contain_text("2026-Q1")
    expect(desk.get_by_test_id("indicator-cases-received").locator(".badge")).to_be_visible()
    shot(desk, "monitoring-indicators-desk")

    desk.goto(f"{site}/ru/staff/monitoring/instruments/")
    row = desk.get_by_test_id("instruments").locator('tr[data-code="icrmw-1990"]')
    expect(row).to_contain_text("2003-09-29")
    expect(row.locator('.mark[data-confidence="unconfirmed"]')).to_have_count(1)  # the date of ratification

    year = timezone.localdate().year - 1
    desk.goto(f"{site}/ru/staff/monitoring/health/")
    for region, sex, count in (("Москва", "male", "12"), ("Москва", "female", "7"), ("Казань", "male", "2")):
        form = desk.get_by_test_id("health-entry")
        if not form.get_attribute("open"):
            form.locator("summary").click()
        form.locator('select[name="country"]').select_option("RU")
        form.locator('input[name="region"]').fill(region)
        form.locator('input[name="year"]').fill(str(year))
        form.locator('select[name="quarter"]').select_option("2")
        form.locator('select[name="condition"]').select_option("tuberculosis")
        form.locator('select[name="sex"]').select_option(sex)
        form.locator('select[name="age_band"]').select_option("25-34")
        form.locator('input[name="count"]').fill(count)
        form.get_by_role("button").click()
        expect(desk.locator(".flash")).to_be_visible()
    desk.goto(f"{site}/ru/staff/monitoring/health/?year={year}&country=RU")
    regions = desk.get_by_test_id("table-health_by_region")
    expect(regions.locator('tr[data-key="казань"] td').first).to_have_text("x")
    expect(desk.get_by_test_id("table-health_by_quarter").locator('tr[data-key="*"] td').last).to_have_text(
        "21"
    )
    shot(desk, "monitoring-health-desk")

    phone.context.add_cookies(desk.context.cookies())
    for path, name in (
        ("indicators/", "indicators"),
        ("instruments/", "instruments"),
        ("recommendations/", "recommendations"),
        (f"health/?year={year}", "health"),
    ):
        phone.goto(f"{site}/ru/staff/monitoring/{path}")
        no_sideways_scroll(phone)
        shot(phone, f"monitoring-{name}-phone")


def test_report_page_follows_a_background_job_until_the_file_is_ready(
    site: str, desk: Page, network: dict[str, Any]
) -> None:
    """With a real worker the job runs after the page opens: htmx polls the status (CSP-clean, its
    script served from our own host) and the link appears when the file is ready."""
    from django.utils import timezone

    from korgoo.monitoring.choices import JobStatus, ReportKind
    from korgoo.monitoring.models import ReportJob

    analyst = network["analyst"]
    job = ReportJob.objects.create(
        organisation=analyst.organisation,
        requested_by=analyst,
        kind=ReportKind.SITUATION,
        status=JobStatus.RUNNING,
        progress=40,
    )
    login(desk, site, analyst)
    expect(desk.get_by_test_id("monitoring-filters")).to_be_visible()
    violations: list[str] = []
    desk.on(
        "console",
        lambda message: violations.append(message.text) if "Refused to" in message.text else None,
    )
    desk.goto(f"{site}/ru/staff/monitoring/reports/{job.pk}/")
    status = desk.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-status", "running")
    expect(status.locator("progress")).to_have_attribute("value", "40")
    assert desk.evaluate("typeof window.htmx") == "object"
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        progress=100,
        content=b"%PDF-1.7 test",
        size=13,
        filename="r.pdf",
        finished_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(hours=1),
    )
    expect(desk.get_by_test_id("report-download")).to_be_visible(timeout=10_000)
    expect(desk.get_by_test_id("job-status")).to_have_attribute("data-status", "done")
    assert violations == []
