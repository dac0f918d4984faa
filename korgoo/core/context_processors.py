"""Template context every page needs: language links that keep the current page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def korgoo(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    parts = path.lstrip("/").split("/", 1)
    codes = {code for code, _ in settings.LANGUAGES}
    rest = parts[1] if parts and parts[0] in codes and len(parts) > 1 else ""
    return {
        "language_links": [
            {"code": code, "name": name, "url": f"/{code}/{rest}"} for code, name in settings.LANGUAGES
        ],
        "korgoo_demo": settings.KORGOO_DEMO,
        "quick_exit_url": settings.KORGOO_QUICK_EXIT_URL,
    }
