"""Throttles and budgets count in one store every process shares, `check --deploy` refuses a
per-process store, and failures are penalised, not successes (SECURITY.md 10, 17; hardening
finding 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from korgoo.conftest import TwoOrgs, env_at_test_clock
from korgoo.core import receipts
from korgoo.core.checks import check_shared_throttle_store
from korgoo.core.throttle import Window

COUNT_IN_A_CHILD = """
import django; django.setup()
from korgoo.core.throttle import Window
for _ in range({n}):
    Window("shared-test", 10**6, 3600).hit()
"""


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_processes_counting_at_once_share_one_count() -> None:
    db = connection.settings_dict
    env = env_at_test_clock(
        DJANGO_SETTINGS_MODULE="korgoo.config.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    children = [
        subprocess.Popen([sys.executable, "-c", COUNT_IN_A_CHILD.format(n=40)], env=env) for _ in range(3)
    ]
    assert [child.wait(timeout=120) for child in children] == [0, 0, 0]
    assert Window("shared-test", 10**6, 3600).count() == 120  # no count lost, none kept apart


@pytest.mark.django_db
def test_concurrent_increments_in_one_statement_never_lose_a_count() -> None:
    window = Window("atomic-test", 10, 60)
    assert [window.hit() for _ in range(5)] == [1, 2, 3, 4, 5]
    assert window.count() == 5 and not window.exceeded()


def test_the_deployment_check_refuses_a_store_each_process_keeps_to_itself(settings: Any) -> None:
    assert check_shared_throttle_store() == []
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    (error,) = check_shared_throttle_store()
    assert error.id == "korgoo.E004" and error.level >= 40
    settings.CACHES = {"default": settings.CACHES["default"]}
    assert [e.id for e in check_shared_throttle_store()] == ["korgoo.E004"]


def test_production_without_redis_counts_in_the_database() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "KORGOO_DATA_DIR")},
        "DJANGO_SETTINGS_MODULE": "korgoo.config.settings.production",
        "KORGOO_SECRET_KEY": "k" * 60,
        "KORGOO_RECEIPT_PEPPER": "p" * 32,
        "KORGOO_ROOT_KEYS": "k1:" + "a" * 43 + "=",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:1/db",
        "KORGOO_ALLOWED_HOSTS": "korgoo.example",
        "KORGOO_REDIS_URL": "",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print(s.CACHES['throttle']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "korgoo.core.counters.DatabaseCounterCache"


@pytest.mark.django_db
def test_wrong_codes_from_the_same_wifi_do_not_lock_out_the_right_one(two_orgs: TwoOrgs) -> None:
    """Someone on the worker's network types twenty wrong codes: the worker still gets in."""
    wifi = "198.51.100.77"
    employer = Client(REMOTE_ADDR=wifi)
    for _ in range(20):
        assert (
            employer.post("/en/track/", {"receipt": receipts.display(receipts.generate())}).status_code == 404
        )
    worker = Client(REMOTE_ADDR=wifi)
    assert worker.post("/en/track/", {"receipt": receipts.display(two_orgs.a.receipt)}).status_code == 303


@pytest.mark.django_db
def test_guessing_around_one_code_is_stopped_and_a_client_stays_bounded(
    two_orgs: TwoOrgs, settings: Any
) -> None:
    settings.KORGOO_LOOKUP_FAILURES_PER_CODE_PREFIX = 3
    settings.KORGOO_LOOKUP_FAILURES_PER_CLIENT = 6
    good = two_orgs.a.receipt
    client = Client(REMOTE_ADDR="198.51.100.78")
    near = [good[:4] + receipts.generate()[4:] for _ in range(3)]  # same first digits, wrong code
    for code in near:
        assert client.post("/en/track/", {"receipt": code}).status_code == 404
    assert client.post("/en/track/", {"receipt": good}).status_code == 429  # that prefix is spent
    for _ in range(3):  # other prefixes until the client's whole budget is spent
        client.post("/en/track/", {"receipt": "9" + receipts.generate()[1:]})
    other = receipts.generate()
    assert client.post("/en/track/", {"receipt": other}).status_code == 429
