"""The API contract of court decisions, its permission matrix and tenant isolation."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.client import BOUNDARY, encode_multipart
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from korgoo.conftest import post_cut
from korgoo.core.api_input import WEB_ADDRESS
from korgoo.courts.extraction.documents import decode
from korgoo.courts.models import Decision
from korgoo.organisations.models import Membership
from korgoo.organisations.services import api_token_create

from .conftest import CORPUS, Missions, page

pytestmark = pytest.mark.django_db
URL = "/api/v1/courts/decisions/"
CONTRACT = {
    "id",
    "court",
    "case_number",
    "decided_on",
    "proceeding",
    "articles",
    "kyrgyz_citizen",
    "outcome",
    "fine_amount",
    "currency",
    "expulsion",
    "detention",
    "interpreter",
    "awarded_amount",
    "needs_review",
}


def auth(membership: Membership) -> dict[str, str]:
    token = api_token_create(user=membership.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    return {"Authorization": f"Bearer {token}"}


def post_html(membership: Membership, name: str, source_url: str = "https://sud.example/1") -> Any:
    html = decode(page(name))[0]
    return Client().post(
        URL,
        data=json.dumps({"html": html, "source_url": source_url}),
        content_type="application/json",
        headers=auth(membership),
    )


def test_post_html_answers_201_with_the_contract(missions: Missions) -> None:
    response = post_html(missions.embassy_worker, "001-")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= CONTRACT
    want = json.loads((CORPUS / "001-sudrf-ekb-forced.json").read_text())
    for name in CONTRACT - {"id", "needs_review"}:
        expected = want[name]
        assert body[name] == expected, name
    assert body["needs_review"] is False
    assert body["articles"] == [{"code": "KoAP_RU", "article": "18.8", "part": "1.1"}]
    # The same page again: the decision already stored.
    again = post_html(missions.embassy_worker, "001-")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


@pytest.mark.parametrize("name", ["031-", "034-", "035-", "026-"])
def test_post_a_file_in_every_format(missions: Missions, name: str) -> None:
    path = next(p for p in sorted(CORPUS.glob(f"{name}*")) if p.suffix != ".json")
    with path.open("rb") as handle:
        response = Client().post(URL, {"file": handle}, headers=auth(missions.embassy_worker))
    assert response.status_code == 201, response.content
    want = json.loads(path.with_suffix(".json").read_text())
    body = response.json()
    for name_ in CONTRACT - {"id"}:
        assert body[name_] == want[name_], name_


def test_bad_input_gets_the_error_envelope(missions: Missions) -> None:
    headers = auth(missions.embassy_worker)
    neither = Client().post(URL, data="{}", content_type="application/json", headers=headers)
    assert (
        neither.status_code == 400
        and neither.json()["code"] == "invalid"
        and "html" in neither.json()["fields"]
    )
    junk = Client().post(
        URL, data=json.dumps({"html": "   x   "}), content_type="application/json", headers=headers
    )
    assert junk.status_code == 400 and junk.json()["code"] == "unreadable_document"
    bad_date = Client().get(URL, {"decided_from": "yesterday"}, headers=headers)
    assert bad_date.status_code == 400 and "decided_from" in bad_date.json()["fields"]
    assert not Decision.objects.exists()


def test_permission_matrix(missions: Missions) -> None:
    assert Client().get(URL).status_code == 401
    assert Client().post(URL, data="{}", content_type="application/json").status_code == 401
    for membership in (missions.ngo_worker, missions.embassy_viewer):
        assert Client().get(URL, headers=auth(membership)).status_code == 403
        assert post_html(membership, "001-").status_code == 403
    assert not Decision.objects.exists()
    assert Client().get(URL, headers=auth(missions.consulate_worker)).status_code == 200


def test_list_filters_and_isolation(missions: Missions) -> None:
    for name in ("002-", "011-", "017-", "021-"):
        assert post_html(missions.embassy_worker, name).status_code == 201
    # The consulate's own decision (a Tajik citizen in Yekaterinburg, no alert).
    theirs = post_html(missions.consulate_worker, "007-").json()["id"]
    headers = auth(missions.embassy_worker)
    listed = Client().get(URL, headers=headers).json()["results"]
    assert len(listed) == 4 and theirs not in {row["id"] for row in listed}
    assert {row["proceeding"] for row in listed} == {"administrative", "criminal", "civil"}
    criminal = Client().get(URL, {"proceeding": "criminal"}, headers=headers).json()["results"]
    assert [row["case_number"] for row in criminal] == ["1-312/2026"]
    controlled = Client().get(URL, {"expulsion": "controlled_departure"}, headers=headers).json()["results"]
    assert [row["case_number"] for row in controlled] == ["5-988/2026"]
    by_article = Client().get(URL, {"article": "18.8"}, headers=headers).json()["results"]
    assert {row["case_number"] for row in by_article} == {"5-988/2026", "05-1234/2026"}
    since = Client().get(URL, {"decided_from": "2026-09-01", "detention": "true"}, headers=headers).json()
    assert [row["case_number"] for row in since["results"]] == ["05-1234/2026"]
    # Another organisation's decision is not found, exactly like one that does not exist.
    for suffix, method, body in (
        ("", "get", None),
        ("review/", "post", {"field": "court", "confirm": True}),
        ("link/", "post", {"case": None}),
    ):
        answers = []
        for target in (theirs, "00000000-0000-0000-0000-000000000000", "not-an-id"):
            url = f"{URL}{target}/{suffix}"
            if method == "get":
                answers.append(Client().get(url, headers=headers))
            else:
                answers.append(
                    Client().post(
                        url, data=json.dumps(body), content_type="application/json", headers=headers
                    )
                )
        assert {a.status_code for a in answers} == {404}
        assert len({a.content for a in answers}) == 1
    # The list costs a fixed number of queries, whatever its length.
    with CaptureQueriesContext(connection) as queries:
        Client().get(URL, headers=headers)
    assert len(queries) <= 6


def test_detail_review_and_alerts_over_the_api(missions: Missions) -> None:
    decision_id = post_html(missions.embassy_worker, "008-").json()["id"]  # born in the Kirghiz SSR
    headers = auth(missions.embassy_worker)
    detail = Client().get(f"{URL}{decision_id}/", headers=headers).json()
    citizenship = next(f for f in detail["facts"] if f["field"] == "kyrgyz_citizen")
    assert citizenship["needs_review"] and "Киргизской ССР" in citizenship["sentence"]
    assert "[ФИО]" in detail["text"]
    reviewed = Client().post(
        f"{URL}{decision_id}/review/",
        data=json.dumps({"field": "kyrgyz_citizen", "value": True}),
        content_type="application/json",
        headers=headers,
    )
    assert reviewed.status_code == 200 and reviewed.json()["needs_review"] is False
    # Novosibirsk: no consulate there in this network, so the first mission of the country (the
    # embassy) gets it.
    alerts = Client().get("/api/v1/courts/alerts/", headers=headers).json()["results"]
    assert [a["decision"]["id"] for a in alerts] == [decision_id]
    done = Client().post(f"/api/v1/courts/alerts/{alerts[0]['id']}/done/", headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert Client().get("/api/v1/courts/alerts/", headers=headers).json()["results"] == []
    other = Client().post(
        f"/api/v1/courts/alerts/{alerts[0]['id']}/done/", headers=auth(missions.consulate_worker)
    )
    assert other.status_code == 404


def test_bringing_in_a_decision_takes_no_list_filters(missions: Missions) -> None:
    # The list's filters belong to the list: a decision sent with `?court=…` is refused naming the
    # parameter, and nothing is stored. (The write was once described with the list's filters, and
    # a fuzzer's request the description allowed was then refused as malformed.)
    html = decode(page("001-"))[0]
    refused = Client().post(
        URL + "?court=Tverskoy",
        data=json.dumps({"html": html}),
        content_type="application/json",
        headers=auth(missions.embassy_worker),
    )
    assert refused.status_code == 400
    assert set(refused.json()["fields"]) == {"court"}
    assert not Decision.objects.exists()
    listed = Client().get(URL + "?court=Tverskoy", headers=auth(missions.embassy_worker))
    assert listed.status_code == 200


def test_what_the_description_allows_is_understood_and_refusals_are_the_domains(missions: Missions) -> None:
    # Four answers once at odds with the description: a long but well-formed source address, the
    # same page sent twice (200), an empty file, and a value a field under review does not take.
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"][URL]["post"]
    assert {"200", "201"} <= set(operation["responses"])
    headers = auth(missions.embassy_worker)
    html = decode(page("001-"))[0]
    long_host = "https://" + ".".join(["a" * 63] * 15)  # 15 labels of 63: past Django's 253
    assert re.fullmatch(WEB_ADDRESS, long_host)
    stored = Client().post(
        URL,
        data=json.dumps({"html": html, "source_url": long_host}),
        content_type="application/json",
        headers=headers,
    )
    assert stored.status_code == 201 and stored.json()["source_url"] == long_host
    for address in ("javascript:alert(1)", " https://sud.example/1", "https://user@sud.example/"):
        refused = Client().post(
            URL,
            data=json.dumps({"html": html, "source_url": address}),
            content_type="application/json",
            headers=headers,
        )
        assert refused.status_code == 400 and set(refused.json()["fields"]) == {"source_url"}, address
    empty = Client().post(URL, {"file": SimpleUploadedFile("page.html", b"")}, headers=headers)
    assert empty.status_code == 400 and empty.json()["code"] == "unreadable_document"
    review = schema["paths"][URL + "{decision_id}/review/"]["post"]
    assert "invalid_value" in review["responses"]["400"]["x-error-codes"]
    wrong = Client().post(
        f"{URL}{stored.json()['id']}/review/",
        data=json.dumps({"field": "detention", "value": None}),
        content_type="application/json",
        headers=headers,
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_value"


def test_a_file_cut_off_by_its_declared_length_is_refused_and_nothing_is_kept(missions: Missions) -> None:
    """A multipart body whose Content-Length stops inside the file: the API's error envelope says
    the body was cut off (not that it is bad JSON), and no decision is stored."""
    path = next(p for p in sorted(CORPUS.glob("031-*")) if p.suffix != ".json")
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    headers = {**auth(missions.embassy_worker), "Accept-Language": "en"}
    status, content = post_cut(URL, body, declared=len(body) // 2, headers=headers)
    assert status == "400 Bad Request"
    error = json.loads(content)
    assert error["code"] == "parse_error"
    assert error["message"].startswith("The body was cut off before it all arrived")
    assert not Decision.objects.exists()
