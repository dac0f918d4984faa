"""The case page: its actions open on demand (a link without scripts, a form fetched by htmx with
them), a mistake on an action's form comes back with the form and nothing typed lost, and the page
costs the same number of queries whatever the case holds."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from korgoo.cases import services
from korgoo.cases.files import clean_upload
from korgoo.cases.models import Case
from korgoo.cases.services import case_info_add_by_worker
from korgoo.cases.tests.test_scanning import pdf_with
from korgoo.channels.services import channel_link_create
from korgoo.conftest import TwoOrgs, report
from korgoo.homecoming.services import return_record
from korgoo.intake.services import report_submit
from korgoo.referrals.services import referral_offer
from korgoo.replies.models import ReplyTemplate, ReplyTemplateText

pytestmark = pytest.mark.django_db

ACTIONS = ("triage", "assign", "status", "deadline", "file_upload", "close")
ACTION_PATHS = {"file_upload": "files"}


def _action_url(case: Case, action: str) -> str:
    return f"/ru/staff/cases/{case.pk}/{ACTION_PATHS.get(action, action)}/"


def test_the_case_page_holds_a_link_for_each_action_and_no_action_form(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a = two_orgs.a
    page = client_for(a.admin).get(f"/ru/staff/cases/{a.case.pk}/").content.decode()
    for action in ACTIONS:
        url = _action_url(a.case, action)
        # Without scripts, opening the action shows a link to the page holding its form ...
        assert f'<a href="{url}" data-testid="action-link">' in page, action
        # ... with them, htmx fetches that form into the <details> once it is opened.
        assert f'hx-get="{url}" hx-trigger="toggle once"' in page, action
        assert f'<form method="post" action="{url}"' not in page, action
    assert 'name="outcome"' not in page and 'name="assignee"' not in page
    # htmx is served from the site itself, under the page's CSP (no inline script, no other host).
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in page
    assert "<script>" not in page


def test_an_action_answers_with_its_page_or_with_the_form_alone_for_htmx(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a = two_orgs.a
    client = client_for(a.admin)
    for action in ACTIONS:
        url = _action_url(a.case, action)
        whole = client.get(url)
        assert whole.status_code == 200, action
        html = whole.content.decode()
        assert html.startswith("<!doctype html>") and f'<form method="post" action="{url}"' in html, action
        assert f'href="/ru/staff/cases/{a.case.pk}/" data-testid="back-to-case"' in html
        fragment = client.get(url, headers={"HX-Request": "true"})
        assert fragment.status_code == 200, action
        part = fragment.content.decode()
        assert "<html" not in part and f'<form method="post" action="{url}"' in part, action
        assert "HX-Request" in fragment["Vary"] and "HX-Request" in whole["Vary"]
        assert 'name="csrfmiddlewaretoken"' in part
    # The forms start from the case as it stands.
    services.case_set_status(actor=a.actor("admin"), case=a.case, status="negotiation")
    status_form = client.get(_action_url(a.case, "status"), headers={"HX-Request": "true"}).content.decode()
    assert '<option value="negotiation" selected>' in status_form


def test_a_mistake_comes_back_with_the_form_its_error_and_what_was_typed(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a = two_orgs.a
    client = client_for(a.admin)
    # Money recovered without its currency: the service refuses (the amount means nothing alone).
    response = client.post(
        _action_url(a.case, "close"),
        {"outcome": "resolved", "money_recovered": "48 000,50", "documents_returned": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="close-form"' in html
    assert "Укажите валюту" in html or 'class="errorlist' in html
    assert 'value="48 000,50"' in html  # nothing typed is lost
    assert '<option value="resolved" selected>' in html
    assert re.search(r'name="documents_returned"[^>]*checked', html)
    assert Case.objects.get(pk=a.case.pk).status != "closed"
    # Right the second time: back to the case page, closed.
    done = client.post(
        _action_url(a.case, "close"),
        {"outcome": "resolved", "money_recovered": "48 000,50", "money_currency": "RUB"},
    )
    assert done.status_code == 302 and done["Location"] == f"/ru/staff/cases/{a.case.pk}/"
    assert Case.objects.get(pk=a.case.pk).status == "closed"


def test_a_member_without_the_right_or_of_another_organisation_gets_no_form(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a, b = two_orgs.a, two_orgs.b
    viewer = client_for(a.viewer)
    for action in ACTIONS:
        assert viewer.get(_action_url(a.case, action)).status_code == 403, action
        other = client_for(b.admin).get(_action_url(a.case, action), headers={"HX-Request": "true"})
        assert other.status_code == 404 and b"CANARY-A" not in other.content, action
    assert Client().get(_action_url(a.case, "close")).status_code == 302  # to the login page


def _rich_case(two_orgs: TwoOrgs) -> Case:
    """A case of organisation A with something of everything the page shows."""
    a, b = two_orgs.a, two_orgs.b
    case = report_submit(
        new=report(description="Забрали паспорт и не платят", categories=("documents_taken",))
    )
    case = Case.objects.get(pk=case.report.case.pk)
    assert case.organisation_id == a.org.pk
    actor = a.actor("admin")
    for body in ("Здравствуйте", "Пришлите договор"):
        services.case_message_to_worker(actor=actor, case=case, body=body)
    services.case_note_add(actor=actor, case=case, body="Позвонить в среду")
    services.case_assign(actor=actor, case=case, assignee=a.caseworker)
    services.case_set_deadline(actor=actor, case=case, due_on=None)
    case_info_add_by_worker(case=case, text="Вот фото", files=[clean_upload("a.pdf", pdf_with(b"one"))])
    services.case_attachment_add_by_staff(
        actor=actor, case=case, clean=clean_upload("b.pdf", pdf_with(b"two"))
    )
    channel_link_create(case=case, provider="telegram", chat_id="12345", language="ru")
    return_record(actor=actor, case_id=case.pk, region="osh_city")
    referral_offer(actor=actor, case=case, to_organisation=b.org, fields=["description"])
    return Case.objects.get(pk=case.pk)


def _queries_of(client: Client, url: str) -> tuple[int, str]:
    client.get(url)  # the first request may fill caches of the process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_case_page_costs_the_same_queries_for_a_bare_case_and_a_full_one(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    a = two_orgs.a
    rich = _rich_case(two_orgs)
    # The organisation's own reply template (with texts), read in the same query as the others.
    template = ReplyTemplate.objects.create(organisation=a.org, code="own", position=1)
    ReplyTemplateText.objects.create(template=template, language="ru", title="Своё", body="Текст")
    client = client_for(a.caseworker)
    bare_count, bare = _queries_of(client, f"/ru/staff/cases/{a.case.pk}/")
    rich_count, full = _queries_of(client, f"/ru/staff/cases/{rich.pk}/")
    # The full case really shows what it holds: messages, files, the linked chat, the return home.
    for shown in (
        "Пришлите договор",
        "Позвонить в среду",
        "b.pdf",
        "Telegram",
        'data-testid="case-returned"',
    ):
        assert shown in full and shown not in bare, shown
    assert 'value="own"' in full and 'value="own"' in bare
    assert rich_count == bare_count
    # The count itself, so that a new per-request query is a decision, not an accident: the session
    # (read only: it is saved again at most once a minute), the user, the second factor, the
    # membership; the case, its categories, the access, the audit row of the read (savepoint, chain
    # head, row, head, release: 5; on PostgreSQL the row and the head are one statement, 4);
    # suggestions, messages, notes, files, reply templates, return home, hand-overs and the timeline
    # (which also says which chats are linked).
    assert bare_count == (19 if connection.vendor == "postgresql" else 20)


def test_the_inbox_costs_the_same_queries_whatever_the_filters(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    rich = _rich_case(two_orgs)
    Case.objects.filter(pk=rich.pk).update(due_on=dt.date(2026, 11, 2))  # two weeks overdue
    for _ in range(3):
        report_submit(new=report(categories=("violence",)))
    client = client_for(a.caseworker)
    counts = {}
    for query in ("", "?status=open", "?category=violence", "?urgent=1", "?overdue=on", "?q=паспорт"):
        counts[query], page = _queries_of(client, f"/ru/staff/{query}")
        assert 'data-testid="case-link"' in page, query  # every filter finds cases here
    assert len(set(counts.values())) == 1, counts
    # A filter that finds nothing has no categories to read: one query fewer, never more.
    empty, page = _queries_of(client, "/ru/staff/?category=forced_work")
    assert 'data-testid="case-link"' not in page and empty == counts[""] - 1


def test_the_inbox_counts_the_offers_waiting_without_reading_them(two_orgs: TwoOrgs, client_for: Any) -> None:
    _rich_case(two_orgs)  # offered to organisation B
    page = client_for(two_orgs.b.caseworker).get("/en/staff/").content.decode()
    assert "1 offer waits for your answer" in page
    assert "offer waits" not in client_for(two_orgs.a.caseworker).get("/en/staff/").content.decode()
