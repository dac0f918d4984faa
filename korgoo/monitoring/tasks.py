"""Background work for monitoring: refreshing and publishing the figures, and preparing reports.

In production these run in `korgoo db_worker` processes; on the embedded default (and in tests) the
immediate backend runs them at once. `korgoo refresh_monitoring` runs the same refresh from cron.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from korgoo.organisations.selectors import actor_for_membership

from . import reports, selectors
from .choices import JobStatus
from .jobs import report_jobs_purge, report_ttl
from .models import MonitoringState, ReportJob
from .publishing import health_publish, monitoring_publish, publication_current
from .refresh import tallies_refresh


@task()
def refresh_monitoring(full: bool = False) -> dict[str, Any]:
    """Bring the tallies up to date and publish them (suppressed) again."""
    report = tallies_refresh(full=full)
    cells = suppressed = None
    if report.changed or not publication_current():  # nothing new: the publication stands
        published = monitoring_publish()
        cells, suppressed = published.cells, published.suppressed
    report_jobs_purge()
    MonitoringState.objects.filter(name="cases").update(refresh_requested_at=None)
    return {
        "cases": report.cases,
        "referrals": report.referrals,
        "removed": report.removed,
        "cells": cells,
        "suppressed": suppressed,
    }


@task()
def publish_health() -> int:
    return health_publish()


def _progress(job_id: Any, value: int) -> None:
    ReportJob.objects.filter(pk=job_id).update(progress=value, updated_at=timezone.now())


@task()
def build_report(job_id: str) -> str:
    """Prepare one PDF report for the member who asked for it, with their permissions as they are
    now (a member who lost monitoring rights meanwhile gets a failed job, not a file)."""
    job = (
        ReportJob.objects.select_related("requested_by__user", "requested_by__organisation")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=5, updated_at=timezone.now()
    )
    params = job.params
    try:
        actor = actor_for_membership(job.requested_by)
        info = selectors.publication_info(actor=actor)
        filters = selectors.clean_filters(info, params)
        with translation.override(params.get("language") or "ru"):
            filename, data = reports.build_report(
                actor=actor,
                kind=job.kind,
                filters=filters,
                network=bool(params.get("network")) and actor.has("monitoring.network"),
                progress=lambda value: _progress(job.pk, value),
            )
    except Exception as exc:
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=type(exc).__name__[:200],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return "failed"
    with transaction.atomic():
        now = timezone.now()
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE,
            progress=100,
            filename=filename,
            content=data,
            size=len(data),
            finished_at=now,
            expires_at=now + report_ttl(),
            updated_at=now,
        )
    return "done"
