"""Dated rate series: central-bank rates and minimum wages.

Rates are data, not code. Each series ships as a CSV file in ``korgoo/evidence/data/rates/``. Its
first line records the last day for which the table was checked against the official source,
``# checked_on: YYYY-MM-DD``; the header and rows follow, with the columns
``effective_from,value,source,confidence``:

- ``effective_from``: ISO date (YYYY-MM-DD) from which the value applies; rows in ascending order;
- ``value``: a plain decimal number: an annual percentage for the central-bank rates, an amount
  per month in the national currency for the minimum wages;
- ``source``: where the value was found;
- ``confidence``: ``confirmed`` (found in a stored source) or ``to_confirm`` (found only in a
  secondary or older source, disputed, or derived; check before relying on it).

A value stays in force until the next row. A day after ``checked_on`` is computed with the last
value known, which may have changed since: ``is_unconfirmed`` says so, and every calculator that uses
such a day marks its result unconfirmed with a warning naming the date. A file without the line
(an older copy) is treated as checked up to its last row.

The loaders take a path so that an import command and the tests can use other files; without one
they read the files shipped with the project.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode, RateFileError

#: Folder of the rate files shipped with the project.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "rates"

RU_KEY_RATE_FILE = DATA_DIR / "ru_key_rate.csv"
KZ_BASE_RATE_FILE = DATA_DIR / "kz_base_rate.csv"
RU_MROT_FILE = DATA_DIR / "ru_mrot.csv"
KZ_MZP_FILE = DATA_DIR / "kz_mzp.csv"

COLUMNS = ("effective_from", "value", "source", "confidence")
CHECKED_PREFIX = "# checked_on:"

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PLAIN_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")


class Confidence(StrEnum):
    """How sure the project is of a row.

    A value marked ✅ in the fact sheet is ``confirmed``; one marked ⚠️ or ❓ is ``to_confirm``.
    """

    CONFIRMED = "confirmed"
    TO_CONFIRM = "to_confirm"


@dataclass(frozen=True, slots=True)
class Rate:
    """One value of a series and the day from which it applies."""

    value: Decimal
    effective_from: date
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class RateSegment:
    """A run of consecutive days, ``start`` to ``end`` inclusive, on which one rate applies."""

    start: date
    end: date
    rate: Rate

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class RateSeries:
    """A named series of rates, each in force from its date until the next one."""

    name: str
    rates: tuple[Rate, ...]
    #: The last day the table was checked to be right; later days use the last value, unconfirmed.
    checked_on: date | None = None

    def __post_init__(self) -> None:
        if not self.rates:
            raise CalculationError(ErrorCode.NO_RATE_FOR_DATE, f"The series {self.name} has no rates.")
        days = [rate.effective_from for rate in self.rates]
        if any(later <= earlier for earlier, later in pairwise(days)):
            raise CalculationError(
                ErrorCode.INVALID_RATE_FILE, f"The rates of {self.name} are not in ascending date order."
            )

    @property
    def first_day(self) -> date:
        return self.rates[0].effective_from

    @property
    def latest(self) -> Rate:
        """The most recent row; it applies to every later day until the file is updated."""
        return self.rates[-1]

    @property
    def checked_through(self) -> date:
        """``checked_on``, or for a file that does not record it, the day of its last row."""
        return self.checked_on or self.latest.effective_from

    def is_unconfirmed(self, day: date) -> bool:
        """Whether ``day`` lies after the day the table was last checked."""
        return day > self.checked_through

    def rate_on(self, day: date) -> Rate:
        """The rate in force on ``day``, or ``no_rate_for_date`` if the series starts later."""
        index = bisect_right(self.rates, day, key=lambda rate: rate.effective_from) - 1
        if index < 0:
            raise CalculationError(
                ErrorCode.NO_RATE_FOR_DATE,
                f"The series {self.name} starts on {self.first_day.isoformat()}; "
                f"it has no rate for {day.isoformat()}.",
            )
        return self.rates[index]

    def segments(self, start: date, end: date) -> tuple[RateSegment, ...]:
        """Split the days ``start`` to ``end`` (both inclusive) wherever a new rate takes effect."""
        if start > end:
            raise CalculationError(
                ErrorCode.INVALID_DATE_RANGE,
                f"The range starts on {start.isoformat()}, after its end {end.isoformat()}.",
            )
        return tuple(self._segments(start, end))

    def _segments(self, start: date, end: date) -> Iterator[RateSegment]:
        current = self.rate_on(start)
        segment_start = start
        for rate in self.rates:
            if segment_start < rate.effective_from <= end:
                yield RateSegment(segment_start, rate.effective_from - timedelta(days=1), current)
                current = rate
                segment_start = rate.effective_from
        yield RateSegment(segment_start, end, current)


def load_rate_series(path: Path | str, *, name: str | None = None) -> RateSeries:
    """Read a rate file; a bad row raises ``RateFileError`` naming the file and the line.

    Results are cached per file and modification time, so a refreshed file is read again.
    """
    file = Path(path)
    try:
        stat = file.stat()
    except OSError as error:
        raise RateFileError(str(file), None, f"cannot be read ({error.strerror}).") from None
    return _load_cached(str(file), stat.st_mtime_ns, stat.st_size, name or file.stem)


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int, name: str) -> RateSeries:
    checked = _checked_on(path)
    return RateSeries(name=name, rates=tuple(_read_rows(path)), checked_on=checked)


def _checked_on(path: str) -> date | None:
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline().strip()
    except UnicodeDecodeError:
        raise RateFileError(path, None, "is not UTF-8 text.") from None
    if not first.startswith("#"):
        return None
    text = first.removeprefix(CHECKED_PREFIX).strip() if first.startswith(CHECKED_PREFIX) else ""
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise RateFileError(
            path, 1, f"the first line must be «{CHECKED_PREFIX} YYYY-MM-DD», not {first!r}."
        ) from None


def _read_rows(path: str) -> Iterator[Rate]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            # The checked_on line reads as an empty row, so that line numbers stay those of the file.
            reader = csv.reader(("\n" if line.startswith("#") else line) for line in handle)
            header = next(reader, None)
            while header is not None and not header:
                header = next(reader, None)
            if header is None:
                raise RateFileError(path, 1, "the file is empty; expected a header row.")
            if tuple(column.strip() for column in header) != COLUMNS:
                raise RateFileError(
                    path, reader.line_num, f"the header must be {','.join(COLUMNS)}, not {','.join(header)}."
                )
            previous: date | None = None
            count = 0
            for row in reader:
                if not row or all(not cell.strip() for cell in row):
                    continue
                rate = _parse_row(path, reader.line_num, row)
                if previous is not None and rate.effective_from <= previous:
                    raise RateFileError(
                        path,
                        reader.line_num,
                        f"effective_from {rate.effective_from.isoformat()} is not after the previous row's "
                        f"{previous.isoformat()}; rows must be in ascending date order without repeats.",
                    )
                previous = rate.effective_from
                count += 1
                yield rate
            if count == 0:
                raise RateFileError(path, reader.line_num, "the file has no rates.")
    except UnicodeDecodeError:
        raise RateFileError(path, None, "is not UTF-8 text.") from None
    except csv.Error as error:
        raise RateFileError(path, None, f"is not valid CSV ({error}).") from None


def _parse_row(path: str, line: int, row: list[str]) -> Rate:
    if len(row) != len(COLUMNS):
        raise RateFileError(path, line, f"expected {len(COLUMNS)} columns, found {len(row)}.")
    day_text, value_text, source, confidence_text = (cell.strip() for cell in row)
    try:
        if not _ISO_DATE.match(day_text):
            raise ValueError(day_text)
        day = date.fromisoformat(day_text)
    except ValueError:
        raise RateFileError(path, line, f"effective_from {day_text!r} is not a date (YYYY-MM-DD).") from None
    if not _PLAIN_DECIMAL.match(value_text):
        raise RateFileError(path, line, f"value {value_text!r} is not a plain non-negative decimal number.")
    value = Decimal(value_text)
    if not source:
        raise RateFileError(path, line, "source is empty; every row must say where its value comes from.")
    try:
        confidence = Confidence(confidence_text)
    except ValueError:
        raise RateFileError(
            path, line, f"confidence {confidence_text!r} must be 'confirmed' or 'to_confirm'."
        ) from None
    return Rate(value=value, effective_from=day, source=source, confirmed=confidence is Confidence.CONFIRMED)


def load_ru_key_rate(path: Path | str | None = None) -> RateSeries:
    """Bank of Russia key rate, annual %, used for late-wage compensation (RU Labour Code, art. 236)."""
    return load_rate_series(path or RU_KEY_RATE_FILE, name="ru_key_rate")


def load_kz_base_rate(path: Path | str | None = None) -> RateSeries:
    """National Bank of Kazakhstan base rate, annual %, used for the late-wage penalty (KZ art. 113(3))."""
    return load_rate_series(path or KZ_BASE_RATE_FILE, name="kz_base_rate")


def load_ru_mrot(path: Path | str | None = None) -> RateSeries:
    """Russian federal minimum wage (MROT), roubles per month."""
    return load_rate_series(path or RU_MROT_FILE, name="ru_mrot")


def load_kz_mzp(path: Path | str | None = None) -> RateSeries:
    """Kazakh minimum monthly wage (MZP), tenge per month."""
    return load_rate_series(path or KZ_MZP_FILE, name="kz_mzp")
