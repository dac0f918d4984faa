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

A body cut off mid-way (a dropped connection) ends the parse; the part received stays in memory and
goes with the request.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


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
