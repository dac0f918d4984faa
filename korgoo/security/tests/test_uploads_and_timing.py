"""Upload limits (SECURITY.md 23) and answers that take the same time whatever is wrong (SECURITY.md
10, 18)."""

from __future__ import annotations

import io
import statistics
import time
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from korgoo.cases.files import clean_upload
from korgoo.cases.models import Attachment, Case
from korgoo.conftest import PASSWORD, TwoOrgs, make_member, make_org, report
from korgoo.core import receipts
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.intake.services import report_find, report_submit
from korgoo.organisations.models import Role

pytestmark = pytest.mark.django_db


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def test_oversized_file_is_refused(settings: Any) -> None:
    settings.KORGOO_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ApplicationError) as refused:
        clean_upload("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    assert refused.value.code == "file_too_large"


def test_decompression_bomb_is_refused() -> None:
    bomb = _png(7_000, 7_000)  # 49 megapixels (over the 40 M limit) in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(ApplicationError) as refused:
        clean_upload("bomb.png", bomb)
    assert refused.value.code == "file_unreadable"


def test_too_many_files_are_refused(settings: Any) -> None:
    settings.KORGOO_UPLOAD_MAX_FILES = 3
    files = [clean_upload(f"{n}.png", _png(2, 2)) for n in range(4)]
    with pytest.raises(ApplicationError) as refused:
        report_submit(new=report(), files=files)
    assert refused.value.code == "too_many_files"
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0


def test_names_are_sanitised_and_storage_names_are_random() -> None:
    cleaned = clean_upload("../../etc/passwd\u202e.png", _png(2, 2))
    assert "/" not in cleaned.filename and ".." not in cleaned.filename.split(".")[0]
    assert cleaned.filename.endswith(".png")
    submitted = report_submit(new=report(), files=[cleaned])
    attachment = Attachment.objects.get(case=submitted.report.case)
    assert len(attachment.storage_name) == 40 and "passwd" not in attachment.storage_name


def _median_ms(fn: Any, rounds: int = 120) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def test_unknown_malformed_and_typo_receipts_take_the_same_work(two_orgs: TwoOrgs, settings: Any) -> None:
    """Each kind of wrong receipt does the same digest and the same query: their medians stay close."""
    settings.KORGOO_LOOKUP_FAILURES_PER_CLIENT = 10**6
    settings.KORGOO_LOOKUP_FAILURES_PER_CODE_PREFIX = 10**6
    settings.KORGOO_LOOKUP_FAILURES_GLOBAL = 10**6
    good = two_orgs.a.receipt
    kinds = {
        "unknown": receipts.generate,
        "malformed": lambda: "12 34 abc",
        "typo": lambda: good[:-1] + str((int(good[-1]) + 1) % 10),
    }

    def attempt(raw: str) -> None:
        with pytest.raises(NotFound):
            report_find(raw_receipt=raw, client="timing")

    samples: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(150):  # interleaved, so that load on the machine falls on every kind alike
        for name, make in kinds.items():
            raw = make()  # made before the clock starts: only the lookup is timed
            started = time.perf_counter()
            attempt(raw)
            samples[name].append((time.perf_counter() - started) * 1000)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    fastest, slowest = min(medians.values()), max(medians.values())
    assert slowest < fastest * 2 + 1.0, medians  # same work: no kind stands out


def test_login_takes_as_long_for_unknown_accounts_as_for_real_ones(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.KORGOO_LOGIN_FAILURES_PER_ACCOUNT = 10**6
    settings.KORGOO_LOGIN_FAILURES_PER_CLIENT = 10**6
    make_member(make_org("NGO"), "real.person", Role.CASEWORKER)
    client = Client()

    def attempt(username: str) -> None:
        assert (
            client.post("/ru/accounts/login/", {"username": username, "password": PASSWORD + "x"}).status_code
            == 400
        )

    real_samples, unknown_samples = [], []
    for _ in range(7):  # interleaved, so that load on the machine falls on both alike
        real_samples.append(_median_ms(lambda: attempt("real.person"), rounds=1))
        unknown_samples.append(_median_ms(lambda: attempt("nobody.at.all"), rounds=1))
    real, unknown = statistics.median(real_samples), statistics.median(unknown_samples)
    # Both run the Argon2 hasher (Django hashes a dummy password for unknown users).
    assert max(real, unknown) < min(real, unknown) * 1.6 + 5, (real, unknown)
