"""Every write of the monitoring app: refresh requests, indicator values, recommendation statuses,
disease-incidence statistics, exports and report jobs.

Each service checks the permission, validates, writes with its audit row in the same transaction,
and schedules background work after commit. Analysts (monitoring.view, indicators.edit,
health.enter, export.*) never touch a case: nothing here reads one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.choices import Country
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.models import Membership
from korgoo.organisations.permissions import Perm, ensure_permission

from . import reports, selectors
from .choices import (
    AgeBand,
    AmendmentStatus,
    Condition,
    JobStatus,
    RecommendationStatus,
    ReportKind,
    ReviewState,
    Sex,
)
from .models import (
    HealthStat,
    Indicator,
    IndicatorValue,
    LegalFinding,
    LegalFindingUpdate,
    MonitoringState,
    Recommendation,
    RecommendationUpdate,
    ReportJob,
)
from .tasks import build_report, publish_health, refresh_monitoring
from .universes import normalise_region

STALE_SECONDS = 600


def stale_seconds() -> int:
    return int(getattr(settings, "KORGOO_MONITORING_STALE_SECONDS", STALE_SECONDS))


def refresh_request() -> bool:
    """Ask for a refresh when the published figures are older than the allowed staleness (or from
    an earlier month, whose periods have moved on), unless one was asked for recently. Returns
    whether a refresh was scheduled. The refresh itself runs as a background job."""
    now = timezone.now()
    limit = dt.timedelta(seconds=stale_seconds())

    def needed(state: MonitoringState) -> bool:
        published = state.published_at
        fresh = (
            published is not None
            and now - published < limit
            and timezone.localtime(published).strftime("%Y-%m") == timezone.localtime(now).strftime("%Y-%m")
        )
        pending = state.refresh_requested_at is not None and now - state.refresh_requested_at < limit
        return not (fresh or pending)

    # Every dashboard asks: when the answer is no (almost always), a plain read says so, without a
    # transaction or a lock on the row that every other dashboard request would wait for.
    current = MonitoringState.objects.filter(name="cases").first()
    if current is not None and not needed(current):
        return False
    with transaction.atomic():
        state, _created = MonitoringState.objects.select_for_update().get_or_create(name="cases")
        if not needed(state):
            return False
        state.refresh_requested_at = now
        state.save(update_fields=["refresh_requested_at"])
        transaction.on_commit(lambda: refresh_monitoring.enqueue())
    return True


# --- Indicators and recommendations --------------------------------------------------------------


def _decimal(raw: Any, field: str) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation as exc:
        raise ApplicationError(
            "invalid_number", _("Write a number."), {field: [str(_("Write a number."))]}
        ) from exc
    if not value.is_finite() or abs(value) >= Decimal("1e14"):
        raise ApplicationError("invalid_number", _("Write a number."), {field: [str(_("Write a number."))]})
    return value


@transaction.atomic
def indicator_value_enter(
    *, actor: Actor, indicator: Indicator, period: str, value: Any, note: str = "", evidence: str = ""
) -> IndicatorValue:
    """Analysts record a periodic value of an indicator that case data cannot give (computed
    indicators are filled in by the publication and cannot be typed over)."""
    ensure_permission(actor, Perm.INDICATORS_EDIT)
    if indicator.computed:
        raise ApplicationError(
            "indicator_computed", _("This indicator is computed from case data and cannot be entered.")
        )
    period = period.strip()
    if not period or len(period) > 40:
        raise ApplicationError(
            "invalid_period",
            _("Write the period, for example 2025 or 2025-Q3."),
            {"period": [str(_("Write the period, for example 2025 or 2025-Q3."))]},
        )
    number = _decimal(value, "value")
    if not evidence.strip():
        raise ApplicationError(
            "evidence_required",
            _("Name the evidence or the source of the value."),
            {"evidence": [str(_("Name the evidence or the source of the value."))]},
        )
    row, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period=period,
        computed=False,
        defaults={
            "value": number,
            "suppressed": False,
            "note": note.strip()[:2000],
            "evidence": evidence.strip()[:2000],
            "entered_by": actor.membership,
            # A new or corrected value counts only once a second person approved it.
            "review_state": ReviewState.PENDING,
            "reviewed_by": None,
            "reviewed_at": None,
            "review_note": "",
        },
    )
    audit_record(
        actor=actor,
        action="monitoring.indicator_entered",
        object_type="indicator",
        object_id=indicator.code,
        details={"period": period},
    )
    return row


@transaction.atomic
def recommendation_status_set(
    *, actor: Actor, recommendation: Recommendation, status: str, evidence: str = ""
) -> RecommendationUpdate:
    """An analyst proposes how far a recommendation has got, with the evidence. The proposal waits
    for a reviewer (`recommendation_update_review`); the history keeps every proposal."""
    ensure_permission(actor, Perm.INDICATORS_EDIT)
    if status not in RecommendationStatus.values:
        raise ApplicationError(
            "invalid_status", _("Choose a status."), {"status": [str(_("Choose a status."))]}
        )
    update = RecommendationUpdate.objects.create(
        recommendation=recommendation,
        status=status,
        evidence=evidence.strip()[:4000],
        by=actor.membership,
        organisation=actor.organisation,
        at=timezone.now(),
        review_state=ReviewState.PENDING,
    )
    audit_record(
        actor=actor,
        action="monitoring.recommendation_updated",
        object_type="recommendation",
        object_id=recommendation.code,
        details={"status": status, "review": "pending"},
    )
    return update


def _review(*, actor: Actor, entry: Any, author_id: int | None, approve: bool, note: str) -> None:
    """Sign off (or return) another person's entry: the independent review. The author never reviews
    their own entry, and an entry is reviewed once."""
    ensure_permission(actor, Perm.INDICATORS_REVIEW)
    if actor.membership is None:
        raise NotFound()
    # Decided on the row as it is now (locked): two reviewers at once, or a stale page, decide once.
    current = type(entry).objects.select_for_update().get(pk=entry.pk)
    if not current.is_pending:
        raise ApplicationError("already_reviewed", _("This entry has already been reviewed."))
    author = Membership.objects.filter(pk=author_id).select_related("user").first() if author_id else None
    if author is not None and (author.pk == actor.membership.pk or author.user_id == actor.user_id):
        raise ApplicationError(
            "own_entry", _("A second person reviews an entry: you cannot approve your own.")
        )
    if not approve and not note.strip():
        raise ApplicationError(
            "note_required",
            _("Say what to correct."),
            {"note": [str(_("Say what to correct."))]},
        )
    entry.review_state = ReviewState.APPROVED if approve else ReviewState.RETURNED
    entry.reviewed_by = actor.membership
    entry.reviewed_at = timezone.now()
    entry.review_note = note.strip()[:2000]
    entry.save(update_fields=["review_state", "reviewed_by", "reviewed_at", "review_note"])


@transaction.atomic
def indicator_value_review(
    *, actor: Actor, value: IndicatorValue, approve: bool, note: str = ""
) -> IndicatorValue:
    """A reviewer other than the analyst who entered a value approves it (it becomes the figure) or
    returns it with what to correct."""
    _review(actor=actor, entry=value, author_id=value.entered_by_id, approve=approve, note=note)
    audit_record(
        actor=actor,
        action="monitoring.indicator_reviewed",
        object_type="indicator",
        object_id=value.indicator.code,
        details={"period": value.period, "approved": approve},
    )
    return value


@transaction.atomic
def recommendation_update_review(
    *, actor: Actor, update: RecommendationUpdate, approve: bool, note: str = ""
) -> RecommendationUpdate:
    """A reviewer approves a proposed status (it becomes the recommendation's status, with its
    evidence) or returns it."""
    _review(actor=actor, entry=update, author_id=update.by_id, approve=approve, note=note)
    if approve:
        recommendation = update.recommendation
        recommendation.status = update.status
        recommendation.evidence = update.evidence
        recommendation.status_updated_at = update.reviewed_at
        recommendation.status_updated_by = update.by
        recommendation.save(update_fields=["status", "evidence", "status_updated_at", "status_updated_by"])
    audit_record(
        actor=actor,
        action="monitoring.recommendation_reviewed",
        object_type="recommendation",
        object_id=update.recommendation.code,
        details={"status": update.status, "approved": approve},
    )
    return update


@transaction.atomic
def legal_finding_status_propose(
    *, actor: Actor, finding: LegalFinding, status: str, evidence: str
) -> LegalFindingUpdate:
    """An analyst proposes a new amendment status for a finding of the treaty–law register, with the
    evidence (a bill, a decree, a committee's answer); a reviewer approves it."""
    ensure_permission(actor, Perm.INDICATORS_EDIT)
    if status not in AmendmentStatus.values:
        raise ApplicationError(
            "invalid_status", _("Choose a status."), {"status": [str(_("Choose a status."))]}
        )
    if not evidence.strip():
        raise ApplicationError(
            "evidence_required",
            _("Name the evidence or the source of the value."),
            {"evidence": [str(_("Name the evidence or the source of the value."))]},
        )
    update = LegalFindingUpdate.objects.create(
        finding=finding,
        status=status,
        evidence=evidence.strip()[:4000],
        by=actor.membership,
        at=timezone.now(),
        review_state=ReviewState.PENDING,
    )
    audit_record(
        actor=actor,
        action="monitoring.legal_finding_proposed",
        object_type="legal_finding",
        object_id=finding.code,
        details={"status": status},
    )
    return update


@transaction.atomic
def legal_finding_update_review(
    *, actor: Actor, update: LegalFindingUpdate, approve: bool, note: str = ""
) -> LegalFindingUpdate:
    """A reviewer approves a proposed amendment status (it becomes the finding's) or returns it."""
    _review(actor=actor, entry=update, author_id=update.by_id, approve=approve, note=note)
    if approve:
        finding = update.finding
        finding.status, finding.status_note = update.status, update.evidence
        finding.save(update_fields=["status", "status_note", "updated_at"])
    audit_record(
        actor=actor,
        action="monitoring.legal_finding_reviewed",
        object_type="legal_finding",
        object_id=update.finding.code,
        details={"status": update.status, "approved": approve},
    )
    return update


# --- Disease-incidence statistics ----------------------------------------------------------------


@dataclass(frozen=True)
class HealthRow:
    """One aggregated count as a facility reports it. There is no field for a person."""

    country: str
    region: str
    year: int
    quarter: int
    sex: str
    age_band: str
    condition: str
    count: int


def _health_errors(row: HealthRow, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if row.country not in Country.values:
        errors["country"] = [str(_("Choose the host country."))]
    if not row.region.strip() or len(row.region.strip()) > 64:
        errors["region"] = [str(_("Write the region (up to 64 letters)."))]
    if not (2000 <= row.year <= today.year):
        errors["year"] = [str(_("Write a year between 2000 and this year."))]
    if not (1 <= row.quarter <= 4):
        errors["quarter"] = [str(_("The quarter is 1, 2, 3 or 4."))]
    if row.sex not in Sex.values:
        errors["sex"] = [str(_("Choose from the list."))]
    if row.age_band not in AgeBand.values:
        errors["age_band"] = [str(_("Choose from the list."))]
    if row.condition not in Condition.values:
        errors["condition"] = [str(_("Choose from the list."))]
    if not (0 <= row.count <= 1_000_000):
        errors["count"] = [str(_("Write a number of cases from 0 to 1,000,000."))]
    return errors


# What makes a health count's cell, besides the organisation (the table's unique constraint).
HEALTH_CELL = ("country", "region_key", "year", "quarter", "sex", "age_band", "condition")


@transaction.atomic
def health_stats_enter(*, actor: Actor, rows: Sequence[HealthRow]) -> int:
    """A health facility or partner organisation records aggregated counts for its own
    organisation. The same cell entered again replaces the earlier count (corrections and repeated
    imports never double-count). Published totals are re-suppressed after commit."""
    ensure_permission(actor, Perm.HEALTH_STATS_ENTER)
    if actor.organisation is None:
        raise NotFound()
    today = timezone.localdate()
    problems = {}
    for number, row in enumerate(rows, start=1):
        errors = _health_errors(row, today)
        if errors:
            problems[str(number)] = [f"{field}: {'; '.join(messages)}" for field, messages in errors.items()]
    if problems:
        raise ApplicationError("invalid_health_stats", _("Some rows are not valid."), problems)
    # One statement for the whole list (up to 10,000 rows): an insert that replaces the count of a
    # cell already entered. Within the list, the last row for a cell wins, as it would entered one
    # after another.
    cells: dict[tuple[str, ...], HealthStat] = {}
    for row in rows:
        region = " ".join(row.region.split())
        stat = HealthStat(
            organisation=actor.organisation,
            country=row.country,
            region=region,
            region_key=normalise_region(region),
            year=row.year,
            quarter=row.quarter,
            sex=row.sex,
            age_band=row.age_band,
            condition=row.condition,
            count=row.count,
            entered_by=actor.membership,
        )
        cells[tuple(str(getattr(stat, name)) for name in HEALTH_CELL)] = stat
    HealthStat.objects.bulk_create(
        cells.values(),
        batch_size=500,
        update_conflicts=True,
        unique_fields=["organisation", *HEALTH_CELL],
        update_fields=["region", "count", "entered_by", "updated_at"],
    )
    audit_record(
        actor=actor,
        action="monitoring.health_stats_entered",
        object_type="health",
        details={"rows": len(rows)},
    )

    transaction.on_commit(lambda: publish_health.enqueue())
    return len(rows)


HEALTH_COLUMNS = ("country", "region", "year", "quarter", "sex", "age_band", "condition", "count")
MAX_IMPORT_ROWS = 10_000


def health_rows_from_csv(data: bytes) -> list[HealthRow]:
    """Rows of a CSV file with the columns country, region, year, quarter, sex, age_band, condition,
    count (UTF-8, comma or semicolon separated)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError("invalid_file", _("The file must be UTF-8 text (CSV).")) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in HEALTH_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ApplicationError(
            "invalid_file",
            _("The file needs the columns %(columns)s.") % {"columns": ", ".join(HEALTH_COLUMNS)},
        )
    rows: list[HealthRow] = []
    problems: dict[str, list[str]] = {}
    for number, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ApplicationError("too_many_rows", _("Import up to 10,000 rows at a time."))
        try:
            rows.append(
                HealthRow(
                    country=(raw["country"] or "").strip().upper(),
                    region=(raw["region"] or "").strip(),
                    year=int((raw["year"] or "").strip()),
                    quarter=int((raw["quarter"] or "").strip().upper().lstrip("Q")),
                    sex=(raw["sex"] or "").strip().lower(),
                    age_band=(raw["age_band"] or "").strip().lower(),
                    condition=(raw["condition"] or "").strip().lower(),
                    count=int((raw["count"] or "").strip()),
                )
            )
        except (ValueError, TypeError):
            problems[str(number)] = [
                str(_("Line %(line)d: year, quarter and count must be whole numbers.") % {"line": number})
            ]
    if problems:
        raise ApplicationError("invalid_health_stats", _("Some rows are not valid."), problems)
    return rows


def health_stats_import(*, actor: Actor, data: bytes) -> int:
    return health_stats_enter(actor=actor, rows=health_rows_from_csv(data))


# --- Exports and reports -------------------------------------------------------------------------

EXPORT_PERMS = {"csv": Perm.EXPORT_CSV, "xlsx": Perm.EXPORT_XLSX, "pdf": Perm.EXPORT_PDF}


@transaction.atomic
def table_export(*, actor: Actor, name: str, filters: selectors.Filters, fmt: str) -> tuple[str, bytes]:
    """One dashboard table (or, with name "all", every table) as CSV or XLSX, exactly as
    published. Needs the permission for the format; leaves an audit row."""
    permission = EXPORT_PERMS.get(fmt)
    if permission is None or fmt == "pdf":
        raise NotFound()
    selectors.ensure_monitoring(actor)
    ensure_permission(actor, permission)
    if name == "all":
        if fmt != "xlsx":
            raise NotFound()
        tables = selectors.tables_for(actor=actor, filters=filters)
        data = reports.tables_xlsx(tables, reports.export_meta(actor=actor, filters=filters))
    else:
        table = selectors.table_get(actor=actor, name=name, filters=filters)
        meta = reports.export_meta(actor=actor, filters=filters)
        data = reports.table_csv(table) if fmt == "csv" else reports.tables_xlsx([table], meta)
    audit_record(
        actor=actor,
        action="monitoring.exported",
        object_type="monitoring_table",
        object_id=name,
        details={"format": fmt, **filters.as_params()},
    )
    stamp = timezone.localdate().isoformat()
    return f"korgoo-{name}-{filters.period or 'none'}-{stamp}.{fmt}", data


@transaction.atomic
def report_request(*, actor: Actor, kind: str, filters: selectors.Filters) -> ReportJob:
    """Ask for a PDF report; it is prepared in the background. Only the asking member can see and
    download it. Tables per organisation are included only for members with monitoring.network."""
    selectors.ensure_monitoring(actor)
    ensure_permission(actor, Perm.EXPORT_PDF)
    if kind not in ReportKind.values:
        raise ApplicationError(
            "invalid_report", _("Choose a report."), {"kind": [str(_("Choose a report."))]}
        )
    if actor.organisation is None or actor.membership is None:
        raise NotFound()
    job = ReportJob.objects.create(
        organisation=actor.organisation,
        requested_by=actor.membership,
        kind=kind,
        params={
            **filters.as_params(),
            "language": translation.get_language() or "ru",
            "network": actor.has(Perm.MONITORING_NETWORK),
        },
    )
    audit_record(
        actor=actor,
        action="monitoring.report_requested",
        object_type="report_job",
        object_id=job.pk,
        details={"kind": kind, **filters.as_params()},
    )
    transaction.on_commit(lambda: build_report.enqueue(str(job.pk)))
    return job


@transaction.atomic
def report_download(*, actor: Actor, job_id: Any) -> tuple[str, bytes]:
    """Hand over a finished report once: the file is deleted as it is downloaded (single-use
    link), and the download leaves an audit row."""
    ensure_permission(actor, Perm.EXPORT_PDF)
    job = selectors.report_job_for(actor=actor, job_id=job_id)
    locked = ReportJob.objects.select_for_update().get(pk=job.pk)
    expired = locked.expires_at is None or locked.expires_at <= timezone.now()
    if locked.status != JobStatus.DONE or locked.content is None or expired:
        raise NotFound()
    data = bytes(locked.content)
    locked.content = None
    locked.status = JobStatus.EXPIRED
    locked.downloaded_at = timezone.now()
    locked.save(update_fields=["content", "status", "downloaded_at", "updated_at"])
    audit_record(
        actor=actor,
        action="monitoring.report_downloaded",
        object_type="report_job",
        object_id=locked.pk,
        details={"kind": locked.kind, "bytes": len(data)},
    )
    return locked.filename, data


@transaction.atomic
def indicator_targets_set(
    *,
    actor: Actor,
    indicator: Indicator,
    baseline: Any,
    baseline_period: str,
    target: Any,
    target_period: str,
) -> Indicator:
    """Analysts set an indicator's baseline and target (a re-import of the data file keeps them)."""
    ensure_permission(actor, Perm.INDICATORS_EDIT)
    indicator.baseline = _decimal(baseline, "baseline")
    indicator.baseline_period = baseline_period.strip()[:100]
    indicator.target = _decimal(target, "target")
    indicator.target_period = target_period.strip()[:100]
    indicator.save(update_fields=["baseline", "baseline_period", "target", "target_period"])
    audit_record(
        actor=actor,
        action="monitoring.indicator_targets_set",
        object_type="indicator",
        object_id=indicator.code,
    )
    return indicator
