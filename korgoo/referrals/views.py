"""Staff pages for referrals: offer a case, answer an offer, revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korgoo.cases import services as case_services
from korgoo.cases.choices import SharedField
from korgoo.cases.selectors import case_followed_by, case_offers_for
from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.organisations.models import Organisation
from korgoo.organisations.permissions import Perm, staff_view
from korgoo.organisations.selectors import organisation_list_public

from . import selectors, services
from .forms import ReferralForm


def _candidates(case: Any) -> list[Organisation]:
    return [
        o
        for o in organisation_list_public()
        if o.pk != case.organisation_id and case_services.consent_allows(case, o)
    ]


@staff_view(Perm.CASE_VIEW)
def case_referrals(request: ActorRequest, case_id: Any) -> HttpResponse:
    """The referrals of one case, and the form to offer it to another organisation."""
    actor = request.actor
    try:
        view = case_services.case_read(actor=actor, case_id=case_id)
    except NotFound as exc:
        raise Http404 from exc
    case = view.case
    can_refer = view.is_holder and actor.has(Perm.REFERRAL_MAKE)
    form = ReferralForm(request.POST or None, organisations=_candidates(case))
    status = 200
    if request.method == "POST":
        if not can_refer:
            raise Http404
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.referral_offer(
                    actor=actor,
                    case=case,
                    to_organisation=Organisation.objects.get(pk=d["organisation"]),
                    fields=d["shared"],
                    note=d.get("note") or "",
                )
            except ApplicationError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The case was offered to the organisation."))
                return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    referrals = [
        (
            r,
            selectors.referral_note(case=case, referral=r),
            ", ".join(str(SharedField(f).label) for f in r.fields if f in SharedField.values),
        )
        for r in selectors.referral_list_for(actor=actor, case_id=case.pk)
    ]
    return render(
        request,
        "referrals/case_referrals.html",
        {"view": view, "case": case, "form": form, "referrals": referrals, "can_refer": can_refer},
        status=status,
    )


@staff_view(Perm.CASE_VIEW)
def overview(request: ActorRequest) -> HttpResponse:
    """Offers waiting for our answer, and cases we passed on."""
    actor = request.actor
    return render(
        request,
        "referrals/overview.html",
        {
            "offers": case_offers_for(actor=actor),
            "followed": case_followed_by(actor=actor),
            "referrals": selectors.referral_list_for(actor=actor)[:100],
        },
    )


def _respond(request: ActorRequest, referral_id: Any, action: Any, done: str) -> HttpResponse:
    actor = request.actor
    try:
        referral = selectors.referral_get_for(actor=actor, referral_id=referral_id)
        referral = action(actor=actor, referral=referral)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("referrals:overview"))
    messages.success(request, done)
    if referral.state == referral.State.ACCEPTED:
        return HttpResponseRedirect(reverse("cases:detail", args=[referral.case_id]))
    return HttpResponseRedirect(reverse("referrals:overview"))


@require_POST
@staff_view(Perm.REFERRAL_RESPOND)
def accept(request: ActorRequest, referral_id: Any) -> HttpResponse:
    return _respond(request, referral_id, services.referral_accept, _("You accepted the case."))


@require_POST
@staff_view(Perm.REFERRAL_RESPOND)
def decline(request: ActorRequest, referral_id: Any) -> HttpResponse:
    return _respond(request, referral_id, services.referral_decline, _("You declined the case."))


@require_POST
@staff_view(Perm.REFERRAL_MAKE)
def revoke(request: ActorRequest, referral_id: Any) -> HttpResponse:
    return _respond(request, referral_id, services.referral_revoke, _("The referral was revoked."))
