"""Staff accounts. Workers never have accounts: they come back with their receipt."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Language


class User(AbstractUser):
    """A staff member. `is_superuser` marks a platform administrator, who manages organisations and
    accounts but holds no organisation's permissions, so cannot read cases.

    `session_epoch` is part of the session hash: raising it ends every session of the user at once
    (an administrator's "log out everywhere").
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.RU
    )
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    REQUIRED_FIELDS = ["email"]

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "korgoo.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()

    def __str__(self) -> str:
        return self.get_full_name()
