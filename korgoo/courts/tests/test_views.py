"""The staff pages of court decisions, in Russian: upload, facts with sentences, review, link, alerts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from korgoo.courts.models import Alert, Decision, Fact

from .conftest import CORPUS, Missions, page

pytestmark = pytest.mark.django_db


def files(*names: str) -> list[SimpleUploadedFile]:
    found = []
    for name in names:
        path = next(p for p in sorted(CORPUS.glob(f"{name}*")) if p.suffix != ".json")
        found.append(SimpleUploadedFile(path.name, path.read_bytes()))
    return found


def test_upload_one_page_and_see_its_facts_with_sentences(missions: Missions, client_for: Any) -> None:
    client = client_for(missions.embassy_worker)
    listing = client.get("/ru/staff/courts/")
    assert listing.status_code == 200 and "Судебные решения" in listing.content.decode()
    response = client.post(
        "/ru/staff/courts/upload/", {"pages": files("011-"), "source_url": "https://mos-gorsud.ru/x"}
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/courts/{decision.pk}/")
    page_ = client.get(response["Location"])
    html = page_.content.decode()
    assert "Басманный районный суд города Москвы" in html
    assert "Принудительное выдворение" in html
    # Each fact with its sentence, the text masked.
    assert "предусмотренного ч. 3.1 ст. 18.8 КоАП РФ" in html
    assert "[ФИО]" in html and "Жумабаева Нурлана" not in html
    assert decision.source_url == "https://mos-gorsud.ru/x"


def test_upload_many_with_one_broken_file(missions: Missions, client_for: Any) -> None:
    client = client_for(missions.embassy_worker)
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.4 nothing here")
    response = client.post(
        "/ru/staff/courts/upload/", {"pages": [*files("002-", "026-", "034-"), broken]}, follow=True
    )
    html = response.content.decode()
    assert Decision.objects.count() == 3
    assert "broken.pdf" in html and "3" in html
    nothing = client.post("/ru/staff/courts/upload/", {"source_url": "https://sud.example/a"})
    assert nothing.status_code == 400
    assert "https://sud.example/a" in nothing.content.decode()  # what was typed is kept


def test_review_queue_confirm_and_correct(missions: Missions, client_for: Any) -> None:
    client = client_for(missions.embassy_worker)
    client.post("/ru/staff/courts/upload/", {"pages": files("008-", "029-")})
    queue = client.get("/ru/staff/courts/review/").content.decode()
    assert queue.count('data-testid="review-item"') == 2
    ssr = Decision.objects.get(case_number="5-91/2026")
    response = client.post(
        f"/ru/staff/courts/{ssr.pk}/review/",
        {"field": "kyrgyz_citizen", "action": "confirm", "next": "queue"},
    )
    assert response.status_code == 302
    mrp = Decision.objects.get(case_number="7594-26-00-3/2502")
    client.post(
        f"/ru/staff/courts/{mrp.pk}/review/", {"field": "fine_amount", "value": "64875", "action": "correct"}
    )
    mrp.refresh_from_db()
    assert str(mrp.fine_amount) == "64875.00" and not mrp.needs_review
    assert Fact.objects.get(decision=mrp, field="fine_amount").status == "corrected"
    bad = client.post(
        f"/ru/staff/courts/{mrp.pk}/review/", {"field": "outcome", "value": "nonsense"}, follow=True
    )
    assert "Недопустимое значение" in bad.content.decode()
    assert Decision.objects.get(pk=mrp.pk).outcome == "fine_and_expulsion"
    assert 'data-testid="review-empty"' in client.get("/ru/staff/courts/review/").content.decode()


def test_alert_reaches_the_missions_inbox(missions: Missions, client_for: Any) -> None:
    client_for(missions.embassy_worker).post("/ru/staff/courts/upload/", {"pages": files("001-")})
    alert = Alert.objects.get()
    consulate = client_for(missions.consulate_worker)
    inbox = consulate.get("/ru/staff/").content.decode()
    assert 'data-testid="inbox-court-alerts"' in inbox and "Ленинский районный суд г. Екатеринбурга" in inbox
    assert (
        'data-testid="inbox-court-alerts"'
        not in client_for(missions.embassy_worker).get("/ru/staff/").content.decode()
    )
    alerts = consulate.get("/ru/staff/courts/alerts/").content.decode()
    assert 'data-testid="alert-row"' in alerts
    # The consulate reads the decision through the alert but cannot review it.
    assert consulate.get(f"/ru/staff/courts/{alert.decision_id}/").status_code == 200
    assert (
        consulate.post(
            f"/ru/staff/courts/{alert.decision_id}/review/", {"field": "court", "action": "confirm"}
        ).status_code
        == 404
    )
    consulate.post(f"/ru/staff/courts/alerts/{alert.pk}/done/")
    assert Alert.objects.get().status == "done"
    assert 'data-testid="inbox-court-alerts"' not in consulate.get("/ru/staff/").content.decode()


def test_pages_are_refused_to_those_without_the_permission(missions: Missions, client_for: Any) -> None:
    decision = Decision.objects.none()
    assert not decision
    for membership in (missions.ngo_worker, missions.embassy_viewer):
        client = client_for(membership)
        assert client.get("/ru/staff/courts/").status_code == 403
        assert client.post("/ru/staff/courts/upload/", {"pages": files("001-")}).status_code == 403
    assert not Decision.objects.exists()
    # The menu shows the section only to those who hold it.
    assert "/ru/staff/courts/" in client_for(missions.embassy_worker).get("/ru/staff/").content.decode()
    assert "/ru/staff/courts/" not in client_for(missions.ngo_worker).get("/ru/staff/").content.decode()
    assert page("001-")
