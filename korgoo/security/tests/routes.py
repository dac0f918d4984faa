"""The route inventory: every URL pattern of the project with its view and access class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    path: str  # with <converter:name> placeholders, language prefix as "ky/"
    name: str
    view: Any
    params: tuple[str, ...]
    default_kwargs: dict[str, Any]

    @property
    def access(self) -> str:
        if self.path.startswith("/ky/admin/"):
            return "platform-admin"  # Django admin: every view requires an active staff account
        view = self.view
        cls = getattr(view, "view_class", None) or getattr(view, "cls", None)
        if cls is not None:
            from rest_framework.permissions import AllowAny

            if getattr(cls, "permission_classes", None) and all(
                p is AllowAny for p in cls.permission_classes
            ):
                return "public"
            if cls.__module__.startswith("drf_spectacular"):
                return "public"
            return "staff-api"
        if getattr(view, "korgoo_access", None):
            return str(view.korgoo_access)
        return ""


def _walk(patterns: list[Any], prefix: str, namespace: str) -> list[Route]:
    found: list[Route] = []
    for entry in patterns:
        pattern = str(entry.pattern)
        if pattern.startswith("^") or "(?P<" in pattern:
            pattern = "ky/" if pattern in ("^ky/", "ky/") else pattern
        if isinstance(entry, URLResolver):
            pattern = "ky/" if entry.pattern.__class__.__name__ == "LocalePrefixPattern" else pattern
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _walk(entry.url_patterns, prefix + pattern, ns)
        elif isinstance(entry, URLPattern):
            params = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            found.append(
                Route(
                    path=prefix + pattern,
                    name=f"{namespace}{entry.name or ''}",
                    view=entry.callback,
                    params=params,
                    default_kwargs=dict(entry.default_args or {}),
                )
            )
    return found


def all_routes() -> list[Route]:
    return _walk(get_resolver().url_patterns, "/", "")


def fill(route: Route, values: dict[str, Any]) -> str:
    path = route.path
    for name in route.params:
        marker_start = path.index("<")
        marker_end = path.index(">", marker_start)
        path = path[:marker_start] + str(values.get(name, 1)) + path[marker_end + 1 :]
    return path
