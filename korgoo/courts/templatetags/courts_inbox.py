"""The court alerts box of the staff inbox: the open court tasks of the member's mission."""

from __future__ import annotations

from typing import Any

from django import template

from korgoo.courts.selectors import alert_list_for

register = template.Library()


@register.inclusion_tag("courts/_inbox_alerts.html", takes_context=True)
def court_alerts_box(context: Any) -> dict[str, Any]:
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"court_alerts": []}
    alerts = alert_list_for(actor=actor)
    shown = list(alerts[:5])
    return {"court_alerts": shown, "court_alert_count": alerts.count() if shown else 0}
