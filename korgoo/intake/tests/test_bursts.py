"""Bursts of reports: refusals are honest and retryable, and the server dying loses no accepted
report (SECURITY.md requirement 36 and the crash case of issue 6)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from korgoo.cases.models import Case
from korgoo.conftest import SUITE_NOW, env_at_test_clock
from korgoo.intake.models import IdempotencyRecord, Report
from korgoo.intake.services import report_find

BODY = {
    "language": "ky",
    "country": "RU",
    "city": "Moscow",
    "categories": ["police"],
    "description": "Жатаканага рейд болду.",
}


@pytest.mark.django_db
def test_a_burst_over_budget_is_refused_with_retry_after_and_reconciles_on_retry(
    settings: Any, clock: time_machine.Traveller
) -> None:
    settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE = 10
    answers = {}
    clock.move_to(SUITE_NOW + dt.timedelta(seconds=5), tick=False)  # the whole burst in one budget window
    for n in range(30):
        client = Client(REMOTE_ADDR=f"10.9.{n // 250}.{n % 250}")
        answers[n] = client.post(
            "/api/v1/reports/",
            data=json.dumps(BODY),
            content_type="application/json",
            headers={"Idempotency-Key": f"burst-{n}"},
        )
    accepted = [n for n, a in answers.items() if a.status_code == 201]
    refused = [n for n, a in answers.items() if a.status_code == 503]
    assert len(accepted) == 10 and len(refused) == 20
    assert all(int(answers[n]["Retry-After"]) > 0 for n in refused)
    assert Case.objects.count() == 10  # accepted answers == case rows
    # A minute later the refused phones retry with the same keys: everything is accepted once.
    clock.shift(60)
    settings.KORGOO_INTAKE_GLOBAL_PER_MINUTE = 1000
    for n in answers:
        again = Client().post(
            "/api/v1/reports/",
            data=json.dumps(BODY),
            content_type="application/json",
            headers={"Idempotency-Key": f"burst-{n}"},
        )
        assert again.status_code == 201
        if n in accepted:
            assert again.json()["receipt"] == answers[n].json()["receipt"]
    assert Case.objects.count() == 30 == IdempotencyRecord.objects.count() == Report.objects.count()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_server_during_a_burst_loses_no_acknowledged_report() -> None:
    db = connection.settings_dict
    env = env_at_test_clock(  # the test looks up, at its clock, the reports the server took
        DJANGO_SETTINGS_MODULE="korgoo.config.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        KORGOO_INTAKE_PER_CLIENT="100000",
        KORGOO_INTAKE_GLOBAL_PER_MINUTE="100000",
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "korgoo.config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    acknowledged: list[str] = []
    stop = threading.Event()

    def fire() -> None:
        while not stop.is_set():
            request = urllib.request.Request(
                base + "/api/v1/reports/",
                data=json.dumps(BODY).encode(),
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    if answer.status == 201:
                        acknowledged.append(json.loads(answer.read())["receipt"])
            except (OSError, http.client.HTTPException, ValueError):
                pass  # no receipt reached the client (an answer cut off by the kill included)

    threads = [threading.Thread(target=fire) for _ in range(6)]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # the master and its workers, mid-burst
    server.wait()
    stop.set()
    for thread in threads:
        thread.join()
    assert len(acknowledged) >= 20
    connection.close()
    for receipt in acknowledged:
        assert report_find(raw_receipt=receipt, client="audit-after-crash").case_id
