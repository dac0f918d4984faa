"""Password rules beyond Django's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """Refuses over-long passwords, so that nobody can make the server hash megabytes."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > settings.KORGOO_PASSWORD_MAX_LENGTH:
            raise ValidationError(_("This password is too long."), code="password_too_long")

    def get_help_text(self) -> str:
        limit = settings.KORGOO_PASSWORD_MAX_LENGTH
        return ngettext(
            "Your password must be at most %(max)d character.",
            "Your password must be at most %(max)d characters.",
            limit,
        ) % {"max": limit}
