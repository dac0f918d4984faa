"""Headers, deployment checks, escaping and downloads (SECURITY.md requirements 20, 24, 31)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment
from korgoo.cases.services import case_info_add_by_worker, case_message_from_worker, case_note_add
from korgoo.conftest import TwoOrgs, report
from korgoo.core.downloads import content_disposition
from korgoo.intake.services import report_submit

from .routes import all_routes, fill

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "korgoo.config.settings.production",
    "KORGOO_SECRET_KEY": "kq3V9-xV2mE7rT1pZ8bN4cW6yH0aJ5dL_uG2sQ9fK7oR3iM1eP6tB8nC4vX0zY5w",
    "KORGOO_RECEIPT_PEPPER": "p" * 32,
    "KORGOO_ROOT_KEYS": "k1:" + "a" * 43 + "=",
    "DATABASE_URL": "postgres://korgoo:secret@127.0.0.1:5432/korgoo",
    "KORGOO_ALLOWED_HOSTS": "korgoo.example",
}
# What the test run itself sets for Playwright must not leak into a production process.
TEST_ONLY_ENV = {"DJANGO_ALLOW_ASYNC_UNSAFE", "KORGOO_DATA_DIR"}


def _production_env() -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    return {**inherited, **PRODUCTION_ENV}


def test_production_settings_pass_the_deployment_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "korgoo", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets() -> None:
    env = {k: v for k, v in _production_env().items() if k != "KORGOO_RECEIPT_PEPPER"}
    result = subprocess.run(
        [sys.executable, "-m", "korgoo", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "KORGOO_RECEIPT_PEPPER" in result.stderr


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_headers(response: Any, where: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    assert "Permissions-Policy" in response.headers, where
    assert response.headers.get("Referrer-Policy") in ("no-referrer", "same-origin"), where
    csp = response.headers.get("Content-Security-Policy", "")
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
        assert "unsafe-inline" not in csp, where


def test_every_route_carries_the_security_headers_including_errors(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    client = client_for(two_orgs.a.caseworker)
    values = {
        "case_id": two_orgs.a.case.pk,
        "file_id": two_orgs.a.case.pk,
        "referral_id": two_orgs.a.case.pk,
        "rule_id": 1,
    }
    for route in all_routes():
        if route.access == "platform-admin":
            continue
        url = fill(route, values)
        _assert_headers(client.get(url), url)
    _assert_headers(Client().get("/ky/no-such-page/"), "404")
    worker_page = Client().get("/ky/report/")
    assert worker_page.headers["Referrer-Policy"] == "no-referrer"


def test_server_error_page_carries_the_headers(settings: Any) -> None:
    from django.urls import path

    def boom(request: Any) -> Any:
        raise RuntimeError("boom")

    from korgoo.config import urls

    settings.ROOT_URLCONF = type(
        "U", (), {"urlpatterns": [path("api/boom/", boom), *urls.urlpatterns], "handler500": urls.handler500}
    )
    client = Client(raise_request_exception=False)
    response = client.get("/api/boom/")
    assert response.status_code == 500
    _assert_headers(response, "500")


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    "\u202eevil\u200b",
]


def test_submitted_payloads_are_escaped_on_every_staff_page(two_orgs: TwoOrgs, client_for: Any) -> None:
    payload = " ".join(XSS)
    submitted = report_submit(
        new=report(
            description=payload,
            employer=payload,
            full_name=payload,
            contact_channel="phone",
            contact_value=XSS[0],
        )
    )
    case = submitted.report.case
    case_message_from_worker(case=case, body=payload)
    a = two_orgs.a
    case_note_add(actor=a.actor(), case=case, body=payload)
    client = client_for(a.caseworker)
    for url in (f"/ru/staff/cases/{case.pk}/", "/ru/staff/", f"/ru/staff/referrals/cases/{case.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body and "<img src=x" not in body and "<svg onload" not in body, url
    detail = client.get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_templates_and_code_have_no_escape_bypass() -> None:
    offenders = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in (".html", ".py") or "tests" in path.parts or ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if re.search(r"\|\s*safe\b|mark_safe\(|autoescape\s+off|SafeString\(", text):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_downloads_are_attachments_never_rendered_inline(two_orgs: TwoOrgs, client_for: Any) -> None:
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
        "9c63f8ffff3f0005fe02fea7358184000000000049454e44ae426082"
    )
    a = two_orgs.a
    case_info_add_by_worker(
        case=a.case, text="", files=[clean_upload('evil"\r\nX-Injected: 1 файл.png', png)]
    )
    attachment = Attachment.objects.get(case=a.case)
    response = client_for(a.caseworker).get(f"/ru/staff/cases/{a.case.pk}/files/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "\r" not in disposition and "\n" not in disposition and "X-Injected" not in response.headers
    assert "filename*=UTF-8''" in disposition and "%D1%84%D0%B0%D0%B9%D0%BB" in disposition
    assert response.content == png or response.content.startswith(b"\x89PNG")
    other = client_for(two_orgs.b.caseworker).get(f"/ru/staff/cases/{a.case.pk}/files/{attachment.pk}/")
    assert other.status_code == 404


def test_content_disposition_fallback_is_plain_ascii() -> None:
    header = content_disposition('a"b\\c;d.pdf')
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == "a_b_c_d.pdf"
