"""A large upload cannot push a web worker past its memory bound (docs/operations.md, "Memory").

The bound written down: one request holds at most MEMORY_PER_REQUEST of Python objects, whatever
the client sends: a body declared larger than KORGOO_UPLOAD_MAX_REQUEST_BYTES is refused before any
of it is read, and each file is kept only up to KORGOO_UPLOAD_MAX_BYTES (+1 byte to know it is too
large) while the rest streams past. The body here is produced as it is read, never held by the test,
and what the request allocates is measured with tracemalloc, so the figure is the server's own.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, RequestFactory, encode_multipart

from korgoo.conftest import report_form

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
# What one request may hold at its peak: the kept files twice (as parsed, and as read by the view)
# and the same again for the sealed copies, for the largest body allowed (25 MiB by default).
MEMORY_PER_REQUEST = 4 * 25 * MB


class StreamedBody:
    """A multipart body of `size` bytes for the report form with one file, made as it is read."""

    def __init__(self, file_bytes: int) -> None:
        head = encode_multipart(BOUNDARY, report_form(description="Not paid for two months."))
        head = head[: head.rindex(f"--{BOUNDARY}--".encode())]
        self.head = (
            head
            + (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="big.jpg"\r\n'
                "Content-Type: image/jpeg\r\n\r\n"
            ).encode()
        )
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file_bytes = file_bytes
        self.size = len(self.head) + file_bytes + len(self.tail)
        self.read_bytes = 0
        self._pending = b""
        self._chunks = self._generate()

    def _generate(self) -> Iterator[bytes]:
        yield self.head
        chunk = b"\xff" * (64 * 1024)
        left = self.file_bytes
        while left > 0:
            yield chunk[: min(left, len(chunk))]
            left -= len(chunk)
        yield self.tail

    def read(self, size: int = -1) -> bytes:
        out = [self._pending]
        have = len(self._pending)
        while size < 0 or have < size:
            piece = next(self._chunks, b"")
            if not piece:
                break
            out.append(piece)
            have += len(piece)
        data = b"".join(out)
        if size >= 0:
            data, self._pending = data[:size], data[size:]
        else:
            self._pending = b""
        self.read_bytes += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:  # not used by the multipart parser
        return self.read(size)


def post_streamed(body: StreamedBody, declared: int | None = None, *, warm: bool = True) -> tuple[str, int]:
    """POST the body to the worker's report form through the real WSGI handler; the status and the
    peak of what the request allocated. A small request goes first, unmeasured, so that what a
    worker loads once (templates, translations, the triage model) is not counted against the upload."""
    if warm:
        post_streamed(StreamedBody(file_bytes=1024), warm=False)
        Client().post("/en/report/", report_form(description="Not paid for two months."))  # triage loads
    environ = (
        RequestFactory().generic("POST", "/en/report/", data=b"", content_type=MULTIPART_CONTENT).environ
    )
    environ["wsgi.input"] = body
    environ["CONTENT_TYPE"] = MULTIPART_CONTENT
    environ["CONTENT_LENGTH"] = str(declared if declared is not None else body.size)
    statuses: list[str] = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    tracemalloc.start()
    try:
        answer: Any = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        b"".join(answer)
        answer.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], peak


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(settings: Any) -> None:
    body = StreamedBody(file_bytes=300 * MB)
    status, peak = post_streamed(body)
    assert status == "400 Bad Request"
    assert body.read_bytes == 0
    assert peak < 5 * MB


def test_a_file_larger_than_allowed_is_kept_only_up_to_the_file_limit(settings: Any) -> None:
    # 24 MiB: under the request limit (25 MiB), over the file limit (10 MiB).
    body = StreamedBody(file_bytes=24 * MB)
    status, peak = post_streamed(body)
    assert status == "400 Bad Request"  # the form says the file is too large
    assert body.read_bytes == body.size  # all of it came through the parser…
    assert settings.KORGOO_UPLOAD_MAX_BYTES <= peak < MEMORY_PER_REQUEST  # …and only the limit stayed
    assert peak < 2 * settings.KORGOO_UPLOAD_MAX_BYTES + 5 * MB


def test_a_body_that_lies_about_its_length_is_read_only_as_far_as_it_declared(settings: Any) -> None:
    # Declares 1 MiB and would send 200 MiB: the server reads the declared length and no more.
    body = StreamedBody(file_bytes=200 * MB)
    _status, peak = post_streamed(body, declared=1 * MB)
    assert body.read_bytes <= 1 * MB + 64 * 1024
    assert peak < 10 * MB
