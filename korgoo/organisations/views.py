"""Staff pages of the organisations app.

The single-use download of an export (SECURITY.md requirement 22): the page that made the export
showed the link and the archive's password once; the link answers once, to the member who asked,
before it expires. Anything else is 404, like an export that never existed.

API tokens: each member sees and revokes their own; an organisation administrator also those of
the organisation's members.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from korgoo.core.downloads import attachment_response
from korgoo.core.errors import NotFound

from . import selectors, services
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


@require_GET
@staff_view()
def tokens(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    rows = list(selectors.api_tokens_for(actor=actor)[:200])
    return render(request, "organisations/tokens.html", {"tokens": rows, "me": actor.user})


@require_POST
@staff_view()
def token_revoke(request: HttpRequest, token_id: Any) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    try:
        services.api_token_revoke(
            actor=actor, token=selectors.api_token_get_for(actor=actor, token_id=token_id)
        )
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The token was revoked: it no longer opens the API."))
    return HttpResponseRedirect(reverse("tokens:list"))


@staff_view()
def profile(request: HttpRequest) -> HttpResponse:
    """About me: what a member states about themselves (gender, lawyer), all optional."""
    from .forms import ProfileForm

    actor = request.actor  # type: ignore[attr-defined]
    membership = actor.membership
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.membership_profile_set(
                actor=actor,
                gender=form.cleaned_data["gender"],
                is_lawyer=bool(form.cleaned_data["is_lawyer"]),
            )
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("profile:me"), status=303)
        return render(request, "organisations/profile.html", {"form": form}, status=400)
    form = ProfileForm(initial={"gender": membership.gender, "is_lawyer": membership.is_lawyer})
    return render(request, "organisations/profile.html", {"form": form, "membership": membership})
