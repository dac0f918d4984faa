"""Where the calculators find their rate files, and importing a new version of one.

The files shipped in ``korgoo/evidence/data/rates/`` are the defaults. ``korgoo import_rates``
writes a checked copy into ``<data directory>/rates/``, which then takes precedence, so a
deployment can follow a new Bank of Russia or National Bank decision without a new release.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from korgoo.evidence.calculators import rates as engine_rates
from korgoo.evidence.calculators.exceptions import RateFileError
from korgoo.evidence.calculators.rates import COLUMNS, Rate, RateSeries

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

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def _rows(rates: tuple[Rate, ...]) -> str:
    out = io.StringIO()
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


def _read_any(path: Path, name: str, source: str, confidence: str) -> RateSeries:
    """A file in the project's format, or two columns ``date,value`` plus the source given."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if [c.strip() for c in first.split(",")] == list(COLUMNS):
        return engine_rates.load_rate_series(path, name=name)
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
        return engine_rates.load_rate_series(converted, name=name)


def rates_import(
    *,
    name: str,
    path: Path,
    source: str = "",
    confidence: str = "confirmed",
    merge: bool = False,
    dry_run: bool = False,
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
    new = _read_any(path, name, source, confidence)
    current = series(name)
    if merge:
        combined = {rate.effective_from: rate for rate in current.rates}
        combined.update({rate.effective_from: rate for rate in new.rates})
        new = RateSeries(name=name, rates=tuple(combined[day] for day in sorted(combined)))
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
        temporary.write_text(_rows(new.rates), encoding="utf-8")
        temporary.replace(target)
    return ImportReport(
        name=name, target=target, added=added, changed=changed, removed=removed, written=not dry_run
    )
