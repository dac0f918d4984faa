"""Report jobs, disease-incidence tables and the registers (instruments, indicators, recommendations)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.core.actor import Actor
from korgoo.core.choices import Country
from korgoo.core.errors import NotFound
from korgoo.organisations.permissions import Perm

from ..choices import AgeBand, Condition, JobStatus, ReviewState, Sex
from ..models import (
    HealthStat,
    Indicator,
    IndicatorValue,
    Instrument,
    LegalFinding,
    LegalFindingUpdate,
    MonitoringState,
    PublishedCell,
    Recommendation,
    RecommendationUpdate,
    ReportJob,
)
from ..universes import region_label
from .common import (
    STAR,
    Cell,
    Row,
    TableData,
    _f,
    _figure,
    _read,
    ensure_monitoring,
)

# --- Report jobs ---------------------------------------------------------------------------------


def report_job_for(*, actor: Actor, job_id: Any) -> ReportJob:
    """A report job of the actor's own; anything else is NotFound, like a job that does not exist."""
    try:
        pk = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    except (ValueError, TypeError, AttributeError) as exc:
        raise NotFound() from exc
    if actor.membership is None or not actor.has(Perm.MONITORING_VIEW):
        raise NotFound()
    job = ReportJob.objects.filter(
        pk=pk, requested_by=actor.membership, organisation=actor.organisation
    ).first()
    if job is None:
        raise NotFound()
    if job.status == JobStatus.DONE and job.expires_at is not None and job.expires_at <= timezone.now():
        job.status = JobStatus.EXPIRED  # past its time: shown as expired, purged by the job
    return job


def jobs_of(*, actor: Actor) -> Iterable[ReportJob]:
    if actor.membership is None or not actor.has(Perm.MONITORING_VIEW):
        return ReportJob.objects.none()
    return (
        ReportJob.objects.filter(requested_by=actor.membership, organisation=actor.organisation)
        .defer("content")
        .order_by("-created_at")[:20]
    )


# --- Disease-incidence statistics ----------------------------------------------------------------


@dataclass(frozen=True)
class HealthFilters:
    year: str
    country: str = ""
    condition: str = ""


def health_years(*, actor: Actor) -> list[str]:
    ensure_monitoring(actor)
    state = MonitoringState.objects.filter(name="health").first()
    return [str(y) for y in sorted((state.details.get("years") if state else None) or [], reverse=True)]


def clean_health_filters(years: Sequence[str], data: Any) -> HealthFilters:
    year = str(data.get("year") or "")
    country = str(data.get("country") or "")
    condition = str(data.get("condition") or "")
    return HealthFilters(
        year=year if year in years else (years[0] if years else ""),
        country=country if country in Country.values else "",
        condition=condition if condition in Condition.values else "",
    )


def _grid(cells: Iterable[Cell], row_attr: str, col_attr: str) -> dict[tuple[str, str], Cell]:
    return {(getattr(c, row_attr), getattr(c, col_attr)): c for c in cells}


def _matrix(
    name: str,
    title: str,
    grid: dict[tuple[str, str], Cell],
    rows: Sequence[tuple[str, str]],
    cols: Sequence[tuple[str, str]],
) -> TableData:
    out = []
    for key, label in [*rows, (STAR, str(_("Total")))]:
        out.append(
            Row(key, label, [_figure(grid.get((key, c))) for c, _l in [*cols, (STAR, "")]], total=key == STAR)
        )
    return TableData(name, title, [label for _c, label in cols] + [str(_("Total"))], out, chart="")


