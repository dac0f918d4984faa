"""No page writes an error to the browser's console: not the worker's pages on a phone, not the staff
pages of an organisation administrator and of a coordinator (a policy the browser cannot parse, a
script it blocks, a missing icon — each would show there first)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page

from korgoo.cases.models import RoutingRule
from korgoo.conftest import MOSCOW, make_member, make_org, report
from korgoo.core.choices import OrganisationKind
from korgoo.intake.services import report_submit
from korgoo.knowledge.models import Article
from korgoo.knowledge.tests.conftest import load_articles
from korgoo.organisations.models import Role
from korgoo.security.tests.routes import all_routes, fill

from .steps import staff_login, worker_opens_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _listen(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{page.url}: console {message.type}: {message.text}")

    def on_error(error: Error) -> None:
        problems.append(f"{page.url}: script error: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_error)
    return problems


def _visit_pages(page: Page, site: str, accesses: set[str], values: dict[str, Any], language: str) -> int:
    """Open every page of these access classes that answers this visitor with HTML; return how many."""
    opened = 0
    for route in all_routes():
        if route.access not in accesses or route.path.startswith(("/api/", "/ky/admin/")):
            continue
        path = fill(route, values).replace("/ky/", f"/{language}/", 1)
        probe = page.request.get(site + path, max_redirects=0)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue
        page.goto(site + path)
        page.wait_for_load_state("load")
        opened += 1
    return opened


def test_no_page_writes_an_error_to_the_console(site: str, phone: Page, desk: Page, other_desk: Page) -> None:
    load_articles(index=False)
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    admin = make_member(ngo, "ngo.admin", Role.ORG_ADMIN)
    embassy = make_org("Элчилик", kind=OrganisationKind.EMBASSY, city="Moscow")
    coordinator = make_member(embassy, "coordinator", Role.COORDINATOR)
    submitted = report_submit(new=report(description="Үч ай айлык берилген жок."))
    values = {
        "case_id": submitted.report.case.pk,
        "slug": Article.objects.order_by("slug").values_list("slug", flat=True).first(),
    }

    heard = _listen(phone)
    opened = _visit_pages(phone, site, {"public"}, values, "ky")
    phone.goto(f"{site}/ky/track/")
    worker_opens_report(phone, submitted.receipt)
    opened += _visit_pages(phone, site, {"worker"}, values, "ky")
    assert opened >= 15

    heard += _listen(desk)
    staff_login(desk, site, admin)
    assert _visit_pages(desk, site, {"staff"}, values, "ru") >= 5
    heard += _listen(other_desk)
    staff_login(other_desk, site, coordinator)
    assert _visit_pages(other_desk, site, {"staff"}, values, "ru") >= 5

    assert heard == []
