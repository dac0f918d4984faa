"""Fixtures of the browser journeys: the live site (with its quick-exit target on another origin, as
in production, the network being closed, and the current translations compiled) and a second staff
desk for a caseworker of another organisation. (The flush after transactional tests is handled in
korgoo/conftest.py.)"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import korgoo

LOCALE_DIR = Path(korgoo.__file__).parent / "locale"


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory: Any) -> Path | None:
    """The project's catalogues as they are now, compiled (``*.mo`` files are build output, not
    kept in the repository). None when GNU msgfmt is missing: then the project's own locale
    directory is used as it is."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return None
    target = tmp_path_factory.mktemp("locale")
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        out = target / po.relative_to(LOCALE_DIR).with_suffix(".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [msgfmt, "--check-format", "-o", str(out), str(po)], capture_output=True, text=True
        )
        assert done.returncode == 0, f"{po} does not compile:\n{done.stderr}"
    return target


def outside(site: str) -> str:
    """Another origin than the site's (127.0.0.1 instead of localhost): what quick exit leaves for.
    The production Content Security Policy applies to leaving it exactly as it does in production."""
    return site.replace("//localhost:", "//127.0.0.1:")


@pytest.fixture
def site(live_server: Any, settings: Any, compiled_locale: Path | None) -> str:
    """The base URL of the running site, speaking the current catalogues."""
    assert "//localhost:" in live_server.url
    settings.KORGOO_QUICK_EXIT_URL = outside(live_server.url) + "/healthz"
    if compiled_locale is not None:
        settings.LOCALE_PATHS = [compiled_locale]
    return str(live_server.url)


@pytest.fixture
def other_desk(browser: Any) -> Iterator[Any]:
    """A second desktop browser context: another person at another desk, sharing nothing."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
