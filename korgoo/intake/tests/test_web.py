"""Worker pages: a phone without JavaScript can report, read replies and leave no trace (SECURITY.md
12, 13); photos lose their metadata (SECURITY.md 25)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from korgoo.cases.models import Attachment, Case, CaseMessage
from korgoo.conftest import WORKER_SCRIPTS, TwoOrgs, page_scripts, report_form
from korgoo.core import receipts
from korgoo.intake.models import WorkerSession
from korgoo.intake.sessions import WORKER_COOKIE

pytestmark = pytest.mark.django_db

form_data = report_form


def receipt_from(response: Any) -> str:
    match = re.search(r'data-testid="receipt"[^>]*>([\d ]+)<', response.content.decode())
    assert match, "no receipt on the page"
    return match.group(1).replace(" ", "")


def test_home_and_report_form_set_no_cookie_and_are_never_cached(db: Any) -> None:
    client = Client()
    for path in ("/ky/", "/ky/report/", "/ru/track/", "/en/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, f"{path} set a cookie"
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert page_scripts(response.content) == WORKER_SCRIPTS


def test_worker_pages_default_to_kyrgyz(db: Any) -> None:
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"] == "/ky/"
    assert Client().get("/report/")["Location"] == "/ky/report/"
    page = Client().get("/ky/report/")
    assert '<html lang="ky">' in page.content.decode()


def test_report_without_javascript_gives_a_receipt_once(two_orgs: TwoOrgs) -> None:
    client = Client()
    response = client.post("/ky/report/", form_data())
    assert response.status_code == 201
    receipt = receipt_from(response)
    assert receipts.normalise(receipt) == receipt
    assert not response.cookies
    case = Case.objects.order_by("-created_at").first()
    assert case is not None and case.organisation == two_orgs.a.org and case.language == "ky"


def test_a_form_sent_again_shows_the_same_receipt_and_makes_one_report(db: Any) -> None:
    client = Client()
    data = form_data()
    first = client.post("/ky/report/", data)
    assert first.status_code == 201
    again = client.post("/ky/report/", data)  # the answer was lost; the phone sends the form again
    assert again.status_code == 201
    assert receipt_from(again) == receipt_from(first)
    assert Case.objects.count() == 1
    changed = client.post("/ky/report/", {**data, "city": "Kazan"})
    assert changed.status_code == 400
    assert Case.objects.count() == 1
    # Nothing the worker typed is lost: the form comes back filled in.
    assert "Курулушта иштедим" in changed.content.decode()


def test_a_last_page_missing_an_answer_goes_back_to_that_question_and_keeps_the_rest(db: Any) -> None:
    response = Client().post("/ru/report/", form_data(categories=[], city=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-step="what"' in body and 'data-testid="error-summary"' in body
    assert 'value="Курулушта иштедим, айлык беришкен жок."' in body  # carried, not lost
    assert Case.objects.count() == 0


def test_contact_channel_needs_a_value(db: Any) -> None:
    response = Client().post("/en/report/", form_data(contact_channel="phone", contact_value=""))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_honeypot_is_refused(db: Any) -> None:
    response = Client().post("/ky/report/", form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_too_fast_submission_is_refused(db: Any, settings: Any) -> None:
    settings.KORGOO_INTAKE_FORM_MIN_SECONDS = 60
    response = Client().post("/ky/report/", form_data())
    assert response.status_code == 400
    assert Case.objects.count() == 0


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "CanaryCamera"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_stored_encrypted_and_without_exif(two_orgs: TwoOrgs, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    original = _jpeg_with_gps()
    assert b"CanaryCamera" in original
    upload = SimpleUploadedFile("../../etc/photo.jpg", original, content_type="image/jpeg")
    response = Client().post("/ky/report/", {**form_data(), "attachments": [upload]})
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert not attachment.original_storage_name  # the worker did not ask to keep the original
    stored = (settings.KORGOO_FILES_DIR / attachment.storage_name).read_bytes()
    assert b"CanaryCamera" not in stored and b"JFIF" not in stored and b"\xff\xd8" not in stored[:2]
    from korgoo.cases.selectors import attachment_get_for

    _row, data, filename = attachment_get_for(
        actor=two_orgs.a.actor(), case_id=attachment.case_id, attachment_id=attachment.pk
    )
    assert filename == "photo.jpg"
    assert data.startswith(b"\xff\xd8")
    with Image.open(io.BytesIO(data)) as cleaned:
        assert not cleaned.getexif()


def test_html_named_jpg_is_refused(db: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = Client().post("/ky/report/", {**form_data(), "attachments": [fake]})
    assert response.status_code == 400
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0


def _open(client: Client, receipt: str) -> Any:
    return client.post("/ky/track/", {"receipt": receipts.display(receipt)})


def test_a_receipt_of_the_earlier_26_digit_format_still_opens_its_report(two_orgs: TwoOrgs) -> None:
    from korgoo.core import crypto
    from korgoo.intake.models import Report

    body = "7391028465019283746501928"
    old = body + receipts.damm_check_digit(body)
    Report.objects.filter(case=two_orgs.a.case).update(receipt_digest=crypto.receipt_digest(old))
    client = Client()
    assert _open(client, old)["Location"] == "/ky/track/case/"
    assert client.get("/ky/track/case/").status_code == 200


def test_worker_opens_the_case_writes_back_and_quick_exit_kills_the_session(
    two_orgs: TwoOrgs, settings: Any
) -> None:
    from korgoo.cases.services import case_message_to_worker

    a = two_orgs.a
    case_message_to_worker(actor=a.actor(), case=a.case, body="Саламатсызбы! Жооп берели.")
    client = Client()
    response = _open(client, a.receipt)
    assert response.status_code == 303 and response["Location"] == "/ky/track/case/"
    cookie = response.cookies[WORKER_COOKIE]
    assert (
        cookie["httponly"]
        and cookie["samesite"] == "Strict"
        and not cookie["max-age"]
        and not cookie["expires"]
    )
    page = client.get("/ky/track/case/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Саламатсызбы! Жооп берели." in html
    for canary in ("CANARY-A", "Employer", "+7 900"):
        assert canary not in html
    sent = client.post("/ky/track/case/message/", {"body": "Рахмат, күтөм."})
    assert sent.status_code == 303
    assert CaseMessage.objects.filter(case=a.case, sender="worker").count() == 1
    stolen = cookie.value
    exit_response = client.get("/ky/exit/")  # a plain link: it works without JavaScript, under any CSP
    assert exit_response.status_code == 303
    assert exit_response["Location"] == settings.KORGOO_QUICK_EXIT_URL
    assert exit_response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert WorkerSession.objects.count() == 0
    replay = Client()
    replay.cookies[WORKER_COOKIE] = stolen
    assert replay.get("/ky/track/case/")["Location"] == "/ky/track/"


def test_wrong_receipts_on_the_page_get_one_answer(two_orgs: TwoOrgs) -> None:
    client = Client()
    good = two_orgs.a.receipt
    typo = good[:5] + str((int(good[5]) + 3) % 10) + good[6:]
    other = receipts.generate()
    a = _open(client, typo)
    b = _open(client, other)
    assert a.status_code == b.status_code == 404
    # The same answer, but for the digits each visitor typed, which stay in the field to be corrected.
    assert receipts.display(typo) in a.content.decode()
    assert a.content.replace(receipts.display(typo).encode(), b"") == b.content.replace(
        receipts.display(other).encode(), b""
    )
    assert not a.cookies and not b.cookies


def test_cross_site_post_is_refused(two_orgs: TwoOrgs) -> None:
    client = Client()
    _open(client, two_orgs.a.receipt)
    forged = client.post("/ky/track/case/close/", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    two_orgs.a.case.refresh_from_db()
    assert two_orgs.a.case.status != "closed"


def test_worker_closes_the_report_and_withdraws_consent(two_orgs: TwoOrgs) -> None:
    client = Client()
    _open(client, two_orgs.a.receipt)
    assert client.post("/ky/track/case/consent/", {"withdraw": ["trade_union"]}).status_code == 303
    case = Case.objects.get(pk=two_orgs.a.case.pk)
    assert "trade_union" not in case.share_with and case.is_open
    assert client.post("/ky/track/case/close/").status_code == 303
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "withdrawn"


def test_withdrawing_consent_from_the_holder_hides_the_case_and_keeps_it_for_the_grace_period(
    two_orgs: TwoOrgs, client_for: Any, clock: Any, settings: Any
) -> None:
    """Whoever holds the receipt cannot destroy the evidence in one request: the case is hidden
    from every organisation, kept sealed, and can be brought back; only the retention run erases it,
    after the grace period (hardening finding 2)."""
    from korgoo.retention.services import retention_run

    settings.KORGOO_WITHDRAWAL_GRACE_DAYS = 30
    a = two_orgs.a
    staff = client_for(a.caseworker)
    assert staff.get(f"/en/staff/cases/{a.case.pk}/").status_code == 200
    client = Client()
    _open(client, a.receipt)
    assert client.post("/en/track/case/consent/", {"withdraw": ["ngo"]}).status_code == 303
    case = Case.objects.get(pk=a.case.pk)
    assert case.is_withdrawn and not case.content_erased and case.is_open
    assert bytes(case.sealed_report) != b"" and bytes(case.wrapped_key) != b""
    # Hidden from the organisation at once: the case page, the inbox, the API.
    assert staff.get(f"/en/staff/cases/{a.case.pk}/").status_code == 404
    assert a.case.short_ref not in staff.get("/en/staff/").content.decode()
    page = client.get("/en/track/case/").content.decode()
    assert "no organisation can see your report now" in page and 'data-testid="restore-form"' in page
    assert 'data-testid="worker-message-form"' not in page
    # The worker undoes it: everything is as before.
    assert client.post("/en/track/case/restore/").status_code == 303
    case.refresh_from_db()
    assert not case.is_withdrawn and "ngo" in case.share_with
    assert staff.get(f"/en/staff/cases/{a.case.pk}/").status_code == 200
    # Withdrawn again and left: after the grace period the retention run erases the content.
    client.post("/en/track/case/consent/", {"withdraw": ["ngo"]})
    clock.shift(dt.timedelta(days=29))
    assert retention_run().counts.get("withdrawn_cases", {}).get("withdrawn_cases", 0) == 0
    assert not Case.objects.get(pk=a.case.pk).content_erased
    clock.shift(dt.timedelta(days=2))
    retention_run()
    case.refresh_from_db()
    assert case.content_erased and bytes(case.sealed_report) == b"" and bytes(case.wrapped_key) == b""
    assert case.status == "closed" and case.outcome == "withdrawn" and case.is_withdrawn
    assert client_for(a.caseworker).get(f"/en/staff/cases/{a.case.pk}/").status_code == 404


def test_closing_by_the_worker_is_not_erasure(two_orgs: TwoOrgs) -> None:
    client = Client()
    _open(client, two_orgs.a.receipt)
    client.post("/en/track/case/close/")
    case = Case.objects.get(pk=two_orgs.a.case.pk)
    assert case.status == "closed" and not case.content_erased and bytes(case.sealed_report) != b""
