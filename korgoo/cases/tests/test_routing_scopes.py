"""Coordination has a scope: a coordinator routes the network of their own country only; rules
and placements across countries need a network coordinator; every change is audited and told to
the organisation concerned (SECURITY.md 6; hardening finding 3)."""

from __future__ import annotations

from typing import Any

import pytest

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case, RoutingRule
from korgoo.cases.services import case_place_from_queue, routing_rule_create
from korgoo.conftest import TwoOrgs, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.gazetteer import locality_match
from korgoo.core.models import OutboxMessage
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Role
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakhstan(two_orgs: TwoOrgs) -> dict[str, Any]:
    consulate = make_org("Consulate Almaty", kind=OrganisationKind.EMBASSY, country="KZ", city="Almaty")
    network = make_org("Embassy Network Desk", kind=OrganisationKind.EMBASSY, country="KG", city="Bishkek")
    return {
        "consulate": consulate,
        "kz_coordinator": make_member(consulate, "kz.coord", Role.COORDINATOR),
        "network": make_member(network, "network.coord", Role.NETWORK_COORDINATOR),
    }


def test_a_coordinator_cannot_pull_another_countrys_reports_into_their_inbox(
    two_orgs: TwoOrgs, kazakhstan: dict[str, Any], client_for: Any
) -> None:
    """The attack: Embassy Moscow's coordinator makes `KZ * * -> Embassy Moscow`."""
    moscow = two_orgs.coordinator
    embassy = moscow.organisation
    refused = client_for(moscow).post(
        "/ru/staff/routing/",
        {"organisation": str(embassy.pk), "country": "KZ", "city": "", "category": "", "priority": "1"},
    )
    assert refused.status_code in (400, 403)
    assert not RoutingRule.objects.filter(country="KZ").exists()
    with pytest.raises(ApplicationError) as out:
        routing_rule_create(actor=actor_for_membership(moscow), organisation=embassy, country="KZ")
    assert out.value.status == 403
    # Nor a rule for Russia that sends reports to an organisation in Kazakhstan.
    with pytest.raises(ApplicationError):
        routing_rule_create(
            actor=actor_for_membership(moscow), organisation=kazakhstan["consulate"], country="RU"
        )
    # A report from Shymkent does not land in Moscow.
    case = report_submit(new=report(country="KZ", city="Шымкент", share_with=("embassy",))).report.case
    assert case.organisation_id != embassy.pk


def test_within_the_scope_a_rule_is_made_audited_and_told_to_the_organisation(
    two_orgs: TwoOrgs, client_for: Any
) -> None:
    moscow = two_orgs.coordinator
    ngo = two_orgs.a.org
    made = client_for(moscow).post(
        "/ru/staff/routing/",
        {"organisation": str(ngo.pk), "country": "RU", "city": "", "category": "police", "priority": "5"},
    )
    assert made.status_code == 302
    rule = RoutingRule.objects.get(category="police")
    audit = AuditEvent.objects.get(action="routing.rule_created", object_id=str(rule.pk))
    assert audit.details["organisation"] == str(ngo.pk) and audit.details["category"] == "police"
    told = OutboxMessage.objects.get(topic="routing.changed")
    assert told.payload == {"organisation": str(ngo.pk), "action": "routing.rule_created"}
    # The organisation concerned sees the rules that send it reports.
    page = client_for(two_orgs.a.caseworker).get("/ru/staff/routing/ours/").content.decode()
    assert 'data-testid="rules-to-us"' in page and page.count("<tr>") >= 2


def test_a_coordinator_removes_only_rules_of_their_scope(
    two_orgs: TwoOrgs, kazakhstan: dict[str, Any], client_for: Any
) -> None:
    kz_rule = RoutingRule.objects.create(organisation=kazakhstan["consulate"], country="KZ")
    moscow = client_for(two_orgs.coordinator)
    page = moscow.get("/ru/staff/routing/").content.decode()
    assert page.count('data-testid="rule-delete"') == RoutingRule.objects.filter(country="RU").count()
    assert moscow.post(f"/ru/staff/routing/{kz_rule.pk}/delete/").status_code == 404
    assert RoutingRule.objects.filter(pk=kz_rule.pk).exists()
    assert (
        client_for(kazakhstan["kz_coordinator"]).post(f"/ru/staff/routing/{kz_rule.pk}/delete/").status_code
        == 302
    )
    assert not RoutingRule.objects.filter(pk=kz_rule.pk).exists()


def test_the_queue_is_kept_by_the_coordinators_of_the_reports_country_and_the_network(
    two_orgs: TwoOrgs, kazakhstan: dict[str, Any], client_for: Any
) -> None:
    queued = report_submit(new=report(country="KZ", city="Шымкент", share_with=("embassy",))).report.case
    assert queued.organisation_id is None
    assert (
        str(queued.pk)[:8].upper()
        not in client_for(two_orgs.coordinator).get("/ru/staff/queue/").content.decode()
    )
    assert client_for(two_orgs.coordinator).get(f"/ru/staff/queue/{queued.pk}/").status_code == 404
    with pytest.raises(NotFound):
        case_place_from_queue(
            actor=actor_for_membership(two_orgs.coordinator),
            case=queued,
            organisation=two_orgs.coordinator.organisation,
        )
    assert (
        str(queued.pk)[:8].upper()
        in client_for(kazakhstan["kz_coordinator"]).get("/ru/staff/queue/").content.decode()
    )
    network = actor_for_membership(kazakhstan["network"])
    placed = case_place_from_queue(
        actor=network, case=Case.objects.get(pk=queued.pk), organisation=kazakhstan["consulate"]
    )
    assert placed.organisation == kazakhstan["consulate"]


def test_a_network_coordinator_keeps_rules_across_countries(kazakhstan: dict[str, Any]) -> None:
    network = actor_for_membership(kazakhstan["network"])
    rule = routing_rule_create(
        actor=network,
        organisation=kazakhstan["consulate"],
        country="KZ",
        locality_id=locality_match("Шымкент", "KZ"),
    )
    assert rule.pk and AuditEvent.objects.filter(action="routing.rule_created").exists()
