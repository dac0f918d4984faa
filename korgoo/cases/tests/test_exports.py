"""Inbox exports: a permission per format, audited, delivered as an encrypted archive through a
short-lived, single-use link bound to the member who asked (SECURITY.md requirements 21, 22)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

import pytest
import pyzipper
import time_machine
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from korgoo.audit.models import AuditEvent
from korgoo.cases import services
from korgoo.cases.exports import inbox_export
from korgoo.cases.selectors import InboxFilters
from korgoo.conftest import TwoOrgs, make_member
from korgoo.core.archives import PASSWORD_ALPHABET
from korgoo.core.errors import PermissionDenied
from korgoo.organisations.models import Export, Role
from korgoo.organisations.permissions import ROLE_PERMS, Perm
from korgoo.organisations.selectors import actor_for_membership
from korgoo.organisations.services import api_token_create, exports_purge

pytestmark = pytest.mark.django_db

CANARY = "Aigul CANARYEXPORT"
PASSWORD = re.compile(r'data-testid="export-password">([^<]+)<')
LINK = re.compile(r'href="([^"]+)" data-testid="export-download"')


@pytest.fixture
def a_case_with_canary(two_orgs: TwoOrgs) -> TwoOrgs:
    """Org A's case, assigned to a caseworker whose name is a canary that the export carries."""
    a = two_orgs.a
    a.caseworker.user.full_name = CANARY
    a.caseworker.user.save(update_fields=["full_name"])
    services.case_assign(actor=a.actor("admin"), case=a.case, assignee=a.caseworker)
    return two_orgs


def ask(client: Client, fmt: str, **filters: str) -> Any:
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    return client.post(f"/en/staff/export.{fmt}" + (f"?{query}" if query else ""))


def ready(response: Any) -> tuple[str, str]:
    """The one-time password and the download link shown on the page."""
    page = response.content.decode()
    password, link = PASSWORD.search(page), LINK.search(page)
    assert password and link, page
    return password.group(1), link.group(1)


def opened(archive: bytes, password: str) -> tuple[str, bytes]:
    with pyzipper.AESZipFile(io.BytesIO(archive)) as zipped:
        zipped.setpassword(password.encode())
        (name,) = zipped.namelist()
        return name, zipped.read(name)


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# --- Permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ["caseworker", "viewer"])
def test_a_role_without_the_format_permission_gets_403_and_nothing_is_made(
    two_orgs: TwoOrgs, client_for: Any, role: str, fmt: str
) -> None:
    client = client_for(getattr(two_orgs.a, role))
    before = AuditEvent.objects.count()
    assert ask(client, fmt, status="").status_code == 403
    assert not Export.objects.exists()
    assert AuditEvent.objects.count() == before
    inbox = client.get("/en/staff/").content.decode()
    assert 'data-testid="exports"' not in inbox


def test_analyst_and_editor_get_403(two_orgs: TwoOrgs, client_for: Any) -> None:
    for role in (Role.ANALYST, Role.EDITOR):
        member = make_member(two_orgs.a.org, f"a.{role}", role)
        for fmt in ("csv", "xlsx"):
            assert ask(client_for(member), fmt).status_code == 403
    assert not Export.objects.exists()


