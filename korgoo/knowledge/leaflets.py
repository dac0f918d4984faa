"""Printable A4 leaflets and posters of an article, for clinics, consulates and community centres:
the leaflet is the article in one language with a QR code to its page; the poster puts the title and
summary in Kyrgyz and Russian side by side around a large QR code. Rendered by WeasyPrint from
templates, with nothing fetched from anywhere (the QR code is drawn inline as SVG)."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .selectors import ArticlePage


def qr_data_uri(url: str) -> str:
    """The address as a QR code, an SVG data URI (no file, no outside request)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - a heavy library, loaded only when this runs
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 - a heavy library, loaded only when this runs

    html = render_to_string(template, {**context, "printed_on": timezone.localdate()})
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
    data: bytes = document.write_pdf()
    return data


def leaflet_pdf(*, page: ArticlePage, url: str) -> bytes:
    """The article on A4 in the reader's language, with its sources' check date and a QR code."""
    return _pdf(
        "knowledge/pdf/leaflet.html", {"page": page, "article": page.card, "qr": qr_data_uri(url), "url": url}
    )


def poster_pdf(*, pages: dict[str, ArticlePage], url: str) -> bytes:
    """An A4 poster: title and summary in Kyrgyz and Russian (as published) and a large QR code."""
    with translation.override("ky"):
        return _pdf(
            "knowledge/pdf/poster.html",
            {
                "pages": [pages[code] for code in ("ky", "ru") if code in pages],
                "qr": qr_data_uri(url),
                "url": url,
            },
        )
