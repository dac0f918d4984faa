"""JSON-ready dictionaries of calculator results, as the API returns them.

Amounts, rates and hours are strings with two decimal places ("50000.00", "21.00"), so that no
client reads them into a binary float; dates are ISO strings (YYYY-MM-DD); counts are integers.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from korgoo.evidence.calculators.deadlines import DeadlineItem, DeadlineReport
from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode
from korgoo.evidence.calculators.late_payment import LatePaymentResult
from korgoo.evidence.calculators.money import format_decimal
from korgoo.evidence.calculators.overtime import OvertimeResult, OvertimeWarning
from korgoo.evidence.calculators.sources import ResultWarning, Source
from korgoo.evidence.calculators.unpaid_wages import MonthWages, UnpaidWagesResult, WageWarning


@singledispatch
def serialize(result: object) -> dict[str, Any]:
    """The result of any calculator as a dictionary of JSON types."""
    raise CalculationError(ErrorCode.UNSUPPORTED_RESULT, f"Cannot serialize {type(result).__name__}.")


@serialize.register(Source)
def _source(source: Source) -> dict[str, Any]:
    return {
        "code": source.code,
        "article": source.article,
        "text": source.text,
        "reference": source.reference,
        "confirmed": source.confirmed,
        "checked_on": source.checked_on,
        "url": source.url,
        "params": dict(source.params),
    }


def _result_warning(warning: ResultWarning) -> dict[str, Any]:
    return {"code": warning.code, "text": warning.text, "params": dict(warning.params)}


@serialize.register(LatePaymentResult)
def _late_payment(result: LatePaymentResult) -> dict[str, Any]:
    return {
        "compensation": format_decimal(result.compensation),
        "currency": str(result.currency),
        "periods": [
            {
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "days": period.days,
                "rate": format_decimal(period.rate),
                "debt": format_decimal(period.debt),
                "amount": format_decimal(period.amount),
                "rate_confirmed": period.rate_confirmed,
            }
            for period in result.periods
        ],
        "sources": [_source(source) for source in result.sources],
        "warnings": [_result_warning(warning) for warning in result.warnings],
        "confirmed": result.confirmed,
    }


@serialize.register(OvertimeResult)
def _overtime(result: OvertimeResult) -> dict[str, Any]:
    return {
        "total": format_decimal(result.total),
        "currency": str(result.currency),
        "hourly_rate": f"{result.hourly_rate:f}",
        "normal_daily_hours": format_decimal(result.normal_daily_hours),
        "overtime_hours": format_decimal(result.overtime_hours),
        "days": [
            {
                "date": day.day.isoformat(),
                "rest_day": day.rest_day,
                "hours": format_decimal(day.hours),
                "normal_hours": format_decimal(day.normal_hours),
                "hours_at_1_5": format_decimal(day.hours_at_1_5),
                "hours_at_2": format_decimal(day.hours_at_2),
                "amount": format_decimal(day.amount),
            }
            for day in result.days
        ],
        "warnings": [_overtime_warning(warning) for warning in result.warnings],
        "sources": [_source(source) for source in result.sources],
    }


def _overtime_warning(warning: OvertimeWarning) -> dict[str, Any]:
    return {
        "code": warning.code,
        "article": warning.article,
        "text": warning.text,
        "from": warning.start.isoformat(),
        "to": warning.end.isoformat(),
        "hours": format_decimal(warning.hours),
        "limit": format_decimal(warning.limit),
        "confirmed": warning.confirmed,
    }


@serialize.register(UnpaidWagesResult)
def _unpaid_wages(result: UnpaidWagesResult) -> dict[str, Any]:
    return {
        "owed": format_decimal(result.owed),
        "earned": format_decimal(result.earned),
        "paid": format_decimal(result.paid),
        "overpaid": format_decimal(result.overpaid),
        "currency": str(result.currency),
        "pay_kind": str(result.pay_kind),
        "pay_rate": f"{result.pay_rate:f}",
        "months": [_month(month) for month in result.months],
        "warnings": [_wage_warning(warning) for warning in result.warnings],
        "sources": [_source(source) for source in result.sources],
    }


def _month(month: MonthWages) -> dict[str, Any]:
    return {
        "month": f"{month.year:04d}-{month.month:02d}",
        "days_worked": format_decimal(month.days_worked),
        "scheduled_days": month.scheduled_days,
        "scheduled_days_estimated": month.scheduled_days_estimated,
        "hours_worked": None if month.hours_worked is None else format_decimal(month.hours_worked),
        "earned": format_decimal(month.earned),
        "paid": format_decimal(month.paid),
        "owed": format_decimal(month.owed),
        "full_time_pay": format_decimal(month.full_time_pay),
        "minimum_wage": None if month.minimum_wage is None else format_decimal(month.minimum_wage),
        "minimum_wage_confirmed": month.minimum_wage_confirmed,
        "below_minimum_wage": month.below_minimum_wage,
    }


def _wage_warning(warning: WageWarning) -> dict[str, Any]:
    month = (
        None if warning.year is None or warning.month is None else f"{warning.year:04d}-{warning.month:02d}"
    )
    return {
        "code": warning.code,
        "text": warning.text,
        "month": month,
        "figure": None if warning.figure is None else format_decimal(warning.figure),
        "minimum_wage": None if warning.minimum_wage is None else format_decimal(warning.minimum_wage),
        "confirmed": warning.confirmed,
        "params": dict(warning.params),
    }


@serialize.register(DeadlineReport)
def _deadlines(report: DeadlineReport) -> dict[str, Any]:
    return {
        "country": str(report.country),
        "today": report.today.isoformat(),
        "items": [_deadline_item(item) for item in report.items],
        "sources": [_source(source) for source in report.sources],
    }


def _deadline_item(item: DeadlineItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "title_key": item.title_key,
        "kind": str(item.kind),
        "due_date": item.due_date.isoformat(),
        "days_left": item.days_left,
        "rule": _source(item.rule),
        "confirmed": item.confirmed,
        "checked_on": item.checked_on,
        "legal_last_day": item.due_date.isoformat(),
        "safe_day": item.safe_day.isoformat(),
        "safe_days_left": item.safe_days_left,
        "nominal_last_day": item.nominal_last_day.isoformat(),
        "moved_to_working_day": item.moved,
        "counted_from": item.counted_from.isoformat(),
        "counted_from_kind": str(item.counted_from_kind),
        "counting": _source(item.counting),
        "calendar_confirmed": item.calendar_confirmed,
        "status": str(item.status),
        "condition": None if item.condition is None else str(item.condition),
    }
