"""Staff pages of the directory: an organisation's own entry (its administrator, for itself only),
the coverage matrix and the catalogue (coordinators). Two organisations, every role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from korgoo.audit.models import AuditEvent
from korgoo.conftest import TwoOrgs
from korgoo.directory.models import Place, Service
from korgoo.search.selectors import search

# Every test here reads the shipped directory: it is loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_once")]

ENTRY = {
    "name_ky": "Мигранттарга жардам борбору",
    "name_ru": "Центр помощи мигрантам",
    "name_en": "",
    "kind": "ngo",
    "city": "",
    "address": "ул. Тестовая, 1",
    "hours_ru": "Пн–Пт 10:00–18:00",
    "phone": "+7 495 000-00-00",
    "languages": ["ky", "ru"],
    "woman_available": "yes",
    "free_of_charge": "yes",
    "services": ["legal-consultation", "wage-recovery"],
    "is_active": "on",
}


def _with_city(data: dict[str, Any], slug: str) -> dict[str, Any]:
    from korgoo.directory.models import City

    return {**data, "city": str(City.objects.get(slug=slug).pk)}


def test_an_organisation_administrator_keeps_their_own_entry_and_only_it(
    two_orgs: TwoOrgs, client_for: Any, directory_loaded: Any
) -> None:
    a, b = two_orgs.a, two_orgs.b
    client = client_for(a.admin)
    form = client.get("/ru/staff/directory/entry/")
    assert form.status_code == 200 and b'data-testid="own-entry-form"' in form.content
    # The organisation's name is proposed, and it cannot name another organisation.
    response = client.post(
        "/ru/staff/directory/entry/", {**_with_city(ENTRY, "moscow"), "organisation": str(b.org.pk)}
    )
    assert response.status_code == 303
    place = Place.objects.get(organisation=a.org)
    assert place.confirmed and place.checked_on is not None and place.phone == "+7 495 000-00-00"
    assert place.woman_available is True and place.city.slug == "moscow"
    assert not Place.objects.filter(organisation=b.org).exists()
    assert AuditEvent.objects.filter(action="directory.entry_created", object_id=str(place.pk)).exists()
    # Workers see it at once, with its phone (the organisation vouches for it), and can find it.
    public = Client().get(f"/ru/help/{place.key}/").content.decode()
    assert "Центр помощи мигрантам" in public and "+7 495 000-00-00" in public
    assert place.key in [hit.key for hit in search(query="центр помощи мигрантам", language="ru").hits][:3]
    # Organisation B's administrator writes B's entry; A's does not change.
    client_for(b.admin).post("/ru/staff/directory/entry/", {**_with_city(ENTRY, "kazan"), "name_ru": "Б"})
    assert Place.objects.get(organisation=b.org).translations.get(language="ru").name == "Б"
    place.refresh_from_db()
    assert place.translations.get(language="ru").name == "Центр помощи мигрантам"
    # Hiding the entry takes it off the directory.
    client.post("/ru/staff/directory/entry/", {**_with_city(ENTRY, "moscow"), "is_active": ""})
    assert Client().get(f"/ru/help/{place.key}/").status_code == 404


def test_the_entry_refuses_a_city_of_another_country_and_a_nameless_entry(
    two_orgs: TwoOrgs, client_for: Any, directory_loaded: Any
) -> None:
    client = client_for(two_orgs.a.admin)
    assert client.post("/ru/staff/directory/entry/", _with_city(ENTRY, "almaty")).status_code == 400
    nameless = {**_with_city(ENTRY, "moscow"), "name_ky": "", "name_ru": ""}
    assert client.post("/ru/staff/directory/entry/", nameless).status_code == 400
    assert not Place.objects.filter(organisation=two_orgs.a.org).exists()


@pytest.mark.parametrize("who", ["caseworker", "viewer"])
def test_other_roles_may_not_keep_the_entry(
    two_orgs: TwoOrgs, client_for: Any, directory_loaded: Any, who: str
) -> None:
    client = client_for(getattr(two_orgs.a, who))
    assert client.get("/ru/staff/directory/entry/").status_code == 403
    assert client.post("/ru/staff/directory/entry/", _with_city(ENTRY, "moscow")).status_code == 403
    assert client_for(two_orgs.coordinator).get("/ru/staff/directory/entry/").status_code == 403
    assert not Place.objects.filter(organisation__isnull=False).exists()
    anonymous = Client().get("/ru/staff/directory/entry/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_coordinators_see_the_coverage_matrix_with_its_gaps(
    two_orgs: TwoOrgs, client_for: Any, directory_loaded: Any
) -> None:
    page = client_for(two_orgs.coordinator).get("/ru/staff/directory/coverage/", {"country": "RU"})
    assert page.status_code == 200
    html = page.content.decode()
    row = html.split('data-city="yekaterinburg"', 1)[1].split("</tr>", 1)[0]
    assert 'class="some" data-service="consular-services">2<' in row  # the consulate and the demo one
    assert 'class="gap" data-service="shelter">' in row
    assert 'data-city="almaty"' not in html  # the country filter
    for member in (two_orgs.a.admin, two_orgs.a.caseworker, two_orgs.b.viewer):
        assert client_for(member).get("/ru/staff/directory/coverage/").status_code == 403


def test_coordinators_keep_the_catalogue_and_places_are_searched_by_its_new_names(
    two_orgs: TwoOrgs, client_for: Any, directory_loaded: Any
) -> None:
    from korgoo.search.services import search_index_rebuild

    search_index_rebuild()
    coordinator = client_for(two_orgs.coordinator)
    new = {
        "code": "childcare",
        "name_ky": "Бала багуу",
        "name_ru": "Присмотр за детьми",
        "name_en": "Childcare",
        "order": "200",
        "is_active": "on",
    }
    assert coordinator.post("/ru/staff/directory/services/new/", new).status_code == 303
    assert Service.objects.get(code="childcare").translations.count() == 3
    assert "childcare" in Client().get("/ru/help/").content.decode()
    renamed = {
        "code": "ignored",
        "name_ky": "Баш калкалоочу жай",
        "name_ru": "Приют для женщин",
        "name_en": "Women's shelter",
        "order": "100",
        "is_active": "on",
    }
    assert coordinator.post("/ru/staff/directory/services/shelter/", renamed).status_code == 303
    assert (
        Service.objects.filter(code="shelter").exists()
        and not Service.objects.filter(code="ignored").exists()
    )
    hits = [hit.key for hit in search(query="приют для женщин", language="ru").hits]
    # No demo crisis centre has «приют» in its own name: the service's new name is what finds them
    # (a real shelter whose own name says «приют для женщин» may rank above them).
    crisis_centres = {f"demo-crisis-centre-women-{city}" for city in ("moscow", "almaty", "osh")}
    assert crisis_centres <= set(hits), hits
    bad = {**new, "code": "Детский сад"}
    assert coordinator.post("/ru/staff/directory/services/new/", bad).status_code == 400
    for member in (two_orgs.a.admin, two_orgs.b.caseworker):
        assert (
            client_for(member).post("/ru/staff/directory/services/new/", {**new, "code": "x"}).status_code
            == 403
        )
    assert not Service.objects.filter(code="x").exists()
