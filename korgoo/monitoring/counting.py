"""Counting cases in the database, for the full rebuild (`refresh._full_rebuild`).

Every case's fact is computed by the database from the query `cases.reporting.case_tally_query`
owns and written with one `INSERT … SELECT`; then every face's tally is counted from the facts with
one grouped `INSERT … SELECT` per face. A million cases never cross into Python. The fact is the one
`refresh.case_fact` makes from a case's row, and the tallies are the sums of
`universes.case_contributions`: the tests compare the two paths fact by fact and tally by tally, on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from korgoo.cases.choices import Category, Status
from korgoo.cases.reporting import case_tally_query
from korgoo.core.choices import Country
from korgoo.core.gazetteer import localities_for

from .choices import NO, NO_MONEY, NOT_SAID, OPEN, OTHER_CITY, QUEUE, YES, Party
from .models import CaseFact, Tally
from .universes import BUCKETS, case_contributions

# How the full rebuild counts each face of cases in the database, from the facts just written:
# (face, the face's dimensions as SQL over the fact `f`, a condition, the list joined as `x`).
# A list is a fact's categories ("categories") or suggestions ("suggestions"): the distinct strings
# are few (a hundred at a million cases), so Python splits each exactly as `case_contributions`
# does and the database joins the pieces to the facts. Each face is grouped by its own dimensions
# alone. `_faces_check` refuses to run if `case_contributions` makes a face not listed here; the
# tests compare the full rebuild with the case-by-case refresh row by row.
_YES_NO = "(CASE WHEN {} THEN '" + YES + "' ELSE '" + NO + "' END)"
_CASE_FACES_SQL: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("F1", ("f.country", "f.kind", "x.column2"), "", "categories"),
    ("F2", ("f.country", "f.kind", "x.column2", "f.outcome"), "", "categories"),
    ("F3", ("f.country", "f.kind", "x.column2", _YES_NO.format("f.urgent")), "", "categories"),
    (
        "FM",
        (
            "f.country",
            "f.kind",
            "x.column2",
            f"(CASE WHEN f.currency = '' THEN '{NO_MONEY}' ELSE f.currency END)",
        ),
        "",
        "categories",
    ),
    (
        "F6",
        (
            "f.country",
            "f.kind",
            "x.column2",
            f"(CASE WHEN f.sector = '' THEN '{NOT_SAID}' ELSE f.sector END)",
        ),
        "",
        "categories",
    ),
    ("F4", ("f.country", "f.city"), "", ""),
    (
        "F5",
        (
            "f.country",
            "f.kind",
            "f.org",
            _YES_NO.format("f.response_bucket IS NOT NULL"),
            _YES_NO.format(f"f.outcome <> '{OPEN}'"),
        ),
        "",
        "",
    ),
    (
        "D",
        ("f.country", "f.kind", "f.org", "'first_response'", "CAST(f.response_bucket AS VARCHAR)"),
        "f.response_bucket IS NOT NULL",
        "",
    ),
    (
        "D",
        ("f.country", "f.kind", "f.org", "'closure'", "CAST(f.closure_bucket AS VARCHAR)"),
        f"f.outcome <> '{OPEN}' AND f.closure_bucket IS NOT NULL",
        "",
    ),
    ("E", ("f.country", "f.party", "f.employer_key"), "f.employer_key <> ''", ""),
    ("S1", ("f.country", "x.column2", "x.column3", "x.column4"), "", "suggestions"),
)
# Pieces of a list joined at once: (string, piece…) rows, well under SQLite's limit of parameters.
LIST_CHUNK = 2000


def _faces_check() -> None:
    every_face = {
        c[0]
        for c in case_contributions(
            {
                "month": "",
                "country": "",
                "city": "",
                "kind": "",
                "org": "",
                "categories": "unpaid_wages",
                "outcome": "resolved",
                "urgent": False,
                "response_bucket": 0,
                "closure_bucket": 0,
                "currency": "",
                "cents": 0,
                "party": "employer",
                "employer_key": "k",
                "sector": "",
                "suggestions": "urgent:ru:pending",
            }
        )
    }
    named = {face for face, *_rest in _CASE_FACES_SQL}
    if not every_face <= named:
        raise RuntimeError(f"faces the full rebuild does not count: {sorted(every_face - named)}")


def _list_pieces(field: str) -> list[tuple[str, ...]]:
    """Every distinct value of a fact's list field with its pieces, split as `case_contributions`
    splits them: categories and "*" (every case counts in "all categories"), or the
    (subject, variety, decision) of each well-formed suggestion. Repeated pieces stay repeated."""
    rows: list[tuple[str, ...]] = []
    for value in CaseFact.objects.order_by().values_list(field, flat=True).distinct():
        if field == "categories":
            rows += [(value, c) for c in [c for c in value.split(",") if c] + ["*"]]
        else:
            rows += [(value, *s.split(":")) for s in value.split(",") if s.count(":") == 2]
    return rows


def case_tallies_insert() -> None:
    """Count every case face in the database from the facts: one grouped `INSERT … SELECT` per
    face (per slice of the list it splits), adding to a row another slice already wrote."""
    _faces_check()
    quote = connection.ops.quote_name
    table = quote(Tally._meta.db_table)
    facts = quote(CaseFact._meta.db_table)
    pieces = {field: _list_pieces(field) for field in ("categories", "suggestions")}
    with connection.cursor() as cursor:
        for face, dims, condition, joined in _CASE_FACES_SQL:
            padded = [*dims, *["''"] * (6 - len(dims))]
            grouped = ", ".join(d for d in dims if not d.startswith("'"))  # not the constants
            cents = "SUM(f.cents)" if face == "FM" else "0"
            slices: list[list[tuple[str, ...]] | None] = [None]
            if joined:
                rows = pieces[joined]
                slices = [rows[i : i + LIST_CHUNK] for i in range(0, len(rows), LIST_CHUNK)]
            for chunk in slices:
                join, params = "", []
                if chunk is not None:
                    width = len(chunk[0])
                    values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
                    join = f"JOIN (VALUES {values}) AS x ON x.column1 = f.{quote(joined)}"
                    params = [value for row in chunk for value in row]
                cursor.execute(
                    f"INSERT INTO {table} (face, month, d0, d1, d2, d3, d4, d5, n, cents) "  # noqa: S608 - names and codes from the code
                    f"SELECT '{face}', f.month, {', '.join(padded)}, COUNT(*), {cents} "
                    f"FROM {facts} AS f {join} WHERE {condition or '1 = 1'} "
                    f"GROUP BY f.month, {grouped} "
                    "ON CONFLICT (face, month, d0, d1, d2, d3, d4, d5) DO UPDATE SET "
                    f"n = {table}.n + excluded.n, cents = {table}.cents + excluded.cents",
                    params,
                )


def _bucket_sql(microseconds: str) -> str:
    """`bucket_of(max(hours, 0))` in SQL, on a whole number of microseconds (exact, as in Python)."""
    steps = " ".join(
        f"WHEN {microseconds} >= {lower * 3_600_000_000} THEN {lower}"
        for lower in sorted(BUCKETS, reverse=True)
        if lower > 0
    )
    return f"(CASE WHEN {microseconds} IS NULL THEN NULL {steps} ELSE 0 END)"


def case_facts_insert() -> int:
    """Write every case's fact in one `INSERT … SELECT` from the query `cases.reporting` owns, so
    that a million cases never cross into Python; the same fact as `case_fact` makes from a row
    (the tests compare the two paths row by row). Returns how many facts it wrote."""
    quote = connection.ops.quote_name
    pairs = [
        (locality.id, locality.country) for country in Country.values for locality in localities_for(country)
    ]
    # The city as `city_key` names it: a gazetteer id of the case's own country, or "other".
    # An employer named in a case of intermediary fraud is an agency (`_employer_key`).
    params: list[Any] = ["%," + str(Category.INTERMEDIARY_FRAUD).replace("_", "!_") + ",%"]
    expressions = {
        "case_id": "c.id",
        "month": "c.month",
        "country": "c.country",
        "city": f"(CASE WHEN g.column1 IS NULL THEN '{OTHER_CITY}' ELSE CAST(c.locality_id AS VARCHAR) END)"
        if pairs
        else f"'{OTHER_CITY}'",
        "kind": (
            "(CASE WHEN c.organisation_id IS NOT NULL AND COALESCE(c.organisation_kind, '') <> '' "
            f"THEN c.organisation_kind ELSE '{QUEUE}' END)"
        ),
        "org": f"COALESCE(c.organisation_id, '{QUEUE}')",
        "categories": "substr(c.categories, 1, 400)",
        "outcome": f"(CASE WHEN c.status = '{Status.CLOSED}' THEN COALESCE(NULLIF(c.outcome, ''), 'closed') ELSE '{OPEN}' END)",
        "urgent": "c.urgent",
        "response_bucket": _bucket_sql("c.response_us"),
        "closure_bucket": f"(CASE WHEN c.status = '{Status.CLOSED}' THEN {_bucket_sql('c.closure_us')} END)",
        "currency": "(CASE WHEN c.money_cents IS NULL THEN '' ELSE c.money_currency END)",
        "cents": "COALESCE(c.money_cents, 0)",
        "party": (
            "(CASE WHEN COALESCE(c.employer_digest, '') = '' THEN '' "
            f"WHEN (',' || c.categories || ',') LIKE %s ESCAPE '!' THEN '{Party.AGENCY}' ELSE '{Party.EMPLOYER}' END)"
        ),
        "employer_key": "COALESCE(c.employer_digest, '')",
        "sector": "COALESCE(c.sector, '')",
        "suggestions": "substr(c.suggestions, 1, 600)",
    }
    join = ""
    if pairs:
        values = ", ".join(["(%s, %s)"] * len(pairs))
        join = f"LEFT JOIN (VALUES {values}) AS g ON g.column1 = c.locality_id AND g.column2 = c.country"
        params += [value for pair in pairs for value in pair]
    names = ", ".join(quote(name) for name in expressions)
    sql = (
        f"INSERT INTO {quote(CaseFact._meta.db_table)} ({names}) "  # noqa: S608 - names and codes from the code
        f"SELECT {', '.join(expressions.values())} FROM ({case_tally_query()}) AS c {join}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def case_facts_clear() -> None:
    """Empty the facts before a full rebuild (TRUNCATE on PostgreSQL: only the refresh reads them,
    under the state lock, and a million rows deleted one by one would cost seconds)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(CaseFact._meta.db_table)}")
    else:
        CaseFact.objects.all().delete()
