"""Pages of the agency registry.

Workers: the check — type a name as heard and learn whether the agency has a valid permit, what that
means and what to do. The name is posted, never put in a URL. Coordinators (AGENCIES_MONITOR): the
registry's state and the agencies with reports, repeated ones first.
"""

from __future__ import annotations

import uuid
from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.web import public_page
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, services
from .forms import CheckForm, MergeForm


@public_page
@require_http_methods(["GET", "POST"])
def check(request: ActorRequest) -> HttpResponse:
    form = CheckForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = selectors.agency_check(
                query=form.cleaned_data["q"], destination=form.cleaned_data.get("destination") or ""
            )
        else:
            status = 400
    return render(
        request,
        "agencies/check.html",
        {
            "form": form,
            "result": result,
            "registry": result.registry if result else selectors.registry_state(),
        },
        status=status,
    )


def _agency_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Http404 from None


@staff_view(Perm.AGENCIES_MONITOR)
@require_http_methods(["GET"])
def monitor(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    rows = selectors.agencies_with_reports(actor=actor)
    choices = selectors.registry_choices(actor=actor)
    return render(
        request,
        "agencies/monitor.html",
        {
            "rows": rows,
            "repeated": [r for r in rows if r.repeated],
            "registry": selectors.registry_state(),
            "counts": selectors.registry_counts(actor=actor),
            "choices": choices,
        },
    )


@staff_view(Perm.AGENCIES_MONITOR)
@require_POST
def merge(request: ActorRequest, agency_id: str) -> HttpResponse:
    actor = request.actor
    form = MergeForm(request.POST)
    cast(forms.ChoiceField, form.fields["into"]).choices = selectors.registry_choices(actor=actor)
    if not form.is_valid():
        messages.error(request, _("Choose an agency of the registry."))
        return HttpResponseRedirect(reverse("agencies:monitor"), status=303)
    try:
        services.reported_agency_merge(
            actor=actor, agency_id=_agency_id(agency_id), into_id=form.cleaned_data["into"]
        )
    except NotFound:
        raise Http404 from None
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The reports were moved to the registry's agency."))
    return HttpResponseRedirect(reverse("agencies:monitor"), status=303)


@staff_view(Perm.AGENCIES_MONITOR)
@require_POST
def dismiss(request: ActorRequest, agency_id: str) -> HttpResponse:
    try:
        services.reported_agency_dismiss(actor=request.actor, agency_id=_agency_id(agency_id))
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The name was removed from the list."))
    return HttpResponseRedirect(reverse("agencies:monitor"), status=303)
