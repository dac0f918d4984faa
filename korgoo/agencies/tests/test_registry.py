"""Loading the registry (sample and real lists) and the worker's check against it."""

from __future__ import annotations

import datetime as dt
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from korgoo.agencies import loaders
from korgoo.agencies.choices import DESTINATIONS, Verdict
from korgoo.agencies.models import Agency, AgencyReport, RegistryImport
from korgoo.agencies.selectors import agency_check
from korgoo.agencies.services import agencies_import, agency_report_link
from korgoo.conftest import WORKER_SCRIPTS, page_scripts

from .conftest import SAMPLE_DAY, registry_row, write_registry

pytestmark = pytest.mark.django_db


def test_the_sample_loads_only_as_demo_data(db: Any) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("import_agencies", str(loaders.SAMPLE_FILE))
    assert "demo permits" in str(refused.value) and Agency.objects.count() == 0
    out = StringIO()
    call_command("import_agencies", "--demo", "--taken-on", "2026-03-05", stdout=out)
    assert "agencies: 25 created" in out.getvalue()
    assert Agency.objects.filter(is_demo=True).count() == 25
    latest = RegistryImport.objects.get()
    assert latest.is_demo and latest.taken_on == SAMPLE_DAY
    page = Client().get("/ky/agencies/").content.decode()
    assert 'data-testid="demo-registry"' in page


def test_the_sample_has_the_verdicts_its_readme_describes(sample_registry: Any) -> None:
    verdicts = [a.verdict(SAMPLE_DAY) for a in Agency.objects.all()]
    assert verdicts.count(Verdict.LICENSED) == 13
    assert verdicts.count(Verdict.EXPIRED) == 10
    assert verdicts.count(Verdict.SUSPENDED) == 2


def test_a_new_list_updates_delists_and_keeps_an_agency_renewed_under_a_new_number(
    tmp_path: Path, db: Any
) -> None:
    first = write_registry(
        tmp_path / "list1.csv",
        [
            registry_row("Ала-Тоо Жумуш Сервис", "Ala-Too Zhumush Servis", "12-001", countries="RU;KZ;TR"),
            registry_row("Теңир-Тоо Кадрлар", "Tengir-Too Kadrlar", "12-002"),
            registry_row("Нур-Ордо Тренд", "Nur-Ordo Trend", "12-003"),
        ],
    )
    agencies_import(registry=loaders.read_registry(first))
    ala_too = Agency.objects.get(permit_number="12-001")
    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Ала-Тоо Жумуш Сервис")
    again = agencies_import(registry=loaders.read_registry(first))
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 3)
    second = write_registry(
        tmp_path / "list2.csv",
        [
            registry_row("Ала-Тоо Жумуш Сервис", "Ala-Too Zhumush Servis", "13-001", countries="RU;KZ"),
            registry_row("Теңир-Тоо Кадрлар", "Tengir-Too Kadrlar", "12-002", status="suspended"),
        ],
    )
    report = agencies_import(registry=loaders.read_registry(second))
    assert report.updated == ["Ала-Тоо Жумуш Сервис", "Теңир-Тоо Кадрлар"] and report.delisted == [
        "Нур-Ордо Тренд"
    ]
    renewed = Agency.objects.get(pk=ala_too.pk)
    assert renewed.permit_number == "13-001" and renewed.destination_countries == ["RU", "KZ"]
    assert AgencyReport.objects.get().agency == renewed  # its reports stay with it
    today = dt.date.today()
    assert Agency.objects.get(permit_number="12-002").verdict(today) == Verdict.SUSPENDED
    assert Agency.objects.get(permit_number="12-003").verdict(today) == Verdict.DELISTED
    assert Agency.objects.count() == 3  # nothing was duplicated


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"permit_valid_until": "31.12.2026"},
            "line 2: permit_valid_until must be a date written YYYY-MM-DD",
        ),
        ({"destination_countries": "Russia"}, "line 2: 'RUSSIA' is not a two-letter country code"),
        ({"status": "active"}, "line 2: status must be valid, expired or suspended"),
        ({"name": ""}, "line 2: name is empty"),
        (
            {"permit_issued_on": "2030-01-01", "permit_valid_until": "2029-01-01"},
            "line 2: permit_valid_until is before permit_issued_on",
        ),
    ],
)
def test_problems_name_the_file_and_line(tmp_path: Path, db: Any, row: dict[str, str], message: str) -> None:
    path = write_registry(tmp_path / "ministry.csv", [{**registry_row("А", "A", "1-1"), **row}])
    with pytest.raises(CommandError) as raised:
        call_command("import_agencies", str(path))
    assert f"ministry.csv, {message}" in str(raised.value)
    assert Agency.objects.count() == 0


