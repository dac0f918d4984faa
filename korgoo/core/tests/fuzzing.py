"""What the API fuzzer runs with, in the suite (`test_api_fuzz.py`) and against a live server
(`scripts/fuzz_api.py`): schemathesis' configuration made from the description itself, and two checks
of our own, registered with schemathesis when this module is imported (the command line names this
module as its hooks).

- `error_codes_are_the_described_ones`: an error answers one of the codes its operation lists for
  that status (`x-error-codes`), not merely one of the API's codes.
- `well_formed_requests_are_understood`: a request the description allows may be refused by a rule
  of the domain (a date in the future, a period not published), never as malformed (`invalid`).
"""

from __future__ import annotations

from typing import Any

import schemathesis

# Codes that say a request is malformed: a request the description allows must never get them.
SHAPE_CODES = frozenset({"invalid", "parse_error", "unsupported_media_type"})
# Codes every operation of a kind may answer; the others belong to an operation's own domain.
GENERIC_CODES = SHAPE_CODES | {"not_authenticated", "permission_denied", "not_found", "throttled"}
# The limits of the API (settings and environment variables of the same names), raised for a run
# so that 429 does not hide what the API does.
LIMITS = (
    "KORGOO_HELP_API_PER_MINUTE",
    "KORGOO_TOOLS_API_PER_MINUTE",
    "KORGOO_INTAKE_PER_CLIENT",
    "KORGOO_INTAKE_GLOBAL_PER_MINUTE",
    "KORGOO_LOOKUP_FAILURES_PER_CLIENT",
    "KORGOO_LOOKUP_FAILURES_GLOBAL",
    "KORGOO_LOGIN_FAILURES_PER_ACCOUNT",
    "KORGOO_LOGIN_FAILURES_PER_CLIENT",
    "KORGOO_CONSULAR_PER_PHONE",
    "KORGOO_CONSULAR_CHALLENGE_ABOVE",
    "KORGOO_CONSULAR_READS_PER_MINUTE",
    "KORGOO_CONSULAR_WRITES_PER_HOUR",
    "KORGOO_CONSULAR_CODE_FAILURES_PER_CLIENT",
    "KORGOO_CONSULAR_CODE_FAILURES_GLOBAL",
)
UNLIMITED = 10**9
# The statuses that refuse a request the description does not allow (schemathesis' own list).
NEGATIVE_REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"]
# Operations that make a PDF: a few draws each, and no coverage phase, keep a run short.
SLOW = ("/api/v1/cases/{case_id}/documents/", "/api/v1/monitoring/reports/")
# An export's archive and a monitoring report's PDF are handed over once and then deleted (ADR
# 0017): a second GET through the same link answers 404, as their description says.
SINGLE_USE = ("/api/v1/cases/exports/{export_id}/download/", "/api/v1/monitoring/reports/{job_id}/file/")
# Following a report takes its receipt from the report's answer through the link's request body;
# when a scenario draws the body instead (to widen its inputs), schemathesis still counts the drawn
# receipt's 404 against the link. A wrong receipt's 404 is the worker side's uniform answer.
BODY_LINKED = ("POST /api/v1/reports/track/",)
# Logging out takes the token it is sent with: it gets a token of its own, or every operation drawn
# after it would meet only 401.
LOGOUT = "DELETE /api/v1/auth/token/"


def operation_overrides(raw: dict[str, Any], *, slow_examples: int = 2) -> list[dict[str, Any]]:
    """Per-operation settings read from the description: where it says an operation may refuse
    well-formed input with a code of its domain, that status is among the answers to valid data."""
    operations: list[dict[str, Any]] = []
    for path, item in raw["paths"].items():
        for method, operation in item.items():
            domain = sorted(
                status
                for status, response in operation["responses"].items()
                if set(response.get("x-error-codes", [])) - GENERIC_CODES
            )
            if domain:
                expected = sorted({"2xx", "401", "403", "404", "409", "429", *domain})
                operations.append(
                    {
                        "include-name": f"{method.upper()} {path}",
                        "checks": {"positive_data_acceptance": {"expected-statuses": expected}},
                    }
                )
    operations += [
        {
            "include-path": path,
            "generation": {"max-examples": slow_examples},
            "phases": {"coverage": {"enabled": False}},
        }
        for path in SLOW
    ]
    operations += [
        {"include-name": name, "checks": {"ensure_resource_availability": {"enabled": False}}}
        for name in (*(f"GET {path}" for path in SINGLE_USE), *BODY_LINKED)
    ]
    return operations


def config(
    raw: dict[str, Any],
    *,
    headers: dict[str, str],
    ids: dict[str, list[str]],
    examples: int,
    steps: int,
    seed: int,
    coverage: bool,
    unexpected_methods: list[str],
    logout_token: str = "",
) -> dict[str, Any]:
    """The run's configuration: every check, real ids mixed with drawn ones, the role's headers (and
    a second token of the role's for logging out, when it has one)."""
    logout = (
        [{"include-name": LOGOUT, "headers": {"Authorization": f"Bearer {logout_token}"}}]
        if logout_token
        else []
    )
    return {
        "seed": seed,
        "headers": headers,
        # Text is UTF-8 (RFC 8259): a lone surrogate, which no UTF-8 can carry, is refused as malformed.
        "generation": {"max-examples": examples, "mode": "all", "no-shrink": True, "codec": "utf-8"},
        # A request line too long for the web server is refused before the API sees it (414).
        "checks": {
            "enabled": True,
            "negative_data_rejection": {"expected-statuses": [*NEGATIVE_REFUSALS, "414"]},
        },
        "phases": {
            "stateful": {"max-steps": steps},
            # One method the operation lacks is enough to see 405 with its Allow header.
            "coverage": {"enabled": coverage, "unexpected-methods": unexpected_methods},
        },
        "dictionaries": {name: {"values": values} for name, values in ids.items()},
        "parameters": {f"path.{name}": {"dictionary": name, "probability": 0.75} for name in ids},
        "operations": [*operation_overrides(raw), *logout],
    }


def _is_json(response: Any) -> bool:
    return "json" in (response.headers.get("content-type") or [""])[0]


@schemathesis.check
def error_codes_are_the_described_ones(ctx: Any, response: Any, case: Any) -> bool | None:
    """An error answers one of the codes its operation lists for that status."""
    if response.status_code < 400 or not _is_json(response):
        return None
    described = case.operation.definition.raw["responses"].get(str(response.status_code), {})
    codes = described.get("x-error-codes")
    if codes is None:
        return None  # an undescribed status is status_code_conformance's to report
    code = response.json().get("code")
    if code not in codes:
        raise AssertionError(f"{response.status_code} `{code}` is not one of the codes described: {codes}")
    return None


@schemathesis.check
def well_formed_requests_are_understood(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request the description allows may be refused by a rule of the domain, never as malformed."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    body = response.json() if _is_json(response) else {}
    if body.get("code") in SHAPE_CODES:
        raise AssertionError(f"A request the description allows was refused as malformed: {body}")
    return None
