"""Reads of staff accounts that do not depend on who asks."""

from __future__ import annotations

from django.conf import settings

from .models import User


def demo_users() -> list[User]:
    """The accounts a newcomer can log in with, for the login page of the demo (and only the demo:
    elsewhere the login page names no account, so it cannot be used to learn which exist)."""
    if not settings.KORGOO_DEMO:
        return []
    return list(User.objects.filter(is_active=True).only("username", "full_name").order_by("username"))
