"""`{% city_datalist country %}`: city suggestions for a text field, from the gazetteer, in the page's
language. A plain `<datalist>`: browsers suggest as the worker types, without any script."""

from __future__ import annotations

from typing import Any

from django import template

from korgoo.core.gazetteer import COUNTRIES, locality_suggestions

register = template.Library()


@register.inclusion_tag("core/city_datalist.html")
def city_datalist(country: Any = None, list_id: str = "city-suggestions") -> dict[str, Any]:
    """The largest cities of `country`, or of every country the gazetteer covers while the worker has
    not chosen one (an unknown value counts as not chosen)."""
    chosen = str(country) if country in COUNTRIES else None
    return {"list_id": list_id, "names": locality_suggestions(chosen)}
