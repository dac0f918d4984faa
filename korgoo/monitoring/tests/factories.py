"""Making cases for monitoring tests: chosen dates, outcomes, money and employers, sealed like real
cases (so the refresh job reads them as it reads production data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from korgoo.cases import vault
from korgoo.cases.choices import Status
from korgoo.cases.models import Case, CaseCategory
from korgoo.core.gazetteer import locality_match
from korgoo.organisations.models import Organisation


def months_ago(n: int, day: int = 10) -> dt.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, day)


def make_case(
    org: Organisation | None,
    *,
    country: str = "RU",
    city: str = "Moscow",
    categories: tuple[str, ...] = ("unpaid_wages",),
    reported_on: dt.date | None = None,
    urgent: bool = False,
    employer: str = "",
    responded_hours: float | None = None,
    closed_hours: float | None = None,
    outcome: str = "",
    money: Decimal | None = None,
    currency: str = "",
    sector: str = "",
) -> Case:
    reported_on = reported_on or months_ago(1)
    created = dt.datetime.combine(reported_on, dt.time(9, 0), tzinfo=dt.UTC)
    # As intake does: the typed city becomes a gazetteer id, the words are sealed with the report.
    case = Case(
        organisation=org,
        country=country,
        locality_id=locality_match(city, country),
        sector=sector,
        language="ru",
        reported_on=reported_on,
        urgent=urgent,
        share_with=["ngo", "trade_union", "embassy"],
        last_activity_at=created,
    )
    vault.new_case_key(case)
    vault.seal_report(
        case, {"city": city, "description": "Не заплатили.", "employer_name": employer, "full_name": ""}
    )
    case.save(force_insert=True)
    CaseCategory.objects.bulk_create([CaseCategory(case=case, category=c) for c in categories])
    changes: dict[str, Any] = {"created_at": created}
    if responded_hours is not None:
        changes["first_response_at"] = created + dt.timedelta(hours=responded_hours)
    if closed_hours is not None:
        changes.update(
            status=Status.CLOSED,
            closed_at=created + dt.timedelta(hours=closed_hours),
            outcome=outcome or "resolved",
            money_recovered=money,
            money_currency=currency if money is not None else "",
        )
    Case.objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case
