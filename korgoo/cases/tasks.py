"""Background jobs of the cases app: the virus check of a stored file.

In production the job runs in `korgoo db_worker` processes, queued in the transaction that stored the
file; on the embedded default (and in tests) the immediate backend runs it at once. A job that never
ran (a worker down, a crash) leaves its file pending, and `korgoo rescan_files` checks it.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from korgoo.core.scanning import ScannedFile

from .scanning import label_of, stored_file_scan


@task()
def scan_stored_file(label: str, file_id: str) -> str:
    """Check one stored file for viruses and record the verdict; returns the file's status."""
    if transaction.get_connection().in_atomic_block:
        # Run at once inside the transaction that stored the file (the immediate backend): a
        # savepoint, so that nothing going wrong here can spoil the worker's report.
        with transaction.atomic():
            return stored_file_scan(label=label, file_id=file_id).status
    return stored_file_scan(label=label, file_id=file_id).status


def scan_request(row: ScannedFile) -> None:
    """In the transaction that stores the file: queue its virus check.

    With the database queue the job is a row of the same transaction; with the immediate backend it
    runs now, and whatever it meets is recorded on the file, never raised into the caller.
    """
    scan_stored_file.enqueue(label_of(row), str(row.pk))
