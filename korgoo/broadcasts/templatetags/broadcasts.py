"""`{% broadcast_alerts %}`: the alerts in force, on the worker home page (no import of this app
by the page's own app)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from ..selectors import alerts_in_force

register = template.Library()


@register.inclusion_tag("broadcasts/_alerts.html")
def broadcast_alerts(limit: int = 5) -> dict[str, Any]:
    language = (get_language() or "ky")[:2]
    return {
        "alerts": [{"alert": alert, "text": alert.text_in(language)} for alert in alerts_in_force()[:limit]]
    }
