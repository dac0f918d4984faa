"""Keeping the tallies current: the background refresh (incremental, by a watermark on
`Case.updated_at` and `Referral.updated_at`) and the full rebuild.

Each case has a `CaseFact` row holding what it last contributed; a changed case takes its old
contribution out and puts the new one in, so running the refresh twice over the same cases changes
nothing. That lets the watermark overlap (a transaction that saved a case just before the last
refresh but committed after it is still seen) and lets two refreshes run at once safely: each batch
locks the state row, so batches apply one after another.

Cases are read through `korgoo.cases.reporting` (`case_tally_batches`, plain rows by name, and
`case_tally_query`, the same shape as one SELECT for the database to compute). Employers
and agencies: the name is sealed in the case; what is counted is a keyed hash of the normalised name,
written once when the report was sealed (`Case.employer_digest`). No refresh and no request opens a
report for monitoring (a case sealed before that column existed is opened once, by `cases`, and
counted in `reports_opened`).

The full rebuild is set-based (`counting`): the database computes every case's fact (`INSERT …
SELECT` from `case_tally_query`, with the buckets, the queue, the outcome and the city worked out in
SQL) and then every face's tally from the facts (one grouped `INSERT … SELECT` per face), so no case
crosses into Python. The incremental refresh computes the same fact in Python (`case_fact`) and the same
contributions (`case_contributions`); the tests compare the two paths fact by fact and tally by
tally, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.cases.choices import Category, Status
from korgoo.cases.reporting import (
    CaseTallyRow,
    TallyReading,
    case_count,
    case_countries_and_categories,
    case_ids_present,
    case_tally_batches,
)
from korgoo.core.gazetteer import locality_get
from korgoo.referrals.models import Referral

from .choices import OPEN, OTHER_CITY, QUEUE, Party
from .counting import case_facts_clear, case_facts_insert, case_tallies_insert
from .models import CaseFact, MonitoringState, ReferralFact, Tally
from .universes import (
    TALLY_DIMS,
    bucket_of,
    case_contributions,
    month_of,
    referral_contributions,
)

OVERLAP = dt.timedelta(minutes=10)
BATCH = 2000
FULL_BATCH = 5000
CASE_FACT_FIELDS = [
    "month",
    "country",
    "city",
    "kind",
    "org",
    "categories",
    "outcome",
    "urgent",
    "response_bucket",
    "closure_bucket",
    "currency",
    "cents",
    "party",
    "employer_key",
    "sector",
    "suggestions",
]
REFERRAL_FACT_FIELDS = [
    "month",
    "country",
    "categories",
    "from_kind",
    "from_org",
    "to_kind",
    "to_org",
    "state",
]

Delta = dict[tuple[str, str, tuple[str, ...]], list[int]]


@dataclass
class RefreshReport:
    cases: int = 0
    referrals: int = 0
    removed: int = 0
    reports_opened: int = 0  # reports opened for a digest not written yet (cases older than the column)
    full: bool = False
    tally_changes: int = 0  # tally rows whose count moved (re-reading an unchanged case moves none)

    @property
    def changed(self) -> bool:
        return bool(self.tally_changes or self.removed or self.full)


def _employer_key(row: CaseTallyRow) -> tuple[str, str]:
    """(party, keyed hash of the normalised employer or agency name), or ("", "") if none. The hash
    was written when the report was sealed (`Case.employer_digest`): no report is opened here."""
    if not row.employer_digest:
        return "", ""
    party = Party.AGENCY if Category.INTERMEDIARY_FRAUD in row.categories else Party.EMPLOYER
    return str(party), row.employer_digest


_CITY_KEYS: dict[tuple[str, int | None], str] = {}


def city_key(country: str, locality_id: int | None) -> str:
    """How the tallies name a case's city: its gazetteer id, or "other" for a city the gazetteer does
    not hold (or one of another country). Never words a worker typed."""
    cached = _CITY_KEYS.get((country, locality_id))
    if cached is None:
        locality = locality_get(locality_id)
        cached = str(locality.id) if locality is not None and locality.country == country else OTHER_CITY
        if len(_CITY_KEYS) < 100_000:
            _CITY_KEYS[(country, locality_id)] = cached
    return cached


def case_fact(row: CaseTallyRow) -> dict[str, Any]:
    """The plain, non-identifying shape of a case as the tallies count it."""
    created = row.created_at or timezone.now()
    response = None
    if row.first_response_at is not None:
        response = bucket_of(max((row.first_response_at - created).total_seconds(), 0) / 3600)
    closure = None
    if row.status == Status.CLOSED and row.closed_at is not None:
        closure = bucket_of(max((row.closed_at - created).total_seconds(), 0) / 3600)
    money = row.money_recovered if row.money_recovered is not None else Decimal(0)
    party, key = _employer_key(row)
    return {
        "month": month_of(row.reported_on),
        "country": row.country,
        "city": city_key(row.country, row.locality_id),
        "kind": row.organisation_kind if row.organisation_id is not None and row.organisation_kind else QUEUE,
        "org": str(row.organisation_id) if row.organisation_id is not None else QUEUE,
        "categories": ",".join(sorted(row.categories))[:400],
        "outcome": (row.outcome or "closed") if row.status == Status.CLOSED else OPEN,
        "urgent": bool(row.urgent),
        "response_bucket": response,
        "closure_bucket": closure,
        "currency": row.money_currency if row.money_recovered is not None else "",
        "cents": int((money * 100).to_integral_value()),
        "party": party,
        "employer_key": key,
        "sector": row.sector or "",
        "suggestions": ",".join(sorted(row.suggestions))[:600],
    }


@dataclass(frozen=True, slots=True)
class ReferralRow:
    """The plain columns of a referral that the tallies count, with its case's country and
    categories (read through `cases.reporting`)."""

    pk: Any
    created_at: dt.datetime
    state: str
    from_organisation_id: Any
    from_kind: str
    to_organisation_id: Any
    to_kind: str
    country: str
    categories: list[str]


def referral_rows(referral_ids: list[Any]) -> list[ReferralRow]:
    """Referrals by key, in key order, as plain rows: three queries, no model instances (a full
    rebuild reads every referral)."""
    rows = list(
        Referral.objects.filter(pk__in=referral_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "created_at",
            "state",
            "case_id",
            "from_organisation_id",
            "from_organisation__kind",
            "to_organisation_id",
            "to_organisation__kind",
        )
    )
    shapes = case_countries_and_categories(list({r[3] for r in rows}))
    out = []
    for pk, created_at, state, case_id, from_org, from_kind, to_org, to_kind in rows:
        country, categories = shapes.get(case_id, ("", []))
        out.append(
            ReferralRow(pk, created_at, state, from_org, from_kind, to_org, to_kind, country, categories)
        )
    return out


def referral_fact(referral: ReferralRow) -> dict[str, Any]:
    return {
        "month": month_of(timezone.localtime(referral.created_at).date()),
        "country": referral.country,
        "categories": ",".join(sorted(referral.categories))[:400],
        "from_kind": referral.from_kind,
        "from_org": str(referral.from_organisation_id),
        "to_kind": referral.to_kind,
        "to_org": str(referral.to_organisation_id),
        "state": referral.state,
    }


def _fact_dict(row: Any, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(row, f) for f in fields}


def _add(delta: Delta, contributions: Iterable[tuple[str, str, tuple[str, ...], int]], sign: int) -> None:
    for face, month, dims, cents in contributions:
        entry = delta.setdefault((face, month, dims), [0, 0])
        entry[0] += sign
        entry[1] += sign * cents


def _apply(delta: Delta) -> int:
    """Add the differences to the tallies: one prepared upsert that increments, executed for many
    rows (the same statement on SQLite and PostgreSQL)."""
    table = Tally._meta.db_table
    sql = (
        f"INSERT INTO {table} (face, month, d0, d1, d2, d3, d4, d5, n, cents) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (face, month, d0, d1, d2, d3, d4, d5) DO UPDATE SET "
        f"n = {table}.n + excluded.n, cents = {table}.cents + excluded.cents"
    )
    rows: list[Any] = []
    for (face, month, dims), (dn, dc) in delta.items():
        if dn or dc:
            padded = list(dims) + [""] * (6 - len(dims))
            rows.append((face, month, *padded, dn, dc))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    return len(rows)


def _lock() -> MonitoringState:
    MonitoringState.objects.get_or_create(name="cases")
    return MonitoringState.objects.select_for_update().get(name="cases")


def _refresh_cases(batch: list[CaseTallyRow], report: RefreshReport) -> set[Any]:
    with transaction.atomic():
        _lock()
        old = CaseFact.objects.in_bulk([c.pk for c in batch])
        delta: Delta = {}
        facts = []
        for case in batch:
            new = case_fact(case)
            previous = old.get(case.pk)
            if previous is not None:
                _add(delta, case_contributions(_fact_dict(previous, CASE_FACT_FIELDS)), -1)
            _add(delta, case_contributions(new), +1)
            facts.append(CaseFact(case_id=case.pk, **new))
        report.tally_changes += _apply(delta)
        CaseFact.objects.bulk_create(
            facts, update_conflicts=True, unique_fields=["case_id"], update_fields=CASE_FACT_FIELDS
        )
        audit_record(
            actor=None,
            action="monitoring.cases_tallied",
            object_type="monitoring",
            details={"cases": len(batch)},
        )
    report.cases += len(batch)
    return {c.pk for c in batch}


def _remove_missing_cases(report: RefreshReport) -> None:
    """Take out cases that no longer exist (deleted after their retention period)."""
    if CaseFact.objects.count() <= case_count():
        return
    with transaction.atomic():
        _lock()
        facts = list(CaseFact.objects.values_list("case_id", flat=True))
        gone_ids: list[Any] = []
        for start in range(0, len(facts), FULL_BATCH):
            chunk = facts[start : start + FULL_BATCH]
            present = case_ids_present(chunk)
            gone_ids.extend(i for i in chunk if i not in present)
        gone = list(CaseFact.objects.filter(case_id__in=gone_ids))
        delta: Delta = {}
        for fact in gone:
            _add(delta, case_contributions(_fact_dict(fact, CASE_FACT_FIELDS)), -1)
        _apply(delta)
        CaseFact.objects.filter(case_id__in=gone_ids).delete()
    report.removed += len(gone)


def _refresh_referrals(since: dt.datetime | None, case_ids: set[Any], report: RefreshReport) -> None:
    condition = Q() if since is None else Q(updated_at__gt=since)
    ids = set(Referral.objects.filter(condition).values_list("pk", flat=True))
    if case_ids and since is not None:
        ids |= set(Referral.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        referrals = referral_rows(chunk)
        with transaction.atomic():
            _lock()
            old = ReferralFact.objects.in_bulk(chunk)
            delta: Delta = {}
            facts = []
            for referral in referrals:
                new = referral_fact(referral)
                previous = old.get(referral.pk)
                if previous is not None:
                    _add(delta, referral_contributions(_fact_dict(previous, REFERRAL_FACT_FIELDS)), -1)
                _add(delta, referral_contributions(new), +1)
                facts.append(ReferralFact(referral_id=referral.pk, **new))
            present = {r.pk for r in referrals}
            for referral_id, previous in old.items():
                if referral_id not in present:  # the referral went with its case
                    _add(delta, referral_contributions(_fact_dict(previous, REFERRAL_FACT_FIELDS)), -1)
            report.tally_changes += _apply(delta)
            ReferralFact.objects.filter(referral_id__in=[i for i in old if i not in present]).delete()
            ReferralFact.objects.bulk_create(
                facts,
                update_conflicts=True,
                unique_fields=["referral_id"],
                update_fields=REFERRAL_FACT_FIELDS,
            )
        report.referrals += len(referrals)
    if since is None or case_ids:
        gone = ReferralFact.objects.exclude(referral_id__in=Referral.objects.values("pk"))
        stale = list(gone)
        if stale:
            with transaction.atomic():
                _lock()
                delta = {}
                for fact in stale:
                    _add(delta, referral_contributions(_fact_dict(fact, REFERRAL_FACT_FIELDS)), -1)
                report.tally_changes += _apply(delta)
                ReferralFact.objects.filter(referral_id__in=[f.referral_id for f in stale]).delete()


def bulk_insert(table: str, names: Sequence[str], rows: Sequence[Any]) -> None:
    """Insert many rows into an empty or append-only table: COPY on PostgreSQL (a hundred thousand
    rows a second), one prepared statement executed for many rows elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(n) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def _insert_facts(model: type[Any], key: str, fields: list[str], facts: list[dict[str, Any]]) -> None:
    if connection.vendor == "postgresql":  # COPY takes the UUID as it is
        rows = [(f[key], *(f[n] for n in fields)) for f in facts]
    else:
        uuid_field = model._meta.get_field(key)
        rows = [(uuid_field.get_db_prep_value(f[key], connection), *(f[n] for n in fields)) for f in facts]
    bulk_insert(model._meta.db_table, [key, *fields], rows)


