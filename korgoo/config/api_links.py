"""OpenAPI links between operations: from a report to its case as the worker follows it, from a case to
its work and its referrals, from an export or a monitoring report to its download. A client (or a
fuzzer testing state by state) follows them with the ids the answers carry."""

from __future__ import annotations

from typing import Any

CASE = {"case_id": "$response.body#/id"}

# (method, path, status): {link name: (target method, target path, parameters, request body)}
LINKS: dict[tuple[str, str, str], dict[str, tuple[str, str, dict[str, str], Any]]] = {
    ("post", "/api/v1/reports/", "201"): {
        "FollowReport": ("post", "/api/v1/reports/track/", {}, {"receipt": "$response.body#/receipt"}),
    },
    ("post", "/api/v1/consular/bookings/", "201"): {
        "CancelBooking": ("post", "/api/v1/consular/bookings/cancel/", {}, {"code": "$response.body#/code"}),
    },
    ("get", "/api/v1/consular/missions/", "200"): {
        "FirstMissionSlots": (
            "get",
            "/api/v1/consular/slots/",
            {"mission": "$response.body#/0/id", "service": "$response.body#/0/services/0/code"},
            None,
        ),
    },
    ("get", "/api/v1/cases/", "200"): {
        "FirstCase": ("get", "/api/v1/cases/{case_id}/", {"case_id": "$response.body#/results/0/id"}, None),
    },
    ("get", "/api/v1/cases/{case_id}/", "200"): {
        "OfferCase": ("post", "/api/v1/cases/{case_id}/referrals/", CASE, None),
        "WriteToWorker": ("post", "/api/v1/cases/{case_id}/messages/", CASE, None),
        "AddNote": ("post", "/api/v1/cases/{case_id}/notes/", CASE, None),
        "SetStatus": ("post", "/api/v1/cases/{case_id}/status/", CASE, None),
        "Triage": ("post", "/api/v1/cases/{case_id}/triage/", CASE, None),
        "CloseCase": ("post", "/api/v1/cases/{case_id}/close/", CASE, None),
        "ReadDiary": ("get", "/api/v1/cases/{case_id}/diary/", CASE, None),
        "AddDiaryDay": ("post", "/api/v1/cases/{case_id}/diary/", CASE, None),
        "SaveCalculation": ("post", "/api/v1/cases/{case_id}/calculations/", CASE, None),
        "MakeDocument": ("post", "/api/v1/cases/{case_id}/documents/", CASE, None),
    },
    ("post", "/api/v1/cases/{case_id}/referrals/", "201"): {
        "AcceptReferral": (
            "post",
            "/api/v1/referrals/{referral_id}/accept/",
            {"referral_id": "$response.body#/id"},
            None,
        ),
        "DeclineReferral": (
            "post",
            "/api/v1/referrals/{referral_id}/decline/",
            {"referral_id": "$response.body#/id"},
            None,
        ),
        "RevokeReferral": (
            "post",
            "/api/v1/referrals/{referral_id}/revoke/",
            {"referral_id": "$response.body#/id"},
            None,
        ),
    },
    ("post", "/api/v1/cases/exports/", "201"): {
        "DownloadExport": (
            "get",
            "/api/v1/cases/exports/{export_id}/download/",
            {"export_id": "$response.body#/id"},
            None,
        ),
    },
    ("post", "/api/v1/monitoring/reports/", "202"): {
        "ReportStatus": (
            "get",
            "/api/v1/monitoring/reports/{job_id}/",
            {"job_id": "$response.body#/id"},
            None,
        ),
        "ReportFile": (
            "get",
            "/api/v1/monitoring/reports/{job_id}/file/",
            {"job_id": "$response.body#/id"},
            None,
        ),
    },
}


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular hook: the links above, by the operationId of each target."""
    paths = result.get("paths", {})
    for (method, path, status), links in LINKS.items():
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if response is None:
            continue
        out = response.setdefault("links", {})
        for name, (target_method, target_path, parameters, body) in links.items():
            target = paths[target_path][target_method]
            link: dict[str, Any] = {"operationId": target["operationId"]}
            if parameters:
                link["parameters"] = parameters
            if body is not None:
                link["requestBody"] = body
            out[name] = link
    return result
