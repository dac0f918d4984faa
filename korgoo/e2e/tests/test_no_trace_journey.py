"""A worker's phone keeps no trace of the visit (SECURITY.md 13), and the worker's view never echoes
who the worker is or who the employer is (SECURITY.md 12)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, Response, expect

from korgoo.cases.models import RoutingRule
from korgoo.conftest import MOSCOW, make_org
from korgoo.core.choices import OrganisationKind

from .conftest import outside
from .steps import shot, worker_fills_report, worker_opens_report, worker_sends_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMPLOYER = "ООО Строймонтаж CANARY-EMP-4410"
NAME = "Бакыт CANARY-NAME-4410"
PHONE = "+7 916 CANARY-PHONE-4410"
STORY = "Үч айдан бери айлык төлөнгөн жок, паспортумду кайтарышпайт. Жардам бериңиз."

STORAGE = """async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: await caches.keys(),
    cookies: document.cookie,
})"""
NOTHING_STORED = {"local": 0, "session": 0, "indexedDB": [], "serviceWorkers": 0, "caches": [], "cookies": ""}


@pytest.mark.browser
def test_worker_pages_leave_no_trace(site: str, phone: Page) -> None:
    ngo = make_org("Мигрант Укугу", kind=OrganisationKind.NGO, city="Moscow")
    RoutingRule.objects.create(organisation=ngo, country="RU", locality_id=MOSCOW)
    requests: list[Request] = []
    documents: list[Response] = []
    phone.on("request", lambda r: requests.append(r))
    phone.on("response", lambda r: documents.append(r) if r.request.resource_type == "document" else None)

    # Report, with a name, a phone number and the employer.
    phone.goto(f"{site}/ky/")
    phone.locator('main a[href="/ky/report/"]').click()
    expect(phone.get_by_test_id("report-form")).to_have_attribute("autocomplete", "off")
    worker_fills_report(
        phone, city="Moscow", description=STORY, employer=EMPLOYER, full_name=NAME, phone_number=PHONE
    )
    receipt = worker_sends_report(phone)
    assert phone.context.cookies() == []  # nothing is set before the worker opens the report
    assert phone.evaluate(STORAGE) == NOTHING_STORED

    # Open it with the receipt, and write to the organisation.
    phone.locator('main a[href="/ky/track/"]').click()
    expect(phone.get_by_test_id("track-form")).to_have_attribute("autocomplete", "off")
    worker_opens_report(phone, receipt)
    message_form = phone.get_by_test_id("worker-message-form")
    expect(message_form).to_have_attribute("autocomplete", "off")
    message_form.locator('textarea[name="body"]').fill("Келишимим жок.")
    message_form.locator('button[type="submit"]').click()
    expect(phone.get_by_test_id("worker-messages")).to_contain_text("Келишимим жок.")
    shot(phone, "20-case-no-echo")

    # Someone who forces the worker to open the report learns nothing new.
    html = phone.content()
    for told in ("CANARY", STORY):
        assert told not in html, told

    # Nothing stored in the browser; the only cookie is the short worker session, out of reach of
    # scripts and never sent cross-site.
    assert phone.evaluate(STORAGE) == NOTHING_STORED
    (cookie,) = phone.context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"], cookie["expires"]) == (
        "korgoo_w",
        True,
        "Strict",
        -1,
    )

    # Quick exit: the browser is told to forget the site, and it does.
    with phone.expect_response(lambda r: r.url == f"{site}/ky/exit/") as exit_info:
        phone.get_by_test_id("quick-exit").click()
    expect(phone).to_have_url(f"{outside(site)}/healthz")
    clear = exit_info.value.all_headers().get("clear-site-data", "")
    for what in ('"cache"', '"cookies"', '"storage"'):
        assert what in clear, clear
    assert phone.context.cookies() == []
    assert phone.evaluate(STORAGE) == NOTHING_STORED

    # Every request went to the site itself: no font, script, map or analytics from elsewhere — only
    # the neutral page that quick exit leaves for.
    urls = [r.url for r in requests]
    assert urls and all(url.startswith(site + "/") for url in urls[:-1]), urls
    assert urls[-1] == f"{outside(site)}/healthz"

    # Every worker page, including the answers to posts and redirects, forbids storing it.
    seen = {(r.request.method, r.url.removeprefix(site)) for r in documents}
    for page in [
        ("GET", "/ky/"),
        ("GET", "/ky/report/"),
        ("POST", "/ky/report/"),
        ("GET", "/ky/track/"),
        ("POST", "/ky/track/"),
        ("GET", "/ky/track/case/"),
        ("POST", "/ky/track/case/message/"),
        ("GET", "/ky/exit/"),
    ]:
        assert page in seen, (page, seen)
    for response in documents:
        if response.url.startswith(site + "/ky/"):
            cache_control = response.all_headers().get("cache-control", "")
            assert "no-store" in cache_control, (response.url, cache_control)
