"""The monitoring API: described in OpenAPI, same figures as the pages, report jobs that answer 404
to anyone but their owner whatever the method, health entries."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from korgoo.monitoring.models import HealthStat, ReportJob
from korgoo.organisations.models import Membership
from korgoo.organisations.services import api_token_create

from .conftest import World, make_case, refresh_and_publish

pytestmark = pytest.mark.django_db


def api(member: Membership) -> Client:
    token = api_token_create(user=member.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def data(world: World) -> World:
    for _ in range(9):
        make_case(world.ngo_a, responded_hours=4)
    for _ in range(6):
        make_case(world.ngo_a, categories=("no_contract",))
    for _ in range(3):
        make_case(world.ngo_a, categories=("police",))
    refresh_and_publish()
    return world


def test_openapi_describes_the_monitoring_endpoints() -> None:
    schema = Client().get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = (
        json.loads(schema.content)["paths"] if schema["Content-Type"].startswith("application/json") else None
    )
    if paths is None:
        import yaml  # type: ignore[import-untyped]

        paths = yaml.safe_load(schema.content)["paths"]
    for path in (
        "/api/v1/monitoring/periods/",
        "/api/v1/monitoring/tables/{table}/",
        "/api/v1/monitoring/indicators/",
        "/api/v1/monitoring/instruments/",
        "/api/v1/monitoring/recommendations/",
        "/api/v1/monitoring/health/",
        "/api/v1/monitoring/health/entries/",
        "/api/v1/monitoring/reports/",
        "/api/v1/monitoring/reports/{job_id}/",
        "/api/v1/monitoring/reports/{job_id}/file/",
    ):
        assert path in paths, path


def test_table_answers_match_the_published_figures(data: World) -> None:
    client = api(data.analyst)
    periods = client.get("/api/v1/monitoring/periods/").json()
    assert periods["threshold"] == 5 and "network_response_times" not in periods["tables"]
    body = client.get("/api/v1/monitoring/tables/by_category/", {"country": "RU"}).json()
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["unpaid_wages"]["values"] == [9]
    assert rows["police"]["values"] == [None] and rows["police"]["suppressed"] == [True]
    assert rows["no_contract"]["values"] == [None]  # the complement that keeps police hidden
    assert rows["*"]["total"] and rows["*"]["values"] == [18]
    assert client.get("/api/v1/monitoring/tables/network_response_times/").status_code == 403
    assert client.get("/api/v1/monitoring/tables/no_such_table/").status_code == 404
    coordinator = api(data.coordinator).get("/api/v1/monitoring/tables/network_response_times/").json()
    assert any(data.ngo_a.name == row["label"] for row in coordinator["rows"])


def test_report_jobs_answer_404_to_everyone_but_their_owner(
    data: World, django_capture_on_commit_callbacks: Any
) -> None:
    owner = api(data.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        created = owner.post(
            "/api/v1/monitoring/reports/", data={"kind": "cmw_annex"}, content_type="application/json"
        )
    assert created.status_code == 202
    job_id = created.json()["id"]
    assert ReportJob.objects.get(pk=job_id).status == "done"
    status = owner.get(f"/api/v1/monitoring/reports/{job_id}/").json()
    assert status["status"] == "done" and status["progress"] == 100
    other = api(data.coordinator)
    for method in ("get", "post", "delete"):
        theirs = getattr(other, method)(f"/api/v1/monitoring/reports/{job_id}/")
        nobody = getattr(other, method)("/api/v1/monitoring/reports/00000000-0000-0000-0000-000000000000/")
        bogus = getattr(other, method)("/api/v1/monitoring/reports/not-a-uuid/")
        assert theirs.status_code == nobody.status_code == bogus.status_code == 404
        assert theirs.content == nobody.content == bogus.content
    assert other.get(f"/api/v1/monitoring/reports/{job_id}/file/").status_code == 404
    pdf = owner.get(f"/api/v1/monitoring/reports/{job_id}/file/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert owner.get(f"/api/v1/monitoring/reports/{job_id}/file/").status_code == 404


def test_health_entries_over_the_api(world: World) -> None:
    year = timezone.localdate().year - 1
    rows = [
        {
            "country": "RU",
            "region": "Москва",
            "year": year,
            "quarter": 1,
            "sex": "male",
            "age_band": "25-34",
            "condition": "tuberculosis",
            "count": 12,
        }
    ]
    created = api(world.analyst).post(
        "/api/v1/monitoring/health/entries/", data=rows, content_type="application/json"
    )
    assert created.status_code == 201 and created.json() == {"rows": 1}
    assert HealthStat.objects.get().organisation == world.ministry
    refused = api(world.caseworker_a).post(
        "/api/v1/monitoring/health/entries/", data=rows, content_type="application/json"
    )
    assert refused.status_code == 403
    invalid = api(world.analyst).post(
        "/api/v1/monitoring/health/entries/",
        data=[{**rows[0], "quarter": 7}],
        content_type="application/json",
    )
    assert invalid.status_code == 400 and invalid.json()["code"] == "invalid"


def test_commands_refresh_rebuild_and_import(world: World) -> None:
    make_case(world.ngo_a)
    out = StringIO()
    call_command("refresh_monitoring", stdout=out)
    assert "cases=1" in out.getvalue()
    out = StringIO()
    call_command("rebuild_monitoring", stdout=out)
    assert "cases=1" in out.getvalue() and "publish_seconds=" in out.getvalue()
    out = StringIO()
    call_command("import_instruments", stdout=out)
    call_command("import_instruments", stdout=out)
    assert "created" in out.getvalue() and "already imported" in out.getvalue()


def test_indicator_baseline_and_target_are_decimal_strings_like_the_values(world: World) -> None:
    from korgoo.monitoring import services
    from korgoo.monitoring.models import Indicator
    from korgoo.organisations.selectors import actor_for_membership

    call_command("import_indicators", stdout=StringIO())
    services.indicator_targets_set(
        actor=actor_for_membership(world.analyst),
        indicator=Indicator.objects.get(code="honorary-consuls"),
        baseline="4",
        baseline_period="2024",
        target="8.5",
        target_period="2028",
    )
    rows = {row["code"]: row for row in api(world.analyst).get("/api/v1/monitoring/indicators/").json()}
    assert (rows["honorary-consuls"]["baseline"], rows["honorary-consuls"]["target"]) == ("4.00", "8.50")
    assert rows["cases-received"]["baseline"] is None
