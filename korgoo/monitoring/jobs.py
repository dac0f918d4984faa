"""Prepared reports' time: how long a finished report waits for its download, and forgetting the
jobs past it. Used by the services that queue reports, the tasks that build them and the retention
run, so that none of them imports another for it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .choices import JobStatus
from .models import ReportJob


def report_ttl() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.KORGOO_MONITORING_REPORT_TTL))


def report_jobs_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Forget finished jobs past their time (the file first, the row a day later). Returns the rows
    deleted, or with `dry_run` the rows that would be emptied or deleted, touching nothing."""
    now = now or timezone.now()
    expiring = ReportJob.objects.filter(status=JobStatus.DONE, expires_at__lte=now)
    old = ReportJob.objects.filter(created_at__lte=now - dt.timedelta(days=1))
    if dry_run:
        return (expiring | old).count()
    expiring.update(status=JobStatus.EXPIRED, content=None)
    deleted, _rows = old.delete()
    return deleted