def health_tables(*, actor: Actor, filters: HealthFilters) -> list[TableData]:
    """Published disease-incidence tables for one year: by condition and quarter, by region, and
    by sex and age band. Suppressed like every other monitoring table."""
    ensure_monitoring(actor)
    if not filters.year:
        return []
    country = _f(filters.country)
    conditions = [(c, str(label)) for c, label in Condition.choices]
    by_quarter = _grid(
        _read(PublishedCell.objects.filter(face="H1", window=filters.year, d1=country)), "d2", "d0"
    )
    quarters = [(str(q), f"Q{q}") for q in range(1, 5)]
    tables = [
        _matrix("health_by_quarter", str(_("Cases by disease and quarter")), by_quarter, conditions, quarters)
    ]
    by_region: dict[tuple[str, str], Cell] = {}
    for cell in _read(
        PublishedCell.objects.filter(
            face="H2", window=filters.year, **({"d0": country} if country != STAR else {})
        )
    ):
        if country != STAR:
            by_region[(cell.d1, cell.d2)] = cell
        elif cell.d1 != STAR:
            by_region[(f"{cell.d0}/{cell.d1}", cell.d2)] = cell
        elif cell.d0 == STAR:
            by_region[(STAR, cell.d2)] = cell
    regions = sorted({k for k, _c in by_region if k != STAR})
    tables.append(
        _matrix(
            "health_by_region",
            str(_("Cases by region and disease")),
            by_region,
            [
                (r, region_label(r.split("/", 1)[-1]) + (f" ({r.split('/', 1)[0]})" if "/" in r else ""))
                for r in regions
            ],
            conditions,
        )
    )
    by_sex_age = _grid(
        _read(
            PublishedCell.objects.filter(face="H3", window=filters.year, d0=country, d1=_f(filters.condition))
        ),
        "d3",
        "d2",
    )
    tables.append(
        _matrix(
            "health_by_sex_age",
            str(_("Cases by age band and sex")),
            by_sex_age,
            [(a, str(label)) for a, label in AgeBand.choices],
            [(s, str(label)) for s, label in Sex.choices],
        )
    )
    return tables


def health_stats_of(*, actor: Actor) -> Any:
    """The counts the actor's own organisation entered (its own data, shown unsuppressed to it)."""
    if actor.organisation is None or not actor.has(Perm.HEALTH_STATS_ENTER):
        return HealthStat.objects.none()
    return HealthStat.objects.filter(organisation=actor.organisation).order_by(
        "-year", "-quarter", "country", "region", "condition"
    )[:500]


# --- Registers -----------------------------------------------------------------------------------


def instruments_list(*, actor: Actor) -> Any:
    ensure_monitoring(actor)
    return Instrument.objects.prefetch_related("statuses").order_by("position", "code")


def indicators_list(*, actor: Actor) -> Any:
    """Indicators with their approved values (computed ones, and entered ones a reviewer signed off):
    what pages, reports and the API give as the figures."""
    ensure_monitoring(actor)
    return Indicator.objects.prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.filter(review_state=ReviewState.APPROVED)
            .select_related("entered_by__user", "reviewed_by__user")
            .order_by("-period", "computed"),
        )
    ).order_by("position", "code")


def recommendations_list(*, actor: Actor) -> Any:
    ensure_monitoring(actor)
    return Recommendation.objects.select_related("status_updated_by__user").order_by("position", "code")


def legal_findings_list(*, actor: Actor) -> Any:
    ensure_monitoring(actor)
    return LegalFinding.objects.order_by("position", "code")


@dataclass(frozen=True)
class Awaiting:
    """Entries waiting for the independent review, and those returned to their authors."""

    values: list[IndicatorValue]
    recommendations: list[RecommendationUpdate]
    findings: list[LegalFindingUpdate]


def reviews_awaiting(*, actor: Actor) -> Awaiting:
    """What waits for a reviewer (and what was returned), for every monitoring member to see: the
    figures are not the register's until a second person approved them."""
    ensure_monitoring(actor)
    open_states = [ReviewState.PENDING, ReviewState.RETURNED]
    return Awaiting(
        values=list(
            IndicatorValue.objects.filter(review_state__in=open_states, computed=False)
            .select_related("indicator", "entered_by__user", "reviewed_by__user")
            .order_by("-updated_at")[:100]
        ),
        recommendations=list(
            RecommendationUpdate.objects.filter(review_state__in=open_states)
            .select_related("recommendation", "by__user", "reviewed_by__user")
            .order_by("-at")[:100]
        ),
        findings=list(
            LegalFindingUpdate.objects.filter(review_state__in=open_states)
            .select_related("finding", "by__user", "reviewed_by__user")
            .order_by("-at")[:100]
        ),
    )
