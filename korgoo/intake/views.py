"""Worker pages: report, receipt, follow the case, quick exit. They work without JavaScript.

These pages set no cookie at all until the worker opens their case with the receipt; then a
browser-session cookie (HttpOnly, SameSite=Strict) holds a random token, ended by quick exit or after
20 idle minutes. Cross-site posts are refused by SameSite and by the Origin check, so the pages need
no CSRF cookie. Nothing the worker typed is ever put in a URL.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.cases.choices import EventKind, Outcome, Status
from korgoo.cases.files import Upload
from korgoo.cases.selectors import case_worker_view
from korgoo.cases.services import NewReport
from korgoo.core import receipts
from korgoo.core.choices import GOVERNMENT_KINDS, OrganisationKind
from korgoo.core.errors import ApplicationError, NotFound, Throttled
from korgoo.core.throttle import client_fingerprint
from korgoo.core.web import errors_to_form

from . import services
from .forms import (
    CARRIED_FIELDS,
    MULTIPLE_FIELDS,
    NO_CONTACT,
    REPORT_STEPS,
    STEP_SLUGS,
    AddInfoForm,
    ConsentForm,
    MessageForm,
    ReceiptForm,
    ReportForm,
    ReportStep,
)
from .models import Report
from .pictures import receipt_picture_data_url
from .sessions import session_end, session_forget, session_report, session_start, worker_page


def _uploads(files: list[Any]) -> list[Upload]:
    """The files as sent, measured but not decoded (the services decode them last, with limits)."""
    if len(files) > settings.KORGOO_UPLOAD_MAX_FILES:
        raise ApplicationError(
            "too_many_files",
            _("Too many files. You can attach up to %(n)d.") % {"n": settings.KORGOO_UPLOAD_MAX_FILES},
        )
    return [Upload(name=f.name or "file", data=f.read()) for f in files]


def _error_status(error: ApplicationError) -> int:
    return error.status if error.status in (409, 429, 503) else 400


@worker_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/home.html")


@worker_page
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The report, one question per page (the GOV.UK pattern), without JavaScript.

    Nothing is kept on the server or in the browser before the report is sent: each page carries the
    answers of the others in hidden fields of its own form, and "Back" and "Change" are buttons of
    that form, so nothing typed is lost. The last page shows every answer, takes the files and
    sends. On success the receipt is shown on this very answer (never in a URL). The same form sent
    again (a retry after a lost answer) shows the same receipt and makes no second report: the form
    token, issued when the first page is opened, is its idempotency key.
    """
    if request.method == "GET":
        fresh = QueryDict(mutable=True)
        fresh["form_token"] = services.form_token_issue()
        return _step_page(request, REPORT_STEPS[0], fresh)
    current = _step(request.POST.get("step"))
    go = request.POST.get("go", "next")
    if go == "back":
        return _step_page(request, _neighbour(current, -1), request.POST)
    if go.startswith("edit-"):
        return _step_page(request, _step(go.removeprefix("edit-")), request.POST)
    if current.slug != "check" or go != "send":
        form = ReportForm(request.POST).only(current.fields)
        if not form.is_valid():
            return _step_page(request, current, request.POST, refused=form)
        return _step_page(request, _neighbour(current, 1), request.POST)
    return _report_send(request)


def _step(slug: str | None) -> ReportStep:
    return REPORT_STEPS[STEP_SLUGS.index(slug)] if slug in STEP_SLUGS else REPORT_STEPS[0]


def _neighbour(step: ReportStep, offset: int) -> ReportStep:
    index = min(max(STEP_SLUGS.index(step.slug) + offset, 0), len(REPORT_STEPS) - 1)
    return REPORT_STEPS[index]


def _step_page(
    request: HttpRequest, step: ReportStep, data: QueryDict, refused: ReportForm | None = None
) -> HttpResponse:
    """A page of the report: its questions filled with what was typed, the other answers in hidden
    fields, the progress; with the errors of `refused` (the same page, sent with mistakes)."""
    if refused is not None:
        form = refused
    else:
        initial = {name: data.getlist(name) if name in MULTIPLE_FIELDS else data.get(name) for name in data}
        form = ReportForm(initial={k: v for k, v in initial.items() if v not in (None, "", [])})
        form.only(step.fields)
    hidden = [
        (name, value) for name in CARRIED_FIELDS if name not in step.fields for value in data.getlist(name)
    ]
    number = STEP_SLUGS.index(step.slug) + 1
    context = {
        "form": form,
        "step": step,
        "number": number,
        "total": len(REPORT_STEPS),
        "hidden": hidden,
        "first": number == 1,
        "error_links": _error_links(form) if refused is not None else [],
        "country": data.get("country", ""),
    }
    if step.slug == "check":
        context["answers"] = _answers(data)
    return render(request, "intake/report_step.html", context, status=400 if refused is not None else 200)


