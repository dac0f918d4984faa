"""What counting may read of cases: the plain shape of each case, by name, never its sealed content.

Monitoring counts cases through `case_tally_batches` and nothing else: the columns it reads are named
here, next to the model that owns them, so a change to the case table changes one place.

The employer's or agency's name is sealed with the report. What counting needs of it, a keyed hash of
the normalised name (`employer_digest`), is kept in a column of its own, written when the report is
sealed (`vault.seal_report`), so that counting a million cases opens no report. The hash is keyed
by a key derived from the pepper (`crypto.purpose_key`), so the column alone does not give the name
back by trying the names of known employers. An empty column means "no name given"; NULL means "not
computed yet" (a case older than the column, before `korgoo fill_employer_digests` ran): such a case
is opened once here to compute it, as before.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from korgoo.core import crypto
from korgoo.organisations.models import Organisation

from .models import Case, CaseCategory, CaseSuggestion

BATCH = 5000

_NOT_WORD = re.compile(r"[^\w]+")
LEGAL_FORMS = frozenset(
    [
        "ооо",
        "оао",
        "зао",
        "пао",
        "ао",
        "ип",
        "тоо",
        "чп",
        "ок",
        "llc",
        "ltd",
        "lp",
        "inc",
        "jsc",
        "too",
        "ooo",
        "ip",
        "гбу",
        "мбу",
        "фгуп",
        "гуп",
    ]
)
DIGEST_PURPOSE = "monitoring.employer"
DIGEST_LENGTH = 32
_DIGEST_KEY: dict[str, bytes] = {}


def normalise_party(name: str) -> str:
    """An employer's or agency's name without case, quotes, punctuation or legal form."""
    words = _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", name).casefold()).split()
    return " ".join(w for w in words if w not in LEGAL_FORMS)


def _digest_key() -> bytes:
    key = _DIGEST_KEY.get(DIGEST_PURPOSE)
    if key is None:
        key = _DIGEST_KEY[DIGEST_PURPOSE] = crypto.purpose_key(DIGEST_PURPOSE)
    return key


def employer_digest(name: str) -> str:
    """The keyed hash of an employer's or agency's normalised name, or "" when none is given."""
    normalised = normalise_party(name or "")
    if not normalised:
        return ""
    return crypto.keyed_digest(_digest_key(), normalised)[:DIGEST_LENGTH]


def digest_key_forget() -> None:
    """Forget the cached key (a long-running command starts from the settings as they are)."""
    _DIGEST_KEY.clear()


@dataclass(slots=True)
class CaseTallyRow:
    """The plain columns of a case that the tallies count, by name."""

    pk: Any
    organisation_id: Any
    organisation_kind: str | None
    status: str
    outcome: str
    urgent: bool
    country: str
    locality_id: int | None
    reported_on: dt.date
    created_at: dt.datetime | None
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None
    money_recovered: Decimal | None
    money_currency: str
    sector: str
    employer_digest: str  # "" for no name given and for erased content
    categories: list[str]
    suggestions: list[str]  # "subject:variety:state"


# The query's columns; each row is unpacked by these names in `case_tally_batches` just below.
_COLUMNS = (
    "id",
    "organisation_id",
    "organisation__kind",
    "status",
    "outcome",
    "urgent",
    "country",
    "locality_id",
    "reported_on",
    "created_at",
    "first_response_at",
    "closed_at",
    "money_recovered",
    "money_currency",
    "sector",
    "employer_digest",
    "content_erased",
)


def _digest_by_opening(case_ids: list[Any]) -> dict[Any, str]:
    """Compute the digest of cases whose column is not filled yet, by opening their reports."""
    from . import vault  # noqa: PLC0415 - the vault imports this module to seal the digest

    digests: dict[Any, str] = {}
    for case in Case.objects.filter(pk__in=case_ids).only(
        "id", "organisation_id", "wrapped_key", "sealed_report", "content_erased"
    ):
        try:
            name = str(vault.open_report(case).get("employer_name", "") or "")
        except Exception:  # an unreadable report names no employer; it never stops counting
            name = ""
        digests[case.pk] = employer_digest(name)
    return digests


@dataclass
class TallyReading:
    """What a reading of cases for counting had to open (reports without a digest column yet)."""

    reports_opened: int = 0


def case_tally_batches(
    *,
    changed_since: dt.datetime | None = None,
    size: int = BATCH,
    reading: TallyReading | None = None,
    digest_missing: bool = False,
) -> Iterator[list[CaseTallyRow]]:
    """Cases changed since `changed_since` (all with None), in primary-key order, in batches of
    plain rows with their categories and triage suggestions: three queries a batch. With
    `digest_missing`, only the cases whose employer is not hashed yet (their content kept)."""
    condition = Q() if changed_since is None else Q(updated_at__gt=changed_since)
    if digest_missing:
        condition &= Q(employer_digest__isnull=True, content_erased=False)
    last = None
    while True:
        page = Case.objects.filter(condition).order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        rows = list(page.values_list(*_COLUMNS)[:size])
        if not rows:
            return
        ids = [r[0] for r in rows]
        # Every case of the range when all are read: a range of keys, not a list of 5000 of them
        # (building and sending that list cost more than the rows); the changed ones by their keys.
        of_batch = (
            Q(case_id__gte=ids[0], case_id__lte=ids[-1])
            if changed_since is None and not digest_missing
            else Q(case_id__in=ids)
        )
        categories: dict[Any, list[str]] = {}
        for case_id, category in CaseCategory.objects.filter(of_batch).values_list("case_id", "category"):
            categories.setdefault(case_id, []).append(category)
        suggestions: dict[Any, list[str]] = {}
        for case_id, subject, variety, state in CaseSuggestion.objects.filter(of_batch).values_list(
            "case_id", "subject", "variety", "state"
        ):
            suggestions.setdefault(case_id, []).append(f"{subject}:{variety or '-'}:{state}")
        missing = [r[0] for r in rows if r[-2] is None and not r[-1]]  # no digest yet, content kept
        opened = _digest_by_opening(missing) if missing else {}
        if reading is not None:
            reading.reports_opened += len(missing)
        batch = []
        for (pk, org, kind, status, outcome, urgent, country, locality_id, reported_on, created, responded,
             closed, money, currency, sector, digest, erased) in rows:  # fmt: skip
            batch.append(
                CaseTallyRow(
                    pk=pk,
                    organisation_id=org,
                    organisation_kind=kind,
                    status=status,
                    outcome=outcome,
                    urgent=urgent,
                    country=country,
                    locality_id=locality_id,
                    reported_on=reported_on,
                    created_at=created,
                    first_response_at=responded,
                    closed_at=closed,
                    money_recovered=money,
                    money_currency=currency,
                    sector=sector,
                    employer_digest="" if erased else (digest if digest is not None else opened.get(pk, "")),
                    categories=categories.get(pk, []),
                    suggestions=suggestions.get(pk, []),
                )
            )
        yield batch
        last = rows[-1][0]


def case_countries_and_categories(case_ids: list[Any]) -> dict[Any, tuple[str, list[str]]]:
    """The country and the categories of some cases, by key (what a referral's tallies count of its
    case): two queries, whatever the number of cases."""
    shapes: dict[Any, tuple[str, list[str]]] = {
        pk: (country, []) for pk, country in Case.objects.filter(pk__in=case_ids).values_list("pk", "country")
    }
    for case_id, category in CaseCategory.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "category"
    ):
        shapes[case_id][1].append(category)
    return shapes


def case_count() -> int:
    return Case.objects.count()


def case_ids_present(case_ids: list[Any]) -> set[Any]:
    """Which of these cases still exist (the others were deleted after their retention period)."""
    return set(Case.objects.filter(pk__in=case_ids).values_list("pk", flat=True))


def employer_digests_fill(*, everything: bool = False, batch: int = 2000, model: Any = None) -> int:
    """Fill `employer_digest` for cases that lack it (with `everything`, recompute it for all, as
    after a change to `normalise_party`), opening each report once. Returns how many cases it wrote.

    `model` is the historical Case model when a migration calls this."""
    from . import vault  # noqa: PLC0415 - the vault imports this module to seal the digest

    model = model or Case
    written = 0
    last = None
    fields = ["id", "organisation_id", "wrapped_key", "sealed_report", "content_erased", "employer_digest"]
    while True:
        # Walked by primary key alone (an index scan whatever the statistics say); the cases that
        # already have their digest are skipped here rather than in SQL.
        page = model.objects.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        cases = list(page.only(*fields)[:batch])
        if not cases:
            break
        last = cases[-1].pk
        todo = [c for c in cases if not c.content_erased and (everything or c.employer_digest is None)]
        for case in todo:
            try:
                name = str(vault.open_report(case).get("employer_name", "") or "")
            except Exception:  # content that cannot be opened names no employer
                name = ""
            case.employer_digest = employer_digest(name)
        if todo:
            model.objects.bulk_update(todo, ["employer_digest"])
        written += len(todo)
    model.objects.filter(content_erased=True).exclude(employer_digest="").update(employer_digest="")
    return written


# --- Counting in the database --------------------------------------------------------------------
#
# The full rebuild of the tallies does not read a million cases into Python: it asks the database
# for the same plain shape, computed there, and writes it straight into its own table
# (`INSERT … SELECT`). The query's columns are named in `TALLY_QUERY_COLUMNS`; what differs between
# SQLite and PostgreSQL is chosen in `_Dialect`, once.

TALLY_QUERY_COLUMNS = (
    "id",  # the case's key, as the database stores a UUID
    "organisation_id",  # the organisation's UUID as text with hyphens (str(uuid)), NULL in the queue
    "organisation_kind",
    "status",
    "outcome",
    "urgent",
    "country",
    "locality_id",
    "month",  # "YYYY-MM" of `reported_on`
    "response_us",  # microseconds from `created_at` to `first_response_at`, NULL before a response
    "closure_us",  # microseconds from `created_at` to `closed_at`, NULL while none is recorded
    "money_cents",  # money recovered in hundredths, NULL when none is recorded
    "money_currency",
    "sector",
    "employer_digest",  # "" for no name and for erased content; NULL: not computed yet
    "categories",  # the case's categories, sorted by code point, joined by commas ("" for none)
    "suggestions",  # "subject:variety:state" (variety "-" when unknown), sorted, joined by commas
)


@dataclass(frozen=True)
class _Dialect:
    """The few expressions SQLite and PostgreSQL write differently, each exact (no floating point):
    the counting they feed is compared row by row with the case-by-case path in the tests."""

    vendor: str

    def month(self, day: str) -> str:
        if self.vendor == "postgresql":
            return f"to_char({day}, 'YYYY-MM')"
        return f"substr({day}, 1, 7)"  # dates are stored as "YYYY-MM-DD"

    def microseconds(self, later: str, earlier: str) -> str:
        if self.vendor == "postgresql":
            return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) * 1000000)"  # numeric, exact

        # Datetimes are stored as "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: whole seconds from the
        # first 19 characters (strftime rounds fractions to milliseconds), microseconds from the rest.
        def seconds(column: str) -> str:
            return f"CAST(strftime('%%s', substr({column}, 1, 19)) AS INTEGER)"

        def micros(column: str) -> str:
            return f"CAST(substr({column}, 21, 6) AS INTEGER)"

        return (
            f"(CASE WHEN {later} IS NULL OR {earlier} IS NULL THEN NULL ELSE "
            f"({seconds(later)} - {seconds(earlier)}) * 1000000 + {micros(later)} - {micros(earlier)} END)"
        )

    def uuid_text(self, column: str) -> str:
        if self.vendor == "postgresql":
            return f"CAST({column} AS text)"
        # SQLite keeps a UUID as 32 hexadecimal digits; str(uuid) has hyphens.
        parts = " || '-' || ".join(
            f"substr({column}, {a}, {n})" for a, n in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        )
        return f"(CASE WHEN {column} IS NULL THEN NULL ELSE lower({parts}) END)"

    def sorted_list(self, table: str, owner: str, item: str, case_key: str, alias: str) -> tuple[str, str]:
        """A join and a column: the items of `table` belonging to each case (`owner` = `case_key`),
        sorted by code point (as Python's `sorted`), joined by commas; NULL for a case with none."""
        if self.vendor == "postgresql":
            join = (
                f"LEFT JOIN (SELECT {owner} AS owner, "  # noqa: S608 - names from the models
                f"string_agg({item}, ',' ORDER BY {item} COLLATE \"C\") AS items "
                f"FROM {table} GROUP BY {owner}) AS {alias} ON {alias}.owner = {case_key}"
            )
            return join, f"{alias}.items"
        # SQLite before 3.44 takes no ORDER BY inside group_concat; as a window function over an
        # ordered frame it concatenates in that order, by definition.
        column = (
            f"(SELECT group_concat({item}, ',') OVER (ORDER BY {item} "  # noqa: S608 - names from the models
            "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) "
            f"FROM {table} WHERE {table}.{owner} = {case_key} LIMIT 1)"
        )
        return "", column


def case_tally_query() -> str:
    """One SELECT giving every case as a row of `TALLY_QUERY_COLUMNS`, by those names, computed by
    the database. It opens nothing: an employer not hashed yet is NULL in `employer_digest` (read
    those cases with `case_tally_batches(digest_missing=True)`). The text is escaped for a
    parameterised statement (`%%` for `%`): execute it with a list of parameters, even an empty one."""
    sql = _Dialect(connection.vendor)
    quote = connection.ops.quote_name

    def name(model: Any, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    def col(field: str) -> str:
        return f"c.{name(Case, field)}"

    case_key = col("id")
    categories_join, categories = sql.sorted_list(
        quote(CaseCategory._meta.db_table),
        name(CaseCategory, "case"),
        name(CaseCategory, "category"),
        case_key,
        "cat",
    )
    subject, variety, state = (name(CaseSuggestion, f) for f in ("subject", "variety", "state"))
    suggestion = f"({subject} || ':' || COALESCE(NULLIF({variety}, ''), '-') || ':' || {state})"
    suggestions_join, suggestions = sql.sorted_list(
        quote(CaseSuggestion._meta.db_table), name(CaseSuggestion, "case"), suggestion, case_key, "sug"
    )
    created = col("created_at")
    erased = col("content_erased")
    selected = {
        "id": case_key,
        "organisation_id": sql.uuid_text(col("organisation")),
        "organisation_kind": f"o.{name(Organisation, 'kind')}",
        "status": col("status"),
        "outcome": col("outcome"),
        "urgent": col("urgent"),
        "country": col("country"),
        "locality_id": col("locality_id"),
        "month": sql.month(col("reported_on")),
        "response_us": sql.microseconds(col("first_response_at"), created),
        "closure_us": sql.microseconds(col("closed_at"), created),
        "money_cents": f"CAST(ROUND({col('money_recovered')} * 100) AS BIGINT)",
        "money_currency": col("money_currency"),
        "sector": col("sector"),
        "employer_digest": f"(CASE WHEN {erased} THEN '' ELSE {col('employer_digest')} END)",
        "categories": f"COALESCE({categories}, '')",
        "suggestions": f"COALESCE({suggestions}, '')",
    }
    if tuple(selected) != TALLY_QUERY_COLUMNS:
        raise RuntimeError("the tally query's columns differ from TALLY_QUERY_COLUMNS")
    columns = ", ".join(f"{expression} AS {alias}" for alias, expression in selected.items())
    return (
        f"SELECT {columns} FROM {quote(Case._meta.db_table)} AS c "  # noqa: S608 - names from the models
        f"LEFT JOIN {quote(Organisation._meta.db_table)} AS o "
        f"ON o.{name(Organisation, 'id')} = {col('organisation')} {categories_join} {suggestions_join}"
    )
