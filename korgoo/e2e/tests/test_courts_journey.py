"""Court decisions in a real browser, in Russian: a consular caseworker in Yekaterinburg brings in
saved decision pages, reads the facts with their sentences, corrects one in the review queue, finds
the alert for a detention in the inbox and marks it done; an analyst sees the statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from korgoo.conftest import make_member, make_org
from korgoo.core.choices import OrganisationKind
from korgoo.courts.models import Alert, Decision, Fact
from korgoo.organisations.models import Role

from .steps import shot, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORPUS = Path(__file__).resolve().parents[2] / "courts" / "tests" / "corpus"


def test_consul_brings_in_decisions_reviews_and_gets_the_alert(
    site: str, desk: Page, other_desk: Page, settings: Any
) -> None:
    settings.KORGOO_MONITORING_MIN_CELL = 1  # three decisions: show them all on the statistics page
    consulate = make_org(
        "Генконсульство КР в Екатеринбурге", kind=OrganisationKind.EMBASSY, city="Yekaterinburg"
    )
    consul = make_member(consulate, "consul.ekb", Role.CASEWORKER)
    ministry = make_org("Министерство труда КР", kind=OrganisationKind.OTHER, country="KG", city="Bishkek")
    analyst = make_member(ministry, "analyst.kg", Role.ANALYST)

    page = desk
    staff_login(page, site, consul)
    page.get_by_role("link", name="Судебные решения").first.click()
    expect(page.get_by_role("heading", name="Судебные решения", level=1)).to_be_visible()
    # Three saved pages at once: a windows-1251 page of a Yekaterinburg court (detention), a PDF of
    # a Kazakh court, and a Kazakh page whose fine is given only in monthly indices.
    page.set_input_files(
        "#id_pages",
        [
            str(CORPUS / name)
            for name in ("001-sudrf-ekb-forced.html", "032-pdf-kz-controlled.pdf", "029-kz-almaty-mrp.html")
        ],
    )
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator(".flash")).to_contain_text("Добавлено 3 решения.")
    shot(page, "courts-list")

    # The decision with its facts and the sentences they came from; names of private persons masked.
    page.get_by_role("link", name="Ленинский районный суд г. Екатеринбурга").click()
    facts = page.get_by_test_id("facts")
    expect(page.get_by_test_id("fact-expulsion")).to_contain_text("Принудительное выдворение")
    expect(page.get_by_test_id("fact-detention")).to_contain_text("да")
    expect(page.get_by_test_id("fact-detention")).to_contain_text(
        "поместить [ФИО] в Центр временного содержания"
    )
    expect(page.get_by_test_id("fact-articles")).to_contain_text("ч. 1.1 ст. 18.8 КоАП РФ")
    expect(facts).not_to_contain_text("Асанова")
    expect(page.get_by_test_id("alert")).to_contain_text("Помещение в специальное учреждение")
    shot(page, "courts-decision")

    # The review queue: the Kazakh fine in indices only; the caseworker types the sum in tenge.
    page.get_by_test_id("review-link").click()
    item = page.get_by_test_id("review-fine_amount")
    expect(item).to_contain_text("МРП")
    item.get_by_role("textbox").fill("64875")
    item.get_by_role("button", name="Исправить").click()
    expect(page.locator(".flash")).to_contain_text("Сохранено")
    expect(page.get_by_test_id("review-empty")).to_have_text("Проверять нечего.")
    mrp = Decision.objects.get(case_number="7594-26-00-3/2502")
    assert str(mrp.fine_amount) == "64875.00" and not mrp.needs_review
    assert Fact.objects.get(decision=mrp, field="fine_amount").status == "corrected"

    # The alert waits in the inbox; the caseworker opens the court alerts and marks it done.
    page.get_by_role("link", name="Korgoo").click()
    box = page.get_by_test_id("inbox-court-alerts")
    expect(box).to_contain_text("Ленинский районный суд г. Екатеринбурга")
    box.get_by_role("link", name="1 открытый сигнал").click()
    row = page.get_by_test_id("alert-row")
    expect(row).to_contain_text("Помещение в специальное учреждение")
    shot(page, "courts-alerts")
    row.get_by_role("button", name="Выполнено").click()
    expect(page.get_by_test_id("alerts-empty")).to_be_visible()
    assert Alert.objects.get().status == "done"

    # The analyst sees the statistics, with no name and no case number.
    staff_login_analyst(other_desk, site, analyst)
    other_desk.goto(f"{site}/ru/staff/monitoring/courts/")
    expect(other_desk.get_by_role("heading", level=1)).to_have_text(
        "Судебные решения в отношении граждан Кыргызстана"
    )
    expect(other_desk.get_by_test_id("courts-total")).to_contain_text("3 решения")
    expect(other_desk.get_by_test_id("table-courts-by-article")).to_contain_text("18.8 КоАП РФ")
    expect(other_desk.get_by_test_id("table-courts-by-region")).to_contain_text("Свердловская область")
    expect(other_desk.locator("main")).not_to_contain_text("5-412/2026")
    shot(other_desk, "courts-statistics")


def staff_login_analyst(page: Page, site: str, membership: Any) -> None:
    """Analysts have no inbox: the login lands on monitoring."""
    from korgoo.conftest import PASSWORD

    from .steps import totp_code

    page.goto(f"{site}/ru/accounts/login/")
    form = page.locator("main form")
    form.locator('input[name="username"]').fill(membership.user.username)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('input[name="otp"]').fill(totp_code(membership))
    form.locator('button[type="submit"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
