"""Disease-incidence statistics: aggregated counts only, entered or imported by health facilities and
partners for their own organisation, published with the same suppression as case figures."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from korgoo.conftest import SUITE_NOW, make_member, make_org
from korgoo.core.errors import ApplicationError, PermissionDenied
from korgoo.monitoring import services
from korgoo.monitoring.forms import HealthEntryForm
from korgoo.monitoring.models import HealthStat, PublishedCell
from korgoo.monitoring.publishing import health_publish
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

from .conftest import World

pytestmark = pytest.mark.django_db
YEAR = SUITE_NOW.year - 1  # last year, by the suite's clock

CSV = (
    "country;region;year;quarter;sex;age_band;condition;count\n"
    f"RU;Москва;{YEAR};1;male;25-34;tuberculosis;12\n"
    f"RU;Москва;{YEAR};2;female;25-34;tuberculosis;7\n"
    f"RU;Московская область;{YEAR};2;male;35-44;hiv;3\n"
    f"KZ;Алматы;{YEAR};3;female;18-24;sti;9\n"
    f"KZ;Алматы;{YEAR};3;male;18-24;sti;6\n"
)


@pytest.fixture
def clinic(world: World) -> Any:
    org = make_org("Центр здоровья мигрантов", city="Moscow")
    return make_member(org, "clinic.admin", Role.ORG_ADMIN)


def test_entry_form_has_no_place_for_a_person() -> None:
    assert set(HealthEntryForm().fields) == {
        "country",
        "region",
        "year",
        "quarter",
        "condition",
        "sex",
        "age_band",
        "count",
    }


def test_import_replaces_counts_instead_of_doubling_them(clinic: Any) -> None:
    actor = actor_for_membership(clinic)
    assert services.health_stats_import(actor=actor, data=CSV.encode()) == 5
    assert services.health_stats_import(actor=actor, data=CSV.replace(";12\n", ";14\n").encode()) == 5
    assert HealthStat.objects.count() == 5
    assert HealthStat.objects.get(region="Москва", quarter=1).count == 14
    assert all(row.organisation == clinic.organisation for row in HealthStat.objects.all())


def test_a_long_list_is_entered_in_a_few_statements_and_the_last_row_of_a_cell_wins(clinic: Any) -> None:
    # 2,000 rows, of which 1,000 cells twice: a statement for many rows (a list of 10,000 rows entered
    # row by row held the database for half a minute). PostgreSQL takes 500 rows a statement (2
    # statements); SQLite at most 999 values a statement, 13 a row, so 76 rows (14 statements).
    actor = actor_for_membership(clinic)
    rows = [
        services.HealthRow(
            country="RU",
            region=f"Регион {n % 1000}",
            year=YEAR,
            quarter=1,
            sex="male",
            age_band="25-34",
            condition="tuberculosis",
            count=n,
        )
        for n in range(2000)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert services.health_stats_enter(actor=actor, rows=rows) == 2000
    writes = [
        q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "monitoring_healthstat"')
    ]
    assert len(writes) == (2 if connection.vendor == "postgresql" else 14)
    assert HealthStat.objects.count() == 1000
    # Cell "Регион 7" came as row 7 (count 7) and then as row 1007 (count 1007).
    assert HealthStat.objects.get(region="Регион 7").count == 1007


def test_invalid_rows_are_refused_whole(clinic: Any) -> None:
    actor = actor_for_membership(clinic)
    bad = CSV + f"RU;Казань;{YEAR};5;male;25-34;tuberculosis;4\n"
    with pytest.raises(ApplicationError) as error:
        services.health_stats_import(actor=actor, data=bad.encode())
    assert error.value.code == "invalid_health_stats" and HealthStat.objects.count() == 0
    with pytest.raises(ApplicationError):
        services.health_stats_import(actor=actor, data=b"name,count\nAsel,1\n")


def test_only_health_enterers_may_enter(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.health_stats_import(actor=actor_for_membership(world.caseworker_a), data=CSV.encode())
    with pytest.raises(PermissionDenied):
        services.health_stats_import(actor=actor_for_membership(world.coordinator), data=CSV.encode())


def test_published_health_figures_are_suppressed(clinic: Any, world: World, client_for: Any) -> None:
    services.health_stats_import(actor=actor_for_membership(clinic), data=CSV.encode())
    health_publish()
    hidden = PublishedCell.objects.filter(
        face="H2", window=str(YEAR), d0="RU", d1="московская область", d2="hiv"
    ).get()
    assert hidden.value is None
    assert not PublishedCell.objects.filter(face__startswith="H", value__in=[1, 2, 3, 4]).exists()
    total = PublishedCell.objects.get(face="H1", window=str(YEAR), d0="*", d1="*", d2="*")
    assert total.value == 37
    page = client_for(world.analyst).get("/ru/staff/monitoring/health/", {"year": YEAR}).content.decode()
    assert 'data-testid="table-health_by_quarter"' in page
    assert "Центр здоровья" not in page  # figures, never who reported them
    # The analyst's ministry may enter its own counts, but never sees the clinic's rows.
    own_rows = page.split('data-testid="health-own"', 1)[1].split("</table>", 1)[0]
    assert "Москва" not in own_rows and "Пока нет." in own_rows
    # An organisation's administrator enters counts on this page and sees its own rows, but no
    # published table and no other monitoring page.
    own = client_for(clinic).get("/ru/staff/monitoring/health/", {"year": YEAR})
    assert own.status_code == 200
    text = own.content.decode()
    assert 'data-testid="health-entry"' in text and 'data-testid="table-health_by_quarter"' not in text
    assert client_for(clinic).get("/ru/staff/monitoring/").status_code == 403


def test_entry_and_import_pages(
    clinic: Any, world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ru/staff/monitoring/health/enter/",
            {
                "country": "RU",
                "region": "Казань",
                "year": YEAR,
                "quarter": 4,
                "condition": "other",
                "sex": "unknown",
                "age_band": "unknown",
                "count": 11,
            },
        )
    assert response.status_code == 302
    assert PublishedCell.objects.filter(face="H1", window=str(YEAR)).exists()
    upload = SimpleUploadedFile("stats.csv", CSV.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ru/staff/monitoring/health/import/", {"file": upload}).status_code == 302
    assert HealthStat.objects.filter(organisation=world.ministry).count() == 6
    page = client.get("/ru/staff/monitoring/health/", {"year": YEAR}).content.decode()
    assert 'data-testid="health-own"' in page and "Казань" in page
    assert client_for(world.coordinator).post("/ru/staff/monitoring/health/enter/", {}).status_code == 403


def test_import_command(clinic: Any, tmp_path: Path) -> None:
    path = tmp_path / "stats.csv"
    path.write_text(CSV, encoding="utf-8")
    out = StringIO()
    call_command("import_health_stats", str(path), member=clinic.user.username, stdout=out)
    assert "5 rows imported" in out.getvalue()
