"""Evidence pages: the worker's calculators and diary (through the receipt session only), the
evidence bundle, verification, and the case page for caseworkers, with two organisations."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from korgoo.audit.models import AuditEvent
from korgoo.cases.services import case_message_from_worker
from korgoo.conftest import WORKER_SCRIPTS, TwoOrgs, page_scripts
from korgoo.evidence.models import Calculation, DiaryEntry, GeneratedDocument
from korgoo.evidence.services import diary, documents

from .conftest import add_entries, png_bytes, worker_client

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The text of a PDF with every run of white space as one space (table cells wrap lines)."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def entry_form(client: Client, **extra: Any) -> dict[str, Any]:
    page = client.get("/ky/tools/diary/")
    key = page.context["form"].initial["entry_key"]
    data = {
        "entry_key": key,
        "work_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "place": "Курулуш, Москва",
        "employer": "Асанов CANARY-EMPLOYER",
        "start": "08:00",
        "end": "19:00",
        "break_minutes": "60",
        "pay_agreed": "2 500",
        "pay_received": "0",
        "currency": "RUB",
        "supervisor": "Бакыт",
        "note": "",
    }
    data.update(extra)
    return data


def test_calculator_pages_work_without_javascript_in_kyrgyz(db: Any) -> None:
    client = Client()
    page = client.get("/ky/tools/late-payment/")
    assert page.status_code == 200 and page["Content-Language"] == "ky"
    assert page_scripts(page.content) == WORKER_SCRIPTS  # the calculators need no script of their own
    answer = client.post(
        "/ky/tools/late-payment/",
        {
            "country": "RU",
            "amount": "50 000,00",
            "due_date": "2025-03-15",
            "paid_on_1": "2025-04-01",
            "paid_amount_1": "20000",
            "as_of": "2025-05-01",
        },
    )
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "2\xa0450.00 RUB" in text and "1\xa0190.00" in text and "1\xa0260.00" in text
    assert "× 1/150 × 17" in text  # the breakdown shows how each period was computed
    assert "Save this calculation" not in text  # nothing to save to without a report
    wrong = client.post("/ky/tools/late-payment/", {"country": "RU", "amount": "abc", "due_date": ""})
    assert wrong.status_code == 400
    for path, body, figure in (
        (
            "/ky/tools/overtime/",
            {
                "country": "RU",
                "hourly_rate": "500",
                "normal_daily_hours": "8",
                "day_1": "2025-06-16",
                "hours_1": "11",
                "day_2": "2025-06-21",
                "hours_2": "8",
                "rest_2": "on",
            },
            "14\xa0500.00",
        ),
        (
            "/ky/tools/unpaid-wages/",
            {
                "country": "RU",
                "pay_kind": "monthly",
                "pay_rate": "60000",
                "month_1": "2025-05",
                "days_1": "22",
                "paid_total": "25000",
            },
            "35\xa0000.00",
        ),
    ):
        response = client.post(path, body)
        assert response.status_code == 200, response.content[:2000]
        assert figure in response.content.decode()


def test_the_deadline_checker_marks_what_is_not_confirmed(db: Any) -> None:
    response = Client().post(
        "/ru/tools/deadlines/",
        {
            "country": "RU",
            "entry_date": "2025-03-01",
            "purpose": "work",
            "has_contract": "yes",
            "contract_start": "2025-03-05",
            "missed_payday": "2025-06-15",
        },
    )
    assert response.status_code == 200
    items = response.context["result"]["data"]["items"]
    notice = next(i for i in items if i["code"] == "ru_employer_notice_start")
    assert notice["confirmed"] is False
    assert response.content.decode().count('data-testid="to-confirm"') >= 1
    assert all(i["checked_on"] for i in items)


def test_the_diary_needs_the_workers_session(two_orgs: TwoOrgs) -> None:
    anonymous = Client()
    page = anonymous.get("/ky/tools/diary/")
    assert (
        page.status_code == 200 and b'href="/ky/track/"' in page.content and b"diary-form" not in page.content
    )
    assert anonymous.post("/ky/tools/diary/add/", {}).status_code == 303
    assert anonymous.get("/ky/tools/diary/bundle/").status_code == 303


def test_a_worker_keeps_a_diary_without_javascript_and_a_resubmission_adds_nothing(two_orgs: TwoOrgs) -> None:
    client = worker_client(two_orgs.a.case)
    form = entry_form(client)
    first = client.post("/ky/tools/diary/add/", {**form, "photos": [io.BytesIO(png_bytes())]})
    assert first.status_code == 303 and first["Location"].startswith("/ky/tools/diary/?saved=1")
    again = client.post("/ky/tools/diary/add/", {**form, "photos": [io.BytesIO(png_bytes())]})  # sent again
    assert again.status_code == 303
    assert DiaryEntry.objects.filter(case=two_orgs.a.case).count() == 1
    page = client.get(first["Location"])
    assert page.context["check"].ok and len(page.context["lines"]) == 1
    assert "Курулуш, Москва" not in page.content.decode()  # the worker's page never echoes the workplace
    assert page["Cache-Control"].startswith("no-store")
    # The page script's request gets JSON, and a retry of it is answered the same way.
    fetched = client.post("/ky/tools/diary/add/", entry_form(client), headers={"X-Korgoo-Fetch": "1"})
    assert fetched.status_code == 200 and fetched.json()["seq"] == 2
    bad = client.post("/ky/tools/diary/add/", entry_form(client, work_date="2999-01-01"))
    assert bad.status_code == 400 and bad.context["form"].errors["work_date"]
    other = worker_client(two_orgs.b.case)
    assert b"CANARY-EMPLOYER" not in other.get("/ky/tools/diary/").content  # each worker sees only their own


def test_a_worker_saves_a_calculation_and_downloads_the_bundle(two_orgs: TwoOrgs) -> None:
    case = two_orgs.a.case
    client = worker_client(case)
    client.post("/ky/tools/diary/add/", entry_form(client))
    case_message_from_worker(case=case, body="Мен CANARY-MESSAGE жумуш кылдым")
    saved = client.post(
        "/ky/tools/late-payment/",
        {"country": "RU", "amount": "50000", "due_date": "2025-03-15", "as_of": "2025-05-01", "save": "1"},
    )
    assert saved.status_code == 200 and saved.context["saved"]
    assert Calculation.objects.filter(case=case, author="worker").count() == 1
    form = client.get("/ky/tools/diary/bundle/")
    message_id = form.context["form"].fields["messages"].choices[0][0]
    download = client.post("/ky/tools/diary/bundle/", {"messages": [message_id]})
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment; ")
    text = pdf_text(download.content)
    assert "Пакет доказательств" in text and "Далилдер топтому" in text and "Иш күндөлүгү" in text
    assert "CANARY-MESSAGE" in text and "ст. 236 ТК РФ" in text
    assert "Курулуш, Москва" not in text  # downloaded by whoever holds the receipt: no workplace
    record = GeneratedDocument.objects.get(case=case)
    assert record.author == "worker" and record.diary_seq == 1
    assert AuditEvent.objects.filter(action="evidence.document_generated", object_id=str(case.pk)).exists()
    # The bundle checks out, by file and by the code printed in it.
    checked = Client().post("/ru/verify/", {"document": io.BytesIO(download.content)})
    assert checked.context["result"].status == "genuine" and checked.context["result"].diary_intact
    code = documents.printed_code(download.content)
    assert len(code) == 24 and f"KG-{code}" in text
    by_code = Client().post("/ru/verify/", {"code": f"kg-{code.lower()}"})
    assert by_code.context["result"].status == "genuine"
    # A changed file carrying the code is reported as changed; a changed diary too.
    altered = download.content + b"\n% edited\n"
    assert (
        Client().post("/ru/verify/", {"document": io.BytesIO(altered)}).context["result"].status == "altered"
    )
    DiaryEntry.objects.filter(case=case).update(received_at=timezone.now() - dt.timedelta(days=9))
    after = Client().post("/ru/verify/", {"document": io.BytesIO(download.content)})
    assert after.context["result"].diary_intact is False
    assert b'data-testid="verify-diary"' in after.content


def test_verification_is_rate_limited(db: Any) -> None:
    client = Client()
    codes = [client.post("/ru/verify/", {"code": "nothing"}).status_code for _ in range(31)]
    assert codes[-1] == 429


# --- Caseworkers --------------------------------------------------------------------------------------


def test_caseworker_sees_the_diary_and_generates_the_demand_letter(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a = two_orgs.a
    add_entries(a.case, 2)
    client = client_for(a.caseworker)
    page = client.get(f"/ru/staff/evidence/cases/{a.case.pk}/")
    assert page.status_code == 200
    assert "CANARY-EMPLOYER" in page.content.decode() and page.context["check"].ok
    calc = client.post(
        f"/ru/staff/evidence/cases/{a.case.pk}/calculate/late-payment/",
        {
            "lp-country": "RU",
            "lp-amount": "50000",
            "lp-due_date": "2025-03-15",
            "lp-paid_on_1": "2025-04-01",
            "lp-paid_amount_1": "20000",
            "lp-as_of": "2025-05-01",
        },
    )
    assert calc.status_code == 303
    letter = client.post(
        f"/ru/staff/evidence/cases/{a.case.pk}/documents/demand-letter.pdf",
        {"worker_name": "Асанов Бакыт", "employer": "ООО Ромашка", "contract": "no"},
    )
    assert letter.status_code == 200 and letter["Content-Type"] == "application/octet-stream"
    text = pdf_text(letter.content)
    assert "ПРЕТЕНЗИЯ" in text and "Асанов Бакыт" in text and "ООО Ромашка" in text
    assert "2 450.00" in text and "30 000.00" in text
    assert "ч. 2 ст. 67 ТК РФ" in text and "[заполнить: адрес работодателя]" in text
    for slug, needle in (
        ("inspectorate-complaint", "ЖАЛОБА"),
        ("statement-of-claim", "ИСКОВОЕ ЗАЯВЛЕНИЕ"),
        ("evidence-bundle", "Пакет доказательств"),
    ):
        response = client.post(f"/ru/staff/evidence/cases/{a.case.pk}/documents/{slug}.pdf", {})
        assert response.status_code == 200 and needle in pdf_text(response.content)
    assert GeneratedDocument.objects.filter(case=a.case, author="organisation").count() == 4
    assert AuditEvent.objects.filter(action="evidence.viewed", object_id=str(a.case.pk)).exists()


def test_a_viewer_sees_no_personal_content(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    add_entries(a.case, 1)
    viewer = client_for(a.viewer)
    page = viewer.get(f"/ru/staff/evidence/cases/{a.case.pk}/")
    assert page.status_code == 200
    assert b"CANARY" not in page.content and page.context["entries"] == 1
    assert (
        viewer.post(f"/ru/staff/evidence/cases/{a.case.pk}/documents/evidence-bundle.pdf", {}).status_code
        == 403
    )
    assert viewer.post(f"/ru/staff/evidence/cases/{a.case.pk}/calculate/overtime/", {}).status_code == 403


def test_another_organisation_gets_404_for_every_evidence_url(two_orgs: TwoOrgs, client_for: Any) -> None:
    from korgoo.cases.files import clean_upload
    from korgoo.organisations.services import api_token_create

    b = two_orgs.b
    entry = diary.diary_entry_add_by_worker(
        case=b.case,
        draft=__import__("korgoo.evidence.tests.conftest", fromlist=["draft"]).draft(),
        entry_key=diary.entry_key_issue(),
        photos=[clean_upload("p.png", png_bytes())],
    ).entry
    photo = entry.photos.get()
    before = (DiaryEntry.objects.count(), Calculation.objects.count(), GeneratedDocument.objects.count())
    client = client_for(two_orgs.a.admin)
    base = f"/ru/staff/evidence/cases/{b.case.pk}"
    gets = [f"{base}/", f"{base}/photos/{photo.pk}/", f"{base}/photos/{photo.pk}/original/"]
    posts = [
        f"{base}/diary/",
        f"{base}/documents/evidence-bundle.pdf",
        f"{base}/documents/demand-letter.pdf",
        f"{base}/documents/inspectorate-complaint.pdf",
        f"{base}/documents/statement-of-claim.pdf",
        f"{base}/calculate/late-payment/",
        f"{base}/calculate/deadlines/",
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404 and b"CANARY" not in response.content, url
    for url in posts:
        assert client.post(url, {"worker_name": "x"}).status_code == 404, url
    token = api_token_create(user=two_orgs.a.admin.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    auth = {"Authorization": f"Bearer {token}"}
    api = Client()
    assert api.get(f"/api/v1/cases/{b.case.pk}/diary/", headers=auth).status_code == 404
    for path, body in (
        ("diary", {"work_date": "2025-01-01"}),
        ("calculations", {"kind": "overtime", "input": {}}),
        ("documents", {"kind": "evidence_bundle"}),
    ):
        response = api.post(
            f"/api/v1/cases/{b.case.pk}/{path}/",
            data=json.dumps(body),
            content_type="application/json",
            headers=auth,
        )
        assert response.status_code == 404 and response.json()["code"] == "not_found", path
    assert (
        DiaryEntry.objects.count(),
        Calculation.objects.count(),
        GeneratedDocument.objects.count(),
    ) == before
    # Their own case works through the same API.
    own = two_orgs.a.case
    added = api.post(
        f"/api/v1/cases/{own.pk}/diary/",
        data=json.dumps({"work_date": "2025-06-02", "start": "09:00", "end": "18:00"}),
        content_type="application/json",
        headers={**auth, "Idempotency-Key": "abc"},
    )
    assert added.status_code == 201
    replay = api.post(
        f"/api/v1/cases/{own.pk}/diary/",
        data=json.dumps({"work_date": "2025-06-02", "start": "09:00", "end": "18:00"}),
        content_type="application/json",
        headers={**auth, "Idempotency-Key": "abc"},
    )
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    listing = api.get(f"/api/v1/cases/{own.pk}/diary/", headers=auth).json()
    assert listing["chain"]["ok"] and listing["entries"][0]["content"]["hours"] == "9.00"
    saved = api.post(
        f"/api/v1/cases/{own.pk}/calculations/",
        content_type="application/json",
        headers=auth,
        data=json.dumps(
            {
                "kind": "late_payment",
                "input": {
                    "country": "RU",
                    "amount": "50000.00",
                    "due_date": "2025-03-15",
                    "payments": [{"date": "2025-04-01", "amount": "20000.00"}],
                    "as_of": "2025-05-01",
                },
            }
        ),
    )
    assert saved.status_code == 201 and saved.json()["result"]["compensation"] == "2450.00"
    pdf = api.post(
        f"/api/v1/cases/{own.pk}/documents/",
        data=json.dumps({"kind": "statement_of_claim"}),
        content_type="application/json",
        headers=auth,
    )
    assert pdf.status_code == 200 and "ИСКОВОЕ ЗАЯВЛЕНИЕ" in pdf_text(pdf.content)
