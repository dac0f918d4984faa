"""Checking untrusted files for viruses before staff may open them (SECURITY.md requirement 26).

A scanner has one method, ``scan(data, name) -> Verdict``: clean, infected (with the signature's
name), failed (the check could not run) or not scanned. The scanner in use is named by the setting
KORGOO_FILE_SCANNER (a dotted path), so a deployment can plug in another engine:

- `ClamdScanner` sends the bytes to a ClamAV daemon over its INSTREAM protocol, through a Unix
  socket or TCP (KORGOO_CLAMD_SOCKET), within KORGOO_CLAMD_TIMEOUT seconds. Production's default.
- `NoScanner` checks nothing and marks files "not scanned". The embedded default (the demo, a laptop
  without ClamAV). Only in demo mode may staff open a file that was not scanned; anywhere else such a
  file stays held back, and `check --deploy` warns that no scanner is configured.

Failing closed: `scan_bytes` turns every problem of the scanner (no daemon, a timeout, an error
reply, a bug) into a failed verdict, and a failed verdict holds the file back exactly like an
infected one, until a later scan (`korgoo rescan_files`) finds it clean.

`ScannedFile` is the scan status that every stored untrusted file carries (case attachments, diary
photos); ``downloadable`` is the one rule deciding whether its content may be served.
"""

from __future__ import annotations

import socket
import struct
import time
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core import checks
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

#: clamd's INSTREAM takes the stream in chunks, each prefixed by its length (4 bytes, network order).
CHUNK = 64 * 1024
MAX_REPLY = 4096
MAX_SIGNATURE = 200


class ScanStatus(models.TextChoices):
    """Where a stored file stands. Infected and failed files are held back (quarantined): their
    content is never served, to anyone."""

    PENDING = "pending", _("Waiting for the virus check")
    CLEAN = "clean", _("No virus found")
    INFECTED = "infected", _("Virus found")
    FAILED = "error", _("Virus check failed")
    NOT_SCANNED = "not_scanned", _("Not checked for viruses")


QUARANTINED = frozenset({ScanStatus.INFECTED, ScanStatus.FAILED})
#: What `korgoo rescan_files` checks again: never a clean or an infected file.
RESCANNED = frozenset({ScanStatus.PENDING, ScanStatus.FAILED, ScanStatus.NOT_SCANNED})


@dataclass(frozen=True)
class Verdict:
    """What a scanner said about some bytes. ``reason`` says why a check failed, as a short code
    (``unavailable``, ``timeout``, ``error_reply``…) that never quotes the file."""

    status: str
    signature: str = ""
    reason: str = ""

    @classmethod
    def clean(cls) -> Verdict:
        return cls(ScanStatus.CLEAN)

    @classmethod
    def infected(cls, signature: str) -> Verdict:
        return cls(ScanStatus.INFECTED, signature=(signature or "unknown")[:MAX_SIGNATURE])

    @classmethod
    def failed(cls, reason: str) -> Verdict:
        return cls(ScanStatus.FAILED, reason=reason[:100])

    @classmethod
    def not_scanned(cls) -> Verdict:
        return cls(ScanStatus.NOT_SCANNED)


class Scanner(Protocol):
    def scan(self, data: bytes, name: str) -> Verdict: ...


