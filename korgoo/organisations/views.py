"""The single-use download of an export (SECURITY.md requirement 22).

The page that made the export showed the link and the archive's password once; the link answers
once, to the member who asked, before it expires. Anything else is 404, like an export that never
existed.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from korgoo.core.downloads import attachment_response
from korgoo.core.errors import NotFound

from . import services
from .permissions import staff_view


# GET only: a HEAD request would run the view and spend the single download on an empty answer.
@require_GET
@staff_view()
def export_download(request: HttpRequest, export_id: Any) -> HttpResponse:
    try:
        filename, data = services.export_download(actor=request.actor, export_id=export_id)  # type: ignore[attr-defined]
    except NotFound as exc:
        raise Http404 from exc
    return attachment_response(data, filename)
