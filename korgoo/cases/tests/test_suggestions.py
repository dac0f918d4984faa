"""What triage reads in a report's text, kept with the case: urgency raised at once, categories
offered for one click, the caseworker's decisions on the timeline, nothing ticked ever removed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from korgoo.cases import suggestions
from korgoo.cases.choices import EventKind, SuggestionState
from korgoo.cases.models import Case, CaseEvent, CaseSuggestion
from korgoo.cases.services import case_open_from_report, case_suggestion_decide, case_triage
from korgoo.conftest import TwoOrgs, report, report_form
from korgoo.core.errors import ApplicationError
from korgoo.intake.models import Report

pytestmark = pytest.mark.django_db

LOCKED_IN = "salam bizdi jatakanadan chygarbay kamap koyushtu telefondu alyp koyushtu"


def _case_of_latest_report() -> Case:
    return Report.objects.select_related("case").latest("submitted_at").case


def test_a_latin_kyrgyz_report_of_being_locked_in_arrives_urgent_with_the_words_and_lowering_is_recorded(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    # The worker ticks only "other" and writes, in Latin letters, that they are locked in the
    # dormitory («жатаканадан чыгарбай камап коюшту») and their phones were taken.
    sent = Client().post("/ky/report/", report_form(categories=["other"], description=LOCKED_IN))
    assert sent.status_code == 201
    case = _case_of_latest_report()
    assert case.organisation == two_orgs.a.org  # Moscow: placed with organisation A
    assert case.urgent
    assert case.due_on == case.reported_on + dt.timedelta(days=1)  # urgent: first answer within a day
    assert list(case.categories.values_list("category", flat=True)) == ["other"]  # as ticked
    urgency = CaseSuggestion.objects.get(case=case, subject="urgent")
    assert urgency.state == SuggestionState.PENDING and urgency.variety == "ky_latn"
    assert CaseSuggestion.objects.filter(case=case, subject="forced_work").exists()
    suggested = CaseEvent.objects.get(case=case, kind=EventKind.TRIAGE_SUGGESTED)
    assert suggested.data["urgent"] is True and "forced_work" in suggested.data["categories"]
    assert not suggested.worker_visible

    caseworker = client_for(two_orgs.a.caseworker)
    page = caseworker.get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert 'data-testid="urgent-suggested">suggested from the text<' in page
    assert '<mark data-testid="evidence-word">kamap</mark>' in page
    assert '<mark data-testid="evidence-word">chygarbay</mark>' in page

    lowered = caseworker.post(
        f"/en/staff/cases/{case.pk}/suggestion/", {"subject": "urgent", "decision": "reject"}
    )
    assert lowered.status_code == 302
    case.refresh_from_db()
    assert not case.urgent
    assert case.due_on == case.reported_on + dt.timedelta(days=3)  # back to the usual three days
    assert CaseSuggestion.objects.get(pk=urgency.pk).state == SuggestionState.REJECTED
    event = CaseEvent.objects.get(case=case, kind=EventKind.URGENCY_LOWERED)
    assert event.actor == two_orgs.a.caseworker and event.data == {"urgent": False}
    page = caseworker.get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert "Urgency suggested from the text was lowered" in page
    assert 'data-testid="urgent-suggested"' not in page
    # Accepting forced work afterwards makes the case urgent again, as if the worker had ticked it.
    caseworker.post(
        f"/en/staff/cases/{case.pk}/suggestion/", {"subject": "forced_work", "decision": "accept"}
    )
    case.refresh_from_db()
    assert case.urgent
    assert set(case.categories.values_list("category", flat=True)) == {"other", "forced_work"}


def test_the_api_report_gets_suggestions_too(two_orgs: TwoOrgs) -> None:
    body = {
        "language": "ru",
        "country": "RU",
        "city": "Moscow",
        "categories": ["unpaid_wages"],
        "description": "Зарплату не платят три месяца, бригадир избил брата",
        "share_with": ["ngo"],
    }
    response = Client().post("/api/v1/reports/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    case = _case_of_latest_report()
    assert case.urgent
    assert set(CaseSuggestion.objects.filter(case=case).values_list("subject", flat=True)) == {
        "violence",
        "urgent",
    }


def test_accepting_a_category_adds_it_and_keeps_what_the_worker_ticked(two_orgs: TwoOrgs) -> None:
    case = case_open_from_report(
        report=report(categories=("unpaid_wages",), description="айлык бербей жатат паспортумду алып алды")
    )
    assert not case.urgent
    assert set(case.suggestions.values_list("subject", flat=True)) == {"documents_taken"}
    case_suggestion_decide(actor=two_orgs.a.actor(), case=case, subject="documents_taken", accept=True)
    assert set(case.categories.values_list("category", flat=True)) == {"unpaid_wages", "documents_taken"}
    event = CaseEvent.objects.get(case=case, kind=EventKind.SUGGESTION_ACCEPTED)
    assert event.data == {"category": "documents_taken"}
    with pytest.raises(ApplicationError) as decided:
        case_suggestion_decide(actor=two_orgs.a.actor(), case=case, subject="documents_taken", accept=False)
    assert decided.value.code == "suggestion_decided"


def test_rejecting_a_category_changes_nothing_on_the_case(two_orgs: TwoOrgs, client_for: Any) -> None:
    case = case_open_from_report(report=report(categories=("other",), description="уволили без причины"))
    response = client_for(two_orgs.a.caseworker).post(
        f"/ru/staff/cases/{case.pk}/suggestion/", {"subject": "unjust_dismissal", "decision": "reject"}
    )
    assert response.status_code == 302
    assert list(case.categories.values_list("category", flat=True)) == ["other"]
    assert CaseSuggestion.objects.get(case=case).state == SuggestionState.REJECTED
    assert CaseEvent.objects.filter(case=case, kind=EventKind.SUGGESTION_REJECTED).count() == 1


def test_urgency_the_worker_ticked_is_not_a_suggestion_and_cannot_be_lowered_by_one(
    two_orgs: TwoOrgs,
) -> None:
    case = case_open_from_report(report=report(categories=("violence",), description="начальник бизди урат"))
    assert case.urgent
    assert not case.suggestions.exists()
    with pytest.raises(ApplicationError):
        case_suggestion_decide(actor=two_orgs.a.actor(), case=case, subject="urgent", accept=False)
    case.refresh_from_db()
    assert case.urgent


def test_a_viewer_cannot_decide_and_confirming_keeps_the_case_urgent(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    case = case_open_from_report(report=report(categories=("other",), description="нас заперли на складе"))
    url = f"/ru/staff/cases/{case.pk}/suggestion/"
    assert (
        client_for(two_orgs.a.viewer).post(url, {"subject": "urgent", "decision": "reject"}).status_code
        == 403
    )
    assert Case.objects.get(pk=case.pk).urgent
    client_for(two_orgs.a.caseworker).post(url, {"subject": "urgent", "decision": "accept"})
    case.refresh_from_db()
    assert case.urgent
    assert CaseSuggestion.objects.get(case=case, subject="urgent").state == SuggestionState.ACCEPTED
    assert CaseEvent.objects.filter(case=case, kind=EventKind.URGENCY_CONFIRMED).exists()


def test_the_caseworkers_own_triage_settles_what_is_pending(two_orgs: TwoOrgs) -> None:
    case = case_open_from_report(
        report=report(categories=("other",), description="паспорт забрали и не отдают, бригадир избил")
    )
    assert set(case.suggestions.values_list("subject", flat=True)) == {
        "documents_taken",
        "violence",
        "urgent",
    }
    case_triage(
        actor=two_orgs.a.actor(), case=case, categories=["documents_taken", "unpaid_wages"], urgent=False
    )
    states = dict(case.suggestions.values_list("subject", "state"))
    assert states == {
        "documents_taken": SuggestionState.ACCEPTED,
        "violence": SuggestionState.CHANGED,
        "urgent": SuggestionState.REJECTED,
    }


def test_the_words_are_sealed_with_the_report_never_stored_in_the_clear(two_orgs: TwoOrgs) -> None:
    case = case_open_from_report(report=report(categories=("other",), description=LOCKED_IN))
    assert case.suggestions.exists()
    raw = bytes(Case.objects.get(pk=case.pk).sealed_report)
    assert b"kamap" not in raw
    assert "kamap" not in json.dumps(list(case.suggestions.values()), default=str)
    assert "kamap" not in json.dumps(list(case.events.values("data")), default=str)


def test_a_failure_of_triage_never_costs_the_worker_the_report(two_orgs: TwoOrgs, monkeypatch: Any) -> None:
    def broken(text: str) -> Any:
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(suggestions, "triage_text", broken)
    case = case_open_from_report(report=report(categories=("unpaid_wages",), description=LOCKED_IN))
    assert case.pk and not case.urgent and not case.suggestions.exists()


def test_the_api_shows_the_suggestions_and_decides_them_like_the_page(two_orgs: TwoOrgs) -> None:
    from django.utils import timezone

    from korgoo.organisations.services import api_token_create

    case = case_open_from_report(report=report(categories=("other",), description=LOCKED_IN))
    token = api_token_create(
        user=two_orgs.a.caseworker.user, expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    client = Client(headers={"Authorization": f"Bearer {token}"})
    detail = client.get(f"/api/v1/cases/{case.pk}/").json()
    shown = {s["subject"]: s for s in detail["suggestions"]}
    assert shown["urgent"]["state"] == "pending" and "kamap" in shown["urgent"]["words"]
    answer = client.post(
        f"/api/v1/cases/{case.pk}/suggestions/",
        json.dumps({"subject": "urgent", "accept": False}),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json() == {"urgent": False, "categories": ["other"]}
    assert CaseEvent.objects.filter(case=case, kind=EventKind.URGENCY_LOWERED).exists()
    again = client.post(
        f"/api/v1/cases/{case.pk}/suggestions/",
        json.dumps({"subject": "urgent", "accept": False}),
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "suggestion_decided"