def _full_rebuild(report: RefreshReport) -> None:
    """Rebuild every tally from all cases and referrals in one transaction: contributions are
    summed in memory and written once, so a million cases cost one pass, not a million upserts. The
    state row stays locked meanwhile, so an incremental refresh waits and then applies on top."""
    with transaction.atomic():
        _lock()
        Tally.objects.all().delete()
        case_facts_clear()
        ReferralFact.objects.all().delete()
        totals: Delta = {}
        report.cases = case_facts_insert()
        # Cases sealed before the employer's hash had a column: opened once, by `cases`, and their
        # facts written again from the rows read.
        reading = TallyReading()
        for batch in case_tally_batches(size=FULL_BATCH, reading=reading, digest_missing=True):
            CaseFact.objects.filter(case_id__in=[c.pk for c in batch]).delete()
            _insert_facts(
                CaseFact, "case_id", CASE_FACT_FIELDS, [{"case_id": c.pk, **case_fact(c)} for c in batch]
            )
        report.reports_opened += reading.reports_opened
        case_tallies_insert()
        audit_record(
            actor=None,
            action="monitoring.cases_tallied",
            object_type="monitoring",
            details={"cases": report.cases, "reports_opened": reading.reports_opened, "full": True},
        )
        last = None
        while True:
            page = Referral.objects.order_by("pk")
            if last is not None:
                page = page.filter(pk__gt=last)
            referrals = referral_rows(list(page.values_list("pk", flat=True)[:FULL_BATCH]))
            if not referrals:
                break
            facts = []
            for referral in referrals:
                fact = referral_fact(referral)
                _add(totals, referral_contributions(fact), +1)
                facts.append({"referral_id": referral.pk, **fact})
            _insert_facts(ReferralFact, "referral_id", REFERRAL_FACT_FIELDS, facts)
            report.referrals += len(referrals)
            last = referrals[-1].pk
        rows = [
            (face, month, *dims, *[""] * (6 - len(dims)), n, cents)
            for (face, month, dims), (n, cents) in totals.items()
            if n or cents
        ]
        columns = ["face", "month", "d0", "d1", "d2", "d3", "d4", "d5", "n", "cents"]
        bulk_insert(Tally._meta.db_table, columns, rows)


