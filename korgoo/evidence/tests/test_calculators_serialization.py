"""The JSON shapes the API returns."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from korgoo.evidence.calculators import (
    CalculationError,
    Payment,
    WorkDay,
    WorkedMonth,
    check_deadlines,
    late_payment_ru,
    overtime_pay,
    serialize,
    unpaid_wages,
)


def test_late_payment_shape_is_exact() -> None:
    # Same example as test_ru_period_crossing_a_key_rate_change: 630.00 + 800.00 = 1 430.00.
    result = late_payment_ru(
        debt="50000",
        due_date=date(2025, 5, 30),
        as_of=date(2025, 6, 20),
        payments=[Payment(date(2025, 6, 20), "50000")],
    )
    data = serialize(result)
    assert list(data) == ["compensation", "currency", "periods", "sources", "warnings", "confirmed"]
    assert data["compensation"] == "1430.00"
    assert data["currency"] == "RUB"
    assert data["periods"] == [
        {
            "from": "2025-05-31",
            "to": "2025-06-08",
            "days": 9,
            "rate": "21.00",
            "debt": "50000.00",
            "amount": "630.00",
            "rate_confirmed": True,
        },
        {
            "from": "2025-06-09",
            "to": "2025-06-20",
            "days": 12,
            "rate": "20.00",
            "debt": "50000.00",
            "amount": "800.00",
            "rate_confirmed": True,
        },
    ]
    assert data["sources"][0] == {
        "code": "ru_tk_236",
        "article": "Labour Code of the Russian Federation, art. 236",
        "text": data["sources"][0]["text"],
        "reference": data["sources"][0]["reference"],
        "confirmed": True,
        "checked_on": "2026-03",
        "url": "https://www.consultant.ru/document/cons_doc_LAW_34683/",
        "params": {},
    }
    assert json.loads(json.dumps(data)) == data


def test_every_result_serializes_to_json_without_floats() -> None:
    results = [
        overtime_pay(country="RU", hourly_rate="500", days=[WorkDay(date(2025, 6, 16), "11")]),
        unpaid_wages(
            country="KZ",
            pay_kind="monthly",
            pay_rate="80000",
            months=[WorkedMonth(2025, 5, "20", scheduled_days=20)],
        ),
        check_deadlines(
            country="RU",
            entry_date=date(2025, 3, 1),
            purpose="work",
            has_contract=False,
            missed_payday=date(2025, 6, 15),
            today=date(2025, 7, 1),
        ),
    ]
    for result in results:
        data = serialize(result)
        text = json.dumps(data)
        assert json.loads(text, parse_float=lambda _: pytest.fail("a float in the output")) == data

    overtime = serialize(results[0])
    assert overtime["total"] == "6500.00"
    assert overtime["days"][0]["hours_at_2"] == "1.00"
    wages = serialize(results[1])
    assert wages["warnings"][0]["minimum_wage"] == "85000.00"
    deadlines = serialize(results[2])
    assert deadlines["items"][0]["due_date"] == "2025-03-30"
    assert isinstance(deadlines["items"][0]["days_left"], int)


def test_unknown_objects_are_refused() -> None:
    with pytest.raises(CalculationError) as error:
        serialize(Decimal(1))
    assert error.value.code == "unsupported_result"
