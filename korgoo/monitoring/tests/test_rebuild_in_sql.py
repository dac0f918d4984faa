"""The full rebuild computes every case's fact in the database (`INSERT … SELECT` from the query
`cases.reporting` owns); the incremental refresh computes it in Python from the case's row. Both must
write the same fact for every case, field by field, on SQLite and on PostgreSQL, including at the
edges: a duration exactly on a bucket's lower bound and a microsecond short of it, fractions of a
second that round up to the next second in milliseconds, a response recorded before the case, the
queue, cities outside the gazetteer or of another country, sorted categories and suggestions. The
tallies counted from those facts by the database equal those summed case by case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from korgoo.cases.models import Case, CaseSuggestion
from korgoo.core.gazetteer import locality_match
from korgoo.monitoring import counting
from korgoo.monitoring.models import CaseFact, MonitoringState, Tally
from korgoo.monitoring.refresh import CASE_FACT_FIELDS, tallies_refresh

from .conftest import World, make_case, months_ago

pytestmark = pytest.mark.django_db


def facts() -> dict[Any, dict[str, Any]]:
    return {f.case_id: {name: getattr(f, name) for name in CASE_FACT_FIELDS} for f in CaseFact.objects.all()}


def tallies() -> dict[tuple[Any, ...], tuple[int, int]]:
    return {
        (t.face, t.month, t.d0, t.d1, t.d2, t.d3, t.d4, t.d5): (t.n, t.cents) for t in Tally.objects.all()
    }


def both_paths() -> tuple[dict[Any, dict[str, Any]], dict[Any, dict[str, Any]]]:
    """The facts of the case-by-case refresh, then those of the full rebuild; tallies equal too."""
    MonitoringState.objects.create(name="cases", watermark=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert tallies_refresh().full is False
    by_case, counted = facts(), tallies()
    Tally.objects.all().delete()
    CaseFact.objects.all().delete()
    report = tallies_refresh(full=True)
    assert report.cases == len(by_case)
    assert tallies() == counted
    return by_case, facts()


def timed(case: Case, created: dt.datetime, **changes: Any) -> None:
    Case.objects.filter(pk=case.pk).update(created_at=created, updated_at=timezone.now(), **changes)


@pytest.mark.parametrize("chunk", [2000, 1])
def test_the_database_writes_the_same_fact_as_python_for_every_case(
    world: World, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With slices of one piece, every face is counted in many statements that add to each other.
    monkeypatch.setattr(counting, "LIST_CHUNK", chunk)
    created = dt.datetime.combine(months_ago(1), dt.time(9, 0), tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    microsecond = dt.timedelta(microseconds=1)
    edges = {}
    # First response exactly one hour after the case: the bucket from 1 hour; a microsecond earlier:
    # the bucket from 0 hours.
    edges["on_bound"] = make_case(world.ngo_a)
    timed(edges["on_bound"], created, first_response_at=created + hour)
    edges["short"] = make_case(world.ngo_a)
    timed(edges["short"], created, first_response_at=created + hour - microsecond)
    # .9996 s rounds up to the next second in milliseconds: 3599.9999 s is still under one hour,
    # and 3600 s between two such fractions is one hour.
    late = created + dt.timedelta(microseconds=999_600)
    edges["fraction_short"] = make_case(world.ngo_a)
    timed(edges["fraction_short"], late, first_response_at=late + hour - dt.timedelta(microseconds=100))
    edges["fraction_on_bound"] = make_case(world.ngo_a)
    timed(edges["fraction_on_bound"], late, first_response_at=late + hour)
    # A response recorded before the case (a clock set wrong): no negative duration, bucket 0.
    edges["before"] = make_case(world.ngo_a)
    timed(edges["before"], created, first_response_at=created - 3 * hour)
    # A year and more: the last bucket (8760 hours).
    edges["long"] = make_case(world.ngo_b, closed_hours=9000, outcome="not_resolved")
    # Closed without an outcome or a closing time; closed with money and its currency.
    edges["closed_bare"] = make_case(world.ngo_b)
    timed(edges["closed_bare"], created, status="closed", outcome="")
    edges["money"] = make_case(
        world.union_kz, country="KZ", city="Almaty", closed_hours=49, money=Decimal("1234.05"), currency="KZT"
    )
    # The queue (no organisation), a city the gazetteer does not know, a city of another country.
    edges["queue"] = make_case(None, city="Нигдебург")
    edges["other_country_city"] = make_case(world.ngo_a)
    Case.objects.filter(pk=edges["other_country_city"].pk).update(locality_id=locality_match("Almaty", "KZ"))
    edges["unknown_id"] = make_case(world.ngo_a)
    Case.objects.filter(pk=edges["unknown_id"].pk).update(locality_id=2_000_000_000)
    # Several categories (sorted by code), an agency, a sector, suggestions of two subjects.
    edges["agency"] = make_case(
        world.ngo_a,
        employer="ОсОО «Жумуш Тап»",
        categories=("unpaid_wages", "intermediary_fraud", "documents_taken"),
        sector="construction",
        urgent=True,
    )
    for subject, variety, state in (("violence", "ky", "pending"), ("police", "", "rejected")):
        CaseSuggestion.objects.create(
            case=edges["agency"], subject=subject, variety=variety, state=state, suggested_at=created
        )
    # An employer whose name differs from an agency's only in the category's underscore.
    edges["employer"] = make_case(world.ngo_b, employer="Склад", categories=("intermediaryXfraud",))
    # Erased content keeps no employer even if its hash was left.
    edges["erased"] = make_case(world.ngo_b, employer="Склад")
    Case.objects.filter(pk=edges["erased"].pk).update(content_erased=True)
    # No category at all.
    edges["bare"] = make_case(world.ngo_a, categories=())

    by_case, in_database = both_paths()
    assert in_database == by_case
    fact = {name: in_database[case.pk] for name, case in edges.items()}
    # The buckets, worked out by hand from the durations above (lower bounds in hours).
    assert fact["on_bound"]["response_bucket"] == 1
    assert fact["short"]["response_bucket"] == 0
    assert fact["fraction_short"]["response_bucket"] == 0
    assert fact["fraction_on_bound"]["response_bucket"] == 1
    assert fact["before"]["response_bucket"] == 0
    assert fact["long"]["closure_bucket"] == 8760 and fact["long"]["outcome"] == "not_resolved"
    assert fact["money"]["closure_bucket"] == 48
    assert (fact["money"]["currency"], fact["money"]["cents"]) == ("KZT", 123405)
    assert (fact["closed_bare"]["outcome"], fact["closed_bare"]["closure_bucket"]) == ("closed", None)
    assert (fact["queue"]["kind"], fact["queue"]["org"], fact["queue"]["city"]) == ("queue", "queue", "other")
    assert fact["on_bound"]["org"] == str(world.ngo_a.pk) and fact["on_bound"]["kind"] == "ngo"
    assert fact["on_bound"]["city"] == str(locality_match("Moscow", "RU"))
    assert fact["other_country_city"]["city"] == fact["unknown_id"]["city"] == "other"
    assert fact["agency"]["categories"] == "documents_taken,intermediary_fraud,unpaid_wages"
    assert fact["agency"]["party"] == "agency" and fact["agency"]["employer_key"]
    assert fact["agency"]["suggestions"] == "police:-:rejected,violence:ky:pending"
    assert (fact["agency"]["sector"], fact["agency"]["urgent"]) == ("construction", True)
    assert fact["employer"]["party"] == "employer"
    assert (fact["erased"]["party"], fact["erased"]["employer_key"]) == ("", "")
    assert fact["bare"]["categories"] == "" and fact["bare"]["suggestions"] == ""
