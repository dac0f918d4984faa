"""The retention periods must be whole, positive numbers of days."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

SETTINGS = (
    "KORGOO_RETENTION_CLOSED_CASE_DAYS",
    "KORGOO_RETENTION_INACTIVE_RECEIPT_DAYS",
    "KORGOO_RETENTION_BATCH",
)


@register()
def retention_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for name in SETTINGS:
        value = getattr(settings, name, None)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(
                Error(f"{name} must be a whole number of at least 1 (it is {value!r}).", id="korgoo.E301")
            )
    return errors