def tallies_refresh(*, full: bool = False) -> RefreshReport:
    """Bring the tallies up to date with every case and referral changed since the last run (or,
    with `full`, rebuild them from nothing)."""
    started = timezone.now()
    report = RefreshReport(full=full)
    state, _created = MonitoringState.objects.get_or_create(name="cases")
    since = None if full or state.watermark is None else state.watermark - OVERLAP
    if since is None:
        _full_rebuild(report)
    else:
        changed: set[Any] = set()
        reading = TallyReading()
        for batch in case_tally_batches(changed_since=since, size=BATCH, reading=reading):
            changed |= _refresh_cases(batch, report)
        report.reports_opened += reading.reports_opened
        _remove_missing_cases(report)
        _refresh_referrals(since, changed, report)
    with transaction.atomic():
        locked = _lock()
        Tally.objects.filter(n=0, cents=0).delete()
        locked.watermark = started
        locked.refreshed_at = timezone.now()
        locked.save(update_fields=["watermark", "refreshed_at"])
    return report


def tally_rows(face: str, months: Iterable[str]) -> Iterator[tuple[str, dict[str, str], int, int]]:
    """The tally rows of a face for some months: (month, dimensions, n, cents)."""
    dims = TALLY_DIMS[face]
    rows = Tally.objects.filter(face=face, month__in=list(months)).values_list(
        "month", "d0", "d1", "d2", "d3", "d4", "d5", "n", "cents"
    )
    for month, *values, n, cents in rows.iterator(chunk_size=5000):
        yield month, dict(zip(dims, values, strict=False)), n, cents
