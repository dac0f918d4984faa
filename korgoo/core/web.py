"""The plumbing every page shares, one copy of each: the guard of public pages against cross-site
posts, and the way a service's refusal lands on the form that was sent.

Worker and help pages set no cookie at all, not even for CSRF, so Django's CSRF check cannot protect
their forms; instead a post whose `Origin` is another host, or that the browser marks as cross-site
(`Sec-Fetch-Site`), is refused before the view runs. A page that carries the worker's receipt
session adds its cookie on top (`korgoo.intake.sessions`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

from .errors import ApplicationError

PageView = Callable[..., HttpResponse]


def cross_site_post(request: HttpRequest) -> bool:
    """Whether this is a post sent from another site (its Origin, or the browser says so)."""
    if request.method != "POST":
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.get_host():
        return True
    return request.headers.get("Sec-Fetch-Site") == "cross-site"


def cookieless_page(view: PageView, *, access: str) -> PageView:
    """A page without a CSRF cookie whose cross-site posts are refused (403), classified as `access`
    for the route inventory (`korgoo.core.access`)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if cross_site_post(request):
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    wrapper.korgoo_access = access  # type: ignore[attr-defined]
    return wrapper


def public_page(view: PageView) -> PageView:
    """A public page anyone may open (the help pages: directory, knowledge base, agency check,
    search): no cookie, cross-site posts refused."""
    return cookieless_page(view, access="public")


def errors_to_form(form: Any, error: ApplicationError) -> None:
    """Put a service's refusal on the fields it names, or above the form when it names none (or a
    field the form does not have), so that the page shows it next to what the person typed."""
    for name, problems in error.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    if not error.fields:
        form.add_error(None, str(error.message))
