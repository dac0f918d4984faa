"""The report, one question per page, without JavaScript: progress, back and change without losing a
word, a linked error summary in the worker's language, dates that make sense, one report however often
a page is sent again."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from korgoo.cases import vault
from korgoo.cases.models import Case
from korgoo.conftest import SUITE_NOW, TwoOrgs, report_form

pytestmark = pytest.mark.django_db


def _page(response: Any) -> str:
    return str(response.content.decode())


def _step(html: str) -> str:
    match = re.search(r'data-step="(\w+)"', html)
    assert match, "not a page of the report"
    return match.group(1)


def _hidden(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html):
        found.setdefault(name, []).append(value)
    return found


def _send(client: Client, html: str, language: str = "ky", **answers: Any) -> Any:
    """Press "Continue" on this page with these answers (and what the page carries)."""
    data: dict[str, Any] = {k: v for k, v in _hidden(html).items()}
    data.update(answers)
    data.setdefault("go", "next")
    return client.post(f"/{language}/report/", data)


def test_a_worker_answers_page_by_page_checks_and_sends(two_orgs: TwoOrgs) -> None:
    client = Client()
    html = _page(client.get("/ky/report/"))
    assert _step(html) == "what"
    with translation.override("ky"):
        assert translation.gettext("Question %(number)s of %(total)s") % {"number": 1, "total": 9} in html
    assert 'data-testid="report-back"' not in html  # nothing before the first question
    steps = [
        {"categories": ["unpaid_wages", "documents_taken"]},
        {"country": "RU"},
        {"city": "Москва"},
        {"happened_on": "2026-10-01"},
        {"sector": "construction", "employer_name": "ООО Курулуш"},
        {"description": "Эки ай айлык берилген жок, паспортумду алып коюшту."},
        {"contact_channel": "none"},
        {"share_with": ["ngo", "trade_union"], "share_with_consulate": "yes"},
    ]
    for answers in steps:
        response = _send(client, html, **answers)
        assert response.status_code == 200, _page(response)[:500]
        html = _page(response)
        assert 'data-testid="report-back"' in html or _step(html) == "check"
    assert _step(html) == "check"
    answers = html[html.index('data-testid="report-answers"') :]
    for shown in ("Москва", "ООО Курулуш", "Эки ай айлык берилген жок"):
        assert shown in answers
    sent = _send(client, html, go="send")
    assert sent.status_code == 201
    case = Case.objects.order_by("-created_at").first()
    assert case is not None and case.language == "ky" and case.organisation == two_orgs.a.org
    assert sorted(case.categories.values_list("category", flat=True)) == ["documents_taken", "unpaid_wages"]
    assert vault.open_report(case)["happened_on"] == "2026-10-01" and case.sector == "construction"
    # The last page sent again (the answer was lost on the way) shows the same receipt, makes no new case.
    again = _send(client, html, go="send")
    assert again.status_code == 201 and Case.objects.count() == 3  # two of the fixture and this one
    receipt = re.compile(r'data-testid="receipt"[^>]*>([\d ]+)<')
    assert receipt.search(_page(again)).group(1) == receipt.search(_page(sent)).group(1)  # type: ignore[union-attr]


def test_back_and_change_keep_every_word(db: Any) -> None:
    client = Client()
    first = _page(client.get("/ru/report/"))
    country = _page(_send(client, first, "ru", categories=["police"]))
    assert _step(country) == "country" and _hidden(country)["categories"] == ["police"]
    city = _page(_send(client, country, "ru", country="KZ"))
    assert _step(city) == "city"
    # The suggestions are the chosen country's cities, in the page's language.
    assert '<datalist id="city-suggestions">' in city and '<option value="Алматы">' in city
    assert '<option value="Москва">' not in city
    # The worker types a city, then goes back twice: the city travels along, the ticked box is ticked.
    back = _page(_send(client, city, "ru", city="Алматы", go="back"))
    assert _step(back) == "country" and _hidden(back)["city"] == ["Алматы"]
    back = _page(_send(client, back, "ru", country="KZ", go="back"))
    assert _step(back) == "what"
    assert re.search(r'value="police"[^>]*checked|checked[^>]*value="police"', back)
    assert _hidden(back)["city"] == ["Алматы"] and _hidden(back)["country"] == ["KZ"]
    # "Change" on the last page opens that question with its answer in the field.
    check = report_form(city="Алматы", country="KZ", description="Полиция задержала на рынке.")
    check["go"] = "edit-city"
    change = _page(client.post("/ru/report/", check))
    assert _step(change) == "city" and 'value="Алматы"' in change
    assert _hidden(change)["description"] == ["Полиция задержала на рынке."]


def test_a_missing_answer_gets_a_linked_summary_in_good_kyrgyz_and_nothing_is_lost(db: Any) -> None:
    client = Client()
    first = _page(client.get("/ky/report/"))
    refused = client.post("/ky/report/", {**_hidden(first), "step": "what"})
    assert refused.status_code == 400
    html = _page(refused)
    assert _step(html) == "what"
    summary = html[html.index('data-testid="error-summary"') :]
    assert 'tabindex="-1" autofocus' in html[: html.index('data-testid="error-summary"') + 40]
    with translation.override("ky"):
        message = translation.gettext("Choose at least one thing that happened.")
    assert message != "Choose at least one thing that happened."  # the catalogue has it in Kyrgyz
    assert f'<a href="#id_categories_0">{message}</a>' in summary
    # A city longer than the field allows: the worker's own words, and a sentence written for them.
    country = _page(_send(client, first, categories=["other"]))
    city = _page(_send(client, country, country="RU"))
    long_city = "Ы" * 101
    too_long = _send(client, city, city=long_city)
    assert too_long.status_code == 400
    page = _page(too_long)
    with translation.override("ky"):
        expected = translation.gettext(
            "This is too long: at most %(limit_value)d characters, you wrote %(show_value)d."
        ) % {"limit_value": 100, "show_value": 101}
    assert expected in page and f'value="{long_city}"' in page
    assert "символ" not in expected or " символ" in expected  # never Django's «…эң көп 100символ…»


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (str(SUITE_NOW.date()), True),
        (str(SUITE_NOW.date() + dt.timedelta(days=1)), False),  # tomorrow even in Kyrgyzstan (UTC+6)
        ("2031-05-01", False),
        ("2000-01-01", True),
        ("1999-12-31", False),
        ("31.02.2026", False),
    ],
)
def test_the_date_is_not_in_the_future_nor_before_2000(db: Any, day: str, accepted: bool) -> None:
    client = Client()
    data = report_form(step="when", go="next", happened_on=day)
    response = client.post("/en/report/", data)
    assert (response.status_code == 200) is accepted
    html = _page(response)
    assert _step(html) == ("work" if accepted else "when")


def test_the_robot_trap_cannot_be_reached_with_the_keyboard(db: Any) -> None:
    html = _page(Client().post("/ky/report/", report_form(step="share", go="next")))
    assert _step(html) == "check"
    trap = re.search(r'<input type="text" name="website"[^>]*>', html)
    assert trap and 'tabindex="-1"' in trap.group(0) and 'autocomplete="off"' in trap.group(0)
    assert 'aria-hidden="true"' not in html  # nothing focusable hidden from screen readers
