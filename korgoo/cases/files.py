"""Checking and cleaning files a worker or caseworker attaches.

Only photos (JPEG, PNG) and PDF are accepted, recognised by their first bytes, never by name or
declared type. Images are decoded and written again without EXIF (GPS, device serial) and text
chunks; PDFs are rewritten without their document information and XMP metadata. Images too large to
decode safely are refused (decompression bombs).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

from korgoo.core.errors import ApplicationError

MAX_PIXELS = 40_000_000  # a 40-megapixel photo is more than any phone camera makes
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

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
    if len(data) > settings.KORGOO_UPLOAD_MAX_BYTES:
        raise ApplicationError(
            "file_too_large",
            _("The file is too large. The limit is %(mb)d MB.")
            % {"mb": settings.KORGOO_UPLOAD_MAX_BYTES // 2**20},
        )
    if not data:
        raise ApplicationError("file_empty", _("The file is empty."))
    content_type, pil_format, extension = _kind(data)
    try:
        cleaned = _clean_pdf(data) if pil_format == "PDF" else _clean_image(data, pil_format)
    except ApplicationError:
        raise
    except Exception as exc:  # any decoder failure means we cannot vouch for the file
        raise ApplicationError(
            "file_unreadable", _("This file could not be read. Try another photo or PDF.")
        ) from exc
    return CleanFile(
        content=cleaned, content_type=content_type, filename=safe_filename(name, extension), original=data
    )


def _clean_image(data: bytes, pil_format: str) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if width * height > MAX_PIXELS:  # checked before decoding a single pixel
            raise ApplicationError(
                "file_unreadable", _("This file could not be read. Try another photo or PDF.")
            )
        if image.format != pil_format:
            raise ApplicationError("file_type", _("Only photos (JPG, PNG) and PDF files can be attached."))
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        pixels = Image.new(upright.mode, upright.size)
        pixels.paste(upright)
        out = io.BytesIO()
        if pil_format == "JPEG":
            pixels.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
        else:
            pixels.save(out, "PNG", optimize=True)
        return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ApplicationError("file_encrypted", _("Password-protected PDF files cannot be attached."))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.metadata = None  # no document information dictionary (author, producer, dates)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
