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

A body that ends inside a file, because the connection dropped or because the declared
Content-Length stops short of the rest, is refused whole (`UploadCutOff`, a 400 that says so): the
parser would otherwise drop the unfinished file without a word and let the rest of the form through,
a report accepted without the photo the worker sent.
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


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keep every uploaded file in memory, bounded per file and per request; never spill to disk."""

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
