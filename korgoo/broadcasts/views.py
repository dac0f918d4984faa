"""Network coordinators write an alert and see the history of broadcasts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError
from korgoo.organisations.permissions import Perm, staff_view

from .forms import BroadcastForm
from .selectors import broadcast_history
from .services import broadcast_send


@require_http_methods(["GET", "POST"])
@staff_view(Perm.ROUTING_NETWORK)
def broadcasts(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = BroadcastForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = broadcast_send(
                    actor=actor,
                    kind=data["kind"],
                    country=data["country"],
                    locality_id=data["locality_id"],
                    texts={code: data.get(f"text_{code}", "") for code in ("ky", "ru", "en")},
                )
            except ApplicationError as error:
                for field, errors in (error.fields or {}).items():
                    form.add_error(field if field in form.fields else None, errors)
                if not error.fields:
                    form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    ngettext(
                        "The alert was queued for %(n)d chat.",
                        "The alert was queued for %(n)d chats.",
                        sent.queued,
                    )
                    % {"n": sent.queued},
                )
                return HttpResponseRedirect(reverse("broadcasts:list"), status=303)
        status = 400
    history = broadcast_history(actor=actor)[:50]
    return render(request, "broadcasts/list.html", {"form": form, "history": history}, status=status)
