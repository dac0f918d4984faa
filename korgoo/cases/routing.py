"""Choosing the organisation for a new report from the coordinators' routing rules.

Every report asks this once, inside the transaction that opens its case, so the question is one
fixed statement rather than a query the ORM builds anew for each report (building it cost more than
running it). The statement is read against the tables on every report: a rule or an organisation
changed in any process routes the very next report, and there is nothing to invalidate.
`route_with_orm` is the same question in the ORM's words, kept as the reference the tests compare
the statement with.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db import connection

from korgoo.core.prepared import prepared_cursor
from korgoo.core.rows import columns, models_from_rows
from korgoo.organisations.models import Organisation

from .models import RoutingRule

# The whole organisation, as the ORM would read it with the rule (`select_related`).
_ORGANISATION_FIELDS = tuple(f.name for f in Organisation._meta.concrete_fields)


def _placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


@lru_cache(maxsize=256)
def _statement(categories: int, kinds: int, with_city: bool, woman_needed: bool) -> str:
    """The statement for this many categories and kinds (the SQL differs only in its placeholders)."""
    q = connection.ops.quote_name
    rule_table, org_table = q(RoutingRule._meta.db_table), q(Organisation._meta.db_table)
    selected = columns(Organisation, _ORGANISATION_FIELDS, "o")
    city = "r.locality_id IS NULL" + (" OR r.locality_id = %s" if with_city else "")
    category = "r.category = ''" + (f" OR r.category IN ({_placeholders(categories)})" if categories else "")
    woman = " AND o.woman_caseworker_available = %s" if woman_needed else ""
    # The ranking of `route`: a rule naming a city, then one naming a category, then the lowest
    # priority, then the oldest rule.
    return (
        f"SELECT {selected} FROM {rule_table} r JOIN {org_table} o ON o.id = r.organisation_id"  # noqa: S608 - fixed names
        f" WHERE r.country = %s AND r.is_active = %s AND o.is_active = %s"
        f" AND o.kind IN ({_placeholders(kinds)}) AND ({city}) AND ({category}){woman}"
        " ORDER BY CASE WHEN r.locality_id IS NULL OR r.locality_id = 0 THEN 1 ELSE 0 END,"
        " CASE WHEN r.category = '' THEN 1 ELSE 0 END, r.priority, r.id LIMIT 1"
    )


def route(
    *,
    country: str,
    locality_id: int | None,
    categories: Iterable[str],
    share_with: Iterable[str],
    woman_needed: bool,
) -> Organisation | None:
    """The organisation of the best matching rule, or None for the coordinators' queue.

    A rule matches when its country equals the report's, its city (a gazetteer id) is empty or the
    report's city, and its category is empty or one of the report's. A report whose city the
    gazetteer does not know (`locality_id` None) is matched by rules for its whole country only.
    Among matches, a rule naming a city beats one that does not, a rule naming a category beats one
    that does not, then the lowest priority wins. Rules whose organisation the worker did not consent
    to, or that cannot offer a woman caseworker when one was asked for, never match.
    """
    wanted = sorted(set(categories))
    allowed = sorted(set(share_with))
    if not allowed:
        return None
    sql = _statement(len(wanted), len(allowed), locality_id is not None, woman_needed)
    params: list[Any] = [country, True, True, *allowed]
    if locality_id is not None:
        params.append(locality_id)
    params.extend(wanted)
    if woman_needed:
        params.append(True)
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return models_from_rows(Organisation, _ORGANISATION_FIELDS, [row])[0]
