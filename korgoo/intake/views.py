"""Worker pages: report, receipt, follow the case, quick exit. They work without JavaScript.

These pages set no cookie at all until the worker opens their case with the receipt; then a
browser-session cookie (HttpOnly, SameSite=Strict) holds a random token, ended by quick exit or after
20 idle minutes. Cross-site posts are refused by SameSite and by the Origin check, so the pages need
no CSRF cookie. Nothing the worker typed is ever put in a URL.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.cases.choices import EventKind, Outcome, Status
from korgoo.cases.files import CleanFile, clean_upload
from korgoo.cases.selectors import case_worker_view
from korgoo.cases.services import NewReport
from korgoo.core import receipts
from korgoo.core.choices import GOVERNMENT_KINDS, OrganisationKind
from korgoo.core.errors import ApplicationError, NotFound, Throttled
from korgoo.core.throttle import client_fingerprint

from . import services
from .forms import NO_CONTACT, AddInfoForm, ConsentForm, MessageForm, ReceiptForm, ReportForm
from .models import Report

WORKER_COOKIE = "korgoo_w"


def worker_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public worker page: no CSRF cookie, but cross-site posts are refused by their Origin."""

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

    wrapper.korgoo_access = "worker" if view.__name__.startswith("case") else "public"  # type: ignore[attr-defined]
    return wrapper


def _clean_files(uploads: list[Any]) -> list[CleanFile]:
    if len(uploads) > settings.KORGOO_UPLOAD_MAX_FILES:
        raise ApplicationError(
            "too_many_files",
            _("Too many files. You can attach up to %(n)d.") % {"n": settings.KORGOO_UPLOAD_MAX_FILES},
        )
    return [clean_upload(upload.name or "file", upload.read()) for upload in uploads]


def _error_status(error: ApplicationError) -> int:
    return error.status if error.status in (409, 429, 503) else 400


@worker_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/home.html")


