"""Shared test fixtures: two organisations with members and cases in each (the two-org fixture),
clients logged in as each role, and a headless Chromium for the browser tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import glob
import io
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import Client
from hypothesis import settings as hypothesis_settings

from korgoo.accounts.models import User
from korgoo.cases.models import Case
from korgoo.cases.services import NewReport
from korgoo.core.actor import Actor
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.organisations.models import Membership, Organisation, Role
from korgoo.organisations.selectors import actor_for_membership

T = TypeVar("T")
PASSWORD = "a-long-test-password"
MOSCOW = 524901  # Moscow's id in the gazetteer (its GeoNames id)

# Property tests check what the code does, not how fast: a slow first example on a busy machine
# must not fail a run (speed is measured in benchmarks/).
# No example database either: a draw that once failed is kept as an explicit ``@example`` in its test,
# never replayed from a directory that one checkout has and another has not.
hypothesis_settings.register_profile("korgoo", deadline=None, database=None)
hypothesis_settings.load_profile("korgoo")

# --- The suite's clock -----------------------------------------------------------------------------
# Every test starts at the same instant, whatever the machine's date (HOUSE_STYLE 27): a Monday
# morning, ticking from there so that waits and time-outs behave. A test that needs another "now"
# moves this clock (``clock.move_to(...)``, ``clock.shift(...)``; ``tick=False`` freezes it). Naive
# datetimes and strings given to the clock are UTC, like the project's own.
SUITE_NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
time_machine.naive_mode = time_machine.NaiveMode.UTC


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """The test's clock, set to ``SUITE_NOW``; moved with ``move_to`` and ``shift``."""
    with time_machine.travel(SUITE_NOW, tick=True) as traveller:
        yield traveller


