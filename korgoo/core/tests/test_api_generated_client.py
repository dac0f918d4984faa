"""A client generated from the OpenAPI description works: the protection loop runs through it.

`openapi-python-client` makes a typed Python client from `GET /api/v1/schema/` (into a temporary
directory), and the test drives it over httpx, in process, against the WSGI application: a worker
sends a report and gets a receipt; a caseworker logs in (password and one-time code), finds the
case in the paginated inbox, reads it and writes to the worker; the worker follows the report with
the receipt and reads the answer. Errors come back as the generated `Error` model with its code.
If the description lied about a shape, a status or a type, the generated code would fail to parse
the answer.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client as DjangoClient
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from korgoo.conftest import PASSWORD, TwoOrgs

pytestmark = pytest.mark.django_db

PACKAGE = "korgoo_api_client"
BASE = "http://testserver"


@pytest.fixture
def generated(tmp_path: Path) -> Any:
    """The client generated from the description the server serves, imported from a temporary
    directory (and forgotten afterwards)."""
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(DjangoClient().get("/api/v1/schema/?format=json").json()), encoding="utf-8")
    config = tmp_path / "generator.yaml"
    config.write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n", encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


def one_time_code(user: Any) -> str:
    """The current code of the user's authenticator (set up here, as the web login would)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_a_generated_client_runs_the_protection_loop(
    generated: Any, two_orgs: TwoOrgs, in_process_app: WSGIHandler
) -> None:
    transport = {"transport": httpx.WSGITransport(app=in_process_app)}
    anonymous = generated.Client(base_url=BASE, httpx_args=transport, raise_on_unexpected_status=True)
    models = module("models")

    # The worker sends a report, without an account, and gets a receipt.
    sent = module("api.worker.reports_create").sync_detailed(
        client=anonymous,
        idempotency_key="7d0f6c1e-client-loop",
        body=models.ReportInRequest(
            language=models.LanguageEnum.RU,
            country=models.CountryEnum.RU,
            city="Moscow",
            categories=[models.CategoryEnum.UNPAID_WAGES],
            description="Не заплатили за октябрь 48 000 рублей. CLIENT-CANARY",
            share_with=[models.OrganisationKindEnum.NGO],
        ),
    )
    assert sent.status_code == 201
    receipt = sent.parsed.receipt
    assert len(receipt) == 20 and sent.parsed.status == models.CaseStatusEnum.NEW

    # A wrong password is refused with the shared error model and its code.
    token_call = module("api.auth.auth_token_create")
    user = two_orgs.a.caseworker.user
    refused = token_call.sync_detailed(
        client=anonymous, body=models.TokenInRequest(username=user.username, password="wrong", otp="000000")
    )
    assert refused.status_code == 401 and isinstance(refused.parsed, models.Error)
    assert refused.parsed.code == models.ErrorCode.LOGIN_FAILED

    # The caseworker of the organisation the report was routed to logs in with password and code.
    token = token_call.sync(
        client=anonymous,
        body=models.TokenInRequest(username=user.username, password=PASSWORD, otp=one_time_code(user)),
    ).token
    staff = generated.AuthenticatedClient(
        base_url=BASE, token=token, httpx_args=transport, raise_on_unexpected_status=True
    )

    # The case is in the paginated inbox, and its page shows the worker's words.
    inbox = module("api.cases.cases_list").sync(client=staff, status=models.CaseStatusFilterEnum.NEW)
    assert inbox.next_ is None and inbox.previous is None
    new = [line for line in inbox.results if line.locality_id is not None and line.reported_on is not None]
    opened = [module("api.cases.cases_retrieve").sync(client=staff, case_id=str(line.id)) for line in new]
    mine = [c for c in opened if "CLIENT-CANARY" in (c.report.description or "")]
    assert len(mine) == 1
    assert mine[0].access == models.CaseAccessEnum.OWNER and mine[0].categories == [
        models.CategoryEnum.UNPAID_WAGES
    ]

    # The caseworker writes to the worker.
    written = module("api.cases.cases_messages_create").sync(
        client=staff,
        case_id=str(mine[0].id),
        body=models.BodyInRequest(body="Здравствуйте! Пришлите расчётный лист."),
    )
    assert written.id is not None

    # The worker follows the report with the receipt and reads the answer.
    followed = module("api.worker.reports_track_create").sync(
        client=anonymous,
        body=models.ReceiptInRequest(receipt=" ".join(receipt[i : i + 4] for i in range(0, 20, 4))),
    )
    assert followed.status == models.CaseStatusEnum.IN_PROGRESS
    assert [(m.from_, m.body) for m in followed.messages] == [
        (models.SenderEnum.ORGANISATION, "Здравствуйте! Пришлите расчётный лист.")
    ]
