"""Steps the journeys share: a staff login with a one-time code, a worker's report on a phone,
opening a report with its receipt, the words a page shows in a language, and screenshots."""

from __future__ import annotations

import ast
import io
import os
import re
from pathlib import Path
from typing import Any

from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

import korgoo
from korgoo.conftest import PASSWORD
from korgoo.organisations.models import Membership

# Letters that Kyrgyz has and Russian has not.
KYRGYZ_LETTERS = re.compile("[ңөүҢӨҮ]")
RECEIPT_SHAPE = re.compile(r"^\d{4}( \d{4})* \d{1,4}$")


def shot(page: Page, name: str) -> None:
    """A full-page screenshot into $KORGOO_E2E_SHOTS (if set), to look at what a person sees."""
    folder = os.environ.get("KORGOO_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def in_language(language: str, text: Any) -> str:
    """A message or choice label as the application renders it in `language`."""
    with translation.override(language):
        return str(translation.gettext(text) if isinstance(text, str) else text)


def catalogue(language: str, msgid: str) -> str:
    """The translation of `msgid` in the project's catalogue ("" while it is missing or fuzzy)."""
    path = Path(korgoo.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.po"
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""
    fuzzy = False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if current.get("msgid") and not fuzzy:
                entries[current["msgid"]] = current.get("msgstr", "")
            current, key, fuzzy = {}, "", False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key:
                current[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries.get(msgid, "")


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def totp_code(membership: Membership) -> str:
    """A current one-time code for the member's (confirmed) authenticator. A code counts once: log
    each member in only once per test."""
    device = TOTPDevice.objects.filter(user=membership.user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=membership.user, name="phone", confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def staff_login(page: Page, base_url: str, membership: Membership, *, language: str = "ru") -> None:
    """Log in through the login page with username, password and a one-time code; land in the inbox."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    form = page.locator("main form")
    form.locator('input[name="username"]').fill(membership.user.username)
    form.locator('input[name="password"]').fill(PASSWORD)
    form.locator('input[name="otp"]').fill(totp_code(membership))
    with page.expect_response(lambda r: r.request.method == "POST" and "/accounts/login/" in r.url) as sent:
        form.locator('button[type="submit"]').click()
    answer = sent.value
    assert answer.status == 302, f"the login form was refused: HTTP {answer.status} instead of the inbox"
    expect(page.get_by_test_id("inbox")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def staff_logout(page: Page) -> None:
    page.locator('header form[action$="/accounts/logout/"] button').click()
    expect(page.locator('main input[name="otp"]')).to_be_visible()


def _continue(page: Page, expected_step: str) -> Locator:
    """Press "Continue" and land on the next question."""
    form = page.get_by_test_id("report-form")
    form.get_by_test_id("report-next").click()
    form = page.get_by_test_id("report-form")
    expect(form).to_have_attribute("data-step", expected_step)
    return form


def worker_fills_report(
    page: Page,
    *,
    city: str,
    description: str,
    categories: tuple[str, ...] = ("unpaid_wages",),
    share_with: tuple[str, ...] = ("ngo",),
    employer: str = "",
    full_name: str = "",
    phone_number: str = "",
) -> None:
    """The report, question by question: what happened, where, when, the work, the story, contact,
    consent; it stops on the last page, where the answers are checked."""
    form = page.get_by_test_id("report-form")
    expect(form).to_have_attribute("data-step", "what")
    for category in categories:
        form.locator(f'input[name="categories"][value="{category}"]').check()
    form = _continue(page, "country")
    form.locator('select[name="country"]').select_option("RU")
    form = _continue(page, "city")
    form.locator('input[name="city"]').fill(city)
    form = _continue(page, "when")
    form = _continue(page, "work")
    if employer:
        form.locator('input[name="employer_name"]').fill(employer)
    form = _continue(page, "story")
    form.locator('textarea[name="description"]').fill(description)
    form = _continue(page, "contact")
    if full_name:
        form.locator('input[name="full_name"]').fill(full_name)
    if phone_number:
        form.locator('input[name="contact_channel"][value="phone"]').check()
        form.locator('input[name="contact_value"]').fill(phone_number)
    form = _continue(page, "share")
    for kind in share_with:
        form.locator(f'input[name="share_with"][value="{kind}"]').check()
    _continue(page, "check")


def worker_sends_report(page: Page) -> str:
    """Send from the last page; return the receipt as shown (digits in groups)."""
    page.get_by_test_id("report-send").click()
    receipt = page.get_by_test_id("receipt")
    expect(receipt).to_have_text(RECEIPT_SHAPE)
    return " ".join(receipt.inner_text().split())


def worker_opens_report(page: Page, receipt: str) -> None:
    """On the track page: type the receipt as written on paper, open the report."""
    form = page.get_by_test_id("track-form")
    expect(form).to_be_visible()
    form.locator('input[name="receipt"]').fill(receipt)
    form.locator('button[type="submit"]').click()
    expect(page.get_by_test_id("worker-status")).to_be_visible()