LIBFAKETIME = next(iter(sorted(glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1"))), None)


@contextlib.contextmanager
def built_once(django_db_blocker: Any, build: Callable[[], T], *, at: dt.datetime = SUITE_NOW) -> Iterator[T]:
    """Data built once for a whole module (by a module-scoped fixture) at the suite's clock, in a
    transaction of the module's own that is rolled back after its last test; each test runs in a
    savepoint inside it, so what one test changes the next never sees. Only for a module whose every
    database test reads that data: a test expecting an empty table would find it filled."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(at, tick=True):
            made = build()
        yield made
        transaction.set_rollback(True)


def env_at_test_clock(**variables: str) -> dict[str, str]:
    """The environment for a child process that shares the test's clock: a server the test talks
    to, a command that reads rows the test wrote. Debian's libfaketime (installed by `make test`)
    starts the child's clock at the test's "now" and lets it tick from there."""
    assert LIBFAKETIME, "libfaketime is missing: apt-get install faketime"
    now = dt.datetime.now(dt.UTC)
    return {
        **os.environ,
        **variables,
        "LD_PRELOAD": LIBFAKETIME,
        "FAKETIME": now.strftime("@%Y-%m-%d %H:%M:%S"),
        "TZ": "UTC",
    }


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


class ClockedFileSystemStorage(FileSystemStorage):
    """The real file storage, with each file's modification time set by the test's clock, as a disk
    in the same world would set it (the orphan-file sweep compares the two)."""

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        name = super().save(name, content, max_length=max_length)
        now = time.time()
        os.utime(self.path(name), (now, now))
        return name


@pytest.fixture(autouse=True)
def _files_dir(tmp_path: Any, settings: Any) -> None:
    settings.KORGOO_FILES_DIR = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "sealed": {
            "BACKEND": "korgoo.conftest.ClockedFileSystemStorage",
            "OPTIONS": {"location": str(settings.KORGOO_FILES_DIR)},
        },
    }


# Worker pages work without JavaScript; the one script they load is the site's own enhancement
# (quick exit out of the history, copying the receipt).
WORKER_SCRIPTS = ["/static/korgoo/worker.js"]


def page_scripts(content: bytes | str) -> list[str]:
    """The scripts a page loads, by address; an inline script counts as "inline"."""
    html = content.decode() if isinstance(content, bytes) else content
    found = []
    for attributes in re.findall(r"<script\b([^>]*)>", html):
        src = re.search(r'src="([^"]+)"', attributes)
        found.append(src.group(1) if src else "inline")
    return found


def make_user(username: str, **extra: Any) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **extra
    )


def make_org(
    name: str,
    *,
    kind: str = OrganisationKind.NGO,
    country: str = "RU",
    city: str = "Moscow",
    woman: bool = False,
) -> Organisation:
    return Organisation.objects.create(
        name=name,
        kind=kind,
        country=country,
        city=city,
        languages=["ky", "ru"],
        woman_caseworker_available=woman,
    )


def make_member(org: Organisation, username: str, role: str) -> Membership:
    return Membership.objects.create(organisation=org, user=make_user(username), role=role)


def report(
    *,
    city: str = "Moscow",
    country: str = "RU",
    categories: tuple[str, ...] = ("unpaid_wages",),
    description: str = "Не заплатили за два месяца работы на складе.",
    employer: str = "",
    share_with: tuple[str, ...] = (
        OrganisationKind.NGO,
        OrganisationKind.TRADE_UNION,
        OrganisationKind.EMBASSY,
    ),
    **extra: Any,
) -> NewReport:
    return NewReport(
        language=extra.pop("language", "ru"),
        country=country,
        city=city,
        categories=list(categories),
        description=description,
        employer_name=employer,
        share_with=list(share_with),
        **extra,
    )


# The report form's last page, sent with every answer in it (the pages before it carry the answers
# in hidden fields, so this is what a phone sends when the worker taps "Send").
REPORT_FORM: dict[str, Any] = {
    "step": "check",
    "go": "send",
    "categories": ["unpaid_wages"],
    "country": "RU",
    "city": "Moscow",
    "description": "Курулушта иштедим, айлык беришкен жок.",
    "contact_channel": "none",
    "share_with": ["ngo"],
    "share_with_consulate": "no",
}


def report_form(**answers: Any) -> dict[str, Any]:
    """The last page of a report form opened just now (a fresh form token), with these answers."""
    from korgoo.intake.services import form_token_issue

    return {**REPORT_FORM, "form_token": form_token_issue(), **answers}


def post_cut(
    path: str, body: bytes, declared: int, headers: dict[str, str] | None = None
) -> tuple[str, bytes]:
    """A multipart POST through the real WSGI handler whose Content-Length (`declared`) stops short
    of the body that follows it, as a broken proxy or a forged request sends it (the test client
    cannot). Returns the status line and the content."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test.client import MULTIPART_CONTENT, RequestFactory

    environ = RequestFactory().generic("POST", path, data=b"", content_type=MULTIPART_CONTENT).environ
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_TYPE"] = MULTIPART_CONTENT
    environ["CONTENT_LENGTH"] = str(declared)
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[[bytes], object]:
        statuses.append(status)
        return lambda data: None

    # Like the test client, keep the handler from closing the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answer: Any = WSGIHandler()(environ, start_response)
        content = b"".join(answer)
        answer.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], content


@dataclass(frozen=True)
class TrackAnswer:
    status_code: int
    content: bytes


def track_answer(receipt: str, *, language: str = "en", client: Client | None = None) -> TrackAnswer:
    """The track page's answer to this receipt, typed as written on paper, with the typed digits
    taken out of it (the page keeps them in the field to be corrected), so that answers to different
    codes can be compared byte for byte."""
    from korgoo.core import receipts

    typed = receipts.display(receipt)
    response = (client or Client()).post(f"/{language}/track/", {"receipt": typed})
    return TrackAnswer(response.status_code, response.content.replace(typed.encode(), b""))


@dataclass
class Side:
    """One organisation of the two-org fixture with a member of every role and a case."""

    org: Organisation
    admin: Membership
    caseworker: Membership
    viewer: Membership
    case: Case
    receipt: str

    def actor(self, role: str = "caseworker") -> Actor:
        return actor_for_membership(getattr(self, role))


@dataclass
class TwoOrgs:
    a: Side
    b: Side
    coordinator: Membership


def _side(prefix: str, city: str, canary: str) -> Side:
    from korgoo.cases.models import RoutingRule
    from korgoo.core.gazetteer import locality_match

    org = make_org(f"Org {prefix.upper()}", city=city, woman=True)
    RoutingRule.objects.create(organisation=org, country="RU", locality_id=locality_match(city, "RU"))
    submitted = report_submit(
        new=report(
            city=city,
            description=f"Story {canary} about unpaid wages",
            employer=f"Employer {canary}",
            contact_channel="phone",
            contact_value=f"+7 900 {canary}",
            full_name=f"Name {canary}",
        )
    )
    return Side(
        org=org,
        admin=make_member(org, f"{prefix}.admin", Role.ORG_ADMIN),
        caseworker=make_member(org, f"{prefix}.caseworker", Role.CASEWORKER),
        viewer=make_member(org, f"{prefix}.viewer", Role.VIEWER),
        case=submitted.report.case,
        receipt=submitted.receipt,
    )


@pytest.fixture
def two_orgs(db: Any) -> TwoOrgs:
    a = _side("a", "Moscow", "CANARY-A")
    b = _side("b", "Kazan", "CANARY-B")
    embassy = make_org("Embassy", kind=OrganisationKind.EMBASSY, city="Moscow")
    coordinator = make_member(embassy, "coord", Role.COORDINATOR)
    return TwoOrgs(a=a, b=b, coordinator=coordinator)


def login(client: Client, membership: Membership) -> Client:
    client.force_login(membership.user)
    session = client.session
    import time

    from korgoo.accounts.middleware import LOGIN_AT_KEY

    session[LOGIN_AT_KEY] = time.time()
    session["otp_device_id"] = _device_for(membership.user).persistent_id
    session.save()
    return client


def _device_for(user: User) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


@pytest.fixture
def client_for() -> Any:
    def make(membership: Membership) -> Client:
        return login(Client(), membership)

    return make


# --- Browser tests -----------------------------------------------------------------------------------

# Debian's Chromium in its headless build (package chromium-headless-shell), as Playwright itself runs
# headless Chromium; the full browser (/usr/bin/chromium) when that is all there is or when asked
# for with KORGOO_CHROMIUM. See docs/adr/0018-browser-tests-in-the-headless-shell.md.
CHROMIUM = os.environ.get("KORGOO_CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.path.exists(path)),
    "/usr/bin/chromium",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh, phone-sized browser context (no stored state from any other test)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="ky-KG"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- Flushing between transactional tests ---------------------------------------------------------
# Audit rows are append-only (triggers). Django empties tables between transactional tests with
# TRUNCATE on PostgreSQL (row triggers do not fire) but with DELETE on SQLite, so there the triggers
# are lifted for the flush alone and put back at once. Patched for the whole session, because
# pytest-django's live-server fixtures flush after every function-scoped fixture is gone.


def pytest_configure(config: pytest.Config) -> None:
    from django.core.management.commands import flush
    from django.db import connections

    from korgoo.audit.migrations import _append_only as triggers

    original = flush.Command.handle

    def handle(self: Any, **options: Any) -> Any:
        connection = connections[options.get("database", "default")]
        if connection.vendor != "sqlite":
            return original(self, **options)
        with connection.cursor() as cursor:
            for statement in triggers.SQLITE_DOWN:
                cursor.execute(statement)
        try:
            return original(self, **options)
        finally:
            with connection.cursor() as cursor:
                for statement in triggers.SQLITE_UP:
                    cursor.execute(statement)

    flush.Command.handle = handle  # type: ignore[method-assign]


# --- The PostgreSQL pass ------------------------------------------------------------------------------
# The suite runs twice, on SQLite and on PostgreSQL. A test that never touches the database (a
# calculator, a parser, a property of receipts) has nothing to learn from the second database: on
# PostgreSQL it is deselected, so the second pass spends its time on what differs.

DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        uses_database = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (kept if uses_database else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


# --- Test databases: migrated once per pass -----------------------------------------------------------
# Each xdist worker needs a database of its own. Migrating one from nothing costs some five seconds
# of CPU (Django renders the models' state at every migration), so the first worker of a run migrates
# and keeps a copy, and every other worker starts from that copy: a file restored into its in-memory
# SQLite database, or CREATE DATABASE … TEMPLATE on PostgreSQL. A lock held while the copy is made
# serialises the workers; a run without xdist, or a worker that finds no copy (the first one failed),
# migrates as before.


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    template = _TemplateDatabase(connection, run) if run else None
    with django_db_blocker.unblock():
        if template is None:
            old_config = setup_databases(verbosity=0, interactive=False)
        else:
            with template.locked():
                if template.ready():
                    old_config = template.clone()
                else:
                    old_config = setup_databases(verbosity=0, interactive=False)
                    template.keep()
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=0)
        if template is not None:
            with template.locked():
                template.remove()  # every worker made its database at the start; a late one migrates


class _TemplateDatabase:
    """The migrated copy of a run's test database, and how a worker's database is made from it."""

    def __init__(self, connection: Any, run: str) -> None:
        self.connection = connection
        files = os.path.join(tempfile.gettempdir(), f"korgoo-test-db-{run}")
        self.lock_file, self.marker, self.sqlite_file = (
            f"{files}.lock",
            f"{files}.ready",
            f"{files}.sqlite3",
        )
        self.pg_name = f"{connection.settings_dict['NAME'][:30]}_template_{run[:8]}"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with open(self.lock_file, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def ready(self) -> bool:
        return os.path.exists(self.marker)

    def keep(self) -> None:
        """Copy the database this worker has just migrated."""
        connection = self.connection
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(self.sqlite_file)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
        else:
            source = connection.settings_dict["NAME"]
            connection.close()  # a template database must have no session open
            with connection._nodb_cursor() as cursor:
                quote = connection.ops.quote_name
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(self.pg_name)}")
                cursor.execute(f"CREATE DATABASE {quote(self.pg_name)} TEMPLATE {quote(source)}")
        with open(self.marker, "w"):
            pass

    def clone(self) -> list[tuple[Any, str, bool]]:
        """This worker's test database made from the copy; returns what Django's teardown reads."""
        from django.conf import settings

        connection = self.connection
        old_name = connection.settings_dict["NAME"]
        test_name = connection.creation._get_test_db_name()
        if connection.vendor != "sqlite":
            with connection._nodb_cursor() as cursor:
                quote = connection.ops.quote_name
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
                cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(self.pg_name)}")
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = test_name
        connection.settings_dict["NAME"] = test_name
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(self.sqlite_file)
            try:
                copy.backup(connection.connection)
            finally:
                copy.close()
        return [(connection, old_name, True)]

    def remove(self) -> None:
        for path in (self.marker, self.sqlite_file, self.lock_file):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        if self.connection.vendor != "sqlite":
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(self.pg_name)}")
