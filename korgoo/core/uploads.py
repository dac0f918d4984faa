"""Receiving uploaded files in memory only (SECURITY.md requirement 28).

Django's default handlers keep an upload in memory only while the whole request body is smaller
than FILE_UPLOAD_MAX_MEMORY_SIZE; a larger body is streamed to a temporary file, in the clear, until
the request ends (and for good if the process dies meanwhile). A worker's photos must never touch
the disk unencrypted, so this handler is the only one:

- a request body larger than KORGOO_UPLOAD_MAX_REQUEST_BYTES is refused (400) before any of it is
  read;
- each file is kept in memory up to one byte past KORGOO_UPLOAD_MAX_BYTES; the rest of a larger file
  is read and dropped, so the form refuses it as too large with its usual message
  (`korgoo.cases.files.clean_upload`) without holding it whole.

A body that ends before the form does, because the connection dropped or because the declared
Content-Length stops short of the rest, is refused whole (`UploadCutOff`, a 400 that says so).
Django's parser would otherwise let through what it got: inside a file, it drops the unfinished
file without a word (a report accepted without the photo the worker sent); inside a text, it keeps
the text as far as it got (a story cut off mid-sentence). A whole form ends with its closing
boundary (`--boundary--`, RFC 7578), which the handler watches for as the body is read.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http.multipartparser import MultiPartParserError


class UploadCutOff(MultiPartParserError):
    """The request body ended inside a file. Django answers a parser error with a 400
    (`korgoo.core.views.bad_request` says what happened) and never calls the view."""


class _ClosingBoundaryWatch:
    """The request's body stream, read through while noting whether the form's closing boundary
    has passed (kept across reads: the boundary may straddle two chunks)."""

    def __init__(self, stream: Any, boundary: bytes) -> None:
        self._stream = stream
        self._closing = b"--" + boundary + b"--"
        self._tail = b""
        self.seen = False

    def _note(self, data: bytes) -> bytes:
        if not self.seen and data:
            window = self._tail + data
            self.seen = self._closing in window
            self._tail = window[-(len(self._closing) - 1) :]
        return data

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        return self._note(self._stream.read(*args, **kwargs))

    def readline(self, *args: Any, **kwargs: Any) -> bytes:
        return self._note(self._stream.readline(*args, **kwargs))


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keep every uploaded file in memory, bounded per file and per request; never spill to disk."""

    watch: _ClosingBoundaryWatch | None = None
    complete_body = True

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        if content_length > int(settings.KORGOO_UPLOAD_MAX_REQUEST_BYTES):
            raise RequestDataTooBig("Request body exceeded KORGOO_UPLOAD_MAX_REQUEST_BYTES.")
        closing = b"--" + boundary + b"--"
        if isinstance(input_data, BytesIO):  # the body was read already (request.body)
            self.complete_body = closing in input_data.getvalue()
        elif hasattr(input_data, "_stream"):  # the request itself: the parser reads its stream
            self.watch = input_data._stream = _ClosingBoundaryWatch(input_data._stream, boundary)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        self.kept = 0
        self.room = int(settings.KORGOO_UPLOAD_MAX_BYTES) + 1
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.kept < self.room:
            piece = raw_data[: self.room - self.kept]
            self.file.write(piece)
            self.kept += len(piece)

    def upload_interrupted(self) -> None:
        """The body ended before the file did: refuse the request rather than lose the file."""
        self.file = BytesIO()
        raise UploadCutOff("The request body ended inside an uploaded file.")

    def upload_complete(self) -> None:
        """The whole body has been read (the parser reads it to its end): without the closing
        boundary, the form was cut off somewhere, and what was read of it is not the worker's."""
        if not self.complete_body or (self.watch is not None and not self.watch.seen):
            raise UploadCutOff("The request body ended before the form's closing boundary.")

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.kept,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
