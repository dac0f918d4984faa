"""The worker's return and hand-over consent (with the receipt's session, no JavaScript), and the
staff's three forms on the case page: record the return, offer the hand-over, record a claim step.

Staff forms answer 404 for a case the organisation does not see (the same as a missing one); a
refusal of the service comes back as a message on the case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.intake import services as intake
from korgoo.intake.sessions import WORKER_COOKIE, worker_page
from korgoo.organisations.permissions import Perm, staff_view

from . import services
from .forms import ClaimStepForm, HandOverConsentForm, HandOverOfferForm, ReturnForm
from .pages import worker_panel
from .selectors import home_organisations, return_of


@worker_page
@require_http_methods(["GET", "POST"])
def case_home(request: HttpRequest) -> HttpResponse:
    """ "I have returned home", then the separate consent to a hand-over at home."""
    report = intake.worker_session_report(request.COOKIES.get(WORKER_COOKIE))
    if report is None:
        return HttpResponseRedirect(reverse("intake:track"), status=303)
    case = report.case
    if request.method == "GET":
        return render(request, "homecoming/worker_home.html", worker_panel(case))
    forms: dict[str, Any] = {}
    try:
        if request.POST.get("action") == "handover":
            home = return_of(case=case)
            organisations = list(home_organisations(region=home.region)) if home else []
            consent = HandOverConsentForm(request.POST, organisations=organisations)
            forms["consent_form"] = consent
            if consent.is_valid():
                services.handover_consent(report=report, organisation_id=consent.cleaned_data["organisation"])
                return HttpResponseRedirect(reverse("intake:case") + "#home", status=303)
        else:
            form = ReturnForm(request.POST)
            forms["return_form"] = form
            if form.is_valid():
                services.return_record_by_worker(report=report, region=form.cleaned_data["region"])
                return HttpResponseRedirect(reverse("intake:case") + "#home", status=303)
    except ApplicationError as error:
        forms["error"] = str(error.message)
        status = error.status if error.status in (409,) else 400
        return render(request, "homecoming/worker_home.html", worker_panel(case, **forms), status=status)
    return render(request, "homecoming/worker_home.html", worker_panel(case, **forms), status=400)


def _back(case_id: Any) -> HttpResponse:
    return HttpResponseRedirect(reverse("cases:detail", args=[case_id]) + "#home", status=303)


def _refused(request: HttpRequest, error: ApplicationError) -> None:
    messages.error(request, str(error.message))


@require_POST
@staff_view(Perm.CASE_WORK)
def staff_return(request: ActorRequest, case_id: Any) -> HttpResponse:
    """A caseworker of the organisation holding the case records the worker's return."""
    form = ReturnForm(request.POST)
    try:
        services.return_record(
            actor=request.actor,
            case_id=case_id,
            region=form.data.get("region", "") if not form.is_valid() else form.cleaned_data["region"],
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        _refused(request, error)
    return _back(case_id)


@require_POST
@staff_view(Perm.REFERRAL_MAKE)
def staff_handover(request: ActorRequest, case_id: Any) -> HttpResponse:
    """The organisation holding the case offers it to the organisation at home the worker chose."""
    form = HandOverOfferForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        services.handover_offer(
            actor=request.actor,
            case_id=case_id,
            fields=data.get("shared") or [],
            claim_kept=bool(data.get("claim_kept")),
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        _refused(request, error)
    return _back(case_id)


@require_POST
@staff_view(Perm.CASE_WORK)
def staff_claim(request: ActorRequest, case_id: Any) -> HttpResponse:
    """The organisation that kept the wage claim records where it stands."""
    form = ClaimStepForm(request.POST)
    try:
        services.claim_step_record(
            actor=request.actor,
            case_id=case_id,
            step=form.cleaned_data["step"] if form.is_valid() else form.data.get("step", ""),
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        _refused(request, error)
    return _back(case_id)
