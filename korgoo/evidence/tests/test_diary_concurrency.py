"""Entries that arrive at the same moment: the chain stays one line, and copies of one form make one
entry (PostgreSQL, real concurrent transactions)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from korgoo.conftest import TwoOrgs
from korgoo.evidence.models import DiaryEntry
from korgoo.evidence.services.diary import diary_verify

from .conftest import worker_client
from .test_pages import entry_form


def _race(posts: list[dict[str, Any]], client: Any) -> list[int]:
    barrier = threading.Barrier(len(posts))
    codes: list[int] = []
    lock = threading.Lock()

    def send(data: dict[str, Any]) -> None:
        barrier.wait()
        response = client.post("/ky/tools/diary/add/", data, headers={"X-Korgoo-Fetch": "1"})
        with lock:
            codes.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=send, args=(data,)) for data in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_copies_of_one_form_make_one_entry_and_different_days_one_chain(two_orgs: TwoOrgs) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions")
    case = two_orgs.a.case
    client = worker_client(case)
    same = entry_form(client)
    assert _race([same] * 6, client) == [200] * 6
    assert DiaryEntry.objects.filter(case=case).count() == 1
    different = [entry_form(client, place=f"Объект {i}") for i in range(6)]
    assert _race(different, client) == [200] * 6
    assert sorted(DiaryEntry.objects.filter(case=case).values_list("seq", flat=True)) == list(range(1, 8))
    check, _hashes = diary_verify(case)
    assert check.ok and check.entries == 7
