"""Rate files: the shipped series, custom files, and clear errors for bad rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from korgoo.evidence.calculators import (
    CalculationError,
    RateFileError,
    load_kz_base_rate,
    load_kz_mzp,
    load_rate_series,
    load_ru_key_rate,
    load_ru_mrot,
)

HEADER = "effective_from,value,source,confidence\n"


def _write(tmp_path: Path, body: str, name: str = "rates.csv") -> Path:
    file = tmp_path / name
    file.write_text(HEADER + body, encoding="utf-8")
    return file


def test_shipped_files_load_with_their_sources() -> None:
    key = load_ru_key_rate()
    assert key.rate_on(date(2025, 6, 8)).value == Decimal("21.00")
    assert key.rate_on(date(2025, 6, 9)).value == Decimal("20.00")
    assert key.rate_on(date(2026, 2, 16)).value == Decimal("15.50")
    # The 28.07.2025 decision is marked ⚠️ in the fact sheet.
    july = key.rate_on(date(2025, 8, 1))
    assert (july.value, july.confirmed) == (Decimal("18.00"), False)
    assert "25.07.2025" in july.source

    assert load_kz_base_rate().rate_on(date(2025, 12, 1)).value == Decimal("18.00")
    assert load_ru_mrot().rate_on(date(2026, 1, 1)).value == Decimal("27093")
    assert load_ru_mrot().rate_on(date(2025, 12, 31)).value == Decimal("22440")
    assert load_kz_mzp().rate_on(date(2026, 6, 1)).value == Decimal("85000")
    for series in (key, load_kz_base_rate(), load_ru_mrot(), load_kz_mzp()):
        assert all(rate.source for rate in series.rates)


def test_rate_on_before_the_first_row_is_an_error() -> None:
    with pytest.raises(CalculationError) as error:
        load_ru_key_rate().rate_on(date(2021, 12, 19))
    assert error.value.code == "no_rate_for_date"


def test_segments_split_exactly_on_the_day_a_rate_changes(tmp_path: Path) -> None:
    series = load_rate_series(
        _write(
            tmp_path,
            "2024-01-01,10.00,a,confirmed\n2024-03-15,12.00,b,to_confirm\n2024-04-01,11.00,c,confirmed\n",
        )
    )
    segments = series.segments(date(2024, 3, 11), date(2024, 4, 2))
    assert [(s.start, s.end, s.days, s.rate.value) for s in segments] == [
        (date(2024, 3, 11), date(2024, 3, 14), 4, Decimal("10.00")),
        (date(2024, 3, 15), date(2024, 3, 31), 17, Decimal("12.00")),
        (date(2024, 4, 1), date(2024, 4, 2), 2, Decimal("11.00")),
    ]
    assert [s.rate.confirmed for s in segments] == [True, False, True]
    # A range starting on the change day has one segment; a single day is one segment of one day.
    assert [s.days for s in series.segments(date(2024, 3, 15), date(2024, 3, 20))] == [6]
    assert [s.days for s in series.segments(date(2024, 3, 14), date(2024, 3, 14))] == [1]
    with pytest.raises(CalculationError) as error:
        series.segments(date(2024, 3, 20), date(2024, 3, 19))
    assert error.value.code == "invalid_date_range"


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("2024-01-01,10.00,a,confirmed\n2024-02-01,abc,b,confirmed\n", 3, "value 'abc'"),
        ("2024-01-01,10.00,a,confirmed\n2024-13-01,9.00,b,confirmed\n", 3, "effective_from '2024-13-01'"),
        ("01.02.2024,10.00,a,confirmed\n", 2, "effective_from '01.02.2024'"),
        ("2024-01-01,10.00,a,sure\n", 2, "confidence 'sure'"),
        ("2024-01-01,10.00,,confirmed\n", 2, "source is empty"),
        ("2024-01-01,10.00,a\n", 2, "expected 4 columns"),
        ("2024-01-01,-1,a,confirmed\n", 2, "value '-1'"),
        ("2024-01-01,1e2,a,confirmed\n", 2, "value '1e2'"),
        ("2024-02-01,10.00,a,confirmed\n2024-01-01,9.00,b,confirmed\n", 3, "ascending"),
        ("2024-02-01,10.00,a,confirmed\n2024-02-01,9.00,b,confirmed\n", 3, "ascending"),
    ],
)
def test_a_malformed_row_names_the_file_and_the_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    file = _write(tmp_path, body, name="broken_rates.csv")
    with pytest.raises(RateFileError) as error:
        load_rate_series(file)
    message = str(error.value)
    assert error.value.code == "invalid_rate_file"
    assert error.value.line == line
    assert "broken_rates.csv" in message
    assert f"line {line}" in message
    assert fragment in message


def test_a_wrong_header_or_an_empty_file_is_reported(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("date,rate\n2024-01-01,10\n", encoding="utf-8")
    with pytest.raises(RateFileError, match=r"wrong\.csv, line 1: the header"):
        load_rate_series(wrong)
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER, encoding="utf-8")
    with pytest.raises(RateFileError, match="no rates"):
        load_rate_series(empty)
    with pytest.raises(RateFileError, match="cannot be read"):
        load_rate_series(tmp_path / "missing.csv")


def test_a_refreshed_file_is_read_again(tmp_path: Path) -> None:
    file = _write(tmp_path, "2024-01-01,10.00,a,confirmed\n")
    assert load_rate_series(file).latest.value == Decimal("10.00")
    file.write_text(HEADER + "2024-01-01,10.00,a,confirmed\n2024-06-01,9.50,b,confirmed\n", encoding="utf-8")
    assert load_rate_series(file).latest.value == Decimal("9.50")
