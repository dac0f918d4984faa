"""The virus-scanner hook (SECURITY.md requirement 26): the clamd protocol against a fake clamd on a
real socket, failing closed on every kind of scanner trouble, and the deployment check."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from korgoo.core.scanning import (
    ClamdScanner,
    NoScanner,
    ScannerError,
    ScanStatus,
    Verdict,
    check_scanner,
    check_scanner_deploy,
    combine,
    parse_address,
    parse_reply,
    scan_bytes,
    unscanned_allowed,
)

from .fake_clamd import EICAR, SIGNATURE, FakeClamd


@pytest.fixture
def clamd() -> Iterator[FakeClamd]:
    server = FakeClamd().start()
    yield server
    server.close()


def test_eicar_is_found_and_a_harmless_stream_is_clean(clamd: FakeClamd) -> None:
    scanner = ClamdScanner(clamd.path, timeout=5)
    assert scanner.scan(b"%PDF-1.4 a harmless file", "file") == Verdict.clean()
    found = scanner.scan(b"%PDF-1.4 " + EICAR, "file")
    assert found.status == ScanStatus.INFECTED and found.signature == SIGNATURE
    assert clamd.commands == [b"zINSTREAM\0", b"zINSTREAM\0"]


def test_a_large_stream_travels_in_chunks_and_arrives_whole(clamd: FakeClamd) -> None:
    data = bytes(range(256)) * 1000 + EICAR  # 256 000 bytes: several 64 KiB chunks, EICAR at the end
    verdict = ClamdScanner(clamd.path, timeout=5).scan(data, "file")
    assert verdict.status == ScanStatus.INFECTED
    assert clamd.streams == [data]


def test_clamd_over_tcp() -> None:
    server = FakeClamd(tcp=True).start()
    try:
        assert server.address.startswith("127.0.0.1:")
        verdict = ClamdScanner(f"tcp://{server.address}", timeout=5).scan(EICAR, "file")
        assert verdict.status == ScanStatus.INFECTED
    finally:
        server.close()


def test_scanner_down_fails_closed(clamd: FakeClamd) -> None:
    clamd.stop()  # the socket is gone, as when clamd is not running
    scanner = ClamdScanner(clamd.path, timeout=5)
    with pytest.raises(ScannerError) as raised:
        scanner.scan(b"anything", "file")
    assert raised.value.code == "unavailable"
    assert scan_bytes(b"anything", "file", using=scanner) == Verdict.failed("unavailable")


def test_an_error_reply_fails_closed(clamd: FakeClamd) -> None:
    clamd.mode = "error"
    verdict = scan_bytes(b"anything", "file", using=ClamdScanner(clamd.path, timeout=5))
    assert verdict.status == ScanStatus.FAILED and verdict.reason == "error_reply"


def test_a_reply_clamd_never_gives_fails_closed(clamd: FakeClamd) -> None:
    clamd.mode = "garbage"
    verdict = scan_bytes(b"anything", "file", using=ClamdScanner(clamd.path, timeout=5))
    assert verdict == Verdict.failed("bad_reply")


def test_a_hanging_scanner_times_out_and_fails_closed(clamd: FakeClamd) -> None:
    clamd.mode = "hang"
    started = time.monotonic()
    verdict = scan_bytes(EICAR, "file", using=ClamdScanner(clamd.path, timeout=0.5))
    elapsed = time.monotonic() - started
    assert verdict == Verdict.failed("timeout")
    assert 0.4 < elapsed < 3


def test_any_exception_of_a_scanner_is_a_failed_verdict_never_a_clean_one() -> None:
    class Broken:
        def scan(self, data: bytes, name: str) -> Verdict:
            raise RuntimeError("bug")

    class Confused:
        def scan(self, data: bytes, name: str) -> Any:
            return "clean"

    assert scan_bytes(b"x", "file", using=Broken()) == Verdict.failed("scanner_RuntimeError")
    assert scan_bytes(b"x", "file", using=Confused()) == Verdict.failed("bad_verdict")


def test_an_unimportable_scanner_fails_closed(settings: Any) -> None:
    settings.KORGOO_FILE_SCANNER = "korgoo.core.scanning.NoSuchScanner"
    assert scan_bytes(b"x", "file").status == ScanStatus.FAILED
    assert [message.id for message in check_scanner()] == ["korgoo.E026"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (b"stream: OK\0", Verdict.clean()),
        (b"stream: Win.Test.EICAR_HDB-1 FOUND\0", Verdict.infected("Win.Test.EICAR_HDB-1")),
        (b"stream: Eicar-Test-Signature FOUND", Verdict.infected("Eicar-Test-Signature")),
    ],
)
def test_replies(reply: bytes, expected: Verdict) -> None:
    assert parse_reply(reply) == expected


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (b"INSTREAM size limit exceeded. ERROR\0", "error_reply"),
        (b"stream: lstat() failed: No such file. ERROR\0", "error_reply"),
        (b"stream: FOUND\0", "bad_reply"),
        (b"PONG\0", "bad_reply"),
        (b"\0", "bad_reply"),
    ],
)
def test_bad_replies(reply: bytes, code: str) -> None:
    with pytest.raises(ScannerError) as raised:
        parse_reply(reply)
    assert raised.value.code == code


def test_addresses() -> None:
    import socket

    assert parse_address("/run/clamav/clamd.ctl") == (socket.AF_UNIX, "/run/clamav/clamd.ctl")
    assert parse_address("unix:/tmp/c.sock") == (socket.AF_UNIX, "/tmp/c.sock")
    assert parse_address("127.0.0.1:3310") == (socket.AF_INET, ("127.0.0.1", 3310))
    assert parse_address("tcp://clamav.internal:3310") == (socket.AF_INET, ("clamav.internal", 3310))
    assert parse_address("[::1]:3310") == (socket.AF_INET, ("::1", 3310))
    with pytest.raises(ScannerError):
        parse_address("clamav")


def test_a_file_is_clean_only_if_every_copy_is() -> None:
    clean, found, failed = Verdict.clean(), Verdict.infected("X"), Verdict.failed("timeout")
    assert combine([clean, clean]) == clean
    assert combine([clean, found]) == found
    assert combine([failed, found]) == found  # an infection is what matters most
    assert combine([clean, failed]) == failed
    assert combine([]).status == ScanStatus.FAILED
    assert combine([clean, Verdict.not_scanned()]).status == ScanStatus.NOT_SCANNED


def test_files_no_scanner_checked_open_in_demo_mode_only(settings: Any) -> None:
    from korgoo.cases.models import Attachment

    assert NoScanner().scan(EICAR, "file") == Verdict.not_scanned()
    unscanned = Attachment(scan_status=ScanStatus.NOT_SCANNED)
    settings.KORGOO_DEMO = True
    assert unscanned_allowed() and unscanned.downloadable
    settings.KORGOO_DEMO = False
    assert not unscanned.downloadable
    assert Attachment(scan_status=ScanStatus.CLEAN).downloadable
    for status in (ScanStatus.PENDING, ScanStatus.INFECTED, ScanStatus.FAILED):
        settings.KORGOO_DEMO = True
        assert not Attachment(scan_status=status).downloadable


def test_the_deployment_check_warns_when_no_scanner_is_configured(settings: Any) -> None:
    settings.KORGOO_DEMO = False
    settings.KORGOO_FILE_SCANNER = "korgoo.core.scanning.NoScanner"
    assert [message.id for message in check_scanner_deploy()] == ["korgoo.W026"]
    with pytest.raises(SystemCheckError, match=r"korgoo\.W026"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
    settings.KORGOO_DEMO = True
    assert check_scanner_deploy() == []
    settings.KORGOO_DEMO = False
    settings.KORGOO_FILE_SCANNER = "korgoo.core.scanning.ClamdScanner"
    assert check_scanner_deploy() == []
