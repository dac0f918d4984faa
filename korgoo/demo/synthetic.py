"""Synthetic data at scale: realistic, varied cases for load tests and benchmarks.

Bulk inserts in batches, each case sealed under its own data key exactly like a real one, so that
benchmarks measure the real read path (unwrap, open). One organisation can be made to hold a given
share of all cases, to measure the inbox of a busy organisation. Never used by the running system.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from korgoo.accounts.models import User
from korgoo.cases import vault
from korgoo.cases.choices import URGENT_CATEGORIES, Category, EventKind, Outcome, SharedField, Status
from korgoo.cases.models import (
    Attachment,
    Case,
    CaseAccess,
    CaseCategory,
    CaseEvent,
    CaseMessage,
    RoutingRule,
)
from korgoo.cases.reporting import employer_digest
from korgoo.core import crypto, receipts
from korgoo.core.choices import OrganisationKind, currency_of
from korgoo.core.gazetteer import Locality, locality_get, locality_match
from korgoo.core.scanning import ScanStatus
from korgoo.intake.models import Report
from korgoo.organisations.models import Membership, Organisation, Role
from korgoo.referrals.models import Referral

# Kinds of work as workers name them (about a third do not say).
SECTORS = [
    "",
    "construction",
    "trade",
    "services",
    "manufacturing",
    "agriculture",
    "transport",
    "domestic",
    "other",
]
SECTOR_WEIGHTS = [30, 22, 14, 10, 8, 5, 5, 4, 2]

# Where the synthetic organisations are (the city's English name in the gazetteer). A case's city is
# the organisation's, typed as a worker would, in Kyrgyz, Russian or English; a few name a village the
# gazetteer does not know (routed by country, counted among "other cities").
PLACES = [
    ("RU", "Moscow"),
    ("RU", "Saint Petersburg"),
    ("RU", "Yekaterinburg"),
    ("RU", "Novosibirsk"),
    ("RU", "Kazan"),
    ("RU", "Krasnoyarsk"),
    ("KZ", "Almaty"),
    ("KZ", "Astana"),
    ("KZ", "Shymkent"),
    ("TR", "Istanbul"),
]
KINDS = [
    OrganisationKind.NGO,
    OrganisationKind.TRADE_UNION,
    OrganisationKind.DIASPORA,
    OrganisationKind.EMBASSY,
]
STORIES = {
    "ky": [
        "Эки айдан бери айлык төлөнгөн жок. Бригадир эртең берем дейт.",
        "Иш берүүчү паспортумду алып, кайтарбай жатат.",
        "Күнүнө 12 саат иштейбиз, ашыкча саат үчүн акы төлөнбөйт.",
        "Келишимсиз иштеп жатабыз, жумуштан эскертүүсүз чыгарышты.",
        "Курулушта жаракат алдым, ооруканага алып барышкан жок.",
    ],
    "ru": [
        "Не заплатили за два месяца работы на складе.",
        "Работодатель забрал паспорт и не отдаёт.",
        "Работаем по 12 часов, сверхурочные не оплачивают.",
        "Уволили без объяснений, расчёт не выдали.",
        "Посредник взял деньги за патент, патент оказался поддельным.",
    ],
}
EMPLOYERS = ["ООО «СтройМонолит»", "ИП Карапетян", "ТОО «Береке»", "ООО «ЛогистикПро»", "Кафе «Восток»", ""]
WEIGHTED_CATEGORIES = (
    [Category.UNPAID_WAGES] * 30
    + [Category.NO_CONTRACT] * 12
    + [Category.UNPAID_OVERTIME] * 10
    + [Category.DOCUMENTS_TAKEN] * 8
    + [Category.UNJUST_DISMISSAL] * 8
    + [Category.UNSAFE_WORK] * 6
    + [Category.POLICE] * 6
    + [Category.INTERMEDIARY_FRAUD] * 5
    + [Category.LOWER_PAY] * 4
    + [Category.HOUSING] * 3
    + [Category.MEDICAL_REFUSED] * 3
    + [Category.FORCED_WORK] * 2
    + [Category.VIOLENCE]
    + [Category.CHILD_LABOUR]
    + [Category.OTHER] * 2
)
PASSWORD = "korgoo-synthetic"
MESSAGE = "Здравствуйте, мы работаем над вашим обращением."
OUTCOMES = (
    [Outcome.RESOLVED] * 4
    + [Outcome.PARTLY_RESOLVED] * 2
    + [Outcome.UNRESOLVED, Outcome.WITHDRAWN, Outcome.LOST_CONTACT]
)


@dataclass
class Seeded:
    organisations: int
    cases: int
    messages: int
    events: int
    referrals: int
    attachments: int
    busiest: Organisation
    caseworker: User


UNKNOWN_PLACE = "Посёлок Берёзовка"
UNKNOWN_SHARE = 0.03


@functools.cache
def _locality(country: str, city: str) -> Locality:
    found = locality_get(locality_match(city, country))
    if found is None:
        raise ValueError(f"the synthetic city {city!r} is not in the gazetteer")
    return found


def _organisations(count: int, rng: random.Random) -> list[Organisation]:
    rows = []
    offset = Organisation.objects.count()  # seeding again adds organisations, it never clashes
    for index in range(offset, offset + count):
        country, city = PLACES[index % len(PLACES)]
        kind = KINDS[index % len(KINDS)]
        rows.append(
            Organisation(
                name=f"Synthetic {kind} {index:04d} ({city})",
                kind=kind,
                country=country,
                city=city,
                languages=["ky", "ru"],
                woman_caseworker_available=rng.random() < 0.4,
            )
        )
    return Organisation.objects.bulk_create(rows)


def _staff(organisations: list[Organisation]) -> list[Membership]:
    hashed = make_password(PASSWORD)  # one hash for all: seeding must not spend minutes in Argon2
    offset = User.objects.filter(username__startswith="synthetic.").count()  # seeding again never clashes
    users = User.objects.bulk_create(
        [
            User(
                username=f"synthetic.{index:04d}",
                full_name=f"Caseworker {index:04d}",
                password=hashed,
                email="",
            )
            for index in range(offset, offset + len(organisations))
        ]
    )
    return Membership.objects.bulk_create(
        [
            Membership(organisation=org, user=user, role=Role.CASEWORKER)
            for org, user in zip(organisations, users, strict=True)
        ]
    )


def _dates(rng: random.Random, now: dt.datetime, within_days: int = 730) -> dt.datetime:
    return now - dt.timedelta(days=rng.random() ** 1.3 * within_days, seconds=rng.randint(0, 86_399))


def _batches(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        yield min(size, total - done)
        done += size


def seed(
    *,
    cases: int,
    organisations: int,
    busiest_share: float = 0.1,
    batch: int = 5000,
    seed_value: int = 2026,
    receipts_file: Path | None = None,
    receipts_kept: int = 1000,
    progress: object = None,
) -> Seeded:
    """Fill the database; returns what was made. Receipts of the first `receipts_kept` reports are
    written to `receipts_file` (for the tracking benchmark) since the database keeps only digests."""
    rng = random.Random(seed_value)  # noqa: S311 - synthetic data shape, not security
    now = timezone.now()
    orgs = _organisations(organisations, rng)
    members = _staff(orgs)
    for org in orgs:
        RoutingRule.objects.get_or_create(
            organisation=org, country=org.country, locality_id=_locality(org.country, org.city).id
        )
    busiest = orgs[0]
    kept_receipts: list[str] = []
    totals = {"cases": 0, "messages": 0, "events": 0, "referrals": 0, "attachments": 0}
    for size in _batches(cases, batch):
        with transaction.atomic():
            _seed_batch(
                size, orgs, members, busiest, busiest_share, rng, now, totals, kept_receipts, receipts_kept
            )
        if callable(progress):
            progress(totals["cases"])
    if receipts_file is not None:
        receipts_file.parent.mkdir(parents=True, exist_ok=True)
        receipts_file.write_text("\n".join(kept_receipts) + "\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Seeded(
        organisations=len(orgs),
        cases=totals["cases"],
        messages=totals["messages"],
        events=totals["events"],
        referrals=totals["referrals"],
        attachments=totals["attachments"],
        busiest=busiest,
        caseworker=members[0].user,
    )


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Write rows (dicts by attribute name) the fastest way the database offers: COPY on PostgreSQL,
    executemany elsewhere. Auto-increment keys are left to the database."""
    if not rows:
        return
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))
    ]
    now = timezone.now()
    table = model._meta.db_table
    columns = [f.column for f in fields]
    copy_protocol = connection.vendor == "postgresql"
    tuples: list[tuple[Any, ...]] = []
    for row in rows:
        values: list[Any] = []
        for field in fields:
            value = row.get(field.attname, _MISSING)
            if value is _MISSING:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    value = now
                elif field.has_default():
                    value = field.get_default()
                else:
                    value = None
            if copy_protocol:
                if isinstance(field, models.JSONField):
                    value = json.dumps(value, ensure_ascii=False)
            else:
                value = field.get_db_prep_save(value, connection)
            values.append(value)
        tuples.append(tuple(values))
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if copy_protocol:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row_values in tuples:
                    copy.write_row(row_values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608 - names from models
            cursor.executemany(sql, tuples)


_MISSING = object()


def _seed_batch(
    size: int,
    orgs: list[Organisation],
    members: list[Membership],
    busiest: Organisation,
    busiest_share: float,
    rng: random.Random,
    now: dt.datetime,
    totals: dict[str, int],
    kept_receipts: list[str],
    receipts_kept: int,
    *,
    within_days: int = 730,
    open_within_days: int | None = None,
    attachments: bool = True,
) -> None:
    """One batch of cases. `open_within_days`: cases reported longer ago are closed, and open ones
    are due around today (as a lived-in inbox looks); `attachments` False adds no attachment rows
    (they have no file behind them)."""
    member_of = {m.organisation_id: m.pk for m in members}
    women = {m.pk for m in members if m.gender == "woman"}
    tables: dict[type[models.Model], list[dict[str, Any]]] = {
        model: []
        for model in (Case, CaseCategory, CaseEvent, CaseMessage, Report, Attachment, Referral, CaseAccess)
    }
    shared = [OrganisationKind.NGO, OrganisationKind.TRADE_UNION, OrganisationKind.DIASPORA]
    for _ in range(size):
        org = busiest if rng.random() < busiest_share else orgs[rng.randrange(len(orgs))]
        language = "ky" if rng.random() < 0.55 else "ru"
        chosen = sorted({rng.choice(WEIGHTED_CATEGORIES) for _ in range(rng.choice((1, 1, 2)))})
        urgent = bool(URGENT_CATEGORIES.intersection(chosen))
        reported = _dates(rng, now, within_days)
        roll = rng.random()
        if open_within_days is not None and (now - reported).days > open_within_days:
            roll = 1.0
        status = (
            Status.NEW
            if roll < 0.12
            else Status.IN_PROGRESS
            if roll < 0.45
            else Status.NEGOTIATION
            if roll < 0.55
            else Status.COURT
            if roll < 0.6
            else Status.CLOSED
        )
        responded = reported + dt.timedelta(hours=rng.expovariate(1 / 30)) if status != Status.NEW else None
        closed = (
            min(reported + dt.timedelta(days=rng.expovariate(1 / 40)), now)
            if status == Status.CLOSED
            else None
        )
        outcome = ""
        money = None
        if closed:
            outcome = rng.choice(OUTCOMES)
            if outcome in (Outcome.RESOLVED, Outcome.PARTLY_RESOLVED) and Category.UNPAID_WAGES in chosen:
                money = Decimal(rng.randrange(10_000, 150_000, 500))
        case_id = uuid.uuid4()
        woman = rng.random() < 0.1
        assignee = member_of.get(org.pk)
        if woman and assignee not in women:  # the wish for a woman caseworker is honoured
            assignee = None
        # Sealed like a real case: its own data key, wrapped for the holding organisation.
        key = crypto.new_data_key()
        holder = Case(id=case_id, organisation_id=org.pk)
        holder._data_key = key  # type: ignore[attr-defined]
        locality: Locality | None = _locality(org.country, org.city)
        typed = rng.choice(locality.names) if locality is not None else ""
        if rng.random() < UNKNOWN_SHARE:
            locality, typed = None, UNKNOWN_PLACE
        content = {
            "city": typed,
            "description": rng.choice(STORIES[language]),
            "happened_on": "",
            "employer_name": rng.choice(EMPLOYERS),
            "full_name": "",
            "contact_channel": "",
            "contact_value": "",
        }
        tables[Case].append(
            {
                "id": case_id,
                "created_at": reported,
                "updated_at": closed or responded or reported,
                "organisation_id": org.pk,
                "status": status,
                "outcome": outcome,
                "urgent": urgent,
                "country": org.country,
                "locality_id": locality.id if locality is not None else None,
                "sector": rng.choices(SECTORS, weights=SECTOR_WEIGHTS)[0],
                "language": language,
                "reported_on": reported.date(),
                "prefers_woman_caseworker": woman,
                "share_with": shared,
                "wrapped_key": crypto.wrap_key(key, vault.key_ref(org.pk)),
                "sealed_report": crypto.seal_json(key, content, f"case:{case_id}:report".encode()),
                "employer_digest": employer_digest(content["employer_name"]),
                "assignee_id": assignee if status != Status.NEW and rng.random() < 0.8 else None,
                "due_on": (
                    (now + dt.timedelta(days=rng.randint(-3, 14))).date()
                    if open_within_days is not None
                    else (reported + dt.timedelta(days=rng.randint(1, 60))).date()
                )
                if status != Status.CLOSED
                else None,
                "first_response_at": responded,
                "last_activity_at": closed or responded or reported,
                "awaiting_reply": status != Status.CLOSED and rng.random() < 0.15,
                "closed_at": closed,
                "money_recovered": money,
                "money_currency": currency_of(org.country) if money is not None else "",
                "documents_returned": bool(closed)
                and Category.DOCUMENTS_TAKEN in chosen
                and rng.random() < 0.6,
                "content_erased": False,
            }
        )
        tables[CaseCategory] += [{"case_id": case_id, "category": c} for c in chosen]
        events = tables[CaseEvent]
        events.append(
            {
                "case_id": case_id,
                "kind": EventKind.OPENED,
                "organisation_id": None,
                "data": {},
                "worker_visible": True,
                "at": reported,
            }
        )
        events.append(
            {
                "case_id": case_id,
                "kind": EventKind.ROUTED,
                "organisation_id": org.pk,
                "data": {},
                "worker_visible": False,
                "at": reported,
            }
        )
        if status in (Status.NEGOTIATION, Status.COURT):
            events.append(
                {
                    "case_id": case_id,
                    "kind": EventKind.STATUS_CHANGED,
                    "organisation_id": org.pk,
                    "data": {"to": status},
                    "worker_visible": True,
                    "at": responded,
                }
            )
        if closed:
            events.append(
                {
                    "case_id": case_id,
                    "kind": EventKind.CLOSED,
                    "organisation_id": org.pk,
                    "data": {"outcome": outcome},
                    "worker_visible": True,
                    "at": closed,
                }
            )
        for number in range(rng.choice((0, 1, 1, 2, 3)) if responded else 0):
            message_id = uuid.uuid4()
            from_org = number % 2 == 0
            tables[CaseMessage].append(
                {
                    "id": message_id,
                    "case_id": case_id,
                    "sender": CaseMessage.Sender.ORGANISATION if from_org else CaseMessage.Sender.WORKER,
                    "organisation_id": org.pk if from_org else None,
                    "author_id": None,
                    "sealed_body": vault.seal_body(holder, "message", message_id, MESSAGE),
                    "sent_at": (responded or reported) + dt.timedelta(hours=number * 7),
                }
            )
        code = receipts.generate()
        if len(kept_receipts) < receipts_kept:
            kept_receipts.append(code)
        tables[Report].append(
            {
                "id": uuid.uuid4(),
                "case_id": case_id,
                "receipt_digest": crypto.receipt_digest(code),
                "submitted_at": reported,
                # Used within the last month: a receipt unused for longer than the retention period
                # no longer opens anything (korgoo.retention).
                "last_seen_on": max(reported.date(), (now - dt.timedelta(days=30)).date()),
            }
        )
        if attachments and rng.random() < 0.05:
            attachment_id = uuid.uuid4()
            tables[Attachment].append(
                {
                    "id": attachment_id,
                    "case_id": case_id,
                    "added_by_worker": True,
                    "organisation_id": None,
                    "storage_name": uuid.uuid4().hex,
                    "original_storage_name": "",
                    "sealed_filename": vault.seal_body(holder, "filename", attachment_id, "photo.jpg"),
                    "content_type": "image/jpeg",
                    "size": rng.randint(80_000, 2_000_000),
                    "added_at": reported,
                    # No file stands behind a synthetic attachment: count it as scanned, so that
                    # `korgoo rescan_files` leaves it alone.
                    "scan_status": ScanStatus.CLEAN,
                    "scanned_at": reported,
                    "scan_signature": "",
                    "scan_attempts": 0,
                }
            )
        if rng.random() < 0.03 and len(orgs) > 1:
            target = orgs[rng.randrange(len(orgs))]
            if target.pk != org.pk:
                state = rng.choice([Referral.State.OFFERED, Referral.State.ACCEPTED, Referral.State.DECLINED])
                referral_id = uuid.uuid4()
                tables[Referral].append(
                    {
                        "id": referral_id,
                        "created_at": reported,
                        "updated_at": reported,
                        "case_id": case_id,
                        "from_organisation_id": org.pk,
                        "to_organisation_id": target.pk,
                        "state": state,
                        "fields": [SharedField.DESCRIPTION],
                        "sealed_note": vault.seal_body(holder, "referral", referral_id, ""),
                        "offered_by_id": None,
                        "responded_by_id": None,
                        "responded_at": reported + dt.timedelta(days=2)
                        if state != Referral.State.OFFERED
                        else None,
                        "revoked_at": None,
                    }
                )
                if state == Referral.State.OFFERED:
                    tables[CaseAccess].append(
                        {
                            "case_id": case_id,
                            "organisation_id": target.pk,
                            "level": CaseAccess.Level.OFFERED,
                            "fields": [SharedField.DESCRIPTION],
                            "granted_at": reported,
                            "referral_id": referral_id,
                        }
                    )
    for model, rows in tables.items():
        _insert(model, rows)
    totals["cases"] += len(tables[Case])
    totals["messages"] += len(tables[CaseMessage])
    totals["events"] += len(tables[CaseEvent])
    totals["referrals"] += len(tables[Referral])
    totals["attachments"] += len(tables[Attachment])


def seed_for(
    *,
    organisations: list[Organisation],
    members: list[Membership],
    cases: int,
    rng: random.Random,
    within_days: int = 365,
    open_within_days: int = 45,
) -> int:
    """Background cases for organisations that exist already (the demo world's), sealed like real
    ones, over the last `within_days`: enough for the dashboards to show figures. Cases older than
    `open_within_days` are closed; open ones are due around today. Returns the number made."""
    totals = {"cases": 0, "messages": 0, "events": 0, "referrals": 0, "attachments": 0}
    _seed_batch(
        cases,
        organisations,
        members,
        organisations[0],
        0.0,
        rng,
        timezone.now(),
        totals,
        [],
        0,
        within_days=within_days,
        open_within_days=open_within_days,
        attachments=False,
    )
    return totals["cases"]
