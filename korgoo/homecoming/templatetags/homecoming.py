"""The homecoming panels, placed on pages of other apps (the worker's tracking page, the staff's
case page) by template tag, so those apps need not import this one."""

from __future__ import annotations

from typing import Any

from django import template

from korgoo.intake import services as intake
from korgoo.intake.sessions import WORKER_COOKIE

from ..pages import staff_panel, worker_panel

register = template.Library()


@register.inclusion_tag("homecoming/_worker_panel.html", takes_context=True)
def homecoming_worker_panel(context: Any) -> dict[str, Any]:
    request = context["request"]
    report = intake.worker_session_report(request.COOKIES.get(WORKER_COOKIE))
    if report is None:
        return {"case": None}
    return worker_panel(report.case)


@register.inclusion_tag("homecoming/_case_panel.html", takes_context=True)
def homecoming_case_panel(context: Any) -> dict[str, Any]:
    request = context["request"]
    return {**staff_panel(request.actor, context["view"]), "csrf_token": context.get("csrf_token")}
