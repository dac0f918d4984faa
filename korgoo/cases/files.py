"""Checking and cleaning files a worker or caseworker attaches.

Only photos (JPEG, PNG) and PDF are accepted, recognised by their first bytes, never by name or
declared type. Images are decoded and written again without EXIF (GPS, device serial) and text
chunks; PDFs are rewritten without their document information and XMP metadata. Images too large to
decode safely (decompression bombs) and PDFs of too many pages are refused. The decoding happens in
a child process with CPU, memory and time limits (`korgoo.cases.cleaner`), never in the web worker,
and only after the cheap refusals (`check_upload_sizes`, throttles) have let the request through.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from korgoo.core.errors import ApplicationError

from . import cleaner

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is more than any phone camera makes
# Where the child finds the `korgoo` package, whether installed or run from a checkout.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])

_MAGIC = {
    b"\xff\xd8\xff": ("image/jpeg", "JPEG", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "PNG", ".png"),
    b"%PDF-": ("application/pdf", "PDF", ".pdf"),
}


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    filename: str
    original: bytes


@dataclass(frozen=True)
class Upload:
    """A file as a visitor sent it: not yet decoded, only measured."""

    name: str
    data: bytes


def clean_all(files: Sequence[CleanFile | Upload]) -> list[CleanFile]:
    """Clean what is not clean yet (files made by the application itself come cleaned)."""
    return [f if isinstance(f, CleanFile) else clean_upload(f.name, f.data) for f in files]


def _kind(data: bytes) -> tuple[str, str, str]:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    raise ApplicationError("file_type", _("Only photos (JPG, PNG) and PDF files can be attached."))


def safe_filename(name: str, extension: str) -> str:
    """A display name without path parts or control characters, ending in the real extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*\x00').strip(" .")
    stem = base.rsplit(".", 1)[0][:80] or "file"
    return stem + extension


def clean_upload(name: str, data: bytes) -> CleanFile:
    """Check a file by its first bytes and clean it of metadata, in a child process with limits
    (`korgoo.cases.cleaner`): the web worker never decodes what a visitor sent."""
    if len(data) > settings.KORGOO_UPLOAD_MAX_BYTES:
        raise ApplicationError(
            "file_too_large",
            _("The file is too large. The limit is %(mb)d MB.")
            % {"mb": settings.KORGOO_UPLOAD_MAX_BYTES // 2**20},
        )
    if not data:
        raise ApplicationError("file_empty", _("The file is empty."))
    content_type, pil_format, extension = _kind(data)
    cleaned = _run_cleaner(pil_format, data)
    return CleanFile(
        content=cleaned, content_type=content_type, filename=safe_filename(name, extension), original=data
    )


def check_upload_sizes(uploads: Sequence[Upload]) -> None:
    """The refusals that cost nothing: how many files, how large, of which kind (by first bytes).
    Made before any throttle is spent and before any file is decoded."""
    if len(uploads) > settings.KORGOO_UPLOAD_MAX_FILES:
        raise ApplicationError(
            "too_many_files",
            _("Too many files. You can attach up to %(n)d.") % {"n": settings.KORGOO_UPLOAD_MAX_FILES},
        )
    for upload in uploads:
        data = upload.data
        if len(data) > settings.KORGOO_UPLOAD_MAX_BYTES:
            raise ApplicationError(
                "file_too_large",
                _("The file is too large. The limit is %(mb)d MB.")
                % {"mb": settings.KORGOO_UPLOAD_MAX_BYTES // 2**20},
            )
        if not data:
            raise ApplicationError("file_empty", _("The file is empty."))
        _kind(data)


_UNREADABLE = _("This file could not be read. Try another photo or PDF.")
_REFUSALS = {
    cleaner.TOO_MANY_PIXELS: ("file_unreadable", _UNREADABLE),
    cleaner.WRONG_TYPE: ("file_type", _("Only photos (JPG, PNG) and PDF files can be attached.")),
    cleaner.ENCRYPTED: ("file_encrypted", _("Password-protected PDF files cannot be attached.")),
    cleaner.TOO_MANY_PAGES: (
        "file_too_many_pages",
        _("This PDF has too many pages. Send the pages that matter, up to %(pages)d."),
    ),
}


def _run_cleaner(pil_format: str, data: bytes) -> bytes:
    """Clean the file in `korgoo.cases.cleaner`, with CPU, memory and time limits; any failure or
    overrun is "cannot read this file"."""
    command = [
        sys.executable,
        "-m",
        "korgoo.cases.cleaner",
        pil_format,
        str(settings.KORGOO_UPLOAD_CPU_SECONDS),
        str(settings.KORGOO_UPLOAD_MEMORY_MB * 2**20),
        str(MAX_PIXELS),
        str(settings.KORGOO_UPLOAD_MAX_PDF_PAGES),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - a fixed command; the file goes in on standard input
            command,
            input=data,
            capture_output=True,
            timeout=settings.KORGOO_UPLOAD_CPU_SECONDS * 3,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": _PACKAGE_ROOT},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed it
        raise ApplicationError("file_unreadable", _UNREADABLE) from exc
    if done.returncode == 0 and done.stdout:
        return done.stdout
    code = done.stderr.decode(errors="replace").split("\n", 1)[0].strip()
    error_code, message = _REFUSALS.get(code, ("file_unreadable", _UNREADABLE))
    if error_code == "file_too_many_pages":
        raise ApplicationError(error_code, message % {"pages": settings.KORGOO_UPLOAD_MAX_PDF_PAGES})
    raise ApplicationError(error_code, message)
