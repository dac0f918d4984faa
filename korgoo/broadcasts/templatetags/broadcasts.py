"""`{% broadcast_alerts %}`: the alerts in force, on the worker home page (no import of this app
by the page's own app)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from korgoo.core.choices import Country
from korgoo.intake import services as intake
from korgoo.intake.sessions import WORKER_COOKIE

from ..selectors import alerts_countries, alerts_in_force

register = template.Library()


@register.inclusion_tag("broadcasts/_alerts.html", takes_context=True)
def broadcast_alerts(context: Any, limit: int = 5) -> dict[str, Any]:
    """On the worker home page: the alerts in force, and when they are of more than one country, a
    link for each of those countries that shows only its alerts (`?country=RU`; nothing is kept)."""
    language = (get_language() or "ky")[:2]
    asked = context["request"].GET.get("country", "")
    chosen = asked if asked in Country.values else ""
    found = list(alerts_in_force(country=chosen)[:limit])
    in_force = alerts_countries()
    labels = dict(Country.choices)
    return {
        "alerts": [{"alert": alert, "text": alert.text_in(language)} for alert in found],
        "countries": [(code, labels[code]) for code in in_force] if len(in_force) > 1 or chosen else [],
        "chosen": chosen,
        "chosen_name": labels.get(chosen, ""),
    }


@register.inclusion_tag("broadcasts/_alerts.html", takes_context=True)
def broadcast_alerts_for_report(context: Any, limit: int = 5) -> dict[str, Any]:
    """On the tracking page: the alerts in force for the place of the report (its city's and its
    country's), and once the worker is home, those for Kyrgyzstan."""
    report = intake.worker_session_report(context["request"].COOKIES.get(WORKER_COOKIE))
    if report is None:
        return {"alerts": []}
    case = report.case
    language = (get_language() or "ky")[:2]
    found = list(alerts_in_force(country=case.country, locality_id=case.locality_id)[:limit])
    if case.country != Country.KG and hasattr(case, "homecoming"):
        found += list(alerts_in_force(country=Country.KG)[:limit])
    return {"alerts": [{"alert": alert, "text": alert.text_in(language)} for alert in found[:limit]]}
