"""Template context every page needs: language links that keep the current page."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .choices import OrganisationKind


class MenuEntry(NamedTuple):
    """An entry of the staff menu. It shows when the actor holds `permission` (None: every member),
    does not hold `hidden_by` (whose own entry leads there already), belongs to an organisation of
    one of `kinds` (None: any), and the URL exists."""

    permission: str | None
    url_name: str
    label: Any
    hidden_by: str | None = None
    kinds: frozenset[str] | None = None


STAFF_MENU = [
    MenuEntry("case.view", "cases:inbox", _("Inbox")),
    MenuEntry("case.view", "referrals:overview", _("Referrals")),
    MenuEntry("queue.view", "cases:queue", _("Queue")),
    MenuEntry("queue.view", "channels:health", _("Messenger channels")),
    MenuEntry("routing.manage", "cases:routing", _("Routing rules")),
    MenuEntry("routing.network", "broadcasts:list", _("Broadcasts")),
    MenuEntry("case.view", "cases:routing_ours", _("How reports reach us")),
    MenuEntry("monitoring.view", "monitoring:dashboard", _("Monitoring")),
    # Members who enter health counts without seeing monitoring reach the page that holds the form.
    MenuEntry("health.enter", "monitoring:health", _("Health statistics"), hidden_by="monitoring.view"),
    MenuEntry("content.edit", "knowledge:editor", _("Articles")),
    MenuEntry("directory.edit_own", "directory:own_entry", _("Our entry in the directory")),
    MenuEntry("directory.edit", "directory:editor", _("Directory entries")),
    MenuEntry("replies.manage", "replies:templates", _("Reply templates")),
    MenuEntry("catalogue.manage", "directory:coverage", _("Services and coverage")),
    MenuEntry("agencies.monitor", "agencies:monitor", _("Agencies")),
    # Every caseworker may work a hall's desk, but only embassies and consulates have a hall.
    MenuEntry(
        "consular.desk",
        "consular_staff:desk",
        _("Consular reception"),
        kinds=frozenset({OrganisationKind.EMBASSY}),
    ),
    MenuEntry("courts.monitor", "courts:list", _("Court decisions")),
    MenuEntry("audit.view", "audit:events", _("Audit log")),
    MenuEntry(None, "profile:me", _("About me")),
    MenuEntry(None, "tokens:list", _("API tokens")),
]


def staff_menu(actor: Any) -> list[dict[str, Any]]:
    if actor is None:
        return []
    kind = actor.organisation.kind if actor.organisation is not None else None
    items = []
    for entry in STAFF_MENU:
        if entry.permission is not None and not actor.has(entry.permission):
            continue
        if entry.hidden_by is not None and actor.has(entry.hidden_by):
            continue
        if entry.kinds is not None and kind not in entry.kinds:
            continue
        try:
            items.append({"url": reverse(entry.url_name), "label": entry.label})
        except NoReverseMatch:
            continue
    return items


def korgoo(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    parts = path.lstrip("/").split("/", 1)
    codes = {code for code, _ in settings.LANGUAGES}
    rest = parts[1] if parts and parts[0] in codes and len(parts) > 1 else ""
    return {
        "language_links": [
            {"code": code, "name": name, "url": f"/{code}/{rest}"} for code, name in settings.LANGUAGES
        ],
        "quick_exit_url": settings.KORGOO_QUICK_EXIT_URL,
        "staff_menu": lambda: staff_menu(getattr(request, "actor", None)),
    }
