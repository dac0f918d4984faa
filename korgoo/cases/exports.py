"""The inbox export: the shape of each case, never its content, delivered sealed (SECURITY.md 21, 22).

Each format has its own permission (`case.export_csv`, `case.export_xlsx`). The file is never handed
over directly: it goes into a password-protected archive kept for one download by the member who asked
(`korgoo.organisations.services.export_seal`), and the page or API answer shows the password once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.core.exports import csv_bytes, xlsx_bytes
from korgoo.organisations.permissions import Perm, ensure_permission
from korgoo.organisations.services import SealedExport, export_seal

from . import selectors

EXPORT_KIND = "cases"
EXPORT_LIMIT = 50_000
EXPORT_PERMS = {"csv": Perm.CASE_EXPORT_CSV, "xlsx": Perm.CASE_EXPORT_XLSX}


def export_formats(actor: Actor) -> list[str]:
    """The formats the actor may export the inbox in (the page offers only these)."""
    return [fmt for fmt, perm in EXPORT_PERMS.items() if actor.has(perm)]


def inbox_table(*, actor: Actor, filters: selectors.InboxFilters) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the inbox as filtered, up to `EXPORT_LIMIT` rows: case reference, status,
    outcome, urgent, categories, country, city, dates, caseworker and money recovered."""
    header = [
        str(_("Case")),
        str(_("Status")),
        str(_("Outcome")),
        str(_("Urgent")),
        str(_("Categories")),
        str(_("Country")),
        str(_("City")),
        str(_("Reported on")),
        str(_("Deadline")),
        str(_("Caseworker")),
        str(_("Money recovered")),
        str(_("Currency")),
    ]
    rows = [
        [
            case.short_ref,
            case.get_status_display(),
            case.get_outcome_display() if case.outcome else "",
            bool(case.urgent),
            ", ".join(c.get_category_display() for c in case.categories.all()),
            case.country,
            case.city_name,
            case.reported_on.isoformat(),
            case.due_on.isoformat() if case.due_on else "",
            case.assignee.user.get_full_name() if case.assignee else "",
            case.money_recovered,
            case.money_currency,
        ]
        for case in selectors.case_list_for(actor=actor, filters=filters)[:EXPORT_LIMIT]
    ]
    return header, rows


@transaction.atomic
def inbox_export(*, actor: Actor, filters: selectors.InboxFilters, file_format: str) -> SealedExport:
    """The organisation's inbox as filtered, as CSV or XLSX inside a password-protected archive kept
    for one download by the member who asked. Needs the format's own permission; writes the audit row
    `case.exported` (format, number of rows) in the same transaction."""
    permission = EXPORT_PERMS.get(file_format)
    if permission is None:
        raise NotFound()
    ensure_permission(actor, permission)
    header, rows = inbox_table(actor=actor, filters=filters)
    data = csv_bytes(header, rows) if file_format == "csv" else xlsx_bytes([(str(_("Cases")), header, rows)])
    return export_seal(
        actor=actor,
        kind=EXPORT_KIND,
        permission=permission,
        file_format=file_format,
        name=f"korgoo-cases-{timezone.localdate().isoformat()}.{file_format}",
        data=data,
        rows=len(rows),
        action="case.exported",
    )
