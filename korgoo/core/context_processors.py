"""Template context every page needs: language links that keep the current page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The staff menu: (permission, URL name, label[, a permission that hides it]). An entry shows when the
# actor holds the permission (and not the hiding one, whose own entry leads there already) and the URL
# exists.
STAFF_MENU = [
    ("case.view", "cases:inbox", _("Inbox")),
    ("case.view", "referrals:overview", _("Referrals")),
    ("queue.view", "cases:queue", _("Queue")),
    ("queue.view", "channels:health", _("Messenger channels")),
    ("routing.manage", "cases:routing", _("Routing rules")),
    ("routing.network", "broadcasts:list", _("Broadcasts")),
    ("case.view", "cases:routing_ours", _("How reports reach us")),
    ("monitoring.view", "monitoring:dashboard", _("Monitoring")),
    # Members who enter health counts without seeing monitoring reach the page that holds the form.
    ("health.enter", "monitoring:health", _("Health statistics"), "monitoring.view"),
    ("content.edit", "knowledge:editor", _("Articles")),
    ("directory.edit_own", "directory:own_entry", _("Our entry in the directory")),
    ("directory.edit", "directory:editor", _("Directory entries")),
    ("replies.manage", "replies:templates", _("Reply templates")),
    ("catalogue.manage", "directory:coverage", _("Services and coverage")),
    ("agencies.monitor", "agencies:monitor", _("Agencies")),
    ("courts.monitor", "courts:list", _("Court decisions")),
    ("audit.view", "audit:events", _("Audit log")),
    (None, "profile:me", _("About me")),
    (None, "tokens:list", _("API tokens")),
]


def staff_menu(actor: Any) -> list[dict[str, Any]]:
    items = []
    for entry in STAFF_MENU:
        perm, name, label = entry[0], str(entry[1]), entry[2]
        hidden_by = entry[3] if len(entry) > 3 else None
        if actor is None or (perm is not None and not actor.has(perm)):
            continue
        if hidden_by is not None and actor.has(hidden_by):
            continue
        try:
            items.append({"url": reverse(name), "label": label})
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
