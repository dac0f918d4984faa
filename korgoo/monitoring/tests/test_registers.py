"""The registers loaded from versioned data files: instruments with their status and confidence,
indicators, and the recommendation tracker; re-imports never duplicate or overwrite what analysts
recorded."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from korgoo.audit.models import AuditEvent
from korgoo.core.errors import ApplicationError, PermissionDenied
from korgoo.monitoring import services
from korgoo.monitoring.importers import DATA_DIR, IMPORTERS, indicators_import, recommendations_import
from korgoo.monitoring.models import (
    DataImport,
    Indicator,
    IndicatorValue,
    Instrument,
    InstrumentStatus,
    Recommendation,
    RecommendationUpdate,
)
from korgoo.organisations.selectors import actor_for_membership

from .conftest import World

pytestmark = pytest.mark.django_db


def _load_all() -> None:
    for command in ("import_instruments", "import_indicators", "import_recommendations"):
        call_command(command, stdout=StringIO())


def test_instruments_carry_the_status_and_confidence_of_the_domain_facts() -> None:
    _load_all()
    codes = set(Instrument.objects.values_list("code", flat=True))
    assert {
        "icrmw-1990",
        "ilo-c097",
        "ilo-c143",
        "ilo-c181",
        "ilo-c189",
        "ilo-c190",
        "eaeu-treaty-2014",
        "ru-kg-stay-2015",
        "gcm-2018",
    } <= codes

    def status(code: str, country: str) -> InstrumentStatus:
        return InstrumentStatus.objects.get(instrument__code=code, country=country)

    icrmw = status("icrmw-1990", "KG")
    assert icrmw.status == "party" and icrmw.confidence == "confirmed"
    assert icrmw.since == "2003-09-29" and icrmw.since_confidence == "unconfirmed"  # ❓ in the facts
    assert status("icrmw-1990", "RU").status == "not_party"
    assert status("ilo-c097", "KG").since == "2008"
    assert status("ilo-c097", "KZ").confidence == "unconfirmed"
    assert status("ilo-c143", "KG").confidence == "to_check"
    assert status("ilo-c190", "KG").since == "2024-06"
    assert status("gcm-2018", "KG").status == "joined"
    assert status("eaeu-treaty-2014", "KG").since == "2015-08-12"
    titles = Instrument.objects.get(code="icrmw-1990")
    assert "мигранттарынын" in titles.title_ky and "трудящихся-мигрантов" in titles.title_ru


def test_recommendations_follow_the_report_with_their_responsible_body() -> None:
    _load_all()
    assert Recommendation.objects.count() == 28
    cmw = Recommendation.objects.get(code="gov-11-cmw-report")
    assert "Комитет ООН" in cmw.text_ru and "UN Committee" in cmw.text_en
    assert cmw.body == "gov_kg" and "Правительство" in cmw.body_ru
    assert cmw.text("text", "ky") == cmw.text_ru  # no Kyrgyz edition: Russian is shown
    assert (
        Recommendation.objects.get(code="kz-01-ratification").body_en
        == "Government of the Republic of Kazakhstan"
    )
    assert Recommendation.objects.filter(section="health").count() == 4


def test_reimport_neither_duplicates_nor_overwrites_what_analysts_recorded(
    world: World, tmp_path: Path
) -> None:
    _load_all()
    counts = (
        Instrument.objects.count(),
        InstrumentStatus.objects.count(),
        Indicator.objects.count(),
        Recommendation.objects.count(),
    )
    actor = actor_for_membership(world.analyst)
    recommendation = Recommendation.objects.get(code="missions-03-court-decisions")
    update = services.recommendation_status_set(
        actor=actor, recommendation=recommendation, status="in_progress", evidence="Приказ МИД № 1"
    )
    services.recommendation_update_review(
        actor=actor_for_membership(world.coordinator), update=update, approve=True
    )
    indicator = Indicator.objects.get(code="honorary-consuls")
    services.indicator_targets_set(
        actor=actor,
        indicator=indicator,
        baseline="4",
        baseline_period="2024",
        target="8",
        target_period="2028",
    )
    out = StringIO()
    call_command("import_recommendations", stdout=out)
    assert "already imported" in out.getvalue()
    # A new version of the file: texts change, the analysts' status and target stay.
    data = json.loads((DATA_DIR / "recommendations.json").read_text(encoding="utf-8"))
    data["version"] = "test.2"
    data["recommendations"][0]["text"]["en"] = "Changed text."
    changed = tmp_path / "recommendations.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = recommendations_import(changed)
    assert report.updated == 28 and report.created == 0
    assert Recommendation.objects.get(code=data["recommendations"][0]["code"]).text_en == "Changed text."
    assert DataImport.objects.get(name="recommendations").version == "test.2"
    indicators_import(force=True)
    for importer in IMPORTERS.values():
        importer(force=True)
    assert counts == (
        Instrument.objects.count(),
        InstrumentStatus.objects.count(),
        Indicator.objects.count(),
        Recommendation.objects.count(),
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress" and recommendation.evidence == "Приказ МИД № 1"
    indicator.refresh_from_db()
    assert indicator.target == Decimal("8") and indicator.baseline == Decimal("4")


def test_recommendation_status_history_and_audit(world: World, client_for: Any) -> None:
    _load_all()
    client = client_for(world.analyst)
    page = client.get("/ru/staff/monitoring/recommendations/")
    assert page.status_code == 200 and 'data-testid="rec-gov-11-cmw-report"' in page.content.decode()
    response = client.post(
        "/ru/staff/monitoring/recommendations/",
        {"code": "gov-11-cmw-report", "status": "implemented", "evidence": "CMW/C/KGZ/2 received 6 Apr 2023"},
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(code="gov-11-cmw-report")
    # Proposed, not yet the tracker's status: a second person reviews it.
    assert recommendation.status == "not_assessed"
    update = RecommendationUpdate.objects.get(recommendation=recommendation)
    assert update.review_state == "pending" and update.by == world.analyst
    assert AuditEvent.objects.filter(
        action="monitoring.recommendation_updated", object_id="gov-11-cmw-report"
    ).exists()
    # The analyst cannot approve their own proposal; the page offers them no button for it.
    assert (
        f'data-testid="approve-{update.pk}"'
        not in client.get("/ru/staff/monitoring/recommendations/").content.decode()
    )
    with pytest.raises(ApplicationError):
        services.recommendation_update_review(
            actor=actor_for_membership(world.analyst), update=update, approve=True
        )
    # A coordinator sees the tracker, approves the proposal, but cannot propose a status.
    coordinator = client_for(world.coordinator)
    page = coordinator.get("/ru/staff/monitoring/recommendations/").content.decode()
    assert f'data-testid="approve-{update.pk}"' in page
    approved = coordinator.post(
        "/ru/staff/monitoring/recommendations/", {"entry": update.pk, "decision": "approve", "note": ""}
    )
    assert approved.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "implemented" and recommendation.status_updated_by == world.analyst
    assert AuditEvent.objects.filter(action="monitoring.recommendation_reviewed").exists()
    with pytest.raises(ApplicationError):  # reviewed once
        services.recommendation_update_review(
            actor=actor_for_membership(world.coordinator), update=update, approve=False, note="no"
        )
    assert (
        coordinator.post(
            "/ru/staff/monitoring/recommendations/", {"code": "gov-11-cmw-report", "status": "not_started"}
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.recommendation_status_set(
            actor=actor_for_membership(world.coordinator), recommendation=recommendation, status="partly"
        )


def test_analysts_enter_values_only_for_entered_indicators(world: World, client_for: Any) -> None:
    _load_all()
    actor = actor_for_membership(world.analyst)
    entered = Indicator.objects.get(code="honorary-consuls")
    value = services.indicator_value_enter(
        actor=actor, indicator=entered, period="2025", value="6", evidence="mfa.gov.kg"
    )
    assert value.value == Decimal("6") and value.entered_by == world.analyst
    assert value.review_state == "pending"
    # Returned without saying what to correct: refused; with a note: returned to the analyst.
    reviewer = actor_for_membership(world.coordinator)
    with pytest.raises(ApplicationError):
        services.indicator_value_review(actor=reviewer, value=value, approve=False)
    services.indicator_value_review(actor=reviewer, value=value, approve=False, note="Источник?")
    assert IndicatorValue.objects.get(pk=value.pk).review_state == "returned"
    corrected = services.indicator_value_enter(
        actor=actor, indicator=entered, period="2025", value="7", evidence="corrected"
    )
    assert IndicatorValue.objects.filter(indicator=entered, period="2025").count() == 1
    assert corrected.review_state == "pending" and corrected.review_note == ""
    with pytest.raises(ApplicationError):  # no evidence, no value
        services.indicator_value_enter(actor=actor, indicator=entered, period="2026", value="7")
    with pytest.raises(ApplicationError):
        services.indicator_value_enter(
            actor=actor, indicator=Indicator.objects.get(code="cases-received"), period="2025", value="1"
        )
    with pytest.raises(ApplicationError):
        services.indicator_value_enter(actor=actor, indicator=entered, period="2025", value="много")
    client = client_for(world.analyst)
    response = client.post(
        "/ru/staff/monitoring/indicators/",
        {
            "indicator": "court-decisions-monitored",
            "period": "2025-Q3",
            "value": "12",
            "evidence": "sudrf.ru",
        },
    )
    assert response.status_code == 302
    page = client.get("/ru/staff/monitoring/indicators/").content.decode()
    awaiting = page.split('data-testid="awaiting-review"', 1)[1].split("</section>", 1)[0]
    assert "2025-Q3" in awaiting and "sudrf.ru" in awaiting
    assert (
        client_for(world.coordinator)
        .post("/ru/staff/monitoring/indicators/", {"indicator": "court-decisions-monitored"})
        .status_code
        == 403
    )


def test_instruments_page_shows_the_marks(world: World, client_for: Any) -> None:
    _load_all()
    page = client_for(world.analyst).get("/ru/staff/monitoring/instruments/").content.decode()
    assert 'data-code="icrmw-1990"' in page
    for confidence in ("confirmed", "to_check", "unconfirmed"):
        assert f'data-confidence="{confidence}"' in page


def test_the_treaty_law_register_loads_with_its_sources_and_changes_status_on_review(
    world: World, client_for: Any
) -> None:
    from korgoo.monitoring.models import LegalFinding

    out = StringIO()
    call_command("import_registers", stdout=out)
    assert "legal_findings 2026-12.1: 8 created" in out.getvalue()
    call_command("import_registers", stdout=out)
    assert "legal_findings 2026-12.1: already imported" in out.getvalue()
    finding = LegalFinding.objects.get(code="iccpr-14-legal-aid-interpretation")
    assert finding.kind == "gap" and finding.status == "identified" and finding.sources
    page = client_for(world.analyst).get("/ru/staff/monitoring/treaties-and-law/").content.decode()
    assert 'data-testid="finding-iccpr-14-legal-aid-interpretation"' in page and "ст. 14" in page
    proposed = client_for(world.analyst).post(
        "/ru/staff/monitoring/treaties-and-law/",
        {"code": finding.code, "status": "proposed", "evidence": "Законопроект № 1 (пример)"},
    )
    assert proposed.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "identified"  # until a second person approves
    update = finding.updates.get()
    assert (
        client_for(world.coordinator)
        .post("/ru/staff/monitoring/treaties-and-law/", {"entry": update.pk, "decision": "approve"})
        .status_code
        == 302
    )
    finding.refresh_from_db()
    assert finding.status == "proposed" and finding.status_note == "Законопроект № 1 (пример)"
    # A caseworker has no monitoring at all.
    assert client_for(world.caseworker_a).get("/ru/staff/monitoring/treaties-and-law/").status_code == 403
