"""Small filters for evidence pages and documents: dates as documents write them, money with thin
grouping, the calculators' text for the page's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from korgoo.evidence import texts

register = template.Library()


@register.filter
def ru_date(value: Any) -> str:
    """15.03.2025 from a date or an ISO string; anything else unchanged."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value or "")


@register.filter
def money(value: Any) -> str:
    """50 000.00 from "50000.00"; empty for nothing."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number:,.2f}".replace(",", "\u00a0")


@register.filter
def source_label(source: dict[str, Any]) -> str:
    return texts.source_label(source)


@register.filter
def source_note(source: dict[str, Any]) -> str:
    return texts.source_note(source)


@register.filter
def warning_text(warning: dict[str, Any]) -> str:
    return texts.warning_text(warning)


@register.filter
def deadline_title(code: str) -> str:
    return texts.deadline_title(code)


@register.filter
def counted_from(item: dict[str, Any]) -> str:
    return texts.counted_from(item)


@register.filter
def condition_text(code: Any) -> str:
    return texts.condition_text(code)


@register.filter
def ru_citation(source: dict[str, Any]) -> str:
    return texts.ru_citation(source)


@register.filter
def ru_plural(value: Any, forms: str) -> str:
    """The Russian form of a noun after a number: ``{{ n|ru_plural:"запись,записи,записей" }}``."""
    one, few, many = [*forms.split(","), "", "", ""][:3]
    try:
        number = abs(int(value))
    except (TypeError, ValueError):
        return many
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


@register.filter
def cur(code: Any) -> str:
    """A currency as Russian documents write it."""
    return {"RUB": "рублей", "KZT": "тенге", "KGS": "сом", "USD": "долларов США"}.get(str(code), str(code))
