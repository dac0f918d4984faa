"""Serving files so that no browser ever renders them inline (SECURITY.md requirement 24)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback without quotes or control characters, plus the UTF-8 name."""
    fallback = (
        "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename) or "file"
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
