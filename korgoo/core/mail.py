"""E-mail to staff members: the one door for the notifications the outbox delivers.

Each member gets their own message, written in their language (`compose` runs with it active), to
the address on their account; members without one are skipped. With the outbox message's key, each
message carries a Message-ID fixed by that key and the member, so a redelivery after a crash is
recognisable downstream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation


def absolute_url(path: str) -> str:
    """A path of this installation as a link to put in an e-mail."""
    return str(settings.KORGOO_BASE_URL).rstrip("/") + path


def mail_members(
    members: Iterable[Any], compose: Callable[[Any], tuple[str, str]], *, message_key: str = ""
) -> int:
    """Send each member (with `user` loaded) the subject and body `compose` writes for them; returns
    how many were sent."""
    connection = get_connection()
    sent = 0
    for member in members:
        user = member.user
        if not user.email:
            continue
        with translation.override(user.preferred_language):
            subject, body = compose(member)
        message = EmailMessage(subject=subject, body=body, to=[user.email], connection=connection)
        if message_key:
            message.extra_headers["Message-ID"] = f"<{message_key.replace(':', '.')}.{member.pk}@korgoo>"
        message.send()
        sent += 1
    return sent