@worker_page
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The report form. On success the receipt is shown on this very answer (never in a URL), with
    advice to write it down. The same form sent again (a retry after a lost answer) shows the same
    receipt and makes no second report."""
    if request.method == "GET":
        form = ReportForm(initial={"form_token": services.form_token_issue()})
        return render(request, "intake/report.html", {"form": form})
    form = ReportForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("website"):
                raise ApplicationError("form_expired", _("The form has expired. Please send it again."))
            nonce = services.form_token_check(data.get("form_token") or "")
            files = _clean_files(data.get("attachments") or [])
            kinds = list(data["share_with"])
            if data["share_with_consulate"]:
                kinds += sorted(GOVERNMENT_KINDS)
            new = NewReport(
                language=request.LANGUAGE_CODE,
                country=data["country"],
                city=data["city"],
                categories=data["categories"],
                description=data["description"],
                employer_name=data.get("employer_name") or "",
                happened_on=data.get("happened_on"),
                contact_channel="" if data["contact_channel"] == NO_CONTACT else data["contact_channel"],
                contact_value=data.get("contact_value") or "",
                full_name=data.get("full_name") or "",
                prefers_woman_caseworker=bool(data.get("prefers_woman_caseworker")),
                share_with=kinds,
                sector=data.get("sector") or "",
            )
            submitted = services.report_submit(
                new=new,
                files=files,
                keep_originals=bool(data.get("keep_originals")),
                idempotency_key=f"form:{nonce}",
                client=client_fingerprint(request),
            )
        except ApplicationError as error:
            if error.code == "idempotency_key_reused":
                error = ApplicationError("form_used", _("This form was already sent. Check your receipt."))
            for name, messages in error.fields.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
            if not error.fields:
                form.add_error(None, str(error.message))
            status = _error_status(error)
            response = _rerender(request, form, status)
            if isinstance(error, (Throttled, services.Overloaded)):
                response["Retry-After"] = str(error.retry_after)
            return response
        return render(
            request,
            "intake/receipt.html",
            {
                "receipt": receipts.display(submitted.receipt),
                "receipt_groups": receipts.display(submitted.receipt).split(),
                "inactive_days": services.receipt_inactive_days(),
            },
            status=201,
        )
    return _rerender(request, form, status)


def _rerender(request: HttpRequest, form: ReportForm, status: int) -> HttpResponse:
    """Show the form again with everything the worker typed (files must be chosen again)."""
    data = request.POST.copy()
    data["form_token"] = services.form_token_issue()
    form.data = data
    return render(
        request, "intake/report.html", {"form": form, "files_lost": bool(request.FILES)}, status=status
    )


@worker_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter the receipt. Every wrong receipt gets the same answer."""
    form = ReceiptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                found = services.report_find(
                    raw_receipt=form.cleaned_data["receipt"], client=client_fingerprint(request)
                )
            except Throttled as error:
                context = {"form": ReceiptForm(), "error": str(error.message)}
                response = render(request, "intake/track.html", context, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except NotFound:
                context = {
                    "form": ReceiptForm(),
                    "error": _("We could not open a report with this code. Check the digits and try again."),
                }
                return render(request, "intake/track.html", context, status=404)
            token = services.worker_session_open(report=found)
            response = HttpResponseRedirect(reverse("intake:case"), status=303)
            response.set_cookie(
                WORKER_COOKIE,
                token,
                httponly=True,
                samesite="Strict",
                secure=getattr(settings, "KORGOO_WORKER_COOKIE_SECURE", False),
            )
            return response
    return render(request, "intake/track.html", {"form": form}, status=status)


def _session_report(request: HttpRequest) -> Report | None:
    return services.worker_session_report(request.COOKIES.get(WORKER_COOKIE))


def _to_track() -> HttpResponse:
    response = HttpResponseRedirect(reverse("intake:track"), status=303)
    response.delete_cookie(WORKER_COOKIE, samesite="Strict")
    return response


EVENT_TEXT = {
    EventKind.OPENED: lambda e: _("Your report was received."),
    EventKind.STATUS_CHANGED: lambda e: (
        _("Status: %(status)s") % {"status": Status(e.data.get("to", "new")).label}
    ),
    EventKind.CLOSED: lambda e: (
        _("Your report was closed. Result: %(outcome)s")
        % {"outcome": Outcome(e.data.get("outcome", "unresolved")).label}
    ),
    EventKind.REOPENED: lambda e: _("Your report was opened again."),
    EventKind.INFO_ADDED: lambda e: _("You added information."),
    EventKind.REFERRAL_ACCEPTED: lambda e: (
        _("Your report was passed to another organisation: %(kind)s")
        % {"kind": OrganisationKind(e.data.get("to_kind", "other")).label}
    ),
    EventKind.REFERRAL_REVOKED: lambda e: _("Your report went back to the organisation that had it before."),
    EventKind.CONSENT_WITHDRAWN: lambda e: _("You withdrew your consent."),
    EventKind.WORKER_CLOSED: lambda e: _("You closed your report."),
}


def _worker_context(found: Report) -> dict[str, Any]:
    view = case_worker_view(case=found.case)
    events = [
        {"at": e.at, "text": EVENT_TEXT[EventKind(e.kind)](e)} for e in view.events if e.kind in EVENT_TEXT
    ]
    return {
        "view": view,
        "events": events,
        "status_label": Status(view.status).label,
        "outcome_label": Outcome(view.outcome).label if view.outcome else "",
        "message_form": MessageForm(),
        "info_form": AddInfoForm(),
        "consent_form": ConsentForm(),
        "consented": [(k, OrganisationKind(k).label) for k in view.share_with],
    }


@worker_page
def case(request: HttpRequest) -> HttpResponse:
    found = _session_report(request)
    if found is None:
        return _to_track()
    return render(request, "intake/case.html", _worker_context(found))


@worker_page
@require_POST
def case_message(request: HttpRequest) -> HttpResponse:
    return _worker_action(request, "message")


@worker_page
@require_POST
def case_add(request: HttpRequest) -> HttpResponse:
    return _worker_action(request, "add")


@worker_page
@require_POST
def case_consent(request: HttpRequest) -> HttpResponse:
    return _worker_action(request, "consent")


@worker_page
@require_POST
def case_close(request: HttpRequest) -> HttpResponse:
    return _worker_action(request, "close")


def _worker_action(request: HttpRequest, action: str) -> HttpResponse:
    found = _session_report(request)
    if found is None:
        return _to_track()
    context = _worker_context(found)
    form: forms.Form
    try:
        if action == "message":
            form = MessageForm(request.POST)
            context["message_form"] = form
            if not form.is_valid():
                return render(request, "intake/case.html", context, status=400)
            services.worker_message_send(report=found, body=form.cleaned_data["body"])
        elif action == "add":
            form = AddInfoForm(request.POST, request.FILES)
            context["info_form"] = form
            if not form.is_valid():
                return render(request, "intake/case.html", context, status=400)
            files = _clean_files(form.cleaned_data.get("attachments") or [])
            services.worker_info_add(
                report=found,
                text=form.cleaned_data.get("text") or "",
                files=files,
                keep_originals=bool(form.cleaned_data.get("keep_originals")),
            )
        elif action == "consent":
            form = ConsentForm(request.POST)
            context["consent_form"] = form
            if not form.is_valid():
                return render(request, "intake/case.html", context, status=400)
            services.worker_consent_withdraw(report=found, kinds=form.cleaned_data["withdraw"])
        elif action == "close":
            services.worker_close(report=found)
    except NotFound:
        return _to_track()
    except ApplicationError as error:
        context["action_error"] = str(error.message)
        return render(request, "intake/case.html", context, status=_error_status(error))
    return HttpResponseRedirect(reverse("intake:case") + "#latest", status=303)


@worker_page
@require_http_methods(["GET", "POST"])
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave at once: end the worker session on the server, ask the browser to forget this site, and
    go to a neutral page."""
    services.worker_session_end(request.COOKIES.get(WORKER_COOKIE))
    response = HttpResponseRedirect(str(settings.KORGOO_QUICK_EXIT_URL), status=303)
    response.delete_cookie(WORKER_COOKIE, samesite="Strict")
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
