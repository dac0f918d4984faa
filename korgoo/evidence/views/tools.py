"""Public tools for workers: the calculators, the deadline checker and document verification
(no session, no cookie; nothing typed ever in a URL)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from korgoo.core.actor import ActorRequest
from korgoo.core.errors import NotFound, Throttled
from korgoo.core.throttle import Window, client_fingerprint
from korgoo.intake.sessions import session_report, worker_page_as

from ..forms import (
    CALCULATOR_FORMS,
    VerifyForm,
    country_prefill,
)
from ..models import DocumentKind
from ..services import calculations, documents
from .common import VERIFY_PER_CLIENT, VERIFY_WINDOW, _compute, present


@worker_page_as("public")
def tools(request: ActorRequest) -> HttpResponse:
    country = country_prefill(request.GET.get("country"))
    return render(
        request,
        "evidence/tools.html",
        {
            "has_session": session_report(request) is not None,
            "query": f"?country={country}" if country else "",
        },
    )


def _calculator_page(request: ActorRequest, kind: str) -> HttpResponse:
    form_class = CALCULATOR_FORMS[kind]
    found = session_report(request)
    context: dict[str, Any] = {"kind": kind, "can_save": found is not None and not found.case.content_erased}
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        computed = _compute(form, kind)
        if computed is None:
            status = 400
        else:
            context["result"] = present(computed)
            if request.POST.get("save") and found is not None:
                try:
                    calculations.calculation_save_by_worker(case=found.case, computed=computed)
                except NotFound:
                    context["can_save"] = False
                else:
                    context["saved"] = True
    else:
        # A link from an article or elsewhere may choose the country: ?country=RU or ?country=KZ.
        initial: dict[str, Any] = {"as_of": None}
        if country := country_prefill(request.GET.get("country")):
            initial["country"] = country
        form = form_class(initial=initial)
    context["form"] = form
    return render(request, f"evidence/{kind}.html", context, status=status)


@worker_page_as("public")
@require_http_methods(["GET", "POST"])
def late_payment(request: ActorRequest) -> HttpResponse:
    return _calculator_page(request, "late_payment")


@worker_page_as("public")
@require_http_methods(["GET", "POST"])
def overtime(request: ActorRequest) -> HttpResponse:
    return _calculator_page(request, "overtime")


@worker_page_as("public")
@require_http_methods(["GET", "POST"])
def unpaid_wages(request: ActorRequest) -> HttpResponse:
    return _calculator_page(request, "unpaid_wages")


@worker_page_as("public")
@require_http_methods(["GET", "POST"])
def deadlines(request: ActorRequest) -> HttpResponse:
    return _calculator_page(request, "deadlines")


# --- The worker's diary -------------------------------------------------------------------------------


@worker_page_as("public")
@require_http_methods(["GET", "POST"])
def verify(request: ActorRequest) -> HttpResponse:
    """Anyone holding a document checks it: by its code, or by uploading the file. The answer names
    the kind and date of the document, whether its diary still holds, and its key facts (for whom, to
    whom, where, which sums) so that a paper with a copied code can be told from the one issued."""
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        window = Window(f"verify:{client_fingerprint(request)}", VERIFY_PER_CLIENT, VERIFY_WINDOW)
        if window.exceeded():
            error = Throttled(window.retry_after)
            context["error"] = str(error.message)
            response = render(request, "evidence/verify.html", context, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        window.hit()
        status = 400
        if form.is_valid():
            upload = form.cleaned_data.get("document")
            if upload is not None:
                if upload.size > settings.KORGOO_UPLOAD_MAX_BYTES:
                    form.add_error("document", _("The file is too large."))
                    return render(request, "evidence/verify.html", context, status=400)
                result = documents.document_verify_file(upload.read())
            else:
                result = documents.document_verify_code(form.cleaned_data["code"])
            context["result"] = result
            context["kind_label"] = DocumentKind(result.document.kind).label if result.document else ""
            status = 200
    return render(request, "evidence/verify.html", context, status=status)


# --- Staff: the evidence page of a case ----------------------------------------------------------------------
