"""Staff authentication and sessions (SECURITY.md requirements 15-19)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from korgoo.accounts.models import User
from korgoo.audit.models import AuditEvent
from korgoo.conftest import PASSWORD, SUITE_NOW, make_member, make_org, make_user
from korgoo.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock_stands_still(clock: time_machine.Traveller) -> None:
    """A one-time code is built at the very instant the server checks it: the clock does not tick,
    so no code is made in one 30-second step and checked in the next."""
    clock.move_to(SUITE_NOW, tick=False)


LOGIN = "/ru/accounts/login/"


def device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def member(db: Any) -> Any:
    return make_member(make_org("NGO"), "worker.one", Role.CASEWORKER)


def test_argon2id_is_the_password_hasher_of_every_real_settings_module() -> None:
    from korgoo.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("x" * 12, "saltsaltsalt").startswith("argon2$argon2id$")


def test_stored_hash_is_argon2id(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = make_user("hashcheck")
    assert user.password.startswith("argon2$argon2id$")


def test_over_long_password_is_refused_before_hashing(member: Any, monkeypatch: Any) -> None:
    from django.contrib.auth import hashers

    calls: list[str] = []
    real = hashers.check_password
    monkeypatch.setattr(hashers, "check_password", lambda *a, **k: calls.append("x") or real(*a, **k))
    from django.contrib.auth.hashers import MD5PasswordHasher

    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda *a, **k: calls.append("verify") or False)
    response = Client().post(LOGIN, {"username": "worker.one", "password": "p" * 100_000})
    assert response.status_code == 400
    assert calls == []


def test_login_needs_the_one_time_code_and_a_code_cannot_be_reused(member: Any) -> None:
    device = device_for(member.user)
    no_code = Client().post(LOGIN, {"username": "worker.one", "password": PASSWORD})
    assert no_code.status_code == 400 and "_auth_user_id" not in no_code.client.session
    one = code(device)
    first = Client()
    ok = first.post(LOGIN, {"username": "worker.one", "password": PASSWORD, "otp": one})
    assert ok.status_code == 302
    assert first.get("/ru/staff/").status_code == 200
    replay = Client().post(LOGIN, {"username": "worker.one", "password": PASSWORD, "otp": one})
    assert replay.status_code == 400


def test_first_login_sets_up_two_factor_before_any_access(member: Any) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "worker.one", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/login/two-factor/")
    assert client.get("/ru/staff/").status_code == 302  # not logged in yet
    page = client.get("/ru/accounts/login/two-factor/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=member.user, confirmed=False)
    wrong = client.post(
        "/ru/accounts/login/two-factor/", {"code": "000000" if code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    done = client.post("/ru/accounts/login/two-factor/", {"code": code(device)})
    assert done.status_code == 302
    assert client.get("/ru/staff/").status_code == 200
    assert TOTPDevice.objects.get(user=member.user).confirmed


def test_throttle_is_per_account_and_per_client_never_global(member: Any, settings: Any) -> None:
    settings.KORGOO_LOGIN_FAILURES_PER_ACCOUNT = 3
    other = make_member(make_org("Other"), "worker.two", Role.CASEWORKER)
    device_one, device_two = device_for(member.user), device_for(other.user)
    attacker = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(3):
        attacker.post(LOGIN, {"username": "worker.one", "password": "wrong-password"})
    locked = Client(REMOTE_ADDR="198.51.100.2").post(
        LOGIN, {"username": "worker.one", "password": PASSWORD, "otp": code(device_one)}
    )
    assert locked.status_code == 429
    fine = Client(REMOTE_ADDR="198.51.100.1").post(
        LOGIN, {"username": "worker.two", "password": PASSWORD, "otp": code(device_two)}
    )
    assert fine.status_code == 302  # another account logs in, even from the attacker's address
    import datetime as dt

    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.KORGOO_LOGIN_WINDOW_SECONDS + 5)
    with time_machine.travel(later, tick=False):  # the window expired: the account logs in again
        again = Client().post(
            LOGIN, {"username": "worker.one", "password": PASSWORD, "otp": code(device_one)}
        )
    assert again.status_code == 302


def test_unknown_and_real_accounts_get_identical_answers(member: Any) -> None:
    device_for(member.user)
    real = Client().post(LOGIN, {"username": "worker.one", "password": "wrong-password", "otp": "123456"})
    fake = Client().post(LOGIN, {"username": "nobody.here", "password": "wrong-password", "otp": "123456"})
    assert real.status_code == fake.status_code == 400

    def normal(body: bytes, username: bytes) -> bytes:
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body.replace(username, b"X"))

    assert normal(real.content, b"worker.one") == normal(fake.content, b"nobody.here")
    assert sorted(real.headers) == sorted(fake.headers)
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 2


def _logged_in(member: Any) -> tuple[Client, str]:
    device = TOTPDevice.objects.filter(user=member.user, confirmed=True).first() or device_for(member.user)
    client = Client()
    client.get(LOGIN)
    before = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    response = client.post(
        LOGIN, {"username": member.user.username, "password": PASSWORD, "otp": code(device)}
    )
    assert response.status_code == 302
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert before is None or before.value != after
    return client, after


def _replay(session_key: str) -> int:
    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session_key
    return client.get("/ru/staff/").status_code


def test_logout_ends_the_session_on_the_server(member: Any) -> None:
    client, key = _logged_in(member)
    client.post("/ru/accounts/logout/")
    assert _replay(key) == 302


def test_password_change_deactivation_and_admin_kill_end_sessions(member: Any) -> None:
    from korgoo.accounts.services import user_sessions_end
    from korgoo.core.actor import Actor

    _client, key = _logged_in(member)
    member.user.set_password("another-long-password")
    member.user.save()
    assert _replay(key) == 302

    member.user.set_password(PASSWORD)
    member.user.save()
    _client, key = _logged_in_again(member)
    User.objects.filter(pk=member.user.pk).update(is_active=False)
    assert _replay(key) == 302
    User.objects.filter(pk=member.user.pk).update(is_active=True)

    _client, key = _logged_in_again(member, offset=2)
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    user_sessions_end(
        actor=Actor(user=admin, is_platform_admin=True), user=User.objects.get(pk=member.user.pk)
    )
    assert _replay(key) == 302


def _logged_in_again(member: Any, offset: int = 1) -> tuple[Client, str]:
    device = TOTPDevice.objects.get(user=member.user, confirmed=True)
    client = Client()
    response = client.post(
        LOGIN, {"username": member.user.username, "password": PASSWORD, "otp": code(device, offset)}
    )
    assert response.status_code == 302, response.content[:300]
    return client, client.cookies[django_settings.SESSION_COOKIE_NAME].value


def test_idle_and_absolute_session_limits(member: Any) -> None:
    with time_machine.travel("2026-01-10 08:00:00", tick=False) as frozen:
        client, _key = _logged_in(member)
        frozen.shift(29 * 60)
        assert client.get("/ru/staff/").status_code == 200
        frozen.shift(31 * 60)
        assert client.get("/ru/staff/").status_code == 302  # idle more than 30 minutes
    with time_machine.travel("2026-01-11 08:00:00", tick=False) as frozen:
        client, _key = _logged_in_again(member)
        for _ in range(25):  # active every 29 minutes, for 12 h 5 min
            frozen.shift(29 * 60)
            status = client.get("/ru/staff/").status_code
        assert status == 302


def test_a_session_only_read_is_saved_again_at_most_once_a_minute(member: Any) -> None:
    def saved(client: Client) -> bool:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ru/staff/").status_code == 200
        return any(q["sql"].startswith('UPDATE "django_session"') for q in queries.captured_queries)

    with time_machine.travel("2026-01-12 08:00:00", tick=False) as frozen:
        client, _key = _logged_in(member)
        assert saved(client)  # 08:00:00, its expiry now 08:30:00
        frozen.shift(50)
        assert not saved(client)  # 08:00:50: read only, the expiry stays
        frozen.shift(29 * 60)
        assert saved(client)  # 08:29:50, still inside the 30 minutes of the last save; saved again
        frozen.shift(30)
        assert not saved(client)  # 08:30:20: alive, the save of 08:29:50 moved the expiry on
        frozen.shift(30 * 60 + 1)
        assert client.get("/ru/staff/").status_code == 302  # more than 30 idle minutes after the save


def test_production_cookies_are_host_prefixed_secure_and_http_only() -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "korgoo.config.settings.production",
        "KORGOO_SECRET_KEY": "x" * 60,
        "KORGOO_RECEIPT_PEPPER": "p" * 32,
        "KORGOO_ROOT_KEYS": "k1:" + "a" * 43 + "=",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:1/db",
        "KORGOO_ALLOWED_HOSTS": "korgoo.example",
    }
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, s.PASSWORD_HASHERS[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [
        "__Host-korgoo_session",
        "True",
        "True",
        "Lax",
        "__Host-korgoo_csrf",
        "True",
        "1800",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
