"""Verification shows what a document says, so that a paper carrying a copied code can be told from
the one issued (hardening finding 8): who made it, for whom, to whom, where, which days, which sums,
and the digest of its content; not once the worker withdrew the case or its content was erased."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from korgoo.cases.models import Case
from korgoo.cases.services import case_consent_restore, case_consent_withdraw, cases_withdrawn_erase
from korgoo.conftest import TwoOrgs
from korgoo.evidence.models import GeneratedDocument
from korgoo.evidence.services import documents

from .conftest import add_entries

pytestmark = pytest.mark.django_db


def _letter(two_orgs: TwoOrgs, client_for: Any) -> tuple[str, GeneratedDocument]:
    a = two_orgs.a
    add_entries(a.case, 2)
    client = client_for(a.caseworker)
    # Late payment under art. 236 of the Labour Code of the Russian Federation (checked 2026-11-16):
    # 50 000 ₽ due 15.03.2025, 20 000 paid on 01.04.2025, counted to 01.05.2025 at the key rate of 21 %
    # (Bank of Russia, 28.10.2024–08.06.2025), 1/150 of it a day:
    #   50 000 × 0.21/150 × 17 days (16.03–01.04) = 1 190.00
    #   30 000 × 0.21/150 × 30 days (02.04–01.05) = 1 260.00   → compensation 2 450.00
    # still owed 50 000 − 20 000 = 30 000.00, claimed in all 32 450.00.
    client.post(
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
    letter = client.post(
        f"/ru/staff/evidence/cases/{a.case.pk}/documents/demand-letter.pdf",
        {"worker_name": "Асанов Бакыт", "employer": "ООО Ромашка", "contract": "no"},
    )
    assert letter.status_code == 200
    return documents.printed_code(letter.content), GeneratedDocument.objects.get(case=a.case)


def _check(code: str) -> Any:
    return Client().post("/ru/verify/", {"code": code})


def test_the_page_shows_the_documents_key_facts_for_comparison(two_orgs: TwoOrgs, client_for: Any) -> None:
    code, record = _letter(two_orgs, client_for)
    page = _check(code)
    assert page.context["result"].status == "genuine"
    text = page.content.decode()
    assert "Асанов Бакыт" in text  # for whom
    assert "ООО Ромашка" in text  # to whom
    assert two_orgs.a.org.name in text  # made by
    sums = {
        name: page.context["result"].facts["amounts"][name] for name in ("wages", "compensation", "total")
    }
    assert sums == {"wages": "30000.00", "compensation": "2450.00", "total": "32450.00"}
    assert "30\u00a0000.00 RUB" in text and "2\u00a0450.00 RUB" in text and "32\u00a0450.00 RUB" in text
    assert record.content_digest in text
    # A forged letter with this code but another employer or sum is visibly not the one issued.
    assert "ООО Лютик" not in text and "45000.00" not in text
    # The facts are sealed with the case's key: nothing of them is readable in the row.
    assert b"\xd0\x90\xd1\x81\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2" not in bytes(record.sealed_facts)  # "Асанов"


def test_a_withdrawn_or_erased_case_shows_no_facts(two_orgs: TwoOrgs, client_for: Any) -> None:
    code, _record = _letter(two_orgs, client_for)
    case = Case.objects.get(pk=two_orgs.a.case.pk)
    case_consent_withdraw(case=case, kinds=[case.organisation.kind])
    hidden = _check(code)
    assert hidden.context["result"].status == "genuine"  # the document was issued all the same
    assert b'data-testid="verify-no-facts"' in hidden.content
    assert "Асанов Бакыт" not in hidden.content.decode()
    case_consent_restore(case=Case.objects.get(pk=case.pk))
    assert "Асанов Бакыт" in _check(code).content.decode()
    case_consent_withdraw(case=Case.objects.get(pk=case.pk), kinds=[case.organisation.kind])
    cases_withdrawn_erase(case_ids=[case.pk])
    erased = _check(code)
    assert b'data-testid="verify-no-facts"' in erased.content
    assert "Асанов Бакыт" not in erased.content.decode()


def test_the_api_answers_the_same_facts_as_the_page(two_orgs: TwoOrgs, client_for: Any) -> None:
    code, record = _letter(two_orgs, client_for)
    body = Client().post("/api/v1/documents/verify/", {"code": code}, content_type="application/json").json()
    assert body["status"] == "genuine"
    assert body["made_by"] == two_orgs.a.org.name
    assert body["content_digest"] == record.content_digest
    facts = body["facts"]
    assert (facts["worker"], facts["addressee"], facts["country"]) == ("Асанов Бакыт", "ООО Ромашка", "RU")
    # The sums of the letter computed by hand above: 30 000.00 owed, 2 450.00 compensation, 32 450.00.
    assert facts["amounts"] == {"wages": "30000.00", "compensation": "2450.00", "total": "32450.00"}
    assert facts["currency"] == "RUB"
    case = Case.objects.get(pk=two_orgs.a.case.pk)
    case_consent_withdraw(case=case, kinds=[case.organisation.kind])
    hidden = (
        Client().post("/api/v1/documents/verify/", {"code": code}, content_type="application/json").json()
    )
    assert hidden["status"] == "genuine" and hidden["facts"] is None
    unknown = (
        Client()
        .post(
            "/api/v1/documents/verify/",
            {"code": "KG-0000-0000-0000-0000-0000"},
            content_type="application/json",
        )
        .json()
    )
    assert unknown["status"] == "unknown"
    assert (unknown["facts"], unknown["made_by"], unknown["content_digest"]) == (None, None, None)