def test_each_format_has_its_own_permission(
    two_orgs: TwoOrgs, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role holding CSV but not XLSX sees and gets CSV only; and the other way round."""
    a = two_orgs.a
    full = ROLE_PERMS[Role.ORG_ADMIN]
    for allowed, refused in ((Perm.CASE_EXPORT_CSV, "xlsx"), (Perm.CASE_EXPORT_XLSX, "csv")):
        monkeypatch.setitem(
            ROLE_PERMS, Role.ORG_ADMIN, (full - {Perm.CASE_EXPORT_XLSX, Perm.CASE_EXPORT_CSV}) | {allowed}
        )
        client = client_for(a.admin)
        inbox = client.get("/en/staff/").content.decode()
        given = "csv" if refused == "xlsx" else "xlsx"
        assert f'data-testid="export-{given}"' in inbox
        assert f'data-testid="export-{refused}"' not in inbox
        assert ask(client, refused).status_code == 403
        assert ask(client, given).status_code == 200
    assert Export.objects.count() == 2


def test_the_role_matrix_keeps_exports_with_coordinators_and_administrators() -> None:
    for role in Role.values:
        holds = {p for p in (Perm.CASE_EXPORT_CSV, Perm.CASE_EXPORT_XLSX) if p in ROLE_PERMS[role]}
        overseers = (Role.COORDINATOR, Role.NETWORK_COORDINATOR, Role.ORG_ADMIN)
        expected = len(holds) == 2 if role in overseers else not holds
        assert expected, role


def test_a_get_makes_no_export(two_orgs: TwoOrgs, client_for: Any) -> None:
    """Making an export writes: a GET (a link, a prefetch) makes nothing."""
    assert client_for(two_orgs.a.admin).get("/en/staff/export.csv").status_code == 405
    assert not Export.objects.exists()


# --- The page, the archive, the download ------------------------------------------------------------


def test_csv_export_page_archive_and_single_download(a_case_with_canary: TwoOrgs, client_for: Any) -> None:
    a, b = a_case_with_canary.a, a_case_with_canary.b
    admin = client_for(a.admin)
    exported_before = AuditEvent.objects.filter(action="case.exported").count()

    response = ask(admin, "csv", status="")
    assert response.status_code == 200
    password, link = ready(response)
    assert "The link works once, for 10 minutes." in response.content.decode()
    export = Export.objects.get()
    assert link == f"/en/staff/exports/{export.pk}/"
    # At least 80 bits, from the expected alphabet, in groups that are easy to type.
    group = f"[{PASSWORD_ALPHABET}]{{4}}"
    assert re.fullmatch(f"{group}(-{group}){{4}}", password)
    # The export is audited with what it holds, and nothing stores the password.
    event = AuditEvent.objects.filter(action="case.exported").latest("id")
    assert AuditEvent.objects.filter(action="case.exported").count() == exported_before + 1
    assert event.object_type == "export" and event.object_id == str(export.pk)
    assert event.details["format"] == "csv" and event.details["rows"] == 1
    assert event.actor_membership_id == a.admin.pk
    stored = bytes(export.content)
    assert password.encode() not in stored
    assert not any(password in json.dumps(e.details) for e in AuditEvent.objects.all())
    assert export.requested_by == a.admin and export.organisation == a.org
    assert abs(export.expires_at - (timezone.now() + dt.timedelta(seconds=600))) < dt.timedelta(seconds=30)

    downloaded = admin.get(link)
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"] == "application/octet-stream"
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    assert downloaded["Content-Disposition"].startswith('attachment; filename="korgoo-cases-')
    assert ".csv.zip" in downloaded["Content-Disposition"]
    data = downloaded.content
    assert data == stored
    # Not a CSV: an encrypted ZIP, with neither the case reference nor the canary in the clear.
    assert data.startswith(b"PK\x03\x04") and not data.startswith(b"\xef\xbb\xbf")
    for canary in (CANARY, a.case.short_ref, "Moscow"):
        assert canary.encode() not in data
        assert canary.encode("utf-16-le") not in data
    # It cannot be opened without the password, nor with a wrong one, nor by plain zipfile.
    with pyzipper.AESZipFile(io.BytesIO(data)) as zipped:
        name = zipped.namelist()[0]
        with pytest.raises(RuntimeError):
            zipped.read(name)
        zipped.setpassword(b"abcd-efgh-jkmn-pqrs-tuvw")
        with pytest.raises(RuntimeError):
            zipped.read(name)
    with pytest.raises((NotImplementedError, RuntimeError)), zipfile.ZipFile(io.BytesIO(data)) as plain:
        plain.read(name)
    # With it: the inbox rows, org A's only, the shape of the case and never its content.
    name, inner = opened(data, password)
    assert name.startswith("korgoo-cases-") and name.endswith(".csv")
    rows = csv_rows(inner)
    assert rows[0][0] == "Case" and len(rows) == 2
    assert rows[1][0] == a.case.short_ref and CANARY in rows[1]
    text = inner.decode("utf-8-sig")
    assert "CANARY-A" not in text and "CANARY-B" not in text and b.case.short_ref not in text

    # The download is audited and spends the link.
    got = AuditEvent.objects.filter(action="export.downloaded").latest("id")
    assert got.object_id == str(export.pk) and got.details["bytes"] == len(data)
    assert got.chain == event.chain  # one object, one chain: the export's history reads in order
    assert not Export.objects.exists()
    assert admin.get(link).status_code == 404


def test_xlsx_export_opens_with_the_password_only(a_case_with_canary: TwoOrgs, client_for: Any) -> None:
    a = a_case_with_canary.a
    admin = client_for(a.admin)
    password, link = ready(ask(admin, "xlsx", status=""))
    data = admin.get(link).content
    with pytest.raises(Exception):  # noqa: B017 - whatever openpyxl raises, it is no workbook
        load_workbook(io.BytesIO(data))
    assert CANARY.encode() not in data and a.case.short_ref.encode() not in data
    name, inner = opened(data, password)
    assert name.endswith(".xlsx")
    values = [cell.value for row in load_workbook(io.BytesIO(inner)).active.iter_rows() for cell in row]
    assert a.case.short_ref in values and CANARY in values
    assert admin.get(link).status_code == 404


def test_the_filters_of_the_inbox_apply(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    admin = client_for(a.admin)
    password, link = ready(ask(admin, "csv", status="closed"))
    assert csv_rows(opened(admin.get(link).content, password)[1])[1:] == []
    password, link = ready(ask(admin, "csv", status=""))
    assert [r[0] for r in csv_rows(opened(admin.get(link).content, password)[1])[1:]] == [a.case.short_ref]


def test_audit_row_and_export_commit_together(two_orgs: TwoOrgs, monkeypatch: pytest.MonkeyPatch) -> None:
    from korgoo.organisations import services as org_services

    def broken_audit(**kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(org_services, "audit_record", broken_audit)
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        inbox_export(actor=two_orgs.a.actor("admin"), filters=InboxFilters(), file_format="csv")
    assert not Export.objects.exists()
    assert AuditEvent.objects.count() == before


def test_the_download_is_audited_in_its_own_transaction(
    two_orgs: TwoOrgs, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the download's audit row cannot be written, the export is not spent."""
    from korgoo.organisations import services as org_services

    admin = client_for(two_orgs.a.admin)
    _password, link = ready(ask(admin, "csv"))
    original = org_services.audit_record

    def broken_audit(**kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(org_services, "audit_record", broken_audit)
    admin.raise_request_exception = True
    with pytest.raises(RuntimeError):
        admin.get(link)
    assert Export.objects.count() == 1
    monkeypatch.setattr(org_services, "audit_record", original)
    assert admin.get(link).status_code == 200


def test_head_does_not_spend_the_link(two_orgs: TwoOrgs, client_for: Any) -> None:
    admin = client_for(two_orgs.a.admin)
    _password, link = ready(ask(admin, "csv"))
    assert admin.head(link).status_code == 405
    assert admin.post(link).status_code == 405
    assert admin.get(link).status_code == 200


def test_two_exports_have_different_passwords(two_orgs: TwoOrgs) -> None:
    actor = two_orgs.a.actor("admin")
    first = inbox_export(actor=actor, filters=InboxFilters(), file_format="csv")
    second = inbox_export(actor=actor, filters=InboxFilters(), file_format="csv")
    assert first.password != second.password and first.export.pk != second.export.pk
    with pytest.raises(RuntimeError):
        opened(bytes(second.export.content), first.password)


def test_the_service_checks_the_permission(two_orgs: TwoOrgs) -> None:
    with pytest.raises(PermissionDenied):
        inbox_export(actor=two_orgs.a.actor("caseworker"), filters=InboxFilters(), file_format="csv")
    assert not Export.objects.exists()


# --- Time, owner, purge -----------------------------------------------------------------------------


def test_the_link_dies_after_its_ttl(two_orgs: TwoOrgs, client_for: Any, settings: Any) -> None:
    settings.KORGOO_EXPORT_TTL_SECONDS = 120
    admin = client_for(two_orgs.a.admin)
    with time_machine.travel(timezone.now(), tick=False) as frozen:
        page = ask(admin, "csv")
        assert "for 2 minutes" in page.content.decode()
        _password, first = ready(page)
        _password, second = ready(ask(admin, "xlsx"))
        frozen.shift(dt.timedelta(seconds=119))
        assert admin.get(first).status_code == 200
        frozen.shift(dt.timedelta(seconds=2))
        assert admin.get(second).status_code == 404
    assert Export.objects.count() == 1  # expired, not yet purged, and useless


def test_the_link_is_bound_to_the_member_who_asked(two_orgs: TwoOrgs, client_for: Any) -> None:
    a, b = two_orgs.a, two_orgs.b
    _password, link = ready(ask(client_for(a.admin), "csv"))
    # Another administrator of the same organisation, with every export permission: 404.
    colleague = make_member(a.org, "a.admin2", Role.ORG_ADMIN)
    assert client_for(colleague).get(link).status_code == 404
    assert client_for(a.caseworker).get(link).status_code == 404
    # Another organisation's administrator and the network's coordinator: 404.
    assert client_for(b.admin).get(link).status_code == 404
    assert client_for(two_orgs.coordinator).get(link).status_code == 404
    missing = client_for(b.admin).get("/en/staff/exports/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404
    # Anonymous: the login page. None of this spent the export.
    anonymous = Client().get(link)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(a.admin).get(link).status_code == 200


def test_a_member_who_lost_the_permission_cannot_download(two_orgs: TwoOrgs, client_for: Any) -> None:
    a = two_orgs.a
    _password, link = ready(ask(client_for(a.admin), "csv"))
    a.admin.role = Role.CASEWORKER
    a.admin.save(update_fields=["role"])
    assert client_for(a.admin).get(link).status_code == 404
    assert Export.objects.count() == 1


def test_purge_removes_expired_exports_only(two_orgs: TwoOrgs) -> None:
    actor = two_orgs.a.actor("admin")
    with time_machine.travel(timezone.now(), tick=False) as frozen:
        old = inbox_export(actor=actor, filters=InboxFilters(), file_format="csv").export
        frozen.shift(dt.timedelta(seconds=300))
        fresh = inbox_export(actor=actor, filters=InboxFilters(), file_format="xlsx").export
        assert exports_purge() == 0
        frozen.shift(dt.timedelta(seconds=301))
        assert exports_purge() == 1
    assert list(Export.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert old.pk != fresh.pk
    assert exports_purge(now=timezone.now() + dt.timedelta(hours=1)) == 1
    assert not Export.objects.exists()


# --- API ----------------------------------------------------------------------------------------------


def bearer(membership: Any) -> dict[str, str]:
    token = api_token_create(user=membership.user, expires_at=timezone.now() + dt.timedelta(hours=1))
    return {"Authorization": f"Bearer {token}"}


def api_ask(headers: dict[str, str], body: dict[str, Any]) -> Any:
    return Client().post(
        "/api/v1/cases/exports/", data=json.dumps(body), content_type="application/json", headers=headers
    )


def test_api_export_flow(a_case_with_canary: TwoOrgs) -> None:
    a, b = a_case_with_canary.a, a_case_with_canary.b
    auth = bearer(a.admin)
    before = AuditEvent.objects.filter(action="case.exported").count()
    created = api_ask(auth, {"format": "xlsx", "status": ""})
    assert created.status_code == 201, created.content
    body = created.json()
    export = Export.objects.get()
    assert set(body) == {"id", "format", "filename", "rows", "password", "download_url", "expires_at"}
    assert body["id"] == str(export.pk) and body["format"] == "xlsx" and body["rows"] == 1
    assert body["download_url"] == f"http://testserver/api/v1/cases/exports/{export.pk}/download/"
    assert AuditEvent.objects.filter(action="case.exported").count() == before + 1
    url = body["download_url"].removeprefix("http://testserver")
    # Nobody else: not another member of the organisation, not another organisation.
    colleague = make_member(a.org, "a.admin2", Role.ORG_ADMIN)
    for other in (colleague, b.admin):
        refused = Client().get(url, headers=bearer(other))
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert Client().get(url).status_code == 401
    assert Client().head(url, headers=auth).status_code == 405
    downloaded = Client().get(url, headers=auth)
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"] == "application/octet-stream"
    data = downloaded.content
    assert CANARY.encode() not in data
    with pytest.raises(RuntimeError), pyzipper.AESZipFile(io.BytesIO(data)) as zipped:
        zipped.read(zipped.namelist()[0])
    values = [
        cell.value
        for row in load_workbook(io.BytesIO(opened(data, body["password"])[1])).active.iter_rows()
        for cell in row
    ]
    assert a.case.short_ref in values and b.case.short_ref not in values
    again = Client().get(url, headers=auth)
    assert again.status_code == 404 and again.json()["code"] == "not_found"


def test_api_export_needs_the_format_permission(two_orgs: TwoOrgs, monkeypatch: pytest.MonkeyPatch) -> None:
    a = two_orgs.a
    for fmt in ("csv", "xlsx"):
        refused = api_ask(bearer(a.caseworker), {"format": fmt})
        assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    monkeypatch.setitem(ROLE_PERMS, Role.ORG_ADMIN, ROLE_PERMS[Role.ORG_ADMIN] - {Perm.CASE_EXPORT_XLSX})
    auth = bearer(a.admin)
    assert api_ask(auth, {"format": "xlsx"}).status_code == 403
    assert api_ask(auth, {"format": "pdf"}).status_code == 400
    assert api_ask(auth, {"format": "csv", "status": "open"}).status_code == 201
    assert Export.objects.count() == 1


def test_api_download_after_ttl_is_404(two_orgs: TwoOrgs) -> None:
    auth = bearer(two_orgs.a.admin)
    with time_machine.travel(timezone.now(), tick=False) as frozen:
        url = api_ask(auth, {"format": "csv"}).json()["download_url"].removeprefix("http://testserver")
        frozen.shift(dt.timedelta(seconds=601))
        assert Client().get(url, headers=auth).status_code == 404


def test_an_export_made_on_the_page_is_not_a_case_for_the_api(two_orgs: TwoOrgs, client_for: Any) -> None:
    """`cases/exports/` is routed before `cases/<case_id>/`: a GET there is not a case lookup."""
    auth = bearer(two_orgs.a.admin)
    assert Client().get("/api/v1/cases/exports/", headers=auth).status_code == 405
    actor = actor_for_membership(two_orgs.a.admin)
    sealed = inbox_export(actor=actor, filters=InboxFilters(), file_format="csv")
    url = f"/api/v1/cases/exports/{sealed.export.pk}/download/"
    assert Client().get(url, headers=auth).status_code == 200
