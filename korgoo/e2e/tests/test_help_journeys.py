"""A worker on a phone, in Kyrgyz, looks for help: finds a consulate in Yekaterinburg where a woman
lawyer can see her, reads what to do when wages are not paid, and checks a recruitment agency whose
name she heard and types in Latin letters with a mistake. No JavaScript is needed on the way, and
nothing she typed ends up in an address."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from korgoo.agencies import loaders as agency_files
from korgoo.agencies.services import agencies_import
from korgoo.conftest import WORKER_SCRIPTS
from korgoo.directory.tests.conftest import load_directory
from korgoo.knowledge.tests.conftest import load_articles

from .steps import KYRGYZ_LETTERS, in_language, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_script_and_kyrgyz(page: Page) -> None:
    page.wait_for_load_state("load")  # the address changes before the new page is read
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator("main")).to_contain_text(KYRGYZ_LETTERS)
    scripts = page.locator("script").evaluate_all("nodes => nodes.map(n => n.getAttribute('src'))")
    assert scripts == WORKER_SCRIPTS


def test_a_worker_finds_a_consulate_with_a_woman_lawyer_in_yekaterinburg(site: str, phone: Page) -> None:
    load_directory(index=False)
    phone.goto(f"{site}/ky/")
    shot(phone, "help-01-home")
    phone.get_by_test_id("hub-help").click()
    expect(phone).to_have_url(f"{site}/ky/help/")
    _no_script_and_kyrgyz(phone)
    filters = phone.get_by_test_id("directory-filters")
    filters.locator('select[name="city"]').select_option("yekaterinburg")
    filters.locator('input[name="woman"]').check()
    shot(phone, "help-02-filters")
    filters.locator('button[type="submit"]').click()
    # A plain GET form: the choices are in the address, nothing typed is.
    expect(phone).to_have_url(re.compile(r"/ky/help/\?.*city=yekaterinburg.*&woman=on$"))
    cards = phone.get_by_test_id("place-card")
    # The city's two places, then the helpline for women that works across the whole country.
    expect(cards).to_have_count(3)
    expect(cards.last).to_contain_text("8-800-7000-600")
    consulate = cards.first
    expect(consulate).to_contain_text("Екатеринбургдагы башкы консулдук")
    expect(consulate.get_by_test_id("woman-available")).to_be_visible()
    shot(phone, "help-03-results")
    consulate.locator("h2 a").click()
    expect(phone).to_have_url(f"{site}/ky/help/demo-consulate-yekaterinburg/")
    expect(phone.get_by_test_id("woman-answer")).to_have_text(
        in_language("ky", "Yes, you can ask for a woman")
    )
    expect(phone.locator("main")).to_contain_text("+7 000 000-00-01")
    _no_script_and_kyrgyz(phone)
    shot(phone, "help-04-consulate")
    # The page fits the phone: nothing to scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_worker_reads_what_to_do_when_wages_are_not_paid(site: str, phone: Page) -> None:
    load_articles(index=True)
    phone.goto(f"{site}/ky/")
    search = phone.get_by_test_id("home-search")
    search.locator('input[name="q"]').fill("Россияда айлыгымды төлөбөй жатат")
    search.locator('button[type="submit"]').click()
    expect(phone).to_have_url(f"{site}/ky/search/")  # the words are posted, not put in the address
    first = phone.get_by_test_id("search-hit").first
    expect(first).to_have_attribute("data-key", "unpaid-wages-russia")
    shot(phone, "help-05-search")
    first.locator("h2 a").click()
    expect(phone).to_have_url(f"{site}/ky/rights/unpaid-wages-russia/")
    article = phone.get_by_test_id("article")
    expect(article.locator("h1")).to_have_text("Россияда айлык төлөнбөсө")
    expect(article.get_by_role("heading", name="Азыр эмне кылуу керек")).to_be_visible()
    expect(article.locator("ol").last.locator("li")).to_have_count(5)
    # The editor's two "to be confirmed" flags reach the worker as calm notes saying whom to ask.
    notes = article.get_by_test_id("check-note")
    expect(notes).to_have_count(2)
    expect(notes.first).to_contain_text("Бул өзгөргөн болушу мүмкүн.")
    expect(notes.first.get_by_role("link")).to_have_attribute("href", "/ky/help/")
    expect(article).not_to_contain_text("Тактоо керек")
    expect(phone.get_by_test_id("checked-on")).to_have_text("03.03.2026")
    expect(phone.get_by_test_id("sources").locator("li")).to_have_count(8)
    _no_script_and_kyrgyz(phone)
    shot(phone, "help-06-article")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The same article from the list of rights, by host country.
    phone.goto(f"{site}/ky/rights/")
    phone.get_by_test_id("country-tabs").locator('a[href="?country=RU"]').click()
    phone.get_by_test_id("articles").get_by_role("link", name="Россияда айлык төлөнбөсө").click()
    expect(phone).to_have_url(f"{site}/ky/rights/unpaid-wages-russia/")


def test_a_worker_checks_an_agency_typed_with_a_typo_in_latin_letters(
    site: str, phone: Page, tmp_path: Path
) -> None:
    until = dt.date.today() + dt.timedelta(days=200)
    registry = tmp_path / "ministry.csv"
    registry.write_text(
        "name,name_latin,permit_number,permit_issued_on,permit_valid_until,destination_countries,address,status\n"
        f"Ала-Тоо Жумуш Сервис,Ala-Too Zhumush Servis,12-0101,{dt.date.today().isoformat()},{until.isoformat()},"
        'RU;KZ;TR,"Бишкек ш., Тест көчөсү, 12",valid\n'
        f'Ала-Бел Трейд,Ala-Bel Treid,12-0102,2024-01-10,2025-01-09,KR,"Ош ш., Тест көчөсү, 3",expired\n',
        encoding="utf-8",
    )
    agencies_import(registry=agency_files.read_registry(registry), taken_on=dt.date.today())
    phone.goto(f"{site}/ky/")
    phone.get_by_test_id("hub-agency").click()
    expect(phone).to_have_url(f"{site}/ky/agencies/")
    form = phone.get_by_test_id("agency-form")
    form.locator('input[name="q"]').fill("Ala Too Jumush Servise")
    form.locator('select[name="destination"]').select_option("TR")
    shot(phone, "help-07-agency-form")
    form.locator('button[type="submit"]').click()
    expect(phone).to_have_url(f"{site}/ky/agencies/")  # the name is posted, not put in the address
    verdict = phone.get_by_test_id("verdict")
    expect(verdict).to_have_attribute("data-verdict", "licensed")
    expect(verdict.get_by_test_id("agency-name")).to_contain_text("Ала-Тоо Жумуш Сервис")
    expect(verdict.get_by_test_id("valid-until")).to_have_text(until.strftime("%d.%m.%Y"))
    expect(verdict.get_by_test_id("destinations")).to_have_text(
        ", ".join(in_language("ky", name) for name in ("Russia", "Kazakhstan", "Turkey"))
    )
    expect(phone.get_by_test_id("destination-not-covered")).to_have_count(0)
    expect(phone.get_by_test_id("demo-registry")).to_have_count(0)  # a real list, not the sample
    _no_script_and_kyrgyz(phone)
    shot(phone, "help-08-agency-verdict")
    # A name that is not in the registry says so, and what to do.
    form = phone.get_by_test_id("agency-form")
    form.locator('input[name="q"]').fill("Altyn Zhol Travel")
    form.locator('button[type="submit"]').click()
    expect(phone.get_by_test_id("verdict")).to_have_attribute("data-verdict", "not_found")
    expect(phone.get_by_test_id("verdict").locator("ol li")).to_have_count(3)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
