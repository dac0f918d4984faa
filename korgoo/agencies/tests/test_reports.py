"""Reports of fraud by an intermediary linked to agencies, and the coordinators' view of agencies
with repeated reports. Two organisations, every role."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from korgoo.agencies.models import Agency, AgencyReport
from korgoo.agencies.selectors import agencies_with_reports
from korgoo.agencies.services import agency_report_link, agency_reports_forget
from korgoo.audit.models import AuditEvent
from korgoo.conftest import TwoOrgs
from korgoo.organisations.selectors import actor_for_membership

pytestmark = pytest.mark.django_db


def test_a_report_naming_a_registry_agency_is_linked_to_it(sample_registry: Any) -> None:
    case_id = uuid.uuid4()
    link = agency_report_link(case_id=case_id, agency_name_as_typed="ала тоо жумуш сервис")
    assert link is not None and link.agency.name == "Ала-Тоо Жумуш Сервис" and link.agency.in_registry
    # The same case again changes nothing.
    again = agency_report_link(case_id=case_id, agency_name_as_typed="something else")
    assert again == link and AgencyReport.objects.count() == 1
    assert AuditEvent.objects.filter(action="agencies.report_linked").count() == 1
    assert agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="  «» ") is None


def test_reports_of_one_unlicensed_agency_add_up_whatever_the_spelling(sample_registry: Any) -> None:
    for typed in ("Алтын Жол Тревел", "алтын жол тревел", "Altyn Zhol Travel"):
        agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed=typed)
    reported = Agency.objects.get(in_registry=False)
    assert reported.name == "Алтын Жол Тревел" and reported.reports.count() == 3
    assert Agency.objects.filter(in_registry=False).count() == 1


def test_erasing_a_case_erases_its_link(sample_registry: Any) -> None:
    one, two = uuid.uuid4(), uuid.uuid4()
    agency_report_link(case_id=one, agency_name_as_typed="Алтын Жол Тревел")
    agency_report_link(case_id=two, agency_name_as_typed="Сулайман Стафф")
    assert agency_reports_forget(case_ids=[one, two]) == 2
    assert not AgencyReport.objects.exists()
    assert not Agency.objects.filter(in_registry=False).exists()  # a reported name with no report left
    assert Agency.objects.filter(name="Сулайман Стафф").exists()  # the registry stays


def test_coordinators_see_agencies_with_repeated_reports_first(
    two_orgs: TwoOrgs, client_for: Any, sample_registry: Any
) -> None:
    for typed in (
        "Ала-Тоо Жумуш Сервис",
        "Ala Too Jumush Servis",
        "Алтын Жол Тревел",
        "Алтын Жол Тревел",
        "Алтын Жол Тревел",
        "Ош Эмгек Борбору",
    ):
        agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed=typed)
    rows = agencies_with_reports(actor=actor_for_membership(two_orgs.coordinator))
    assert [(row.agency.name, row.reports, row.repeated, row.in_registry) for row in rows] == [
        ("Алтын Жол Тревел", 3, True, False),
        ("Ала-Тоо Жумуш Сервис", 2, True, True),
        ("Ош Эмгек Борбору", 1, False, True),
    ]
    page = client_for(two_orgs.coordinator).get("/ru/staff/agencies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="reported-row"') == 3 and html.count('class="urgent"') == 2
    for case_id in AgencyReport.objects.values_list("case_id", flat=True):
        assert str(case_id) not in html  # counts only, never which cases


def test_coordinators_merge_a_reported_name_into_the_agency_it_means(
    two_orgs: TwoOrgs, client_for: Any, sample_registry: Any
) -> None:
    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Ала Тоо Жумуш")  # heard partly
    reported = Agency.objects.get(in_registry=False)
    target = Agency.objects.get(name="Ала-Тоо Жумуш Сервис")
    client = client_for(two_orgs.coordinator)
    # The monitor proposes the registry agency the name looks most like.
    assert f'<option value="{target.pk}" selected>' in client.get("/ru/staff/agencies/").content.decode()
    response = client.post(f"/ru/staff/agencies/{reported.pk}/merge/", {"into": str(target.pk)})
    assert response.status_code == 303
    assert AgencyReport.objects.get().agency == target and not Agency.objects.filter(pk=reported.pk).exists()
    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Иван Петров")  # a person, not an agency
    person = Agency.objects.get(in_registry=False)
    assert client.post(f"/ru/staff/agencies/{person.pk}/dismiss/").status_code == 303
    assert "Иван Петров" not in client.get("/ru/staff/agencies/").content.decode()


def test_only_coordinators_reach_the_agencies_and_only_reported_names_can_be_merged(
    two_orgs: TwoOrgs, client_for: Any, sample_registry: Any
) -> None:
    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Алтын Жол Тревел")
    reported = Agency.objects.get(in_registry=False)
    registry = Agency.objects.get(name="Сулайман Стафф")
    for member in (two_orgs.a.admin, two_orgs.a.caseworker, two_orgs.b.viewer, two_orgs.b.admin):
        client = client_for(member)
        assert client.get("/ru/staff/agencies/").status_code == 403
        assert (
            client.post(f"/ru/staff/agencies/{reported.pk}/merge/", {"into": str(registry.pk)}).status_code
            == 403
        )
        assert client.post(f"/ru/staff/agencies/{reported.pk}/dismiss/").status_code == 403
    for path in ("/ru/staff/agencies/", f"/ru/staff/agencies/{reported.pk}/dismiss/"):
        response = Client().get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    coordinator = client_for(two_orgs.coordinator)
    # A registry agency is not a reported name; a missing or malformed id is not either.
    for bogus in (registry.pk, uuid.uuid4(), "not-a-uuid"):
        assert coordinator.post(f"/ru/staff/agencies/{bogus}/dismiss/").status_code == 404
        assert (
            coordinator.post(f"/ru/staff/agencies/{bogus}/merge/", {"into": str(registry.pk)}).status_code
            == 404
        )
    assert Agency.objects.filter(pk=reported.pk, hidden=False).exists()
    assert AgencyReport.objects.get().agency == reported
