"""Replies in the worker's language: a caseworker picks a template, gets it in the language the worker
writes in with its meaning in the page's language, fills in the blanks and sends it; administrators
keep their organisation's own versions; the glossary panel agrees with docs/glossary.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from korgoo.cases.models import CaseMessage
from korgoo.conftest import TwoOrgs, report
from korgoo.intake.services import report_submit
from korgoo.replies.models import ReplyTemplate
from korgoo.replies.selectors import glossary_terms, replies_for, shipped

pytestmark = pytest.mark.django_db
GLOSSARY = Path(__file__).resolve().parents[3] / "docs" / "glossary.md"


def _kyrgyz_case(two_orgs: TwoOrgs) -> Any:
    return report_submit(new=report(language="ky", description="Айлык берилген жок.")).report.case


def test_a_caseworker_answers_a_kyrgyz_worker_with_a_kyrgyz_template(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    case = _kyrgyz_case(two_orgs)
    assert case.organisation == two_orgs.a.org
    client = client_for(two_orgs.a.caseworker)
    page = client.get(f"/ru/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="worker-language"' in page and "Язык работника: кыргызский" in page
    assert 'data-testid="reply-picker"' in page and 'data-testid="glossary-panel"' in page
    chosen = client.get(f"/ru/staff/cases/{case.pk}/", {"reply": "appointment"}).content.decode()
    body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', chosen, re.DOTALL)
    assert body and "Сизди [[күнү]] саат [[убактысы]]" in body.group(1)
    assert 'data-testid="reply-meaning"' in chosen and "Ждём вас [[дата]]" in chosen  # read along in Russian
    # Blanks left: refused with the parts to fill, nothing sent.
    refused = client.post(f"/ru/staff/cases/{case.pk}/messages/", {"body": body.group(1).strip()})
    assert refused.status_code == 400 and "[[күнү]]" in refused.content.decode()
    assert not CaseMessage.objects.filter(case=case).exists()
    filled = "Сизди 12-декабрда саат 10:00 Москвадагы кеңседе күтөбүз. Паспортуңузду ала келиңиз."
    assert client.post(f"/ru/staff/cases/{case.pk}/messages/", {"body": filled}).status_code == 302
    assert CaseMessage.objects.filter(case=case, sender="organisation").count() == 1


def test_an_administrator_keeps_the_organisations_own_version(two_orgs: TwoOrgs, client_for: Any) -> None:
    admin = client_for(two_orgs.a.admin)
    assert admin.get("/ru/staff/replies/").status_code == 200
    response = admin.post(
        "/ru/staff/replies/appointment/",
        {
            "title_ky": "Жолугушуу",
            "body_ky": "Биздин кеңседе [[күнү]] күтөбүз.",
            "title_ru": "Встреча",
            "body_ru": "Ждём вас в офисе [[дата]].",
            "position": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 303
    assert ReplyTemplate.objects.get(organisation=two_orgs.a.org, code="appointment").texts.count() == 2
    own = {r.code: r for r in replies_for(actor=two_orgs.a.actor("admin"))}
    assert own["appointment"].own and own["appointment"].body("ky") == "Биздин кеңседе [[күнү]] күтөбүз."
    other = {r.code: r for r in replies_for(actor=two_orgs.b.actor())}
    assert not other["appointment"].own  # another organisation keeps the shipped text
    # Caseworkers pick templates but do not change them; no text at all is refused.
    assert client_for(two_orgs.a.caseworker).get("/ru/staff/replies/").status_code == 403
    assert admin.post("/ru/staff/replies/new/", {"code": "empty", "position": 1}).status_code == 400
    # A template only organisation A keeps does not exist for organisation B.
    admin.post(
        "/ru/staff/replies/new/",
        {"code": "a-only", "title_ru": "Только A", "body_ru": "Текст A", "position": 1, "is_active": "on"},
    )
    assert client_for(two_orgs.b.admin).get("/ru/staff/replies/a-only/").status_code == 404
    assert admin.get("/ru/staff/replies/a-only/").status_code == 200


def test_every_shipped_template_has_three_languages_and_the_same_blanks_count() -> None:
    for reply in shipped():
        assert set(reply.texts) == {"ky", "ru", "en"}, reply.code
        counts = {lang: reply.body(lang).count("[[") for lang in reply.texts}
        assert len(set(counts.values())) == 1, (reply.code, counts)


def test_the_glossary_panel_repeats_the_glossary_word_for_word() -> None:
    rows = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 3:
            rows.add(tuple(cells[:3]))
    terms = glossary_terms()
    assert len(terms) >= 20
    assert [t for t in terms if (t.en, t.ru, t.ky) not in rows] == []
