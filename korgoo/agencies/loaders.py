"""Reading a registry file (CSV, format in `data/README.md`), checked, nothing written. Every
problem names the file and line."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from korgoo.core.loading import DataFileProblems, Problem

from .matching import permit_key

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_FILE = DATA_DIR / "licensed_agencies_sample.csv"
COLUMNS = [
    "name", "name_latin", "permit_number", "permit_issued_on", "permit_valid_until",
    "destination_countries", "address", "status",
]  # fmt: skip
_COUNTRY = re.compile(r"^[A-Z]{2}$")
DEMO_PREFIX = "DEMO-"


@dataclass
class AgencyRow:
    name: str
    name_latin: str
    permit_number: str
    permit_issued_on: dt.date | None
    permit_valid_until: dt.date | None
    destination_countries: list[str]
    address: str
    suspended: bool
    line: int


@dataclass
class RegistryFile:
    name: str
    sha256: str
    rows: list[AgencyRow]
    is_demo: bool  # every permit number starts with DEMO-


def read_registry(path: Path) -> RegistryFile:
    """The agencies of one registry file; raise DataFileProblems listing every problem."""
    problems: list[Problem] = []
    name = path.name

    def problem(line: int, message: str) -> None:
        problems.append(Problem(name, line, message))

    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise DataFileProblems([Problem(name, 0, "the file does not exist")]) from None
    except UnicodeDecodeError:
        raise DataFileProblems([Problem(name, 0, "the file is not UTF-8 text")]) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileProblems([Problem(name, 1, f"missing columns: {', '.join(missing)}")])
    rows: list[AgencyRow] = []
    permits: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            problem(line, "more values than columns (is a comma missing its quotes?)")
            continue
        values = {k: (v or "").strip() for k, v in row.items()}
        before = len(problems)
        if not values["name"]:
            problem(line, "name is empty")
        number = values["permit_number"]
        if not number:
            problem(line, "permit_number is empty")
        elif (key := permit_key(number)) in permits:
            problem(line, f"permit {number!r} is already on line {permits[key]}")
        else:
            permits[key] = line
        dates: dict[str, dt.date | None] = {}
        for column in ("permit_issued_on", "permit_valid_until"):
            value = values[column]
            dates[column] = None
            if value:
                try:
                    dates[column] = dt.date.fromisoformat(value)
                except ValueError:
                    problem(line, f"{column} must be a date written YYYY-MM-DD, not {value!r}")
        issued, until = dates["permit_issued_on"], dates["permit_valid_until"]
        if issued and until and until < issued:
            problem(line, "permit_valid_until is before permit_issued_on")
        countries = [c.strip().upper() for c in values["destination_countries"].split(";") if c.strip()]
        for code in countries:
            if not _COUNTRY.match(code):
                problem(line, f"{code!r} is not a two-letter country code")
        status = values["status"].lower()
        if status not in ("", "valid", "expired", "suspended"):
            problem(line, f"status must be valid, expired or suspended, not {values['status']!r}")
        if len(problems) == before:
            rows.append(
                AgencyRow(
                    name=values["name"],
                    name_latin=values["name_latin"],
                    permit_number=number,
                    permit_issued_on=issued,
                    permit_valid_until=until,
                    destination_countries=countries,
                    address=values["address"],
                    suspended=status == "suspended",
                    line=line,
                )
            )
    if problems:
        raise DataFileProblems(problems)
    demo = [r for r in rows if r.permit_number.upper().startswith(DEMO_PREFIX)]
    if demo and len(demo) != len(rows):
        raise DataFileProblems(
            [Problem(name, demo[0].line, "demo permits (DEMO-…) and real permits are mixed in one file")]
        )
    return RegistryFile(
        name=name, sha256=hashlib.sha256(raw).hexdigest(), rows=rows, is_demo=bool(rows) and bool(demo)
    )