class ScannerError(Exception):
    """The scanner could not give a verdict; ``code`` says why, without quoting the file."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


#: Failures of the scanner itself, not of one file: a rescan stops at the first of these.
SCANNER_DOWN = frozenset({"unavailable", "timeout"})


class NoScanner:
    """Checks nothing: files are marked "not scanned". For the demo and development only."""

    def scan(self, data: bytes, name: str) -> Verdict:
        return Verdict.not_scanned()


def parse_address(value: str) -> tuple[int, Any]:
    """`/run/clamav/clamd.ctl` or `unix:/path` is a Unix socket; `host:port` or `tcp://host:port`
    is TCP (IPv6 in brackets: `[::1]:3310`)."""
    value = value.strip()
    if value.startswith("unix:"):
        return socket.AF_UNIX, value[len("unix:") :]
    if value.startswith("/"):
        return socket.AF_UNIX, value
    if value.startswith("tcp://"):
        value = value[len("tcp://") :]
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ScannerError("bad_address")
    return socket.AF_INET, (host.strip("[]"), int(port))


def parse_reply(reply: bytes) -> Verdict:
    """clamd answers `stream: OK`, `stream: <signature> FOUND`, or `<problem> ERROR`."""
    text = reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
    if text.endswith("ERROR"):
        raise ScannerError("error_reply")
    if not text.startswith("stream:"):
        raise ScannerError("bad_reply")
    body = text[len("stream:") :].strip()
    if body == "OK":
        return Verdict.clean()
    if body.endswith(" FOUND") and len(body) > len(" FOUND"):
        return Verdict.infected(body[: -len(" FOUND")].strip())
    raise ScannerError("bad_reply")


class ClamdScanner:
    """A ClamAV daemon, over its INSTREAM protocol: `zINSTREAM\\0`, the bytes in chunks each
    preceded by its length as 4 bytes in network order, a chunk of length zero, then one reply
    ending in NUL. The whole exchange, connecting included, must finish within the timeout."""

    def __init__(self, address: str | None = None, timeout: float | None = None) -> None:
        self.address = address if address is not None else str(settings.KORGOO_CLAMD_SOCKET)
        self.timeout = float(timeout if timeout is not None else settings.KORGOO_CLAMD_TIMEOUT)

    def scan(self, data: bytes, name: str) -> Verdict:
        deadline = time.monotonic() + self.timeout
        family, target = parse_address(self.address)
        try:
            with self._connect(family, target, deadline) as sock:
                self._send(sock, b"zINSTREAM\0", deadline)
                view = memoryview(data)
                for start in range(0, len(view), CHUNK):
                    chunk = view[start : start + CHUNK]
                    self._send(sock, struct.pack("!L", len(chunk)), deadline)
                    self._send(sock, chunk, deadline)
                self._send(sock, struct.pack("!L", 0), deadline)
                reply = self._receive(sock, deadline)
        except TimeoutError as exc:  # socket.timeout is TimeoutError since Python 3.10
            raise ScannerError("timeout") from exc
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            raise ScannerError("unavailable") from exc
        except OSError as exc:  # reset, broken pipe (clamd closes on a stream over its limit)
            raise ScannerError("connection_lost") from exc
        return parse_reply(reply)

    @staticmethod
    def _remaining(deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left

    def _connect(self, family: int, target: Any, deadline: float) -> socket.socket:
        if family == socket.AF_UNIX:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self._remaining(deadline))
            try:
                sock.connect(target)
            except BaseException:
                sock.close()
                raise
            return sock
        return socket.create_connection(target, timeout=self._remaining(deadline))

    def _send(self, sock: socket.socket, payload: bytes | memoryview, deadline: float) -> None:
        sock.settimeout(self._remaining(deadline))
        sock.sendall(payload)

    def _receive(self, sock: socket.socket, deadline: float) -> bytes:
        reply = b""
        while b"\0" not in reply and len(reply) < MAX_REPLY:
            sock.settimeout(self._remaining(deadline))
            part = sock.recv(MAX_REPLY)
            if not part:
                break
            reply += part
        if not reply:
            raise ScannerError("no_reply")
        return reply


def scanner() -> Scanner:
    """The scanner named by KORGOO_FILE_SCANNER, built afresh (it reads its settings when made)."""
    made: Scanner = import_string(settings.KORGOO_FILE_SCANNER)()
    return made


def scan_bytes(data: bytes, name: str, *, using: Scanner | None = None) -> Verdict:
    """Scan, failing closed: whatever goes wrong in the scanner is a failed verdict, never an
    exception and never a clean one."""
    try:
        engine = using if using is not None else scanner()
        verdict = engine.scan(data, name)
    except ScannerError as error:
        return Verdict.failed(error.code)
    except Exception as error:  # a broken scanner must hold the file back, not let it through
        return Verdict.failed(f"scanner_{type(error).__name__}")
    if not isinstance(verdict, Verdict) or verdict.status not in ScanStatus.values:
        return Verdict.failed("bad_verdict")
    if verdict.status == ScanStatus.PENDING:
        return Verdict.failed("bad_verdict")
    return verdict


def combine(verdicts: list[Verdict]) -> Verdict:
    """One verdict for a file stored in several copies (the cleaned file and the original): any
    infection wins, then any failure; a file is clean only if every copy is."""
    if not verdicts:
        return Verdict.failed("nothing_scanned")
    for status in (ScanStatus.INFECTED, ScanStatus.FAILED, ScanStatus.NOT_SCANNED):
        for verdict in verdicts:
            if verdict.status == status:
                return verdict
    return Verdict.clean()


def unscanned_allowed() -> bool:
    """Whether staff may open a file no scanner checked: in demo mode only."""
    return bool(getattr(settings, "KORGOO_DEMO", False))


class ScannedFile(models.Model):
    """The scan status of a stored untrusted file. Staff may open the file only when it is
    ``downloadable``: checked and clean (or, in demo mode only, not scanned at all)."""

    scan_status = models.CharField(max_length=16, choices=ScanStatus.choices, default=ScanStatus.PENDING)
    scanned_at = models.DateTimeField(null=True, blank=True)
    scan_signature = models.CharField(max_length=MAX_SIGNATURE, blank=True)
    scan_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def downloadable(self) -> bool:
        return self.scan_status == ScanStatus.CLEAN or (
            self.scan_status == ScanStatus.NOT_SCANNED and unscanned_allowed()
        )

    @property
    def quarantined(self) -> bool:
        return self.scan_status in QUARANTINED


def _is_no_scanner(path: str) -> bool:
    try:
        return import_string(path) is NoScanner
    except ImportError:
        return False


@checks.register(checks.Tags.security)
def check_scanner(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """KORGOO_FILE_SCANNER must name an importable scanner."""
    path = str(getattr(settings, "KORGOO_FILE_SCANNER", ""))
    try:
        import_string(path)
    except ImportError:
        return [
            checks.Error(
                f"KORGOO_FILE_SCANNER names {path!r}, which cannot be imported.",
                hint="Use korgoo.core.scanning.ClamdScanner, or another class with scan(data, name).",
                id="korgoo.E026",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_scanner_deploy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A deployment without a virus scanner holds every uploaded file back: say so."""
    if _is_no_scanner(str(getattr(settings, "KORGOO_FILE_SCANNER", ""))) and not unscanned_allowed():
        return [
            checks.Warning(
                "No virus scanner is configured (KORGOO_FILE_SCANNER is NoScanner): files that "
                "workers send are held back and staff cannot open them.",
                hint="Install clamav-daemon and set KORGOO_FILE_SCANNER=korgoo.core.scanning.ClamdScanner.",
                id="korgoo.W026",
            )
        ]
    return []
