"""Exports waiting for their single download (SECURITY.md requirement 22): the service level, and
two downloads at the same moment on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from korgoo.audit.models import AuditEvent
from korgoo.conftest import TwoOrgs
from korgoo.core.errors import NotFound, PermissionDenied
from korgoo.organisations.models import Export
from korgoo.organisations.permissions import Perm
from korgoo.organisations.selectors import export_get_for
from korgoo.organisations.services import export_download, export_seal


def seal(actor: Any, data: bytes = b"Case\nCANARY\n") -> Any:
    return export_seal(
        actor=actor,
        kind="cases",
        permission=Perm.CASE_EXPORT_CSV,
        file_format="csv",
        name="korgoo-cases-2030-01-01.csv",
        data=data,
        rows=1,
        action="case.exported",
    )


@pytest.mark.django_db
def test_sealing_needs_the_permission_and_a_membership(two_orgs: TwoOrgs) -> None:
    from korgoo.core.actor import Actor

    with pytest.raises(PermissionDenied):
        seal(two_orgs.a.actor("caseworker"))
    with pytest.raises(PermissionDenied):
        seal(Actor(perms=frozenset({Perm.CASE_EXPORT_CSV})))
    assert not Export.objects.exists()


@pytest.mark.django_db
def test_kind_and_malformed_ids_answer_not_found(two_orgs: TwoOrgs) -> None:
    actor = two_orgs.a.actor("admin")
    sealed = seal(actor)
    assert export_get_for(actor=actor, export_id=str(sealed.export.pk), kind="cases") == sealed.export
    for export_id, kind in ((sealed.export.pk, "monitoring"), ("not-a-uuid", None), (None, None)):
        with pytest.raises(NotFound):
            export_get_for(actor=actor, export_id=export_id, kind=kind)
    filename, data = export_download(actor=actor, export_id=sealed.export.pk, kind="cases")
    assert filename == "korgoo-cases-2030-01-01.csv.zip" and data.startswith(b"PK")
    with pytest.raises(NotFound):
        export_download(actor=actor, export_id=sealed.export.pk)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_downloads_at_once_hand_over_one_archive(two_orgs: TwoOrgs) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions")
    actor = two_orgs.a.actor("admin")
    export_id = seal(actor).export.pk
    barrier = threading.Barrier(6)
    results: list[str] = []
    lock = threading.Lock()

    def take() -> None:
        barrier.wait()
        try:
            export_download(actor=actor, export_id=export_id)
            outcome = "file"
        except NotFound:
            outcome = "404"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["404"] * 5 + ["file"]
    assert AuditEvent.objects.filter(action="export.downloaded").count() == 1
    assert not Export.objects.exists()
