"""How the public help pages (directory, knowledge base, agency check, search) are served.

They are worker pages: no cookie at all (not even for CSRF) and no JavaScript needed. A page whose
form carries what the worker typed (a search, an agency's name) posts it, so the words never appear in
a URL or the browser's history; cross-site posts are refused by their Origin, as on the report form.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

from korgoo.core.access import public_view


def help_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public help page: no CSRF cookie, but cross-site posts are refused."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.get_host():
                return HttpResponseForbidden()
            if request.headers.get("Sec-Fetch-Site") == "cross-site":
                return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return public_view(wrapper)
