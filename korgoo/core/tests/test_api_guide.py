"""The API guide (docs/api.md) keeps up with the API.

Every operation of the OpenAPI description, made here by drf-spectacular's generator as
`GET /api/v1/schema/` makes it, must be named in the guide as `METHOD /api/v1/path/`; and every
`/api/v1/` path the guide names must be in the description, with the method it is named with. Path
parameters are compared by position only: `{id}`, `{case_id}` and `<str:case_id>` are the same.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "api.md"

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
BASE = "/api/v1/"
# Served under /api/v1/ but not part of the description they serve.
OUTSIDE_SCHEMA = {"/api/v1/schema/", "/api/v1/docs/"}

_PATH = r"/api/v1/[A-Za-z0-9_\-./{}<>:]*"
PATH = re.compile(_PATH)
MENTION = re.compile(rf"\b({'|'.join(METHODS)})\s+({_PATH})")
# A path parameter, as the description or a Django pattern writes it, or as a real id in a URL.
PARAMETER = re.compile(
    r"\{[^/{}]*\}|<[^/<>]*>|(?<=/)(?:[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9]+)(?=/)"
)
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def normal(path: str) -> str:
    """A path with its parameters (and real ids) blanked and any sentence punctuation after it removed."""
    return PARAMETER.sub("{}", path.rstrip(".,:;"))


def operations(schema: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), normal(path))
        for path, item in schema["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


def named_operations(text: str) -> set[tuple[str, str]]:
    """Every `METHOD /api/v1/…` the text names."""
    return {(method, normal(path)) for method, path in MENTION.findall(text)}


def named_paths(text: str) -> set[str]:
    """Every `/api/v1/…` path the text names, with or without a method (a query string is left out)."""
    return {normal(path) for path in PATH.findall(text)}


def undocumented(ops: set[tuple[str, str]], text: str) -> set[tuple[str, str]]:
    return ops - named_operations(text)


def unknown(ops: set[tuple[str, str]], text: str) -> set[str]:
    """Paths and `METHOD path`s of the text that are not operations of the description."""
    paths = {path for _method, path in ops} | OUTSIDE_SCHEMA | {BASE}
    wrong_paths = named_paths(text) - paths
    wrong_methods = {
        f"{method} {path}"
        for method, path in named_operations(text) - ops
        if path not in OUTSIDE_SCHEMA or method != "GET"
    }
    return wrong_paths | wrong_methods


def slug(heading: str) -> str:
    """The anchor a Markdown renderer gives a heading."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@pytest.fixture(scope="module")
def schema_ops() -> set[tuple[str, str]]:
    return operations(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_every_operation_is_in_the_guide(schema_ops: set[tuple[str, str]], guide: str) -> None:
    missing = sorted(f"{method} {path}" for method, path in undocumented(schema_ops, guide))
    assert not missing, f"docs/api.md does not describe: {missing}"


def test_every_path_of_the_guide_exists(schema_ops: set[tuple[str, str]], guide: str) -> None:
    assert not sorted(unknown(schema_ops, guide)), "docs/api.md names what the API does not have"


def test_the_paths_outside_the_description_are_served() -> None:
    for path in OUTSIDE_SCHEMA:
        assert resolve(path).url_name in {"schema", "docs"}, path


def test_the_description_is_the_one_served(schema_ops: set[tuple[str, str]]) -> None:
    """The generator sees what the API serves: a sample of each group resolves to its view."""
    assert len(schema_ops) >= 40
    for method, path in [
        ("POST", "/api/v1/reports/"),
        ("GET", "/api/v1/cases/{}/"),
        ("GET", "/api/v1/articles/{}/"),
        ("POST", "/api/v1/tools/late-payment/"),
        ("POST", "/api/v1/cases/{}/diary/"),
        ("GET", "/api/v1/monitoring/reports/{}/file/"),
    ]:
        assert (method, path) in schema_ops
        assert resolve(path.replace("{}", "x")).func is not None


def test_the_checks_catch_drift(schema_ops: set[tuple[str, str]], guide: str) -> None:
    """Taking an endpoint out of the guide, or naming one the API lacks, is caught."""
    missing, extra = undocumented(schema_ops, guide), unknown(schema_ops, guide)
    without_verify = re.sub(r"POST\s+/api/v1/documents/verify/", "POST the code", guide)
    assert undocumented(schema_ops, without_verify) - missing == {("POST", "/api/v1/documents/verify/")}
    # A new endpoint of the API that the guide does not describe.
    grown = schema_ops | {("GET", "/api/v1/cases/{}/export-history/")}
    assert undocumented(grown, guide) - missing == {("GET", "/api/v1/cases/{}/export-history/")}
    # The guide naming a path, or a method, that the API does not have.
    assert unknown(schema_ops, guide + "\nSee `GET /api/v1/cases/{id}/history/`.\n") - extra == {
        "/api/v1/cases/{}/history/",
        "GET /api/v1/cases/{}/history/",
    }
    assert unknown(schema_ops, guide + "\n`DELETE /api/v1/cases/{id}/`\n") - extra == {
        "DELETE /api/v1/cases/{}/"
    }
    # Parameters are matched whatever their name or syntax.
    assert normal("/api/v1/cases/<str:case_id>/notes/") == normal("/api/v1/cases/{id}/notes/.")
    assert normal("/api/v1/cases/5cddf82a-173e-4392-9680-c52959aad78a/") == "/api/v1/cases/{}/"
    # ...but a word is never taken for a parameter: `cases/exports/` is not `cases/{id}/`.
    assert normal("/api/v1/cases/exports/") == "/api/v1/cases/exports/"


def test_the_guide_links_hold(guide: str) -> None:
    anchors = {slug(heading) for heading in HEADING.findall(guide)}
    for target in LINK.findall(guide):
        if target.startswith(("http://", "https://")):
            continue
        file, _, anchor = target.partition("#")
        if file:
            assert (GUIDE.parent / file).exists(), target
        elif anchor:
            assert anchor in anchors, target


@pytest.mark.parametrize("page", ["README.md", "docs/architecture.md"])
def test_the_links_to_the_guide_hold(page: str, guide: str) -> None:
    source = ROOT / page
    anchors = {slug(heading) for heading in HEADING.findall(guide)}
    links = [
        t for t in LINK.findall(source.read_text(encoding="utf-8")) if t.split("#")[0].endswith("api.md")
    ]
    assert links or page == "README.md", f"{page} no longer links to the API guide"
    for target in links:
        file, _, anchor = target.partition("#")
        assert (source.parent / file).resolve() == GUIDE, target
        assert not anchor or anchor in anchors, target
