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
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from korgoo.audit.selectors import audit_events_for
from korgoo.core.actor import ActorRequest
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import NotFound
from korgoo.core.pagination import Page

from . import selectors, services
from .forms import AuditFilterForm, ProfileForm
from .permissions import Perm, staff_view


# GET only: a HEAD request would run the view and spend the single download on an empty answer.
@require_GET
@staff_view()
def export_download(request: ActorRequest, export_id: Any) -> HttpResponse:
    try:
        filename, data = services.export_download(actor=request.actor, export_id=export_id)
    except NotFound as exc:
        raise Http404 from exc
    return attachment_response(data, filename)


@require_GET
@staff_view()
def tokens(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    rows = list(selectors.api_tokens_for(actor=actor)[:200])
    return render(request, "organisations/tokens.html", {"tokens": rows, "me": actor.user})


@require_POST
@staff_view()
def token_revoke(request: ActorRequest, token_id: Any) -> HttpResponse:
    actor = request.actor
    try:
        services.api_token_revoke(
            actor=actor, token=selectors.api_token_get_for(actor=actor, token_id=token_id)
        )
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The token was revoked: it no longer opens the API."))
    return HttpResponseRedirect(reverse("tokens:list"))


AUDIT_PAGE_SIZE = 100
AUDIT_CSV_ROWS = 50_000


@require_GET
@staff_view(Perm.AUDIT_VIEW)
def audit_events(request: ActorRequest) -> HttpResponse:
    """The organisation's audit log for its administrators: what was done, by whom, to which object
    (ids only), with filters and a CSV of the filtered rows (itself audited)."""
    actor = request.actor
    members = selectors.members_named(actor=actor)
    form = AuditFilterForm(request.GET or None, members=sorted(members.items(), key=lambda m: m[1]))
    rows = audit_events_for(actor=actor, filters=form.filters())
    if request.GET.get("format") == "csv":
        data = services.audit_csv(actor=actor, rows=rows[:AUDIT_CSV_ROWS], members=members)
        return attachment_response(data, "audit.csv")
    page = Page(rows, request.GET.get("page", 1), AUDIT_PAGE_SIZE)
    for event in page:
        event.member_name = members.get(event.actor_user_id, "") if event.actor_user_id else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/audit.html",
        {"form": form, "page": page, "members": members, "query": query.urlencode()},
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


@staff_view()
def profile(request: ActorRequest) -> HttpResponse:
    """About me: what a member states about themselves (gender, lawyer), all optional."""
    actor = request.actor
    membership = actor.own_membership
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