def test_a_file_mixing_demo_and_real_permits_is_refused(tmp_path: Path, db: Any) -> None:
    path = write_registry(
        tmp_path / "mixed.csv", [registry_row("А", "A", "1-1"), registry_row("Б", "B", "DEMO-1")]
    )
    with pytest.raises(loaders.DataFileProblems) as raised:
        loaders.read_registry(path)
    assert "line 3: demo permits (DEMO-…) and real permits are mixed" in str(raised.value)


# --- The check --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "verdict", "name"),
    [
        ("Ala Too Jumush Servise", Verdict.LICENSED, "Ала-Тоо Жумуш Сервис"),
        ("ОсОО «Сулайман Стафф»", Verdict.LICENSED, "Сулайман Стафф"),
        ("tengir too kadrlar", Verdict.EXPIRED, "Теңир-Тоо Кадрлар"),
        ("Жаңы Багыт Групп", Verdict.SUSPENDED, "Жаңы Багыт Групп"),
        ("zholdosh personal", Verdict.SUSPENDED, "Жолдош Персонал"),
        ("DEMO-25-012", Verdict.LICENSED, "Кен-Сай Интернешнл"),
        ("Бакыт Тревел Азия", Verdict.NOT_FOUND, None),
    ],
)
def test_the_check_answers_licensed_expired_suspended_or_not_found(
    sample_registry: Any, typed: str, verdict: str, name: str | None
) -> None:
    check = agency_check(query=typed, today=SAMPLE_DAY)
    assert check.verdict == verdict
    assert (check.agency.name if check.agency else None) == name
    assert check.registry is not None and check.registry.is_demo


def test_an_ambiguous_name_asks_which_agency(sample_registry: Any) -> None:
    check = agency_check(query="Эмгек", today=SAMPLE_DAY)
    assert check.verdict == Verdict.UNCERTAIN and check.agency is None
    assert len(check.similar) >= 3


def test_the_check_says_whether_the_permit_covers_the_country(sample_registry: Any) -> None:
    with translation.override("en"):
        covered = agency_check(query="Ала-Тоо Жумуш Сервис", destination="TR", today=SAMPLE_DAY)
    assert covered.destination_covered is True and covered.destination_name == "Turkey"
    refused = agency_check(query="Ала-Тоо Жумуш Сервис", destination="DE", today=SAMPLE_DAY)
    assert refused.destination_covered is False


def test_names_known_only_from_reports_are_never_shown_to_the_public(sample_registry: Any) -> None:
    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Алтын Жол Тревел")
    check = agency_check(query="Алтын Жол Тревел", today=SAMPLE_DAY)
    assert check.verdict == Verdict.NOT_FOUND and check.similar == []


@time_machine.travel("2026-03-05", tick=False)
def test_the_worker_page_posts_the_name_and_explains_the_verdict(sample_registry: Any) -> None:
    client = Client()
    form = client.get("/ky/agencies/")
    assert form.status_code == 200 and page_scripts(form.content) == WORKER_SCRIPTS and form.cookies == {}
    answer = client.post("/ky/agencies/", {"q": "Ala Too Jumush Servise", "destination": "TR"})
    html = answer.content.decode()
    assert 'data-verdict="licensed"' in html
    assert 'data-testid="valid-until"><time datetime="2026-04-13">13.04.2026</time>' in html
    with translation.override("ky"):
        countries = ", ".join(str(DESTINATIONS[code]) for code in ("RU", "KZ", "TR"))
    assert countries in html and countries != "Russia, Kazakhstan, Turkey"
    expired = client.post("/ky/agencies/", {"q": "Теңир-Тоо Кадрлар"}).content.decode()
    assert 'data-verdict="expired"' in expired
    missing = client.post("/ky/agencies/", {"q": "Бакыт Тревел Азия"}).content.decode()
    assert 'data-verdict="not_found"' in missing and "/ky/report/" in missing
    assert client.post("/ky/agencies/", {"q": ""}).status_code == 400
    cross_site = client.post("/ky/agencies/", {"q": "x"}, headers={"Origin": "https://evil.example"})
    assert cross_site.status_code == 403


@time_machine.travel("2026-03-05", tick=False)
def test_the_api_gives_the_same_answer(sample_registry: Any) -> None:
    body = (
        Client()
        .get("/api/v1/agencies/check/", {"q": "Ala Too Jumush Servise", "country": "TR", "lang": "en"})
        .json()
    )
    assert body["verdict"] == "licensed" and body["destination_covered"] is True
    assert body["agency"]["permit_valid_until"] == "2026-04-13"
    assert body["agency"]["destinations"][0] == {"code": "RU", "name": "Russia"}
    assert body["registry"] == {"taken_on": "2026-03-05", "is_demo": True, "agencies": 25}
    missing = Client().get("/api/v1/agencies/check/")
    assert missing.status_code == 400 and missing.json()["fields"]["q"]
