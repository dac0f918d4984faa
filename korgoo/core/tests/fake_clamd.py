"""A stand-in for ClamAV in tests.

`FakeClamd` is a small clamd on a Unix socket, in a thread of the test process, speaking the real
INSTREAM protocol (a command ending in NUL, length-prefixed chunks, a zero-length chunk, one reply
ending in NUL), so `korgoo.core.scanning.ClamdScanner` is exercised over a real socket. It flags the
EICAR test string anywhere in the stream, and can be told to answer with an error, to answer
nonsense, or to hang. Real ClamAV needs its signature database, which only `freshclam` fetches from
the internet.

`EicarScanner` is the scanner of the test settings: the same detection in-process, so the rest of the
suite stores and opens files as it always did.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import tempfile
import threading
from collections.abc import Iterator
from typing import Any

from korgoo.core.scanning import Verdict

# The EICAR anti-virus test file (https://www.eicar.org), written in two parts so that this source
# file is not itself flagged by a scanner on a developer's machine.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Eicar-Test-Signature"


class EicarScanner:
    """Flags EICAR; everything else is clean."""

    def scan(self, data: bytes, name: str) -> Verdict:
        return Verdict.infected(SIGNATURE) if EICAR in data else Verdict.clean()


class FakeClamd:
    """A clamd on a Unix socket. ``mode``: ``ok`` (real verdicts), ``error`` (an ERROR reply),
    ``garbage`` (a reply clamd never gives), ``hang`` (reads the stream, never answers)."""

    def __init__(self, *, tcp: bool = False) -> None:
        self.directory = tempfile.mkdtemp(prefix="clamd.")  # short: Unix socket paths are limited
        self.path = os.path.join(self.directory, "clamd.ctl")
        self.tcp = tcp
        self.mode = "ok"
        self.commands: list[bytes] = []
        self.streams: list[bytes] = []
        self._stop = threading.Event()
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        """What KORGOO_CLAMD_SOCKET would say: the socket's path, or host:port over TCP."""
        if self.tcp and self._server is not None:
            host, port = self._server.getsockname()[:2]
            return f"{host}:{port}"
        return self.path

    def start(self) -> FakeClamd:
        """Start answering (again, after `stop`, on the same path)."""
        self._stop = threading.Event()
        if self.tcp:
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.bind(("127.0.0.1", 0))
        else:
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(self.path)
        server.listen(8)
        server.settimeout(0.1)
        self._server = server
        self._thread = threading.Thread(target=self._serve, args=(server, self._stop), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering: the socket disappears, as when clamd is down."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._server is not None:
            self._server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _serve(self, server: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn, stop), daemon=True).start()

    def _read_exactly(self, conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = conn.recv(size - len(data))
            if not part:
                raise ConnectionError("client went away")
            data += part
        return data

    def _handle(self, conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            conn.settimeout(10)
            try:
                command = b""
                while not command.endswith(b"\0"):
                    part = conn.recv(1)
                    if not part:
                        return
                    command += part
                self.commands.append(command)
                if command != b"zINSTREAM\0":
                    conn.sendall(b"UNKNOWN COMMAND\0")
                    return
                stream = b""
                while True:
                    (size,) = struct.unpack("!L", self._read_exactly(conn, 4))
                    if size == 0:
                        break
                    stream += self._read_exactly(conn, size)
                self.streams.append(stream)
                if self.mode == "hang":
                    stop.wait(30)
                    return
                if self.mode == "error":
                    conn.sendall(b"INSTREAM size limit exceeded. ERROR\0")
                elif self.mode == "garbage":
                    conn.sendall(b"PONG\0")
                elif EICAR in stream:
                    conn.sendall(f"stream: {SIGNATURE} FOUND\0".encode())
                else:
                    conn.sendall(b"stream: OK\0")
            except (ConnectionError, TimeoutError, OSError):
                return


@contextlib.contextmanager
def running_clamd(settings: Any, *, timeout: float = 2) -> Iterator[FakeClamd]:
    """A fake clamd, with the settings pointing ClamdScanner at it for the duration."""
    clamd = FakeClamd().start()
    settings.KORGOO_FILE_SCANNER = "korgoo.core.scanning.ClamdScanner"
    settings.KORGOO_CLAMD_SOCKET = clamd.address
    settings.KORGOO_CLAMD_TIMEOUT = timeout
    try:
        yield clamd
    finally:
        clamd.close()
