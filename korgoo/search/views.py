"""The search page: one box over articles, places of help and agencies.

The query is posted, so what a worker searched for is never in a URL or the browser's history.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from korgoo.core.throttle import Window, client_fingerprint
from korgoo.core.web import public_page

from . import selectors
from .forms import SearchForm

PER_MINUTE = 60


@public_page
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.POST or None)
    found = None
    status = 200
    if request.method == "POST":
        window = Window(f"help-search:{client_fingerprint(request)}", PER_MINUTE, 60)
        if window.exceeded():
            response = render(request, "search/results.html", {"form": form, "throttled": True}, status=429)
            response["Retry-After"] = str(window.retry_after)
            return response
        window.hit()
        if form.is_valid():
            found = selectors.search(query=form.cleaned_data["q"], language=request.LANGUAGE_CODE, limit=10)
        else:
            status = 400
    return render(request, "search/results.html", {"form": form, "results": found}, status=status)
