"""Select options written in Python, for the pages staff load most (the inbox, the case page):
Django's widget templates render each option through a template of its own."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from korgoo.cases.choices import Category

register = template.Library()

OPTION = '<option value="{}">{}</option>'
SELECTED = '<option value="{}" selected>{}</option>'


@register.filter
def options(field: BoundField) -> SafeString:
    value = field.value()
    current = "" if value is None else str(value)
    choices = field.field.choices  # type: ignore[attr-defined]
    return format_html_join(
        "",
        "{}",
        ((format_html(SELECTED if str(v) == current else OPTION, v, label),) for v, label in choices),
    )


@register.filter
def category_label(code: str) -> str:
    """A category code as its name in the page's language (the code itself if unknown)."""
    return str(Category(code).label) if code in Category.values else code
