"""Where the calculators find their rate files, and importing a new version of one.

The files shipped in ``korgoo/evidence/data/rates/`` are the defaults. ``korgoo import_rates``
writes a checked copy into ``<data directory>/rates/``, which then takes precedence, so a
deployment can follow a new Bank of Russia or National Bank decision without a new release.

Three kinds of file are read: the project's own format; two columns ``date,value`` with a source
given on the command line; and the official exports of the central banks, as CSV or XLSX — the Bank
of Russia's key-rate table (a row per working day, «Дата» and «Ставка») and the National Bank of
Kazakhstan's base-rate decisions (a row per decision; the day it takes effect is preferred to the
day it was taken). Official exports are found by their headings, in Russian or English, whatever
their order, delimiter (semicolon, comma, tab), encoding (UTF-8 or Windows-1251) or decimal comma.
A daily series becomes one row per change of rate. Every written file records the day it was
checked up to: the last day of a daily export, or the day given (today by default) for a list of
decisions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings

from korgoo.evidence.calculators import rates as engine_rates
from korgoo.evidence.calculators.exceptions import RateFileError
from korgoo.evidence.calculators.rates import CHECKED_PREFIX, COLUMNS, Rate, RateSeries

#: Series the calculators use, by the name of their file (without ``.csv``).
SERIES = {
    "ru_key_rate": engine_rates.RU_KEY_RATE_FILE,
    "kz_base_rate": engine_rates.KZ_BASE_RATE_FILE,
    "ru_mrot": engine_rates.RU_MROT_FILE,
    "kz_mzp": engine_rates.KZ_MZP_FILE,
}


def override_dir() -> Path:
    return Path(getattr(settings, "KORGOO_RATES_DIR", "") or Path(settings.DATA_DIR) / "rates")


def rate_file(name: str) -> Path:
    """The file in force for a series: the imported copy if there is one, else the shipped file."""
    imported = override_dir() / f"{name}.csv"
    return imported if imported.is_file() else SERIES[name]


def series(name: str) -> RateSeries:
    return engine_rates.load_rate_series(rate_file(name), name=name)


@dataclass(frozen=True)
class ImportReport:
    name: str
    target: Path
    added: list[Rate]
    changed: list[tuple[Rate, Rate]]
    removed: list[Rate]
    written: bool
    checked_on: dt.date | None = None

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def _rows(rates: tuple[Rate, ...], checked_on: dt.date) -> str:
    out = io.StringIO()
    out.write(f"{CHECKED_PREFIX} {checked_on.isoformat()}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rate in rates:
        writer.writerow(
            [
                rate.effective_from.isoformat(),
                f"{rate.value:f}",
                rate.source,
                "confirmed" if rate.confirmed else "to_confirm",
            ]
        )
    return out.getvalue()


OFFICIAL_SOURCES = {
    "ru_key_rate": "Bank of Russia, key rate (cbr.ru/hd_base/KeyRate), export checked up to {checked}",
    "kz_base_rate": "National Bank of Kazakhstan, base rate decisions (nationalbank.kz), export checked up to {checked}",
}
_DATE_WORDS = ("дата", "date", "күні", "күн")
_EFFECTIVE_WORDS = ("вступ", "действ", "effective", "қолданыс", "күшіне")
_RATE_WORDS = ("ставк", "rate", "мөлшерлеме", "%")
_SKIP_RATE_WORDS = ("коридор", "corridor", "дәліз")
_DATE_TEXT = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")


@dataclass(frozen=True)
class OfficialExport:
    """What an official export holds: ``(day, value)`` pairs in ascending order, and whether it is a
    daily series (whose last day is the day it was checked up to) or a list of decisions."""

    points: tuple[tuple[dt.date, Decimal], ...]
    daily: bool


def _cell_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if matched := _DATE_TEXT.match(text):
        day, month, year = (int(part) for part in matched.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _cell_rate(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").rstrip("%").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    if not number.is_finite() or number < 0:
        return None
    return number.quantize(Decimal("0.01"))


def _table_rows(path: Path) -> list[list[Any]]:
    """The cells of an XLSX (first sheet) or a CSV in any of the usual encodings and delimiters."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook  # noqa: PLC0415 - a heavy library, loaded only when this runs

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise RateFileError(
                str(path), None, f"is not an XLSX workbook ({type(error).__name__})."
            ) from None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes any byte string
        raise RateFileError(str(path), None, "is neither UTF-8 nor Windows-1251 text.")
    sample = "\n".join(text.splitlines()[:5])
    delimiter = max((";", "\t", ","), key=sample.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _columns(header: Sequence[Any]) -> tuple[int, int] | None:
    """(date column, rate column) of a header row, preferring the day a decision takes effect."""
    names = [str(cell or "").strip().lower() for cell in header]
    dates = [i for i, name in enumerate(names) if any(word in name for word in _DATE_WORDS)]
    rates = [
        i
        for i, name in enumerate(names)
        if any(word in name for word in _RATE_WORDS)
        and not any(word in name for word in _SKIP_RATE_WORDS)
        and i not in dates
    ]
    if not dates or not rates:
        return None
    effective = [i for i in dates if any(word in names[i] for word in _EFFECTIVE_WORDS)]
    return (effective or dates)[0], rates[0]


def read_official_export(path: Path) -> OfficialExport:
    """The rate points of a central bank's CSV or XLSX export; ``RateFileError`` naming the line of
    the first cell that cannot be read."""
    rows = _table_rows(path)
    found = None
    header_index = 0
    for header_index, row in enumerate(rows):  # noqa: B007 - the heading's position is used below
        found = _columns(row)
        if found is not None:
            break
    if found is None:
        raise RateFileError(
            str(path), None, "no heading row with a date column and a rate column (Дата / Ставка) was found."
        )
    date_column, rate_column = found
    points: dict[dt.date, Decimal] = {}
    for line, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = list(row) + [None] * (max(date_column, rate_column) + 1 - len(row))
        if all(cell in (None, "") for cell in cells):
            continue
        day, value = _cell_date(cells[date_column]), _cell_rate(cells[rate_column])
        if day is None or value is None:
            raise RateFileError(
                str(path),
                line,
                f"expected a date and a rate, found {cells[date_column]!r} and {cells[rate_column]!r}.",
            )
        if day in points and points[day] != value:
            raise RateFileError(str(path), line, f"{day.isoformat()} is given twice with different rates.")
        points[day] = value
    if not points:
        raise RateFileError(str(path), None, "the table has no rows.")
    ordered = tuple(sorted(points.items()))
    gaps = [(later - earlier).days for (earlier, _a), (later, _b) in itertools.pairwise(ordered)]
    # A daily table lists every working day: most gaps are one day, a few cross a weekend or holidays.
    daily = len(gaps) >= 5 and sorted(gaps)[len(gaps) // 2] <= 3
    return OfficialExport(points=ordered, daily=daily)


def _changes(points: Iterable[tuple[dt.date, Decimal]]) -> list[tuple[dt.date, Decimal]]:
    """One point per change of value: a daily series becomes the days its rate took effect."""
    changes: list[tuple[dt.date, Decimal]] = []
    for day, value in points:
        if not changes or changes[-1][1] != value:
            changes.append((day, value))
    return changes


def _is_official(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    first = text.splitlines()[0] if text.strip() else ""
    return ";" in first or any(word in first.lower() for word in ("дата", "ставк"))


def _read_any(
    path: Path, name: str, source: str, confidence: str, checked_on: dt.date | None, today: dt.date
) -> tuple[RateSeries, dt.date]:
    """A file in the project's format, an official export, or two columns ``date,value`` plus the
    source given; with the day the new series is checked up to."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_official(path, name, source, confidence, checked_on, today)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return _read_official(path, name, source, confidence, checked_on, today)
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    first = lines[0] if lines else ""
    if [c.strip() for c in first.split(",")] == list(COLUMNS):
        series = engine_rates.load_rate_series(path, name=name)
        return series, checked_on or series.checked_through
    if _is_official(path, text):
        return _read_official(path, name, source, confidence, checked_on, today)
    if not source:
        raise RateFileError(str(path), None, "a file of two columns (date,value) needs --source.")
    full = io.StringIO()
    writer = csv.writer(full, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line == 1 and not row[0].strip()[:1].isdigit():
            continue  # a header such as "date,rate"
        if len(row) != 2:
            raise RateFileError(str(path), line, f"expected 2 columns (date,value), found {len(row)}.")
        writer.writerow([row[0].strip(), row[1].strip().replace(",", "."), source, confidence])
    with tempfile.TemporaryDirectory() as folder:
        converted = Path(folder) / f"{name}.csv"
        converted.write_text(full.getvalue(), encoding="utf-8")
        series = engine_rates.load_rate_series(converted, name=name)
    return series, checked_on or today


def _read_official(
    path: Path, name: str, source: str, confidence: str, checked_on: dt.date | None, today: dt.date
) -> tuple[RateSeries, dt.date]:
    export = read_official_export(path)
    checked = checked_on or (export.points[-1][0] if export.daily else today)
    label = source or OFFICIAL_SOURCES.get(name, "official export").format(checked=checked.isoformat())
    rates = tuple(
        Rate(value=value, effective_from=day, source=label, confirmed=confidence == "confirmed")
        for day, value in _changes(export.points)
    )
    return RateSeries(name=name, rates=rates, checked_on=checked), checked


def rates_import(
    *,
    name: str,
    path: Path,
    source: str = "",
    confidence: str = "confirmed",
    merge: bool = False,
    dry_run: bool = False,
    checked_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Check a new version of a series and, unless ``dry_run``, make it the one in force.

    The whole file must pass the calculators' checks (dates ascending, plain decimals, a source and
    a confidence on every row) before anything is written; the report lists the rows added, changed
    and removed compared with the series in force. With ``merge`` the file's rows are added to the
    series in force (a row of the file wins on the same date) instead of replacing it.
    """
    if name not in SERIES:
        raise RateFileError(name, None, f"unknown series; expected one of {', '.join(sorted(SERIES))}.")
    if confidence not in ("confirmed", "to_confirm"):
        raise RateFileError(str(path), None, "confidence must be 'confirmed' or 'to_confirm'.")
    new, checked = _read_any(path, name, source, confidence, checked_on, today or dt.date.today())
    current = series(name)
    if merge:
        combined = {rate.effective_from: rate for rate in current.rates}
        combined.update({rate.effective_from: rate for rate in new.rates})
        merged: list[Rate] = []
        for day in sorted(combined):
            # A daily export starts with the rate already in force: no new row for an unchanged value.
            if (
                merged
                and merged[-1].value == combined[day].value
                and day not in {r.effective_from for r in current.rates}
            ):
                continue
            merged.append(combined[day])
        new = RateSeries(name=name, rates=tuple(merged), checked_on=checked)
        checked = max(checked, current.checked_through) if current.checked_on else checked
    old_by_day = {rate.effective_from: rate for rate in current.rates}
    new_by_day = {rate.effective_from: rate for rate in new.rates}
    added = [rate for day, rate in new_by_day.items() if day not in old_by_day]
    removed = [rate for day, rate in old_by_day.items() if day not in new_by_day]
    changed = [
        (old_by_day[day], rate)
        for day, rate in new_by_day.items()
        if day in old_by_day
        and (
            Decimal(old_by_day[day].value) != Decimal(rate.value)
            or old_by_day[day].source != rate.source
            or old_by_day[day].confirmed != rate.confirmed
        )
    ]
    target = override_dir() / f"{name}.csv"
    if not dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".csv.tmp")
        temporary.write_text(_rows(new.rates, checked), encoding="utf-8")
        temporary.replace(target)
    return ImportReport(
        name=name,
        target=target,
        added=added,
        changed=changed,
        removed=removed,
        written=not dry_run,
        checked_on=checked,
    )
