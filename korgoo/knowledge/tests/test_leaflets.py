"""Leaflets and posters for clinics and consulates: real PDFs (WeasyPrint), A4, the article's words in
the reader's language (or Kyrgyz and Russian on the poster) and a QR code that opens the page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points, rounded


def _pdf(response: Any) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = response.content
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def test_a_leaflet_prints_the_article_on_a4_with_the_address_of_its_page(
    articles_loaded: Any, settings: Any
) -> None:
    settings.KORGOO_PUBLIC_URL = "https://korgoo.example.net"
    reader = _pdf(Client().get("/ky/rights/health-care-insurance/leaflet.pdf"))
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == A4
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Медициналык жардам жана камсыздандыруу" in text
    assert "https://korgoo.example.net/ky/rights/health-care-insurance/" in text
    assert reader.pages[0].get("/Resources")  # the QR code is drawn on the page


def test_a_poster_carries_kyrgyz_and_russian_and_unknown_articles_answer_404(articles_loaded: Any) -> None:
    reader = _pdf(Client().get("/en/rights/health-care-insurance/poster.pdf"))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Медициналык жардам жана камсыздандыруу" in text and "Медицинская помощь" in text
    assert len(reader.pages) == 1
    assert Client().get("/ky/rights/no-such-article/leaflet.pdf").status_code == 404
    page = Client().get("/ky/rights/health-care-insurance/").content.decode()
    assert (
        'data-testid="leaflet-link"' in page and 'href="/ky/rights/health-care-insurance/poster.pdf"' in page
    )
