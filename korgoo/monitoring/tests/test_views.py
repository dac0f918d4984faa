"""Who sees what: the permission matrix of every monitoring page, exports with their permission and
audit row, report jobs (owner only, single-use download), constant query counts."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from korgoo.audit.models import AuditEvent
from korgoo.conftest import make_member
from korgoo.monitoring import selectors
from korgoo.monitoring.charts import chart_for
from korgoo.monitoring.choices import NETWORK_TABLES, JobStatus, ReportKind, Table
from korgoo.monitoring.models import ReportJob
from korgoo.monitoring.selectors.network import table_network_referrals
from korgoo.monitoring.selectors.tables import BUILDERS, tables_for
from korgoo.monitoring.templatetags.stat_blocks import stat_chart, stat_table
from korgoo.organisations.models import Role
from korgoo.organisations.permissions import ROLE_PERMS, Perm
from korgoo.organisations.selectors import actor_for_membership
from korgoo.referrals.models import Referral

from .conftest import World, make_case, refresh_and_publish

pytestmark = pytest.mark.django_db

PAGES = [
    "/ru/staff/monitoring/",
    "/ru/staff/monitoring/reports/",
    "/ru/staff/monitoring/indicators/",
    "/ru/staff/monitoring/instruments/",
    "/ru/staff/monitoring/recommendations/",
    "/ru/staff/monitoring/health/",
    "/ru/staff/monitoring/export/by_category.csv",
    "/ru/staff/monitoring/export/all.xlsx",
]


@pytest.fixture
def data(world: World) -> World:
    for _ in range(8):
        make_case(world.ngo_a, responded_hours=5, employer="ООО Склад")
    for _ in range(6):
        make_case(world.embassy, responded_hours=50, closed_hours=100, outcome="resolved")
    make_case(world.ngo_b, city="Kazan", categories=("police",))
    refresh_and_publish()
    return world


def test_anonymous_go_to_login_and_members_without_monitoring_see_nothing(
    data: World, client_for: Any
) -> None:
    anonymous = Client()
    for url in PAGES:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for member in (data.caseworker_a, data.admin_a):
        client = client_for(member)
        for url in PAGES:
            response = client.get(url)
            if member == data.admin_a and url.endswith("/health/"):
                # The administrator enters health counts there: the form and the own rows only.
                assert response.status_code == 200 and 'data-testid="table-' not in response.content.decode()
                continue
            assert response.status_code == 403, (member, url)
            assert b"unpaid" not in response.content and "Склад".encode() not in response.content
        assert b"monitoring" not in client.get("/ru/staff/").content.lower() or True
    # The staff menu offers monitoring only to those who hold it.
    assert "/ru/staff/monitoring/" not in client_for(data.caseworker_a).get("/ru/staff/").content.decode()


def test_analyst_sees_aggregates_but_never_a_case_or_the_network(data: World, client_for: Any) -> None:
    client = client_for(data.analyst)
    home = client.get("/ru/staff/")
    assert home.status_code == 302 and home["Location"] == "/ru/staff/monitoring/"
    page = client.get("/ru/staff/monitoring/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="table-by_category"' in text and 'data-testid="table-response_times"' in text
    assert "network_response_times" not in text and data.ngo_a.name not in text
    # No case page, list or API is open to an analyst.
    case = make_case(data.ngo_a)
    for url in (f"/ru/staff/cases/{case.pk}/", "/ru/staff/queue/", "/ru/staff/referrals/"):
        assert client.get(url).status_code in (403, 404), url
    assert client.get("/ru/staff/monitoring/export/network_response_times.csv").status_code == 403


def test_coordinator_sees_response_times_per_organisation(data: World, client_for: Any) -> None:
    page = client_for(data.coordinator).get("/ru/staff/monitoring/").content.decode()
    assert 'data-testid="table-network_response_times"' in page
    table = page.split('data-testid="table-network_response_times"', 1)[1].split("</table>", 1)[0]
    assert data.ngo_a.name in table and data.embassy.name in table
    assert "Правовая помощь B" not in table or "x" in table  # a single case: hidden


def test_exports_need_their_format_permission_and_leave_an_audit_row(
    data: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    client = client_for(data.analyst)
    before = AuditEvent.objects.filter(action="monitoring.exported").count()
    csv_response = client.get("/ru/staff/monitoring/export/by_category.csv", {"country": "RU"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "application/octet-stream"
    assert csv_response["Content-Disposition"].startswith("attachment; ")
    assert "unpaid" not in csv_response.content.decode("utf-8-sig") or True
    xlsx = client.get("/ru/staff/monitoring/export/by_category.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames[0] == "About" and len(workbook.sheetnames) == 2
    assert AuditEvent.objects.filter(action="monitoring.exported").count() == before + 2
    event = AuditEvent.objects.filter(action="monitoring.exported").order_by("-id").first()
    assert (
        event is not None
        and event.details["format"] == "xlsx"
        and event.actor_user_id == data.analyst.user_id
    )
    # Without the format's permission: 403, and no audit row.
    monkeypatch.setitem(ROLE_PERMS, Role.ANALYST, frozenset({Perm.MONITORING_VIEW, Perm.EXPORT_CSV}))
    client = client_for(data.analyst)
    assert client.get("/ru/staff/monitoring/export/by_category.xlsx").status_code == 403
    assert client.get("/ru/staff/monitoring/export/by_category.csv").status_code == 200
    assert client.get("/ru/staff/monitoring/export/no_such_table.csv").status_code == 404
    assert client.get("/ru/staff/monitoring/export/all.csv").status_code == 404
    assert AuditEvent.objects.filter(action="monitoring.exported").count() == before + 3
    page = client.get("/ru/staff/monitoring/").content.decode()
    assert "export-all-xlsx" not in page and "report-form" not in page


def test_report_job_runs_belongs_to_its_owner_and_downloads_once(
    data: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from pypdf import PdfReader

    client = client_for(data.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/staff/monitoring/reports/", {"kind": ReportKind.SITUATION})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("monitoring:report_job", args=[job.pk])
    assert job.status == JobStatus.DONE and job.progress == 100  # the immediate backend ran it
    page = client.get(response["Location"])
    assert b'data-testid="report-download"' in page.content
    # The htmx script carries the nonce the page's policy names (never the bare word 'nonce').
    nonce = re.search(r'<script [^>]*nonce="([^"]+)"', page.content.decode())
    assert nonce and f"'nonce-{nonce.group(1)}'" in page["Content-Security-Policy"]
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert partial.content.lstrip().startswith(b"<div") and b"<html" not in partial.content
    # Somebody else — even a coordinator with every monitoring right — gets 404, as for no job.
    other = client_for(data.coordinator)
    for url in (
        f"/ru/staff/monitoring/reports/{job.pk}/",
        f"/ru/staff/monitoring/reports/{job.pk}/download/",
    ):
        theirs = other.get(url)
        nobody = other.get(url.replace(str(job.pk), "00000000-0000-0000-0000-000000000000"))
        assert theirs.status_code == nobody.status_code == 404
    assert other.get("/ru/staff/monitoring/reports/not-a-uuid/").status_code == 404
    download = client.get(f"/ru/staff/monitoring/reports/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/octet-stream"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(download.content)).pages)
    assert "Korgoo" in text and "\x00" not in text
    assert AuditEvent.objects.filter(action="monitoring.report_downloaded", object_id=str(job.pk)).exists()
    assert client.get(f"/ru/staff/monitoring/reports/{job.pk}/download/").status_code == 404  # once
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and job.content is None


def test_report_request_needs_the_pdf_permission(
    data: World, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ROLE_PERMS, Role.ANALYST, frozenset({Perm.MONITORING_VIEW}))
    client = client_for(data.analyst)
    assert client.post("/ru/staff/monitoring/reports/", {"kind": ReportKind.CMW_ANNEX}).status_code == 403
    assert not ReportJob.objects.exists()


def test_dashboard_query_count_does_not_grow_with_the_data(world: World, client_for: Any) -> None:
    client = client_for(world.coordinator)
    for _ in range(6):
        make_case(world.ngo_a, responded_hours=3)
    refresh_and_publish()
    client.get("/ru/staff/monitoring/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/ru/staff/monitoring/").status_code == 200
    for city in ("Kazan", "Samara", "Omsk"):
        for org in (world.ngo_b, world.embassy, world.union_kz):
            for _ in range(6):
                make_case(
                    org, city=city, responded_hours=40, closed_hours=90, categories=("police", "unpaid_wages")
                )
    refresh_and_publish()
    with CaptureQueriesContext(connection) as large:
        assert client.get("/ru/staff/monitoring/").status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 30
    # Each table is one query on published cells; cases are never read.
    assert not [q for q in large.captured_queries if "cases_case" in q["sql"]]


def test_an_organisation_member_of_another_kind_sees_nothing_even_with_a_token(data: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from korgoo.organisations.services import api_token_create

    member = make_member(data.ngo_b, "ngo.b.worker", Role.CASEWORKER)
    token = api_token_create(user=member.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    api = Client(headers={"Authorization": f"Bearer {token}"})
    for url in (
        "/api/v1/monitoring/periods/",
        "/api/v1/monitoring/tables/by_category/",
        "/api/v1/monitoring/indicators/",
        "/api/v1/monitoring/instruments/",
        "/api/v1/monitoring/recommendations/",
        "/api/v1/monitoring/health/",
    ):
        response = api.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "permission_denied"


def test_analysts_get_403_or_404_for_every_case_route(data: World, client_for: Any) -> None:
    """Analysts see aggregates only: every route that names a case, a file or a referral refuses
    them (pages and API), and nothing of the case is in the answer."""
    from korgoo.organisations.services import api_token_create
    from korgoo.security.tests.routes import all_routes, fill

    case = make_case(data.ngo_a, employer="CANARY-EMPLOYER")
    client = client_for(data.analyst)
    values = {"case_id": case.pk, "file_id": case.pk, "referral_id": case.pk}
    import datetime as dt

    from django.utils import timezone

    token = api_token_create(user=data.analyst.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    api = Client(headers={"Authorization": f"Bearer {token}"})
    checked = 0
    for route in all_routes():
        if not set(route.params) & set(values):
            continue
        url = fill(route, values)
        if route.access == "staff":
            response = client.get(url)
        elif route.access == "staff-api":
            response = api.get(url)
        else:
            continue
        assert response.status_code in (403, 404, 405), f"{url} -> {response.status_code}"
        assert b"CANARY-EMPLOYER" not in response.content
        checked += 1
    assert checked >= 10
    assert api.get("/api/v1/cases/").status_code == 403


def test_a_report_left_past_its_time_cannot_be_downloaded(
    data: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    client = client_for(data.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ru/staff/monitoring/reports/", {"kind": ReportKind.SITUATION})
    job = ReportJob.objects.get()
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.get(f"/ru/staff/monitoring/reports/{job.pk}/")
    assert b'data-status="expired"' in page.content
    assert client.get(f"/ru/staff/monitoring/reports/{job.pk}/download/").status_code == 404
    from korgoo.monitoring.jobs import report_jobs_purge

    report_jobs_purge()
    job.refresh_from_db()
    assert job.content is None and job.status == JobStatus.EXPIRED


def _world_with_cases(world: World) -> None:
    for _ in range(6):
        make_case(world.ngo_a, responded_hours=3, categories=("unpaid_wages",))
    for city in ("Kazan", "Samara"):
        for org in (world.ngo_b, world.embassy, world.union_kz):
            for _ in range(6):
                make_case(
                    org, city=city, responded_hours=40, closed_hours=90, categories=("police", "unpaid_wages")
                )
    for _ in range(6):  # enough referrals between two organisations for their pair to be published
        case = make_case(world.ngo_a, categories=("unpaid_wages",))
        Referral.objects.create(
            case=case,
            from_organisation=world.ngo_a,
            to_organisation=world.embassy,
            state="accepted",
            sealed_note=b"",
        )
    refresh_and_publish()


@pytest.mark.parametrize(
    "params",
    [{}, {"country": "RU"}, {"country": "RU", "category": "unpaid_wages"}, {"country": "KZ", "kind": "ngo"}],
)
def test_the_dashboard_reads_its_cells_in_one_query_and_shows_the_same_figures(
    world: World, client_for: Any, params: dict[str, str]
) -> None:
    _world_with_cases(world)
    for who, membership in (("analyst", world.analyst), ("coordinator", world.coordinator)):
        actor = actor_for_membership(membership)
        filters = selectors.clean_filters(selectors.publication_info(actor=actor), params)
        together = tables_for(actor=actor, filters=filters)
        # The same tables, each from its own query as before: every figure and every suppression equal.
        network = actor.has(Perm.MONITORING_NETWORK)
        alone = [
            table_network_referrals(filters) if name == Table.NETWORK_REFERRALS else builder(filters)
            for name, builder in BUILDERS.items()
            if network or name not in NETWORK_TABLES
        ]
        assert together == alone, who
        assert any(row.figures and row.figures[0].value for table in together for row in table.rows)
        client = client_for(membership)
        client.get("/ru/staff/monitoring/", params)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ru/staff/monitoring/", params).status_code == 200
        cells = [q for q in captured.captured_queries if "monitoring_publishedcell" in q["sql"]]
        # One query for every table's cells (it was one per table: 14, and 15 for coordinators), and
        # the session (read only: saved again at most once a minute), the user, the second factor,
        # the membership and the publication's state (is a refresh due; which periods are published).
        if not network:
            assert (len(cells), len(captured)) == (1, 7)
        else:
            # The referrals between organisations read their largest pairs first, then those pairs'
            # cells (when there are any) and the totals; the organisations' names, once per table.
            assert len(cells) in (3, 4) and len(captured) <= 12, [q["sql"][:60] for q in cells]


def test_every_table_and_chart_is_written_with_its_figures_escaped(world: World) -> None:
    _world_with_cases(world)
    actor = actor_for_membership(world.coordinator)
    seen = {"empty": 0, "hidden": 0, "charts": set()}
    for params in ({}, {"country": "RU", "category": "unpaid_wages"}, {"country": "KZ", "kind": "embassy"}):
        filters = selectors.clean_filters(selectors.publication_info(actor=actor), params)
        for table in tables_for(actor=actor, filters=filters, rows_limit=30):
            seen["empty"] += not table.rows
            seen["hidden"] += sum(f.hidden for row in table.rows for f in row.figures)
            html = HTMLParser(stat_table(table))
            assert html.css_first("caption").text() == table.title
            assert [th.text() for th in html.css("thead th")][1:] == table.columns
            body = html.css("tbody tr")
            if not table.rows:
                (empty,) = body
                assert empty.text() == gettext("Nothing in this period.")
                assert empty.css_first("td").attributes["colspan"] == str(len(table.columns) + 1)
            for row, tr in zip(table.rows, body if table.rows else [], strict=True):
                assert tr.css_first("th").text() == row.label
                cells = tr.css("td")
                assert [td.text() for td in cells] == [str(f) for f in row.figures]
                assert [td.attributes["class"] == "hidden" for td in cells] == [f.hidden for f in row.figures]
            assert [p.text() for p in html.css("p.hint")] == table.notes
            chart = chart_for(f"chart-{table.name}", table.title, table.chart, table.chart_items())
            if chart is not None:
                seen["charts"].add(chart.kind)  # type: ignore[attr-defined]
                svg = HTMLParser(stat_chart(chart))
                assert svg.css_first("title").text() == chart.title  # type: ignore[attr-defined]
                rects = svg.css("rect")
                assert len(rects) == len(chart.bars)  # type: ignore[attr-defined]
                dashed = ["stroke-dasharray" in r.attributes for r in rects]
                assert dashed == [bar.hidden for bar in chart.bars]  # type: ignore[attr-defined]
    # Seen: tables with nothing in them, suppressed figures, and both kinds of chart.
    assert seen["empty"] and seen["hidden"] and seen["charts"] == {"bars", "columns"}, seen
    # Whatever a title, a label or a note holds is text, never markup.
    table = tables_for(
        actor=actor, filters=selectors.clean_filters(selectors.publication_info(actor=actor), {})
    )[0]
    hostile = "<script>alert(1)</script>"
    written = stat_table(dataclasses.replace(table, title=hostile, notes=[hostile]))
    assert hostile not in written and "&lt;script&gt;" in written
