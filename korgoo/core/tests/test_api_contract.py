"""The API and its OpenAPI description agree, and the API refuses what it does not understand.

One test per contract defect an API fuzzer found (each failed before the fix):
1. the paginated lists were described as plain arrays;
2. a misspelled filter was ignored, so an export of "Closed" cases sent out every case;
3. errors were not described, and a wrong password or a state conflict answered 400;
4. request bodies were not held to their description (ids dropped, form bodies half read, garbage
   periods and unknown countries accepted).
The rest checks the conventions that keep these from coming back.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from korgoo.audit.models import AuditEvent
from korgoo.cases.models import Case, CaseMessage
from korgoo.cases.services import case_close
from korgoo.conftest import TwoOrgs
from korgoo.core.api_input import MAX_QUERY_INTEGER
from korgoo.evidence.models import GeneratedDocument
from korgoo.monitoring.models import HealthStat, ReportJob
from korgoo.organisations.models import Export
from korgoo.organisations.services import api_token_create
from korgoo.referrals.services import referral_offer, referral_revoke

pytestmark = pytest.mark.django_db


FILE_UPLOADS = {"/api/v1/courts/decisions/"}


def api(membership: Any = None, **headers: str) -> Client:
    if membership is not None:
        token = api_token_create(
            user=membership.user, expires_at=timezone.now() + timezone.timedelta(hours=1)
        )
        headers["Authorization"] = f"Bearer {token}"
    return Client(headers={"Accept-Language": "en", **headers})


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def resolved(schema: dict[str, Any], node: Any) -> Any:
    """An OpenAPI 3.0 schema as plain JSON Schema: `$ref`s replaced by the components they name,
    `nullable` as a null alternative."""
    if isinstance(node, list):
        return [resolved(schema, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return resolved(schema, schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]])
    out = {key: resolved(schema, value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def answer_schema(schema: dict[str, Any], method: str, path: str, status: int) -> Any:
    response = schema["paths"][path][method]["responses"][str(status)]
    return resolved(schema, response["content"]["application/json"]["schema"])


def conforms(schema: dict[str, Any], method: str, path: str, response: Any) -> None:
    jsonschema.validate(response.json(), answer_schema(schema, method, path, response.status_code))


# --- 1. Paginated lists are described as paginated -------------------------------------------------


def test_the_paginated_lists_are_described_as_they_answer(schema: dict[str, Any], two_orgs: TwoOrgs) -> None:
    for path in ("/api/v1/cases/", "/api/v1/directory/"):
        described = answer_schema(schema, "get", path, 200)
        assert described["type"] == "object", path
        assert set(described["required"]) == {"next", "previous", "results"}, path
        assert described["properties"]["results"]["type"] == "array", path
    cases = api(two_orgs.a.caseworker).get("/api/v1/cases/")
    assert cases.status_code == 200 and cases.json()["results"][0]["id"] == str(two_orgs.a.case.pk)
    conforms(schema, "get", "/api/v1/cases/", cases)
    places = api().get("/api/v1/directory/")
    assert places.status_code == 200 and set(places.json()) == {"next", "previous", "results"}
    conforms(schema, "get", "/api/v1/directory/", places)


# --- 2. A misspelled filter is refused, never ignored -----------------------------------------------


@pytest.mark.parametrize("status", ["Closed", "bogus", "closed "])
def test_an_export_with_a_misspelled_status_exports_nothing(two_orgs: TwoOrgs, status: str) -> None:
    a = two_orgs.a
    case_close(actor=a.actor(), case=a.case, outcome="resolved")
    response = post(api(a.admin), "/api/v1/cases/exports/", {"format": "csv", "status": status})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and set(response.json()["fields"]) == {"status"}
    assert not Export.objects.exists()
    assert not AuditEvent.objects.filter(action="case.exported").exists()


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"urgent": "maybe"}, "urgent"),
        ({"status": "bogus"}, "status"),
        ({"category": "unpaid-wages"}, "category"),
        ({"overdue": "yes please"}, "overdue"),
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"statuss": "open"}, "statuss"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_the_inbox_refuses_a_filter_it_does_not_understand(
    two_orgs: TwoOrgs, parameters: dict[str, str], field: str
) -> None:
    response = api(two_orgs.a.caseworker).get("/api/v1/cases/", parameters)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["fields"]) == {field}
    assert body["message"] == "Please correct the marked fields."


def test_a_repeated_filter_is_refused_and_a_list_filter_may_repeat(two_orgs: TwoOrgs) -> None:
    client = api(two_orgs.a.caseworker)
    repeated = client.get("/api/v1/cases/?status=open&status=closed")
    assert repeated.status_code == 400 and repeated.json()["fields"] == {
        "status": ["Give this parameter once."]
    }
    assert api().get("/api/v1/search/?q=wages&kind=article&kind=place").status_code == 200


def test_unknown_values_are_refused_on_every_kind_of_list(two_orgs: TwoOrgs) -> None:
    assert api().get("/api/v1/directory/", {"kind": "bakery"}).json()["fields"].keys() == {"kind"}
    assert api().get("/api/v1/articles/", {"topic": "nonsense"}).json()["fields"].keys() == {"topic"}
    assert api().get("/api/v1/directory/services/", {"lang": "fr"}).json()["fields"].keys() == {"lang"}
    assert api().get("/api/v1/organisations/", {"country": "RU"}).json()["fields"].keys() == {"country"}
    coordinator = api(two_orgs.coordinator)
    for path, parameters in [
        ("/api/v1/monitoring/tables/by_country/", {"country": "Russia"}),
        ("/api/v1/monitoring/tables/by_country/", {"period": "last year"}),
        ("/api/v1/monitoring/health/", {"condition": "flu"}),
    ]:
        response = coordinator.get(path, parameters)
        assert response.status_code == 400 and set(response.json()["fields"]) == set(parameters), path


# --- 3. Every error is described; 401 for authentication, 409 for conflicts -------------------------


def test_every_operation_describes_its_errors_in_one_shape(schema: dict[str, Any]) -> None:
    error = {"$ref": "#/components/schemas/Error"}
    codes = set(schema["components"]["schemas"]["Error"]["properties"]["code"]["enum"])
    assert {"invalid", "not_found", "throttled", "case_closed", "login_failed", "referral_not_open"} <= codes
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            # 414 comes from the web server in front (a request line too long), not from Korgoo.
            failures = {status: r for status, r in responses.items() if status >= "400" and status != "414"}
            assert "400" in failures, (method, path)
            for status, response in failures.items():
                assert response["content"] == {"application/json": {"schema": error}}, (method, path, status)
                assert "`" in response["description"], (method, path, status)  # names its codes
            if "429" in failures:
                assert failures["429"]["headers"]["Retry-After"]["required"] is True
            if operation["security"]:
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
                assert "401" in failures, (method, path)
            else:
                assert "401" not in failures or path == "/api/v1/auth/token/", (method, path)
            if "{" in path:
                assert "404" in failures, (method, path)
            if "requestBody" in operation:
                # JSON only; bringing in a court decision also takes the saved file itself (multipart).
                accepted = (
                    ["application/json", "multipart/form-data"]
                    if path in FILE_UPLOADS
                    else ["application/json"]
                )
                assert "415" in failures and list(operation["requestBody"]["content"]) == accepted, (
                    method,
                    path,
                )


def test_only_reads_are_described_with_a_query_string(schema: dict[str, Any]) -> None:
    # A write takes its input in its body; a view's filters describe its list, not its writes.
    writes_with_query = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method not in {"get", "head"}
        and any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
    ]
    reads_with_query = [
        path
        for path, operations in schema["paths"].items()
        if any(p.get("in") == "query" for p in operations.get("get", {}).get("parameters", []))
    ]
    assert writes_with_query == []
    assert "/api/v1/courts/decisions/" in reads_with_query


def test_every_whole_number_in_a_query_string_has_the_bounds_the_server_reads(schema: dict[str, Any]) -> None:
    # The server reads at most 18 digits; a parameter described without a maximum invited a
    # 20-digit member id that was then refused as malformed.
    unbounded = [
        f"{path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query"
        and parameter["schema"].get("type") == "integer"
        and not (
            -MAX_QUERY_INTEGER <= parameter["schema"].get("minimum", -(10**19)) <= MAX_QUERY_INTEGER
            and parameter["schema"].get("maximum", 10**19) <= MAX_QUERY_INTEGER
        )
    ]
    assert unbounded == []


def test_a_wrong_password_answers_401(two_orgs: TwoOrgs, schema: dict[str, Any]) -> None:
    response = post(api(), "/api/v1/auth/token/", {"username": "a.caseworker", "password": "wrong"})
    assert response.status_code == 401
    assert response.json()["code"] == "login_failed" and response["WWW-Authenticate"] == "Bearer"
    conforms(schema, "post", "/api/v1/auth/token/", response)


def test_closing_a_closed_case_and_revoking_a_revoked_referral_are_conflicts(
    two_orgs: TwoOrgs, schema: dict[str, Any]
) -> None:
    a = two_orgs.a
    client = api(a.caseworker)
    first = post(client, f"/api/v1/cases/{a.case.pk}/close/", {"outcome": "resolved"})
    assert first.status_code == 200
    again = post(client, f"/api/v1/cases/{a.case.pk}/close/", {"outcome": "resolved"})
    assert again.status_code == 409 and again.json()["code"] == "case_closed"
    conforms(schema, "post", "/api/v1/cases/{case_id}/close/", again)

    b = two_orgs.b
    referral = referral_offer(actor=b.actor(), case=b.case, to_organisation=a.org, fields=["description"])
    referral_revoke(actor=b.actor(), referral=referral)
    revoked = client.post(f"/api/v1/referrals/{referral.pk}/revoke/")
    assert revoked.status_code in (404, 409)  # a's member cannot revoke b's offer at all
    owner = api(b.caseworker).post(f"/api/v1/referrals/{referral.pk}/revoke/")
    assert owner.status_code == 409 and owner.json()["code"] == "referral_not_open"
    conforms(schema, "post", "/api/v1/referrals/{referral_id}/revoke/", owner)


def test_errors_outside_the_views_keep_the_envelope(two_orgs: TwoOrgs) -> None:
    client = api(two_orgs.a.caseworker)
    for response, status, code in [
        (client.get("/api/v1/no-such-thing/"), 404, "not_found"),
        (client.delete("/api/v1/cases/"), 405, "method_not_allowed"),
        (api().get("/api/v1/cases/"), 401, "not_authenticated"),
        (api(Authorization="Bearer nope").get("/api/v1/cases/"), 401, "not_authenticated"),
        (client.post("/api/v1/cases/exports/", "{", content_type="application/json"), 400, "parse_error"),
    ]:
        assert response.status_code == status and response["Content-Type"] == "application/json"
        body = response.json()
        assert body["code"] == code and set(body) == {"code", "message", "fields"}


def test_messages_follow_the_language_asked(two_orgs: TwoOrgs) -> None:
    for language, word in [("ru", "параметр"), ("ky", "параметр"), ("en", "parameter")]:
        response = api(two_orgs.a.caseworker, **{"Accept-Language": language}).get("/api/v1/cases/?x=1")
        assert word in response.json()["fields"]["x"][0].lower(), language


# --- 4. Request bodies are held to their description --------------------------------------------


def test_a_document_with_ids_that_are_not_the_cases_messages_is_refused(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    client = api(a.admin)
    stranger = CaseMessage.objects.exclude(case=a.case).values_list("pk", flat=True).first()
    bodies = [
        {"kind": "evidence_bundle", "messages": ["not-an-id"]},
        {"kind": "evidence_bundle", "messages": ["00000000-0000-0000-0000-000000000000"]},
        {"kind": "evidence_bundle", "messages": [str(stranger or "11111111-1111-1111-1111-111111111111")]},
    ]
    for body in bodies:
        response = post(client, f"/api/v1/cases/{a.case.pk}/documents/", body)
        assert response.status_code == 400, body
        assert set(response.json()["fields"]) == {"messages.0"}, body
    missing = post(client, f"/api/v1/cases/{a.case.pk}/documents/", {"worker_name": "X"})
    assert missing.status_code == 400 and missing.json()["code"] == "invalid"
    assert missing.json()["fields"] == {"kind": ["This field is required."]}
    assert not GeneratedDocument.objects.exists()


def test_health_statistics_sent_as_a_form_are_refused_not_half_read(two_orgs: TwoOrgs) -> None:
    client = api(two_orgs.a.admin)
    form = client.post("/api/v1/monitoring/health/entries/", {"country": "RU", "region": "Moscow"})
    assert form.status_code == 415 and form.json()["code"] == "unsupported_media_type"
    empty = post(client, "/api/v1/monitoring/health/entries/", [])
    assert empty.status_code == 400
    assert not HealthStat.objects.exists()


def test_a_monitoring_report_with_a_garbage_period_is_refused(two_orgs: TwoOrgs) -> None:
    client = api(two_orgs.coordinator)
    for period in ("garbage", "2026-13", "1999-01"):
        response = post(client, "/api/v1/monitoring/reports/", {"kind": "situation", "period": period})
        assert response.status_code == 400 and set(response.json()["fields"]) == {"period"}, period
    assert not ReportJob.objects.exists()


def test_a_report_from_a_country_the_intake_does_not_know_is_refused(db: Any) -> None:
    report = {
        "language": "en",
        "city": "Paris",
        "categories": ["unpaid_wages"],
        "description": "Not paid.",
    }
    # ZZ is the intake's own "another country" (core.choices.Country.OTHER); XX and QQ are no country.
    for country in ("XX", "QQ", "ru"):
        response = post(api(), "/api/v1/reports/", {**report, "country": country})
        assert response.status_code == 400 and set(response.json()["fields"]) == {"country"}, country
    assert not Case.objects.exists()
    assert post(api(), "/api/v1/reports/", {**report, "country": "ZZ"}).status_code == 201


def test_bodies_refuse_unknown_fields_and_values_of_the_wrong_type(two_orgs: TwoOrgs) -> None:
    a = two_orgs.a
    client = api(a.caseworker)
    for body, field in [
        ({"body": 12}, "body"),
        ({"body": "Hello", "urgent": True}, "urgent"),
        ({"body": "   "}, "body"),
        ({"body": "a\x00b"}, "body"),
    ]:
        response = post(client, f"/api/v1/cases/{a.case.pk}/messages/", body)
        assert response.status_code == 400 and set(response.json()["fields"]) == {field}, body
    # The guide once named this field `fields`; the API calls it `shared_fields` and now says so.
    offer = {"organisation": str(two_orgs.b.org.pk), "fields": []}
    fields = post(client, f"/api/v1/cases/{a.case.pk}/referrals/", offer)
    assert fields.status_code == 400 and set(fields.json()["fields"]) == {"fields"}
    triage = post(client, f"/api/v1/cases/{a.case.pk}/triage/", {"categories": ["unpaid_wages"], "urgent": 1})
    assert triage.status_code == 400 and set(triage.json()["fields"]) == {"urgent"}
    assert not CaseMessage.objects.filter(case=a.case, sender="organisation").exists()


def test_every_api_view_reads_its_input_as_described() -> None:
    """Every view under /api/v1/ (but the description and its page) is an `ApiView`: it refuses a
    query parameter it does not declare, and its bodies are `JsonInput`s."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from korgoo.core.api import ApiView

    def views(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                found += views(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), getattr(pattern.callback, "view_class", None)))
        return found

    api = [(route, view) for route, view in views(get_resolver().url_patterns) if route.startswith("api/v1/")]
    assert len(api) >= 44
    outside = {route for route, view in api if view is None or not issubclass(view, ApiView)}
    assert outside == {"api/v1/schema/", "api/v1/docs/"}
