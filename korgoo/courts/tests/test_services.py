"""Bringing decisions in: sealing, masking, alerts to the right mission, review, links to cases."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from korgoo.audit.models import AuditEvent
from korgoo.core.errors import ApplicationError, NotFound, PermissionDenied
from korgoo.courts import sealed, selectors, services
from korgoo.courts.models import Alert, Decision, Fact

from .conftest import CORPUS, Missions, page

pytestmark = pytest.mark.django_db


def test_a_page_becomes_a_decision_with_facts_sealed_and_masked(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    result = services.decision_ingest(
        actor=actor, data=page("001-"), filename="001.html", source_url="https://x/1"
    )
    decision = result.decision
    assert result.created
    want = json.loads((CORPUS / "001-sudrf-ekb-forced.json").read_text())
    assert decision.case_number == want["case_number"] and decision.court == want["court"]
    assert decision.region == "RU-SVE" and decision.country == "RU"
    assert decision.detention and decision.expulsion == "forced" and decision.kyrgyz_citizen
    assert Fact.objects.filter(decision=decision).count() == 13
    # The person concerned is masked in the text and in every sentence; the judge is named.
    assert "Асанова Б" not in decision.text and "[ФИО]" in decision.text
    assert "Иванова Е.А." in decision.text
    assert not Fact.objects.filter(decision=decision, sentence__contains="Асанов").exists()
    # The page as received is kept sealed: the database holds no readable name.
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_original FROM courts_decision")
        raw = bytes(cursor.fetchone()[0])
    assert "Асанова".encode("cp1251") not in raw and "Асанова".encode() not in raw
    assert sealed.open_original(decision) == page("001-")
    assert AuditEvent.objects.filter(action="court_decision.added", object_id=str(decision.pk)).exists()


def test_the_same_page_twice_is_one_decision(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    first = services.decision_ingest(actor=actor, data=page("002-"))
    again = services.decision_ingest(actor=actor, data=page("002-"))
    assert not again.created and again.decision.pk == first.decision.pk
    assert Decision.objects.count() == 1


def test_only_missions_bring_decisions_in(missions: Missions) -> None:
    for membership in (missions.ngo_worker, missions.embassy_viewer):
        with pytest.raises(PermissionDenied):
            services.decision_ingest(actor=missions.actor(membership), data=page("001-"))
    assert not Decision.objects.exists()


def test_a_broken_file_gets_a_clear_error(missions: Missions) -> None:
    with pytest.raises(ApplicationError) as error:
        services.decision_ingest(
            actor=missions.actor(missions.embassy_worker), data=b"%PDF-1.4 nothing", filename="a.pdf"
        )
    assert error.value.code == "unreadable_document" and "file" in error.value.fields


def test_detention_of_a_citizen_alerts_the_mission_of_the_courts_district(missions: Missions) -> None:
    # A Yekaterinburg court (Sverdlovsk oblast): the consulate in Yekaterinburg gets the task, even
    # though the embassy brought the decision in; the consulate can read the decision through it.
    actor = missions.actor(missions.embassy_worker)
    decision = services.decision_ingest(actor=actor, data=page("001-")).decision
    alert = Alert.objects.get(decision=decision)
    assert alert.organisation == missions.consulate and alert.kind == "detention"
    consulate = missions.actor(missions.consulate_worker)
    assert selectors.decision_get_for(actor=consulate, decision_id=decision.pk) == decision
    assert list(selectors.alert_list_for(actor=consulate)) == [alert]
    assert not selectors.alert_list_for(actor=actor).exists()
    # Reading is not owning: only the embassy reviews or links it.
    with pytest.raises(NotFound):
        services.fact_review(actor=consulate, decision=decision, field="court", confirm=True)
    services.alert_close(actor=consulate, alert=alert)
    assert Alert.objects.get(pk=alert.pk).status == "done"


def test_no_alert_for_controlled_departure_or_for_another_citizenship(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    for name in ("002-", "007-", "014-"):  # controlled departure; Tajik citizens (forced, detained)
        services.decision_ingest(actor=actor, data=page(name))
    assert not Alert.objects.exists()
    # A Moscow court's forced expulsion goes to the embassy.
    moscow = services.decision_ingest(actor=actor, data=page("011-")).decision
    assert Alert.objects.get(decision=moscow).organisation == missions.embassy


def test_review_confirms_or_corrects_and_may_raise_an_alert(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    # Born in the Kirghiz SSR, citizenship not stated: the decision waits for review.
    decision = services.decision_ingest(actor=actor, data=page("008-")).decision
    assert decision.needs_review
    assert list(selectors.review_queue_for(actor=actor)) == [decision]
    alerts_before = Alert.objects.count()
    services.fact_review(actor=actor, decision=decision, field="kyrgyz_citizen", confirm=True)
    decision.refresh_from_db()
    assert not decision.needs_review and not selectors.review_queue_for(actor=actor).exists()
    fact = Fact.objects.get(decision=decision, field="kyrgyz_citizen")
    assert fact.status == "confirmed" and fact.reviewed_by == missions.embassy_worker
    assert Alert.objects.count() == alerts_before  # already alerted as detained when brought in
    services.fact_review(actor=actor, decision=decision, field="fine_amount", value="2 500,00")
    decision.refresh_from_db()
    assert str(decision.fine_amount) == "2500.00"
    assert Fact.objects.get(decision=decision, field="fine_amount").status == "corrected"
    with pytest.raises(ApplicationError):
        services.fact_review(actor=actor, decision=decision, field="outcome", value="beheaded")
    decision.refresh_from_db()
    assert decision.outcome == "fine_and_expulsion"


def test_correcting_citizenship_raises_the_alert(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    decision = services.decision_ingest(actor=actor, data=page("014-")).decision  # Tajik, detained, Moscow
    assert not Alert.objects.exists()
    services.fact_review(actor=actor, decision=decision, field="kyrgyz_citizen", value=True)
    assert Alert.objects.get(decision=decision).organisation == missions.embassy


def test_link_to_a_case_of_ones_own_organisation_only(missions: Missions, two_orgs: object) -> None:
    from korgoo.cases.models import RoutingRule
    from korgoo.conftest import report
    from korgoo.core.gazetteer import locality_match
    from korgoo.intake.services import report_submit

    RoutingRule.objects.create(
        organisation=missions.embassy, country="RU", locality_id=locality_match("Moscow", "RU"), priority=1
    )
    case = report_submit(new=report(city="Moscow", categories=("documents_taken",))).report.case
    assert case.organisation == missions.embassy
    actor = missions.actor(missions.embassy_worker)
    decision = services.decision_ingest(actor=actor, data=page("011-")).decision
    services.decision_link_case(actor=actor, decision=decision, case_id=case.pk)
    assert Decision.objects.get(pk=decision.pk).case == case
    # The original text, names and all, once linked to the worker's case.
    assert "Жумабаева" in services.decision_original_text(actor=actor, decision=decision)
    with pytest.raises(ApplicationError) as error:
        services.decision_link_case(actor=actor, decision=decision, case_id=two_orgs.b.case.pk)
    assert error.value.code == "unknown_case"
    assert Decision.objects.get(pk=decision.pk).case == case


def test_articles_are_corrected_as_a_court_writes_them(missions: Missions) -> None:
    actor = missions.actor(missions.embassy_worker)
    decision = services.decision_ingest(actor=actor, data=page("017-")).decision  # ч. 3 ст. 327 УК РФ
    services.fact_review(
        actor=actor, decision=decision, field="articles", value="ч. 2 ст. 322, ч. 3 ст. 327 УК РФ"
    )
    decision.refresh_from_db()
    assert decision.articles == [
        {"code": "UK_RU", "article": "322", "part": "2"},
        {"code": "UK_RU", "article": "327", "part": "3"},
    ]
    with pytest.raises(ApplicationError):
        services.fact_review(actor=actor, decision=decision, field="articles", value="статья какая-то")
    assert Decision.objects.get(pk=decision.pk).articles == decision.articles
