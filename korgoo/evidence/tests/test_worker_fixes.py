"""What a worker meets on the calculators, the diary and the documents: an empty diary day is
refused (page and API), 0 received is a true answer, documents name the configured public address,
every warning reads in the page's language, and links may choose the country."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from korgoo.conftest import TwoOrgs
from korgoo.core.errors import ApplicationError
from korgoo.evidence import texts
from korgoo.evidence.calculators import WorkedMonth, serialize, unpaid_wages
from korgoo.evidence.models import DiaryEntry
from korgoo.evidence.services import diary
from korgoo.organisations.services import api_token_create

from .conftest import worker_client
from .test_pages import entry_form, pdf_text

pytestmark = pytest.mark.django_db

EMPTY_DAY = {
    "place": "",
    "employer": "",
    "start": "",
    "end": "",
    "break_minutes": "0",
    "pay_agreed": "",
    "pay_received": "",
    "supervisor": "",
    "note": "",
}


def test_an_empty_diary_day_is_refused_on_the_page_and_keeps_what_was_typed(two_orgs: TwoOrgs) -> None:
    client = worker_client(two_orgs.a.case)
    form = entry_form(client, **EMPTY_DAY)
    answer = client.post("/ky/tools/diary/add/", form)
    assert answer.status_code == 400
    assert answer.context["form"].non_field_errors()
    assert answer.context["form"]["work_date"].value() == form["work_date"]
    assert not DiaryEntry.objects.filter(case=two_orgs.a.case).exists()
    # One thing about the day is enough: a note.
    noted = client.post(
        "/ky/tools/diary/add/", entry_form(client, **{**EMPTY_DAY, "note": "Кечке чейин иштедим"})
    )
    assert noted.status_code == 303


def test_an_empty_diary_day_is_refused_by_the_api_and_the_service(two_orgs: TwoOrgs) -> None:
    side = two_orgs.a
    token = api_token_create(user=side.caseworker.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = Client().post(
        f"/api/v1/cases/{side.case.pk}/diary/",
        data=json.dumps({"work_date": day, "rest_day": True}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400 and response.json()["code"] == "empty_entry"
    with pytest.raises(ApplicationError) as error:
        diary.diary_entry_add_by_worker(
            case=side.case,
            draft=diary.EntryDraft(work_date=timezone.localdate(), rest_day=True),
            entry_key=diary.entry_key_issue(),
        )
    assert error.value.code == "empty_entry"
    assert not DiaryEntry.objects.filter(case=side.case).exists()


def test_zero_received_is_accepted_by_the_form_and_the_api(db: Any) -> None:
    # 60 000 a month, 20 days worked in May 2025; the form counts May's Mondays to Fridays (22) as the
    # scheduled days: 60 000 × 20 / 22 = 54 545.4545… → 54 545.45 earned; 0 received, so all of it owed.
    page = Client().post(
        "/ru/tools/unpaid-wages/",
        {
            "country": "RU",
            "pay_kind": "monthly",
            "pay_rate": "60000",
            "month_1": "2025-05",
            "days_1": "20",
            "paid_total": "0",
        },
    )
    assert page.status_code == 200, page.context["form"].errors
    assert page.context["result"]["data"]["owed"] == "54545.45"
    assert page.context["result"]["data"]["paid"] == "0.00"
    api = Client().post(
        "/api/v1/tools/unpaid-wages/",
        data=json.dumps(
            {
                "country": "RU",
                "pay_kind": "monthly",
                "pay_rate": "60000",
                "months": [{"month": "2025-05", "days_worked": "20", "scheduled_days": 20}],
                "payments": [{"date": "2025-06-05", "amount": "0"}],
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["owed"] == "60000.00" and api.json()["paid"] == "0.00"


def test_the_verification_address_comes_from_the_public_address(two_orgs: TwoOrgs, settings: Any) -> None:
    settings.KORGOO_PUBLIC_URL = "https://help.example.org/"
    client = worker_client(two_orgs.a.case)
    client.post("/ky/tools/diary/add/", entry_form(client))
    text = pdf_text(client.post("/ky/tools/diary/bundle/", {}).content)
    assert "https://help.example.org/ru/verify/" in text and "127.0.0.1" not in text
    settings.KORGOO_PUBLIC_URL = ""
    text = pdf_text(client.post("/ky/tools/diary/bundle/", {}).content)
    assert "127.0.0.1" not in text and "/ru/verify/" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "2025-05: отработано дней: 26, больше, чем 21 по графику"),
        ("ky", "2025-05: 26 күн иштелген, бул графиктеги 21 күндөн көп"),
    ],
)
def test_the_unpaid_wages_warning_reads_in_the_pages_language(language: str, expected: str) -> None:
    # May 2025: 26 days worked against 21 scheduled, on monthly pay → the warning of that name.
    result = serialize(
        unpaid_wages(
            country="RU",
            pay_kind="monthly",
            pay_rate="60000",
            months=[WorkedMonth(year=2025, month=5, days_worked="26", scheduled_days=21)],
        )
    )
    warning = next(w for w in result["warnings"] if w["code"] == "days_worked_exceed_scheduled")
    with translation.override(language):
        shown = texts.warning_text(warning)
    assert shown.startswith(expected)
    assert "scheduled" not in shown


@pytest.mark.parametrize("code", texts.WARNING_CODES)
def test_every_warning_has_a_translated_template(code: str) -> None:
    with translation.override("ru"):
        shown = texts.warning_text({"code": code, "params": {}, "text": "ENGLISH FALLBACK"})
    assert shown and "ENGLISH FALLBACK" not in shown


def test_the_minimum_wage_after_its_check_is_marked(db: Any) -> None:
    # The MROT table is checked up to 2026-12-31; January 2027 uses the 2026 figure, 27 093, unconfirmed.
    result = serialize(
        unpaid_wages(
            country="RU",
            pay_kind="monthly",
            pay_rate="30000",
            months=[WorkedMonth(year=2027, month=1, days_worked="15", scheduled_days=15)],
        )
    )
    assert result["months"][0]["minimum_wage"] == "27093.00"
    assert result["months"][0]["minimum_wage_confirmed"] is False
    codes = [w["code"] for w in result["warnings"]]
    assert "minimum_wage_unconfirmed_after" in codes
    with translation.override("ru"):
        shown = texts.warning_text(
            next(w for w in result["warnings"] if w["code"] == "minimum_wage_unconfirmed_after")
        )
    assert "31.12.2026" in shown


@pytest.mark.parametrize("path", ["unpaid-wages", "late-payment", "overtime", "deadlines"])
def test_every_calculator_takes_the_country_from_the_link(path: str, db: Any) -> None:
    page = Client().get(f"/ru/tools/{path}/?country=KZ")
    assert page.context["form"]["country"].value() == "KZ"
    ignored = Client().get(f"/ru/tools/{path}/?country=XX")
    assert ignored.context["form"]["country"].value() == "RU"
    tools = Client().get("/ru/tools/?country=KZ").content.decode()
    assert f"/ru/tools/{path}/?country=KZ" in tools


ISSUE_DEADLINE = {
    "country": "RU",
    "entry_date": "2025-03-01",
    "purpose": "work",
    "has_contract": "no",
    "missed_payday": "2025-03-14",
}


def test_the_deadline_page_never_calls_a_live_claim_expired(db: Any, clock: Any) -> None:
    # Asked on 2026-03-14 about the payday missed on 2025-03-14: art. 392(2) + art. 14 give Monday
    # 2026-03-16 (the corresponding date is a Saturday); the safe day, Friday 2026-03-13, has passed.
    clock.move_to("2026-03-14 09:00")
    page = Client().post("/ru/tools/deadlines/", ISSUE_DEADLINE)
    html = page.content.decode()
    item = html.split('data-testid="deadline-ru_wage_claim"', 1)[1].split("</li>", 1)[0]
    assert 'data-testid="legal-last-day">16.03.2026<' in item
    assert 'data-testid="safe-day">13.03.2026<' in item
    assert "уже прошёл" not in item and "прошло" not in item
    assert "Считается со дня выплаты зарплаты: 14.03.2025." in item


def test_the_bundle_states_the_deadlines_with_their_rules(two_orgs: TwoOrgs) -> None:
    # Saved at the suite's clock (2026-11-16): the same dates, now passed, with their citations.
    client = worker_client(two_orgs.a.case)
    client.post("/ky/tools/diary/add/", entry_form(client))
    saved = client.post("/ky/tools/deadlines/", {**ISSUE_DEADLINE, "save": "1"})
    assert saved.context["saved"]
    text = pdf_text(client.post("/ky/tools/diary/bundle/", {}).content)
    assert "Последний день" in text and "Надёжный день" in text
    assert "16.03.2026*" in text and "13.03.2026" in text and "ст. 392 ТК РФ; ст. 14 ТК РФ" in text
