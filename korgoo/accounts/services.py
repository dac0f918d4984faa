"""Staff authentication: password, then a TOTP code; throttled per account and per client.

Throttling is never global: an attacker hammering one account, or from one address, cannot lock
everybody else out. Existing and unknown accounts get the same answers (Django's backend also runs
the password hasher for unknown usernames, so timing matches). Every login and failed login leaves an
audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, Throttled, Unauthenticated
from korgoo.core.throttle import Window

from .models import User

GENERIC_FAILURE = _("The username, password or code is not right.")


@dataclass(frozen=True)
class LoginResult:
    user: User
    needs_enrolment: bool


def _windows(username: str, client: str) -> tuple[Window, Window]:
    seconds = settings.KORGOO_LOGIN_WINDOW_SECONDS
    account = Window(
        f"login-fail:user:{username.casefold()[:150]}", settings.KORGOO_LOGIN_FAILURES_PER_ACCOUNT, seconds
    )
    per_client = Window(f"login-fail:client:{client}", settings.KORGOO_LOGIN_FAILURES_PER_CLIENT, seconds)
    return account, per_client


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _fail(account: Window, per_client: Window, user_id: Any = None) -> ApplicationError:
    account.hit()
    per_client.hit()
    with transaction.atomic():
        audit_record(actor=Actor(), action="auth.login_failed", object_type="user", object_id=user_id or "")
    return Unauthenticated("login_failed", GENERIC_FAILURE)


def login_check(
    *, request: HttpRequest | None, username: str, password: str, otp: str, client: str
) -> LoginResult:
    """Check a login attempt. Returns the user (and whether a TOTP device must be set up first),
    or raises the same error for every kind of failure."""
    account, per_client = _windows(username, client)
    if account.exceeded() or per_client.exceeded():
        raise Throttled(max(account.retry_after, per_client.retry_after))
    if len(password) > settings.KORGOO_PASSWORD_MAX_LENGTH or len(username) > 150:
        raise _fail(account, per_client)
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User) or not user.is_active:
        raise _fail(account, per_client)
    device = confirmed_device(user)
    if device is not None:
        if not otp or not device.verify_token(otp.strip().replace(" ", "")):
            raise _fail(account, per_client, user.pk)
        return LoginResult(user=user, needs_enrolment=False)
    if settings.KORGOO_REQUIRE_2FA:
        return LoginResult(user=user, needs_enrolment=True)
    return LoginResult(user=user, needs_enrolment=False)


def login_succeeded(*, user: User, username: str, client: str) -> None:
    account, _per_client = _windows(username, client)
    account.reset()
    with transaction.atomic():
        audit_record(actor=Actor(user=user), action="auth.login", object_type="user", object_id=user.pk)


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed TOTP device for the user; replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Korgoo", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device_id: int, code: str) -> TOTPDevice:
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        raise ApplicationError(
            "otp_invalid", _("The code is not right. Check the time on your phone and try again.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=Actor(user=user), action="auth.totp_enrolled", object_type="user", object_id=user.pk)
    return device


@transaction.atomic
def user_sessions_end(*, actor: Actor, user: User) -> None:
    """End every session of a user at once (platform administrators, or the user themself)."""
    if not (actor.is_platform_admin or actor.user_id == user.pk):
        raise ApplicationError("permission_denied", _("You do not have permission to do this."))
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    audit_record(actor=actor, action="auth.sessions_ended", object_type="user", object_id=user.pk)
