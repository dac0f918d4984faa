"""The calculators through the API and the command line: the same engine, the exact figures of the
worked examples, the exact JSON shape, and rate files imported as data."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

pytestmark = pytest.mark.django_db

ISSUE_EXAMPLE = {
    "country": "RU",
    "amount": "50000.00",
    "due_date": "2025-03-15",
    "payments": [{"date": "2025-04-01", "amount": "20000.00"}],
    "as_of": "2025-05-01",
}


def post(path: str, body: Any, **headers: str) -> Any:
    return Client().post(path, data=json.dumps(body), content_type="application/json", headers=headers)


def test_late_payment_api_answers_the_issue_example_exactly() -> None:
    # Key rate 21% throughout (from 2024-10-28 to 2025-06-08).
    #   2025-03-16 .. 2025-04-01: 17 days × 50 000 × 21% / 150 = 10 500 × 17 / 150 = 1 190.00
    #     (the payment day still accrues on the whole debt)
    #   2025-04-02 .. 2025-05-01: 30 days × 30 000 × 21% / 150 =  6 300 × 30 / 150 = 1 260.00
    response = post("/api/v1/tools/late-payment/", ISSUE_EXAMPLE)
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["compensation", "currency", "periods", "sources", "warnings", "confirmed"]
    assert data["compensation"] == "2450.00" and data["currency"] == "RUB"
    assert data["periods"] == [
        {
            "from": "2025-03-16",
            "to": "2025-04-01",
            "days": 17,
            "rate": "21.00",
            "debt": "50000.00",
            "amount": "1190.00",
            "rate_confirmed": True,
        },
        {
            "from": "2025-04-02",
            "to": "2025-05-01",
            "days": 30,
            "rate": "21.00",
            "debt": "30000.00",
            "amount": "1260.00",
            "rate_confirmed": True,
        },
    ]
    assert data["sources"][0]["code"] == "ru_tk_236" and data["sources"][0]["confirmed"] is True
    assert data["sources"][0]["checked_on"] == "2026-03"


def test_late_payment_without_payments_runs_to_as_of_across_a_rate_change() -> None:
    # 10 000 due 2025-05-31, nothing paid, as of 2025-06-10:
    #   2025-06-01 .. 2025-06-08: 8 days × 10 000 × 21% / 150 = 2 100 × 8 / 150 = 112.00
    #   2025-06-09 .. 2025-06-10: 2 days × 10 000 × 20% / 150 = 2 000 × 2 / 150 =  26.666… → 26.67
    data = post(
        "/api/v1/tools/late-payment/",
        {"country": "RU", "amount": "10000", "due_date": "2025-05-31", "payments": [], "as_of": "2025-06-10"},
    ).json()
    assert [(p["from"], p["to"], p["days"], p["rate"], p["amount"]) for p in data["periods"]] == [
        ("2025-06-01", "2025-06-08", 8, "21.00", "112.00"),
        ("2025-06-09", "2025-06-10", 2, "20.00", "26.67"),
    ]
    assert data["compensation"] == "138.67"


def test_a_payment_on_the_due_date_owes_nothing() -> None:
    data = post(
        "/api/v1/tools/late-payment/",
        {
            "country": "RU",
            "amount": "50000.00",
            "due_date": "2025-03-15",
            "payments": [{"date": "2025-03-15", "amount": "50000.00"}],
            "as_of": "2025-05-01",
        },
    ).json()
    assert data["compensation"] == "0.00" and data["periods"] == []


def test_kazakh_penalty_is_marked_to_be_confirmed() -> None:
    data = post(
        "/api/v1/tools/late-payment/",
        {
            "country": "KZ",
            "amount": "100000",
            "due_date": "2025-11-10",
            "payments": [{"date": "2025-12-10", "amount": "100000"}],
        },
    ).json()
    # 30 days × 100 000 × 1.25 × 18% / 365 = 22 500 × 30 / 365 = 1 849.315… → 1 849.32
    assert data["currency"] == "KZT" and data["compensation"] == "1849.32"
    assert any(s["code"] == "kz_tk_113_3" and s["confirmed"] is False for s in data["sources"])


def test_amounts_must_be_exact_and_errors_use_the_envelope() -> None:
    response = post("/api/v1/tools/late-payment/", {**ISSUE_EXAMPLE, "amount": 50000.5})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "float_not_allowed" and set(body["fields"]) == {"amount"}
    # A date that is not one is the body's shape: `invalid`, naming the field.
    wrong = post("/api/v1/tools/late-payment/", {**ISSUE_EXAMPLE, "due_date": "2025-13-01"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid"
    assert set(wrong.json()["fields"]) == {"due_date"}
    over = post(
        "/api/v1/tools/late-payment/",
        {**ISSUE_EXAMPLE, "payments": [{"date": "2025-04-01", "amount": "60000"}]},
    )
    assert over.json()["code"] == "payments_exceed_debt"
    assert post("/api/v1/tools/late-payment/", [1, 2]).status_code == 400


def test_overtime_api_counts_a_weekday_and_a_weekend_day() -> None:
    # RU, 500 an hour, 8 normal hours.
    #   Monday 2025-06-16, 11 h: 8 × 500 + 2 × 1.5 × 500 + 1 × 2 × 500 = 4 000 + 1 500 + 1 000 = 6 500.00
    #   Saturday 2025-06-21, 8 h on a rest day (art. 153): 8 × 2 × 500 = 8 000.00
    data = post(
        "/api/v1/tools/overtime/",
        {
            "country": "RU",
            "hourly_rate": "500",
            "days": [
                {"date": "2025-06-16", "hours": "11"},
                {"date": "2025-06-21", "hours": "8", "rest_day": True},
            ],
        },
    ).json()
    assert data["total"] == "14500.00"
    assert [(d["hours_at_1_5"], d["hours_at_2"], d["amount"]) for d in data["days"]] == [
        ("2.00", "1.00", "6500.00"),
        ("0.00", "8.00", "8000.00"),
    ]
    assert {s["code"] for s in data["sources"]} == {"ru_tk_152", "ru_tk_153", "ru_tk_99"}


def test_unpaid_wages_and_deadlines_apis() -> None:
    wages = post(
        "/api/v1/tools/unpaid-wages/",
        {
            "country": "RU",
            "pay_kind": "monthly",
            "pay_rate": "60000",
            "months": [{"month": "2025-05", "days_worked": "20", "scheduled_days": 20}],
            "payments": [{"date": "2025-06-05", "amount": "25000"}],
        },
    ).json()
    assert (wages["earned"], wages["paid"], wages["owed"]) == ("60000.00", "25000.00", "35000.00")
    deadlines = post(
        "/api/v1/tools/deadlines/",
        {
            "country": "RU",
            "entry_date": "2025-03-01",
            "purpose": "work",
            "has_contract": False,
            "missed_payday": "2025-06-15",
            "today": "2025-07-01",
        },
    ).json()
    items = {item["code"]: item for item in deadlines["items"]}
    assert items["ru_registration"]["due_date"] == "2025-03-30"
    # Art. 392(2) counted under art. 14: 2025-06-15 + 1 year = Monday 2026-06-15, a working day. The safe
    # day, the day before, is Sunday 14 June → back past Saturday 13 and Russia Day (Friday 12) → 11 June.
    assert items["ru_wage_claim"]["due_date"] == items["ru_wage_claim"]["legal_last_day"] == "2026-06-15"
    assert items["ru_wage_claim"]["safe_day"] == "2026-06-11"
    assert items["ru_wage_claim"]["counting"]["code"] == "ru_counting"
    assert (
        items["ru_suspend_work"]["kind"] == "available_from"
        and items["ru_suspend_work"]["due_date"] == "2025-07-01"
    )
    assert all(item["checked_on"] in ("2026-03", "2026-12") for item in deadlines["items"])


def test_the_tools_api_is_rate_limited(settings: Any) -> None:
    settings.KORGOO_TOOLS_API_PER_MINUTE = 3
    codes = [post("/api/v1/tools/late-payment/", ISSUE_EXAMPLE).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_calc_command_prints_the_same_figures() -> None:
    out = io.StringIO()
    call_command(
        "calc",
        "late-payment",
        "--country",
        "RU",
        "--amount",
        "50000.00",
        "--due",
        "2025-03-15",
        "--payment",
        "2025-04-01:20000.00",
        "--as-of",
        "2025-05-01",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == post("/api/v1/tools/late-payment/", ISSUE_EXAMPLE).json()
    text = io.StringIO()
    call_command(
        "calc",
        "overtime",
        "--country",
        "RU",
        "--hourly-rate",
        "500",
        "--day",
        "2025-06-16:11",
        "--day",
        "2025-06-21:8:rest",
        stdout=text,
    )
    assert "Total: 14500.00 RUB" in text.getvalue()
    wages = io.StringIO()
    call_command(
        "calc",
        "unpaid-wages",
        "--country",
        "KZ",
        "--pay-kind",
        "monthly",
        "--pay-rate",
        "80000",
        "--month",
        "2025-05:20",
        stdout=wages,
    )
    assert "Owed:" in wages.getvalue() and "MZP" in wages.getvalue()
    dates = io.StringIO()
    call_command(
        "calc",
        "deadlines",
        "--country",
        "RU",
        "--entry",
        "2025-03-01",
        "--purpose",
        "work",
        "--no-contract",
        "--today",
        "2025-04-01",
        stdout=dates,
    )
    assert "2025-03-30" in dates.getvalue()
    with pytest.raises(CommandError, match=r"float_not_allowed|invalid_amount"):
        call_command(
            "calc",
            "late-payment",
            "--country",
            "RU",
            "--amount",
            "1e5",
            "--due",
            "2025-03-15",
            stdout=io.StringIO(),
        )


def test_an_imported_rate_splits_the_period_on_its_day(tmp_path: Path, settings: Any) -> None:
    """A new key-rate decision, imported as data, splits the period exactly on the day it takes effect."""
    body = {
        "country": "RU",
        "amount": "15000",
        "due_date": "2025-03-31",
        "payments": [],
        "as_of": "2025-04-20",
    }
    before = post("/api/v1/tools/late-payment/", body).json()
    assert len(before["periods"]) == 1
    new_rows = tmp_path / "decision.csv"
    new_rows.write_text("date,rate\n2025-04-14,23.00\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_rates", "ru_key_rate", str(new_rows), "--source", "test decision", "--merge", stdout=out
    )
    assert "+ 2025-04-14 23.00" in out.getvalue()
    after = post("/api/v1/tools/late-payment/", body).json()
    # 2025-04-01 .. 2025-04-13: 13 days × 15 000 × 21% / 150 = 3 150 × 13 / 150 = 273.00
    # 2025-04-14 .. 2025-04-20:  7 days × 15 000 × 23% / 150 = 3 450 ×  7 / 150 = 161.00
    assert [(p["from"], p["to"], p["rate"], p["amount"]) for p in after["periods"]] == [
        ("2025-04-01", "2025-04-13", "21.00", "273.00"),
        ("2025-04-14", "2025-04-20", "23.00", "161.00"),
    ]
    assert after["compensation"] == "434.00"
    assert any(s["reference"] == "test decision" for s in after["sources"])
    # The file written keeps every earlier row with its source.
    written = (Path(settings.KORGOO_RATES_DIR) / "ru_key_rate.csv").read_text(encoding="utf-8")
    # A file of decisions is taken as checked up to the day of the import (the clock's 2026-11-16).
    assert written.startswith("# checked_on: 2026-11-16\neffective_from,value,source,confidence\n")
    assert "2024-10-28" in written


def test_a_wrong_rate_file_changes_nothing(tmp_path: Path, settings: Any) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("effective_from,value,source,confidence\n2025-05-01,abc,x,confirmed\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_rates", "ru_key_rate", str(bad), stdout=io.StringIO())
    assert not (Path(settings.KORGOO_RATES_DIR) / "ru_key_rate.csv").exists()
    dry = tmp_path / "dry.csv"
    dry.write_text("2025-05-01,25\n", encoding="utf-8")
    call_command(
        "import_rates", "ru_key_rate", str(dry), "--source", "x", "--merge", "--dry-run", stdout=io.StringIO()
    )
    assert not (Path(settings.KORGOO_RATES_DIR) / "ru_key_rate.csv").exists()
    listing = io.StringIO()
    call_command("import_rates", "--list", stdout=listing)
    assert "ru_key_rate" in listing.getvalue() and "kz_mzp" in listing.getvalue()


def test_document_verify_api_knows_nothing_of_random_codes() -> None:
    data = post("/api/v1/documents/verify/", {"code": "KG-AAAA-BBBB-CCCC-DDDD-EEEE"}).json()
    assert data["status"] == "unknown" and data["kind"] is None


def test_a_bad_amount_is_reported_under_the_field_the_client_sent() -> None:
    response = post(
        "/api/v1/tools/late-payment/",
        {"country": "RU", "amount": "-5", "due_date": "2025-05-31", "as_of": "2025-06-10"},
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"amount"}


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rates"


@pytest.mark.parametrize("export", ["cbr_key_rate.xlsx", "cbr_key_rate.csv"])
def test_the_bank_of_russias_export_is_imported_with_its_checked_day(export: str, settings: Any) -> None:
    # The sample lists every working day from 15.12.2025 to 20.02.2026, newest first: 16.50 until
    # 19.12.2025, 16.00 from 22.12.2025, 15.50 from 16.02.2026. Imported alone, it becomes one row per
    # change, checked up to its last day.
    out = io.StringIO()
    call_command("import_rates", "ru_key_rate", str(FIXTURES / export), stdout=out)
    assert "checked up to 2026-02-20" in out.getvalue()
    written = (Path(settings.KORGOO_RATES_DIR) / "ru_key_rate.csv").read_text(encoding="utf-8")
    assert written.startswith("# checked_on: 2026-02-20\neffective_from,value,source,confidence\n")
    rows = [line.split(",")[:2] for line in written.splitlines()[2:]]
    assert rows == [["2025-12-15", "16.50"], ["2025-12-22", "16.00"], ["2026-02-16", "15.50"]]
    # Days after the check are computed with the last rate and marked: 10 000 due 2026-02-19, as of
    # 2026-02-24. 2026-02-20: 1 day × 10 000 × 15.5% / 150 = 1 550 / 150 = 10.333…; then 21–24 February,
    # after the check: 4 days × 1 550 / 150 = 41.333…; total 51.666… → 51.67.
    data = post(
        "/api/v1/tools/late-payment/",
        {"country": "RU", "amount": "10000", "due_date": "2026-02-19", "as_of": "2026-02-24"},
    ).json()
    assert [(p["from"], p["to"], p["rate_confirmed"]) for p in data["periods"]] == [
        ("2026-02-20", "2026-02-20", True),
        ("2026-02-21", "2026-02-24", False),
    ]
    assert data["compensation"] == "51.67" and data["confirmed"] is False
    assert data["warnings"] == [
        {
            "code": "rate_unconfirmed_after",
            "text": data["warnings"][0]["text"],
            "params": {"series": "ru_key_rate", "checked_on": "2026-02-20", "rate": "15.50"},
        }
    ]


def test_a_merged_export_adds_changes_only_and_keeps_the_later_check(settings: Any) -> None:
    # Merged into the shipped series (checked up to 2026-03-06), the export's first day adds no row
    # (16.50 was already in force since 2025-10-27), its two changes take the export's source and are
    # confirmed, and the table stays checked up to the later of the two days.
    call_command(
        "import_rates", "ru_key_rate", str(FIXTURES / "cbr_key_rate.xlsx"), "--merge", stdout=io.StringIO()
    )
    written = (Path(settings.KORGOO_RATES_DIR) / "ru_key_rate.csv").read_text(encoding="utf-8")
    assert written.startswith("# checked_on: 2026-03-06\n")
    assert "2025-12-15" not in written
    lines = {line.split(",")[0]: line for line in written.splitlines()[2:]}
    assert lines["2026-02-16"].endswith(",confirmed") and "cbr.ru" in lines["2026-02-16"]
    assert lines["2025-10-27"].startswith("2025-10-27,16.50,")


@pytest.mark.parametrize("export", ["nbk_base_rate.xlsx", "nbk_base_rate.csv"])
def test_the_national_banks_decisions_are_imported_on_the_day_they_take_effect(
    export: str, settings: Any
) -> None:
    # Decisions of 10.10.2025 (18.00, in force 13.10.2025), 28.11.2025 and 23.01.2026 (held), and
    # 29.11.2024 (15.25, in force 02.12.2024). Replacing the series: three rows, one per change.
    out = io.StringIO()
    call_command(
        "import_rates", "kz_base_rate", str(FIXTURES / export), "--checked-on", "2026-03-06", stdout=out
    )
    written = (Path(settings.KORGOO_RATES_DIR) / "kz_base_rate.csv").read_text(encoding="utf-8")
    rows = [line.split(",")[:2] for line in written.splitlines()[2:]]
    assert written.startswith("# checked_on: 2026-03-06\n")
    assert rows == [["2024-12-02", "15.25"], ["2025-10-13", "18.00"]]


def test_a_stale_table_turns_into_a_warning_on_the_api_page_and_pdf(two_orgs: Any) -> None:
    # The suite's clock stands at 2026-11-16; the shipped key-rate table was checked up to 2026-03-06.
    # 20 000 due 2026-10-31, counted to today: every day after the check uses the last known rate.
    data = post(
        "/api/v1/tools/late-payment/", {"country": "RU", "amount": "20000", "due_date": "2026-10-31"}
    ).json()
    assert data["warnings"][0]["code"] == "rate_unconfirmed_after"
    assert data["warnings"][0]["params"]["checked_on"] == "2026-03-06"
    assert all(p["rate_confirmed"] is False for p in data["periods"])
    page = Client().post(
        "/ru/tools/late-payment/", {"country": "RU", "amount": "20000", "due_date": "2026-10-31"}
    )
    assert "ставка могла измениться после 06.03.2026" in page.content.decode()