def _error_links(form: ReportForm) -> list[tuple[str, str]]:
    """(anchor, message) of each error, for the summary at the top of the page."""
    links = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        anchor = ""
        if field is not None:
            widget = form[name]
            anchor = widget.id_for_label or widget.auto_id
            if isinstance(field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                anchor = f"{widget.auto_id}_0"
        for message in errors:
            links.append((anchor, str(message)))
    return links


def _answers(data: QueryDict) -> list[dict[str, Any]]:
    """Every answer as the worker will read it on the last page, by the page that asked it."""
    form = ReportForm(data)
    rows = []
    for step in REPORT_STEPS[:-1]:
        for name in step.fields:
            field = form.fields[name]
            values = data.getlist(name)
            if isinstance(field, forms.ChoiceField):
                labels = {str(value): label for value, label in field.choices}  # type: ignore[misc, union-attr]
                shown = ", ".join(str(labels.get(v, "")) for v in values if v)
            elif isinstance(field, forms.BooleanField):
                shown = str(_("Yes")) if data.get(name) else ""
            else:
                shown = data.get(name, "")
            if name == "contact_value" and data.get("contact_channel", NO_CONTACT) == NO_CONTACT:
                continue
            rows.append({"label": field.label, "value": shown, "step": step.slug, "name": name})
    return rows


def _report_send(request: HttpRequest) -> HttpResponse:
    """The last page: every answer checked again, then the report is made."""
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        # Only a tampered page gets here with an error on an earlier question: show that page.
        wrong = next(
            (step for step in REPORT_STEPS if any(name in form.errors for name in step.fields)),
            REPORT_STEPS[-1],
        )
        return _step_page(request, wrong, request.POST, refused=ReportForm(request.POST).only(wrong.fields))
    data = form.cleaned_data
    try:
        if data.get("website"):
            raise ApplicationError("form_expired", _("The form has expired. Please send it again."))
        nonce = services.form_token_check(data.get("form_token") or "")
        files = _uploads(data.get("attachments") or [])
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
        answers = request.POST.copy()
        if error.code == "form_expired":
            answers["form_token"] = services.form_token_issue()  # a new token: the answers are kept
        shown = ReportForm(answers).only(REPORT_STEPS[-1].fields)
        shown.is_valid()
        errors_to_form(shown, error)
        response = _step_page(request, REPORT_STEPS[-1], answers, refused=shown)
        response.status_code = _error_status(error)
        if isinstance(error, (Throttled, services.Overloaded)):
            response["Retry-After"] = str(error.retry_after)
        return response
    return _receipt_page(request, submitted.receipt)


def _receipt_page(request: HttpRequest, receipt: str) -> HttpResponse:
    shown = receipts.display(receipt)
    return render(
        request,
        "intake/receipt.html",
        {
            "receipt": shown,
            "receipt_groups": shown.split(),
            "receipt_picture": receipt_picture_data_url(shown),
            "inactive_days": services.receipt_inactive_days(),
        },
        status=201,
    )


@worker_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Enter the receipt. Every wrong receipt gets the same answer; what was typed stays in the field
    so that one wrong digit is corrected, not the whole code typed again."""
    form = ReceiptForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "receipt_hint": _receipt_hint()}
    if request.method != "POST":
        return render(request, "intake/track.html", context)
    if not form.is_valid():
        return render(request, "intake/track.html", context, status=400)
    try:
        found = services.report_find(
            raw_receipt=form.cleaned_data["receipt"], client=client_fingerprint(request)
        )
    except Throttled as error:
        context["error"] = str(error.message)
        response = render(request, "intake/track.html", context, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except NotFound:
        context["error"] = _("We could not open a report with this code. Check the digits and try again.")
        return render(request, "intake/track.html", context, status=404)
    token = services.worker_session_open(report=found)
    return session_start(HttpResponseRedirect(reverse("intake:case"), status=303), token)


def _receipt_hint() -> str:
    return _(
        "The code is the %(digits)d digits you wrote down (older codes have 26). Spaces and dashes do not matter."
    ) % {"digits": receipts.RANDOM_DIGITS + 1}


def _to_track() -> HttpResponse:
    return session_forget(HttpResponseRedirect(reverse("intake:track"), status=303))


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
    EventKind.CONSENT_RESTORED: lambda e: _("You undid the withdrawal of your consent."),
    EventKind.WORKER_CLOSED: lambda e: _("You closed your report."),
    # The return home (korgoo.homecoming): names only, as the event carries them.
    EventKind.RETURNED_HOME: lambda e: (
        _("You said that you returned home.")
        if e.data.get("by_worker")
        else _("Your return home was recorded.")
    ),
    EventKind.HANDOVER_CONSENTED: lambda e: (
        _("You agreed that %(organisation)s continues your report at home.")
        % {"organisation": e.data.get("to_name", "")}
    ),
    EventKind.CLAIM_UPDATED: lambda e: (
        _("%(organisation)s recorded a step of your wage claim.")
        % {"organisation": e.data.get("by_name", "")}
    ),
    # Consular appointments linked to the report (korgoo.consular): where and when, never the code.
    EventKind.CONSULAR_BOOKED: lambda e: (
        _("An appointment was booked for you at %(mission)s, %(when)s.")
        % {"mission": e.data.get("mission", ""), "when": e.data.get("when", "")}
    ),
    EventKind.CONSULAR_CANCELLED: lambda e: (
        _("Your appointment at %(mission)s, %(when)s, was cancelled.")
        % {"mission": e.data.get("mission", ""), "when": e.data.get("when", "")}
    ),
    EventKind.CONSULAR_REMINDED: lambda e: (
        _("Reminder: your appointment at %(mission)s is %(when)s. Bring your passport and the booking code.")
        % {"mission": e.data.get("mission", ""), "when": e.data.get("when", "")}
    ),
}


def _worker_context(found: Report) -> dict[str, Any]:
    view = case_worker_view(case=found.case)
    events = [
        {"at": e.at, "text": EVENT_TEXT[EventKind(e.kind)](e)} for e in view.events if e.kind in EVENT_TEXT
    ]
    latest = next((m for m in reversed(view.messages) if m.sender != "worker"), None)
    return {
        "view": view,
        "events": events,
        "status_label": Status(view.status).label,
        "outcome_label": Outcome(view.outcome).label if view.outcome else "",
        "next_step": _next_step(view),
        "latest": latest,
        "conversation": [
            (m, OrganisationKind(m.organisation_kind).label if m.organisation_kind else "")
            for m in view.messages
        ],
        "write_days": settings.KORGOO_WORKER_WRITE_DAYS_AFTER_CLOSING,
        "grace_days": settings.KORGOO_WITHDRAWAL_GRACE_DAYS,
        "holder_kind_label": OrganisationKind(view.holder_kind).label if view.holder_kind else "",
        "message_form": MessageForm(),
        "info_form": AddInfoForm(),
        "consent_form": ConsentForm(),
        "consented": [(k, OrganisationKind(k).label) for k in view.share_with],
    }


def _next_step(view: Any) -> str:
    """What happens next, in one plain sentence, from where the case stands."""
    if view.erased_on:
        return _(
            "You withdrew your consent: no organisation can see your report now. It will be deleted on %(day)s. Until then you can undo this below."
        ) % {"day": date_format(view.erased_on, "SHORT_DATE_FORMAT")}
    if view.withdrawn_at:
        return _(
            "You withdrew your consent: no organisation can see your report, and its content was deleted."
        )
    if not view.is_open:
        if view.may_write and view.write_until:
            return _(
                "Your report is closed. If you need to, you can still write to the organisation until %(day)s."
            ) % {"day": date_format(view.write_until, "SHORT_DATE_FORMAT")}
        return _("Your report is closed. If something new has happened, send a new report.")
    if not view.holder_name:
        return _(
            "A coordinator is choosing the organisation that can help you. Come back with your code in a day or two."
        )
    if view.status == Status.NEW:
        return _(
            "%(organisation)s has your report and will answer here. Come back with your code in a day or two."
        ) % {"organisation": view.holder_name}
    return _("%(organisation)s is working on your report. Read its messages below and answer them.") % {
        "organisation": view.holder_name
    }


@worker_page
def case(request: HttpRequest) -> HttpResponse:
    found = session_report(request)
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
def case_restore(request: HttpRequest) -> HttpResponse:
    return _worker_action(request, "restore")


@worker_page
@require_POST
def case_close(request: HttpRequest) -> HttpResponse:
    return _worker_action(request, "close")


def _worker_action(request: HttpRequest, action: str) -> HttpResponse:
    found = session_report(request)
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
            services.worker_info_add(
                report=found,
                text=form.cleaned_data.get("text") or "",
                files=_uploads(form.cleaned_data.get("attachments") or []),
                keep_originals=bool(form.cleaned_data.get("keep_originals")),
                client=client_fingerprint(request),
            )
        elif action == "consent":
            form = ConsentForm(request.POST)
            context["consent_form"] = form
            if not form.is_valid():
                return render(request, "intake/case.html", context, status=400)
            services.worker_consent_withdraw(report=found, kinds=form.cleaned_data["withdraw"])
        elif action == "restore":
            services.worker_consent_restore(report=found)
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
    response = session_end(request, HttpResponseRedirect(str(settings.KORGOO_QUICK_EXIT_URL), status=303))
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
