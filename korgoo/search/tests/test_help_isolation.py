"""Every staff route of the help apps, for every role of two organisations: who may reach it, and
that the objects named in its URL (an article's slug, a service's code, an agency's id) cannot be
used to reach anything else. Help content is shared by the whole network, so no route carries an
organisation's object; an organisation's own directory entry is found from the actor only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from korgoo.agencies.models import Agency
from korgoo.agencies.services import agency_report_link
from korgoo.conftest import TwoOrgs, make_member
from korgoo.directory.models import Place
from korgoo.organisations.models import Role
from korgoo.security.tests.routes import all_routes, fill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("help_world_once")]

HELP_APPS = ("knowledge:", "directory:", "agencies:")
# Who may use each staff route of the help apps (by role).
ALLOWED = {
    "knowledge:editor": {Role.EDITOR},
    "knowledge:editor_new": {Role.EDITOR},
    "knowledge:editor_article": {Role.EDITOR},
    "directory:own_entry": {Role.ORG_ADMIN},
    "directory:coverage": {Role.COORDINATOR},
    "directory:service_new": {Role.COORDINATOR},
    "directory:service_edit": {Role.COORDINATOR},
    "directory:editor": {Role.EDITOR, Role.COORDINATOR},
    "directory:editor_entry": {Role.EDITOR, Role.COORDINATOR},
    "agencies:monitor": {Role.COORDINATOR},
    "agencies:merge": {Role.COORDINATOR},
    "agencies:dismiss": {Role.COORDINATOR},
}


@pytest.fixture
def content(help_world: Any) -> dict[str, Any]:
    agency_report_link(case_id=uuid.uuid4(), agency_name_as_typed="Алтын Жол Тревел")
    return {"slug": "police-check", "agency_id": Agency.objects.get(in_registry=False).pk}


def _staff_routes() -> list[Any]:
    return [r for r in all_routes() if r.name.startswith(HELP_APPS) and r.access == "staff"]


def test_every_staff_route_of_the_help_apps_is_listed_here() -> None:
    assert {r.name for r in _staff_routes()} == set(ALLOWED)


def test_each_role_of_both_organisations_reaches_only_its_pages(
    two_orgs: TwoOrgs, client_for: Any, content: dict[str, Any]
) -> None:
    editor = make_member(two_orgs.b.org, "b.editor", Role.EDITOR)
    members = {
        Role.ORG_ADMIN: [two_orgs.a.admin, two_orgs.b.admin],
        Role.CASEWORKER: [two_orgs.a.caseworker, two_orgs.b.caseworker],
        Role.VIEWER: [two_orgs.a.viewer, two_orgs.b.viewer],
        Role.COORDINATOR: [two_orgs.coordinator],
        Role.EDITOR: [editor],
    }
    values = {**content, "slug": "legal-consultation"}
    for route in _staff_routes():
        url = fill(route, values if route.name.startswith("directory:") else content)
        if route.name == "directory:editor_entry":
            url = fill(route, {**values, "slug": "kibhr"})  # a place of the directory
        for role, memberships in members.items():
            for membership in memberships:
                response = client_for(membership).get(url)
                if role in ALLOWED[route.name]:
                    assert response.status_code in (200, 405), (url, role, response.status_code)
                else:
                    assert response.status_code == 403, (url, role, response.status_code)
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], url


def test_ids_in_urls_reach_only_what_they_name(
    two_orgs: TwoOrgs, client_for: Any, content: dict[str, Any]
) -> None:
    coordinator = client_for(two_orgs.coordinator)
    editor = client_for(make_member(two_orgs.a.org, "a.editor", Role.EDITOR))
    registry_agency = Agency.objects.filter(in_registry=True).first()
    assert registry_agency is not None
    # An agency id that is missing, malformed, or a registry agency (not a reported name): 404, alike.
    answers = {
        coordinator.post(f"/ru/staff/agencies/{bogus}/dismiss/").status_code
        for bogus in (uuid.uuid4(), "not-a-uuid", registry_agency.pk, "1")
    }
    assert answers == {404}
    assert Agency.objects.filter(in_registry=True, hidden=False).count() == 25
    for slug in ("no-such-article", "1"):
        assert editor.get(f"/ru/staff/articles/{slug}/").status_code == 404
        assert coordinator.get(f"/ru/staff/directory/services/{slug}/").status_code == 404
    # The own entry follows the actor: organisation B's administrator cannot reach A's entry.
    client_for(two_orgs.a.admin).post(
        "/ru/staff/directory/entry/", {"name_ru": "A", "kind": "ngo", "languages": ["ru"], "is_active": "on"}
    )
    a_entry = Place.objects.get(organisation=two_orgs.a.org)
    b_page = client_for(two_orgs.b.admin).get("/ru/staff/directory/entry/").content.decode()
    assert a_entry.key not in b_page
