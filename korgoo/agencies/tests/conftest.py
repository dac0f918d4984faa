"""Fixtures of the agency tests: the shipped sample registry, loaded as demo data, and a small
registry of real-looking permits written for a test (dates relative to its day)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from korgoo.agencies import loaders
from korgoo.agencies.services import ImportReport, agencies_import

SAMPLE_DAY = dt.date(2026, 3, 5)  # the day the sample describes


@pytest.fixture
def sample_registry(db: Any) -> ImportReport:
    return agencies_import(
        registry=loaders.read_registry(loaders.SAMPLE_FILE), taken_on=SAMPLE_DAY, allow_demo=True
    )


def write_registry(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=loaders.COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in loaders.COLUMNS})
    return path


def registry_row(
    name: str, latin: str, number: str, *, days: int = 200, countries: str = "RU;KZ", status: str = ""
) -> dict[str, str]:
    today = dt.date.today()
    return {
        "name": name,
        "name_latin": latin,
        "permit_number": number,
        "permit_issued_on": (today - dt.timedelta(days=100)).isoformat(),
        "permit_valid_until": (today + dt.timedelta(days=days)).isoformat(),
        "destination_countries": countries,
        "address": "Бишкек ш., Тест көчөсү, 1",
        "status": status,
    }
