"""Loading the registers that ship as versioned data files (`korgoo/monitoring/data/*.json`):
instruments with their status for Kyrgyzstan, Russia and Kazakhstan, indicators, and the
recommendations of the monitoring report.

Re-importing is safe: rows are matched by their code and updated in place, so nothing is duplicated;
the same file version (same checksum) is skipped unless forced. What analysts record — indicator
values, a recommendation's status and evidence, targets they set — is never overwritten by an import.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.core.errors import ApplicationError

from .choices import (
    AmendmentStatus,
    Confidence,
    GapKind,
    InstrumentKind,
    Position,
    RecommendationSection,
    Unit,
)
from .models import DataImport, Indicator, Instrument, InstrumentStatus, LegalFinding, Recommendation

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("ky", "ru", "en")


@dataclass(frozen=True)
class ImportReport:
    name: str
    version: str
    created: int
    updated: int
    skipped: bool


def _load(path: Path, name: str) -> tuple[dict[str, Any], str]:
    raw = path.read_bytes()
    data = json.loads(raw.decode("utf-8"))
    if data.get("name") != name or not data.get("version"):
        raise ApplicationError("invalid_data_file", f"{path.name} is not a {name} file with a version")
    return data, hashlib.sha256(raw).hexdigest()


def _texts(prefix: str, values: dict[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {f"{prefix}_{code}": str(values.get(code, "") or "").strip() for code in LANGUAGES}


def _already(name: str, checksum: str, force: bool) -> bool:
    done = DataImport.objects.filter(name=name).first()
    return done is not None and done.checksum == checksum and not force


def _record(name: str, version: str, checksum: str, rows: int) -> None:
    DataImport.objects.update_or_create(
        name=name,
        defaults={"version": version, "checksum": checksum, "imported_at": timezone.now(), "rows": rows},
    )
    audit_record(
        actor=None,
        action="monitoring.data_imported",
        object_type="data_file",
        object_id=name,
        details={"version": version, "rows": rows},
    )


def _check(value: str, allowed: list[str], what: str) -> str:
    if value not in allowed:
        raise ApplicationError("invalid_data_file", f"unknown {what}: {value!r}")
    return value


@transaction.atomic
def instruments_import(path: Path | None = None, *, force: bool = False) -> ImportReport:
    data, checksum = _load(path or DATA_DIR / "instruments.json", "instruments")
    if _already("instruments", checksum, force):
        return ImportReport("instruments", data["version"], 0, 0, True)
    created = updated = 0
    for position, item in enumerate(data["instruments"]):
        instrument, new = Instrument.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": _check(item["kind"], InstrumentKind.values, "instrument kind"),
                "year": item.get("year"),
                "url": item.get("url", ""),
                "position": position,
                **_texts("title", item.get("title")),
            },
        )
        created += new
        updated += not new
        for country, status in item.get("status", {}).items():
            InstrumentStatus.objects.update_or_create(
                instrument=instrument,
                country=country,
                defaults={
                    "status": _check(status["status"], Position.values, "status"),
                    "confidence": _check(status["confidence"], Confidence.values, "confidence"),
                    "since": status.get("since", ""),
                    "since_confidence": status.get("since_confidence", ""),
                    "source": status.get("source", ""),
                    **_texts("note", status.get("note")),
                },
            )
    _record("instruments", data["version"], checksum, created + updated)
    return ImportReport("instruments", data["version"], created, updated, False)


@transaction.atomic
def indicators_import(path: Path | None = None, *, force: bool = False) -> ImportReport:
    """Definitions, sources and methods come from the file; a baseline or target is taken from the
    file only while none has been set, so analysts' own settings survive a re-import."""
    data, checksum = _load(path or DATA_DIR / "indicators.json", "indicators")
    if _already("indicators", checksum, force):
        return ImportReport("indicators", data["version"], 0, 0, True)
    created = updated = 0
    for position, item in enumerate(data["indicators"]):
        defaults = {
            "unit": _check(item["unit"], Unit.values, "unit"),
            "method": item["method"],
            "direction": item.get("direction", "up"),
            "recommendations": item.get("recommendations", []),
            "instruments": item.get("instruments", []),
            "position": position,
            **_texts("name", item.get("name")),
            **_texts("definition", item.get("definition")),
            **_texts("source", item.get("source")),
        }
        indicator, new = Indicator.objects.update_or_create(code=item["code"], defaults=defaults)
        changed = []
        for field in ("baseline", "target"):
            if getattr(indicator, field) is None and item.get(field) is not None:
                setattr(indicator, field, Decimal(str(item[field])))
                setattr(indicator, f"{field}_period", item.get(f"{field}_period", ""))
                changed += [field, f"{field}_period"]
        if changed:
            indicator.save(update_fields=changed)
        created += new
        updated += not new
    _record("indicators", data["version"], checksum, created + updated)
    return ImportReport("indicators", data["version"], created, updated, False)


@transaction.atomic
def recommendations_import(path: Path | None = None, *, force: bool = False) -> ImportReport:
    """Texts and responsible bodies come from the file; status and evidence stay as analysts set
    them."""
    data, checksum = _load(path or DATA_DIR / "recommendations.json", "recommendations")
    if _already("recommendations", checksum, force):
        return ImportReport("recommendations", data["version"], 0, 0, True)
    bodies = data.get("bodies", {})
    created = updated = 0
    for position, item in enumerate(data["recommendations"]):
        body = item["body"]
        if body not in bodies:
            raise ApplicationError("invalid_data_file", f"unknown responsible body: {body!r}")
        _recommendation, new = Recommendation.objects.update_or_create(
            code=item["code"],
            defaults={
                "section": _check(item["section"], RecommendationSection.values, "section"),
                "body": body,
                "source": str(item.get("source") or data.get("source", ""))[:200],
                "position": position,
                **_texts("body", bodies[body]),
                **_texts("text", item.get("text")),
            },
        )
        created += new
        updated += not new
    _record("recommendations", data["version"], checksum, created + updated)
    return ImportReport("recommendations", data["version"], created, updated, False)


@transaction.atomic
def legal_findings_import(path: Path | None = None, *, force: bool = False) -> ImportReport:
    """The register of treaty–law conflicts and gaps: texts and sources come from the file; the
    amendment status stays as reviewers approved it (a new finding starts as the file says)."""
    data, checksum = _load(path or DATA_DIR / "legal_findings.json", "legal_findings")
    if _already("legal_findings", checksum, force):
        return ImportReport("legal_findings", data["version"], 0, 0, True)
    created = updated = 0
    for position, item in enumerate(data["findings"]):
        sources = [
            {"title": str(s.get("title", "")), "url": str(s.get("url", ""))} for s in item.get("sources", [])
        ]
        finding, new = LegalFinding.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": _check(item["kind"], GapKind.values, "kind"),
                "sources": sources,
                "position": position,
                **_texts("treaty", item.get("treaty")),
                **_texts("provision", item.get("provision")),
                **_texts("finding", item.get("finding")),
                **_texts("amendment", item.get("amendment")),
            },
        )
        if new and item.get("status"):
            finding.status = _check(item["status"], AmendmentStatus.values, "status")
            finding.save(update_fields=["status"])
        created += new
        updated += not new
    _record("legal_findings", data["version"], checksum, created + updated)
    return ImportReport("legal_findings", data["version"], created, updated, False)


IMPORTERS = {
    "instruments": instruments_import,
    "indicators": indicators_import,
    "recommendations": recommendations_import,
    "legal_findings": legal_findings_import,
}
