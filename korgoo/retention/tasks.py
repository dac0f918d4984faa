"""The retention run as a background job.

The shipped systemd timer runs `korgoo retention` once a day; `korgoo retention --enqueue` (or any
code calling `run_retention.enqueue()`) hands the same run to a `korgoo db_worker` instead. On the
embedded default the immediate backend runs it at once.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .services import retention_run


@task()
def run_retention(dry_run: bool = False) -> dict[str, Any]:
    """Apply the retention periods; returns the counts (never anything of the objects removed)."""
    return retention_run(dry_run=dry_run).as_dict()
