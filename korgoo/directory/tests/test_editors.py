"""The directory's editors: a page of every entry, checked longest ago first, to correct its contacts
with the page they were read on; and `korgoo recheck_directory`, which reads the source pages of the
entries due for a check again (here from a local server that speaks HTTP)."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from korgoo.conftest import make_member, make_org
from korgoo.directory.choices import Origin
from korgoo.directory.models import Place
from korgoo.organisations.models import Role

from .conftest import load_directory

# Every test here reads the shipped directory: it is loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory_once")]


def test_an_editor_corrects_an_entry_and_the_files_then_leave_it_alone(
    directory_loaded: Any, client_for: Any
) -> None:
    editor = make_member(make_org("Редакция"), "editor.one", Role.EDITOR)
    client = client_for(editor)
    page = client.get("/ru/staff/directory/entries/").content.decode()
    assert 'data-key="kibhr"' in page and "demo-" not in page  # demo places are not edited
    # A phone without the page it was read on is refused, nothing saved.
    refused = client.post(
        "/ru/staff/directory/entries/kibhr/", {"phone": "+7 727 123 45 67", "is_active": "on"}
    )
    assert refused.status_code == 400
    assert Place.objects.get(key="kibhr").phone == ""
    saved = client.post(
        "/ru/staff/directory/entries/kibhr/",
        {
            "phone": "+7 727 123 45 67",
            "source_url": "https://example.net/kibhr",
            "source": "The bureau's own contact page",
            "checked_on": "2026-11-10",
            "confirmed": "on",
            "is_active": "on",
        },
    )
    assert saved.status_code == 303
    place = Place.objects.get(key="kibhr")
    assert place.origin == Origin.EDITOR and place.confirmed and place.checked_on == dt.date(2026, 11, 10)
    load_directory()
    assert Place.objects.get(key="kibhr").phone == "+7 727 123 45 67"  # the files no longer speak for it
    caseworker = make_member(make_org("НКО"), "cw.one", Role.CASEWORKER)
    assert client_for(caseworker).get("/ru/staff/directory/entries/").status_code == 403


class _Page(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/contacts" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.body if self.path == "/contacts" else b"")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def source_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_recheck_reads_the_source_pages_of_entries_due(directory_loaded: Any, source_site: str) -> None:
    # Checked on 2025-06-01; the suite's clock is 2026-11-16: past the 12 months.
    _Page.body = "Адрес: 443020, г. Самара, ул. Ленинградская, 75. Тел.: 8 (846) 374-64-30".encode()
    Place.objects.filter(key="ombudsman-samara").update(
        checked_on=dt.date(2025, 6, 1), source_url=f"{source_site}/contacts"
    )
    Place.objects.filter(key="git-moscow").update(
        checked_on=dt.date(2025, 6, 1), source_url=f"{source_site}/gone"
    )
    out = StringIO()
    call_command("recheck_directory", "--fetch", "--timeout", "5", stdout=out)
    report = out.getvalue()
    assert "ombudsman-samara" in report and "still on the page: checked today" in report
    assert "git-moscow" in report and "check by hand" in report
    assert Place.objects.get(key="ombudsman-samara").checked_on == dt.date(2026, 11, 16)
    assert Place.objects.get(key="git-moscow").checked_on == dt.date(2025, 6, 1)
    listed = StringIO()
    call_command("recheck_directory", stdout=listed)
    assert "ombudsman-samara" not in listed.getvalue() and "git-moscow" in listed.getvalue()
