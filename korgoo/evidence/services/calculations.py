"""One entry point to the calculators for the web pages, the API, the case page and the command line.

Input is the JSON shape of the API (``kind`` plus a dictionary); amounts stay strings or integers
all the way to the engine, which refuses floats. The result carries the engine's object (for pages
and documents) and ``data``, exactly what the API returns. Saving a result to a case seals it with
the case's key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from korgoo.audit.services import audit_record
from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.cases.permissions import case_for_work
from korgoo.core.actor import Actor
from korgoo.core.errors import NotFound
from korgoo.evidence.calculators import (
    CalculationError,
    ErrorCode,
    Payment,
    WorkDay,
    WorkedMonth,
    check_deadlines,
    late_payment_compensation,
    overtime_pay,
    serialize,
    unpaid_wages,
)
from korgoo.organisations.permissions import Perm

from ..models import Author, Calculation, CalculationKind
from ..sealing import calculation_aad
from .rates import series

MAX_ROWS = 400


@dataclass(frozen=True)
class Computed:
    kind: str
    payload: dict[str, Any]
    result: Any
    data: dict[str, Any]


def _date(
    payload: Mapping[str, Any], field: str, *, required: bool = True, where: str = ""
) -> dt.date | None:
    name = where or field
    value = payload.get(field)
    if value in (None, ""):
        if required:
            raise CalculationError(ErrorCode.INVALID_DATE, f"{name}: a date is required.", field=name)
        return None
    if not isinstance(value, str):
        raise CalculationError(ErrorCode.INVALID_DATE, f"{name}: expected YYYY-MM-DD.", field=name)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CalculationError(
            ErrorCode.INVALID_DATE, f"{name}: {value!r} is not a date.", field=name
        ) from None


def _rows(payload: Mapping[str, Any], field: str) -> list[Mapping[str, Any]]:
    value = payload.get(field) or []
    if not isinstance(value, list) or len(value) > MAX_ROWS or not all(isinstance(v, Mapping) for v in value):
        raise CalculationError(ErrorCode.INVALID_AMOUNT, f"{field}: expected a list of objects.", field=field)
    return value


def _payments(payload: Mapping[str, Any]) -> list[Payment]:
    payments = []
    for index, row in enumerate(_rows(payload, "payments")):
        day = _date(row, "date", where=f"payments[{index}].date")
        assert day is not None
        payments.append(Payment(day=day, amount=_raw(row, "amount")))
    return payments


def _raw(values: Mapping[str, Any], key: str) -> Any:
    """A value as sent, for the engine to check (it refuses floats and anything not a number)."""
    return values.get(key)


def _flag(value: Any, field: str, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raise CalculationError(ErrorCode.INVALID_FLAG, f"{field}: expected true or false.", field=field)


def _late_payment(payload: Mapping[str, Any], today: dt.date) -> Any:
    country = payload.get("country", "")
    basis = payload.get("day_count_basis")
    rates = None
    if country in ("RU", "KZ"):
        rates = series("ru_key_rate" if country == "RU" else "kz_base_rate")
    try:
        return late_payment_compensation(
            country=country,
            debt=payload.get("amount"),  # type: ignore[arg-type]
            due_date=_date(payload, "due_date"),  # type: ignore[arg-type]
            as_of=_date(payload, "as_of", required=False) or today,
            payments=_payments(payload),
            day_count_basis=basis,
            rates=rates,
        )
    except CalculationError as error:
        if error.field == "debt":  # the engine's name; the form and the API call it the amount
            error.field = "amount"
        raise


def _overtime(payload: Mapping[str, Any], today: dt.date) -> Any:
    days = []
    for index, row in enumerate(_rows(payload, "days")):
        day = _date(row, "date", where=f"days[{index}].date")
        assert day is not None
        days.append(
            WorkDay(
                day=day,
                hours=_raw(row, "hours"),
                rest_day=_flag(row.get("rest_day"), f"days[{index}].rest_day"),
            )
        )
    extra = {}
    if payload.get("normal_daily_hours") not in (None, ""):
        extra["normal_daily_hours"] = payload["normal_daily_hours"]
    return overtime_pay(
        country=payload.get("country", ""), hourly_rate=_raw(payload, "hourly_rate"), days=days, **extra
    )


def _unpaid(payload: Mapping[str, Any], today: dt.date) -> Any:
    months = []
    for index, row in enumerate(_rows(payload, "months")):
        text = str(row.get("month", ""))
        try:
            year, month = (int(part) for part in text.split("-"))
        except ValueError:
            raise CalculationError(
                ErrorCode.INVALID_MONTH,
                f"months[{index}].month: {text!r} is not YYYY-MM.",
                field=f"months[{index}]",
            ) from None
        months.append(
            WorkedMonth(
                year=year,
                month=month,
                days_worked=_raw(row, "days_worked"),
                scheduled_days=_raw(row, "scheduled_days"),
                hours_worked=_raw(row, "hours_worked"),
            )
        )
    country = payload.get("country", "")
    extra: dict[str, Any] = {}
    if payload.get("normal_daily_hours") not in (None, ""):
        extra["normal_daily_hours"] = payload["normal_daily_hours"]
    if country in ("RU", "KZ"):
        extra["minimum_wages"] = series("ru_mrot" if country == "RU" else "kz_mzp")
    return unpaid_wages(
        country=country,
        pay_kind=payload.get("pay_kind", ""),
        pay_rate=_raw(payload, "pay_rate"),
        months=months,
        payments=_payments(payload),
        **extra,
    )


def _deadlines(payload: Mapping[str, Any], today: dt.date) -> Any:
    return check_deadlines(
        country=payload.get("country", ""),
        entry_date=_date(payload, "entry_date"),  # type: ignore[arg-type]
        purpose=payload.get("purpose", ""),
        has_contract=_flag(payload.get("has_contract"), "has_contract"),
        today=_date(payload, "today", required=False) or today,
        contract_start=_date(payload, "contract_start", required=False),
        contract_end=_date(payload, "contract_end", required=False),
        missed_payday=_date(payload, "missed_payday", required=False),
        dismissal_date=_date(payload, "dismissal_date", required=False),
        order_received=_date(payload, "order_received", required=False),
    )


RUNNERS = {
    CalculationKind.LATE_PAYMENT: _late_payment,
    CalculationKind.OVERTIME: _overtime,
    CalculationKind.UNPAID_WAGES: _unpaid,
    CalculationKind.DEADLINES: _deadlines,
}


def calculate(kind: str, payload: Mapping[str, Any], *, today: dt.date | None = None) -> Computed:
    """Run one calculator on an API-shaped payload; ``CalculationError`` for any wrong input."""
    if not isinstance(payload, Mapping):
        raise CalculationError(ErrorCode.INVALID_AMOUNT, "The body must be a JSON object.")
    runner = RUNNERS[CalculationKind(kind)]
    result = runner(payload, today or timezone.localdate())
    return Computed(kind=str(kind), payload=dict(payload), result=result, data=serialize(result))


def late_payment_details(result: Any) -> dict[str, Any]:
    """What the API shape leaves out and a letter needs: the debt, dates and what is still unpaid."""
    return {
        "debt": f"{result.debt:.2f}",
        "due_date": result.due_date.isoformat(),
        "as_of": result.as_of.isoformat(),
        "last_day": result.last_day.isoformat(),
        "days_of_delay": result.days_of_delay,
        "outstanding": f"{result.outstanding:.2f}",
        "fully_paid": result.fully_paid,
    }


# --- Saving a calculation to a case ----------------------------------------------------------------------


def _stored(computed: Computed) -> dict[str, Any]:
    stored = {"input": computed.payload, "result": computed.data}
    if computed.kind == CalculationKind.LATE_PAYMENT:
        stored["details"] = late_payment_details(computed.result)
    return stored


@transaction.atomic
def calculation_save_by_worker(*, case: Case, computed: Computed) -> Calculation:
    """The worker keeps a calculation with their report, for the organisation and the documents."""
    if case.content_erased or not case.wrapped_key:
        raise NotFound()
    return _save(case, computed, Author.WORKER, None)


@transaction.atomic
def calculation_save_by_staff(*, actor: Actor, case: Case, computed: Computed) -> Calculation:
    """A caseworker of the organisation holding the case saves a calculation to it."""
    case = case_for_work(actor=actor, case=case, perm=Perm.CASE_WORK)
    if case.content_erased:
        raise NotFound()
    return _save(case, computed, Author.ORGANISATION, actor)


def _save(case: Case, computed: Computed, author: str, actor: Actor | None) -> Calculation:
    row = Calculation(
        case=case,
        kind=computed.kind,
        author=author,
        organisation=actor.organisation if actor else None,
        member=actor.membership if actor else None,
        created_at=timezone.now(),
    )
    row.sealed_data = vault.seal_json(case, _stored(computed), calculation_aad(case, row.pk))
    row.save(force_insert=True)
    audit_record(
        actor=actor,
        action="evidence.calculation_saved",
        object_type="case",
        object_id=case.pk,
        organisation_id=case.organisation_id if actor is None else None,
        details={"kind": computed.kind, "calculation": str(row.pk)},
    )
    return row
