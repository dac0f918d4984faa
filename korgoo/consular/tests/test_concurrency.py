"""No double booking under concurrency, on SQLite and on PostgreSQL.

Many threads, each with its own database connection, book at once. On PostgreSQL they share the test
database; on SQLite the test's in-memory database is copied to a file that every thread opens for
itself, as the processes of a real server would (WAL, IMMEDIATE transactions, a busy timeout).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from korgoo.consular import services
from korgoo.consular.models import Booking, Slot
from korgoo.core.errors import ApplicationError

from .conftest import make_mission, released_slot

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 24


@contextlib.contextmanager
def shared_database(tmp_path: Path) -> Iterator[Callable[[str], list[Any]]]:
    """Yield a query function that reads what the racing threads committed."""
    if connection.vendor == "postgresql":

        def query(sql: str) -> list[Any]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        yield query
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)  # new connections (the threads') open the file
    try:

        def query(sql: str) -> list[Any]:
            with sqlite3.connect(path) as reader:
                return list(reader.execute(sql).fetchall())

        yield query
    finally:
        settings_dict["NAME"] = memory_name


def race(attempts: list[Callable[[], Any]]) -> list[str]:
    """Run the attempts at the same moment, each in its own thread and connection; their outcomes."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], Any]) -> None:
        from django.db import connection as own

        try:
            barrier.wait()
            attempt()
            outcome = "booked"
        except ApplicationError as error:
            outcome = error.code
        except Exception as error:  # anything else is a failure of the test, reported as such
            outcome = f"error:{type(error).__name__}:{error}"
        finally:
            own.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _book(slot: Slot, passport: str) -> Callable[[], Any]:
    return lambda: services.booking_create(
        slot_id=slot.pk,
        service_code="passport",
        passport_number=passport,
        phone="+7 900 000 00 00"[:-2] + passport[-2:],
    )


def test_many_simultaneous_bookings_of_a_place_of_one_make_one_booking(tmp_path: Path, settings: Any) -> None:
    settings.KORGOO_CONSULAR_PER_PHONE = 100
    made = make_mission()
    import datetime as dt

    services.slots_generate(actor=None, mission=made.mission, start=dt.date(2026, 11, 16), days=14)
    slot = released_slot(made)
    assert slot.capacity == 1
    with shared_database(tmp_path) as query:
        outcomes = race([_book(slot, f"AC10000{n:02d}") for n in range(RACERS)])
        assert sorted(set(outcomes)) == ["booked", "slot_full"], outcomes
        assert outcomes.count("booked") == 1
        assert query(f"SELECT taken FROM consular_slot WHERE id = '{_id(slot)}'") == [(1,)]
        assert query("SELECT COUNT(*) FROM consular_booking") == [(1,)]


def test_one_person_booking_many_times_at_once_gets_one_booking(tmp_path: Path, settings: Any) -> None:
    settings.KORGOO_CONSULAR_PER_PHONE = 100
    import datetime as dt

    made = make_mission(capacity=3)
    services.slots_generate(actor=None, mission=made.mission, start=dt.date(2026, 11, 16), days=14)
    now = Slot.objects.filter(
        service=made.passport, opens_at__lte=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    )
    slots = list(
        now.filter(starts_at__gt=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)).order_by("starts_at")[:8]
    )
    with shared_database(tmp_path) as query:
        outcomes = race([_book(slot, "AC1234567") for slot in slots for _ in range(2)])
        assert outcomes.count("booked") == 1, outcomes
        assert set(outcomes) == {"booked", "already_booked"}
        assert query("SELECT COUNT(*) FROM consular_booking") == [(1,)]
        assert query("SELECT SUM(taken) FROM consular_slot") == [(1,)]
    assert not Booking.objects.exists() or connection.vendor == "postgresql"


def _id(slot: Slot) -> str:
    return str(slot.pk) if connection.vendor == "postgresql" else slot.pk.hex
