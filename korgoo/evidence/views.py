"""Evidence pages: the calculators, the deadline checker, the work diary, the evidence bundle and
document verification for workers (phone-first, in their language, all working without
JavaScript), and the evidence page of a case for caseworkers.

Worker pages follow the intake's rules: no CSRF cookie but an Origin check, nothing typed ever in a
URL, and the diary only through the short worker session opened with the receipt. Staff pages decide
access through ``korgoo.cases`` (a case that is not yours answers 404, exactly like one that does not
exist) and every read or download leaves an audit row in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.cases.files import clean_upload
from korgoo.cases.models import Case
from korgoo.cases.selectors import CaseView, case_messages_for, case_worker_view
from korgoo.cases.services import case_read
from korgoo.core.actor import ActorRequest
from korgoo.core.choices import currency_of
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound, Throttled
from korgoo.core.gazetteer import locality_name
from korgoo.core.throttle import Window, client_fingerprint
from korgoo.core.web import errors_to_form
from korgoo.evidence.calculators import CalculationError
from korgoo.intake.sessions import session_report, worker_page_as
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, texts
from .forms import (
    CALCULATOR_FORMS,
    DiaryEntryForm,
    DocumentForm,
    VerifyForm,
    WorkerBundleForm,
    country_prefill,
)
from .models import CalculationKind, DocumentKind
from .services import calculations, diary, documents

PREFIXES = {"late_payment": "lp", "overtime": "ot", "unpaid_wages": "uw", "deadlines": "dl"}
#: Engine field names that the forms call otherwise.
FIELD_NAMES = {"today": None, "payments": None, "months": None, "days": None}
VERIFY_PER_CLIENT = 30
VERIFY_WINDOW = 15 * 60


# --- Calculators ----------------------------------------------------------------------------------------


def present(computed: calculations.Computed) -> dict[str, Any]:
    """What a page shows of a result: the API's data plus the details a worker needs."""
    shown: dict[str, Any] = {"kind": computed.kind, "data": computed.data}
    if computed.kind == CalculationKind.LATE_PAYMENT:
        shown["details"] = calculations.late_payment_details(computed.result)
        shown["kz_basis"] = computed.payload.get("day_count_basis") or 365
    shown["confirmed"] = all(s.get("confirmed") for s in computed.data.get("sources", []))
    return shown


def _attach_calculation_error(form: Any, error: CalculationError) -> None:
    name = error.field or ""
    name = FIELD_NAMES.get(name, name) or ""
    message = texts.error_message(error.code)
    form.add_error(name if name in form.fields else None, message)


def _compute(form: Any, kind: str) -> calculations.Computed | None:
    """The form's result, or None with the engine's complaint attached to the form."""
    if not form.is_valid():
        return None
    try:
        return calculations.calculate(kind, form.payload())
    except CalculationError as error:
        _attach_calculation_error(form, error)
        return None


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


def _draft(data: dict[str, Any]) -> diary.EntryDraft:
    return diary.EntryDraft(
        work_date=data["work_date"],
        place=data.get("place") or "",
        employer=data.get("employer") or "",
        start=data.get("start"),
        end=data.get("end"),
        break_minutes=data.get("break_minutes") or 0,
        rest_day=bool(data.get("rest_day")),
        pay_agreed=data.get("pay_agreed") or None,
        pay_received=data.get("pay_received") or None,
        currency=data.get("currency") or "RUB",
        supervisor=data.get("supervisor") or "",
        note=data.get("note") or "",
        corrects=data.get("corrects"),
    )


def _photos(uploads: list[Any]) -> list[Any]:
    if len(uploads) > diary.MAX_PHOTOS:
        raise ApplicationError(
            "too_many_photos",
            _("Too many photos. You can attach up to %(n)d to one entry.") % {"n": diary.MAX_PHOTOS},
        )
    return [clean_upload(upload.name or "photo", upload.read()) for upload in uploads]


def _diary_context(
    case: Case, form: DiaryEntryForm | None = None, saved: int | None = None
) -> dict[str, Any]:
    lines = selectors.diary_lines(case, with_names=False)  # the worker's page: no names (ADR 0004)
    check, _hashes = diary.diary_verify(case, with_files=False)
    if form is None:
        form = DiaryEntryForm(
            initial={
                "entry_key": diary.entry_key_issue(),
                "work_date": timezone.localdate(),
                "currency": currency_of(case.country),
                "break_minutes": 0,
            },
            earlier=len(lines),
        )
    return {
        "lines": list(reversed(lines)),
        "check": check,
        "form": form,
        "saved": saved,
        "erased": case.content_erased,
    }


@worker_page_as("worker")
def diary_page(request: ActorRequest) -> HttpResponse:
    """The worker's diary: the form for a new day and the days recorded, newest first."""
    found = session_report(request)
    if found is None:
        return render(request, "evidence/diary_locked.html", status=200)
    saved = request.GET.get("saved", "")
    return render(
        request,
        "evidence/diary.html",
        _diary_context(found.case, saved=int(saved) if saved.isdigit() else None),
    )


def _wants_json(request: ActorRequest) -> bool:
    return request.headers.get("X-Korgoo-Fetch") == "1"


@worker_page_as("worker")
@require_POST
def diary_add(request: ActorRequest) -> HttpResponse:
    """Save one day. The same form sent again (a retry) finds the entry already saved: the page
    script retries with the form it keeps in memory, and a browser's own resubmission carries the
    same entry key."""
    found = session_report(request)
    if found is None:
        if _wants_json(request):
            return JsonResponse({"code": "session_ended", "next": reverse("intake:track")}, status=401)
        return HttpResponseRedirect(reverse("intake:track"), status=303)
    case = found.case
    form = DiaryEntryForm(request.POST, request.FILES, earlier=selectors.diary_count(case))
    error: ApplicationError | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = diary.diary_entry_add_by_worker(
                case=case,
                draft=_draft(data),
                entry_key=data["entry_key"],
                photos=_photos(data.get("photos") or []),
                keep_originals=bool(data.get("keep_originals")),
            )
        except NotFound:
            return HttpResponseRedirect(reverse("evidence:diary"), status=303)
        except ApplicationError as failed:
            error = failed
        else:
            target = reverse("evidence:diary") + f"?saved={added.entry.seq}#entry-{added.entry.seq}"
            if _wants_json(request):
                return JsonResponse(
                    {"status": "saved", "seq": added.entry.seq, "replayed": added.replayed, "next": target}
                )
            return HttpResponseRedirect(target, status=303)
    if _wants_json(request):
        code = error.code if error else "invalid_entry"
        return JsonResponse({"code": code, "message": str(error.message) if error else ""}, status=400)
    if error is not None:
        errors_to_form(form, error)
        if error.code in ("form_expired", "entry_key_reused"):
            data = request.POST.copy()
            data["entry_key"] = diary.entry_key_issue()
            form.data = data
    return render(request, "evidence/diary.html", _diary_context(case, form=form), status=400)


def _worker_messages(case: Case) -> list[dict[str, Any]]:
    view = case_worker_view(case=case)
    return [{"id": str(m.id), "at": m.at, "sender": m.sender, "body": m.body} for m in view.messages]


def _choices(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    shown = []
    for m in items:
        excerpt = m["body"] if len(m["body"]) <= 80 else m["body"][:77] + "…"
        shown.append((m["id"], f"{timezone.localtime(m['at']):%d.%m.%Y %H:%M} — {excerpt}"))
    return shown


@worker_page_as("worker")
@require_http_methods(["GET", "POST"])
def diary_bundle(request: ActorRequest) -> HttpResponse:
    """The worker's evidence bundle: the diary, its photos, the calculations kept with the report and
    the messages the worker ticks, as a PDF to download."""
    found = session_report(request)
    if found is None:
        return HttpResponseRedirect(reverse("evidence:diary"), status=303)
    case = found.case
    if case.content_erased:
        return HttpResponseRedirect(reverse("evidence:diary"), status=303)
    conversation = _worker_messages(case)
    posted = request.POST if request.method == "POST" else None
    form = WorkerBundleForm(posted, message_choices=_choices(conversation))
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["messages"])
        lines = selectors.diary_lines(case, with_names=False)  # downloaded by the worker: no names
        data = documents.DocumentInput(
            case=case,
            kind=DocumentKind.EVIDENCE_BUNDLE,
            diary=lines,
            calculations=selectors.latest_calculations(case),
            messages=[m for m in conversation if m["id"] in chosen],
            photos=selectors.document_photos(case, lines),
            party=documents.Party(city=locality_name(case.locality_id, "ru"), country=case.country),
        )
        generated = documents.document_generate(data=data, actor=None)
        return attachment_response(generated.pdf, generated.filename)
    return render(
        request,
        "evidence/bundle.html",
        {
            "form": form,
            "entries": selectors.diary_count(case),
            "calculations": selectors.latest_calculations(case),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Verification ---------------------------------------------------------------------------------------


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


def _read(request: ActorRequest, case_id: Any, purpose: str = "evidence.viewed") -> CaseView:
    try:
        return case_read(actor=request.actor, case_id=case_id, purpose=purpose)
    except NotFound as exc:
        raise Http404 from exc


def _staff_messages(view: CaseView) -> list[dict[str, Any]]:
    return [
        {"id": str(m.id), "at": m.at, "sender": m.sender, "body": m.body}
        for m in case_messages_for(view=view)
    ]


def _staff_context(actor: Any, view: CaseView, **overrides: Any) -> dict[str, Any]:
    case = view.case
    visible = selectors.diary_visible(view)
    lines = selectors.staff_diary_lines(view=view)
    check, _hashes = diary.diary_verify(case, with_files=False)
    is_holder = view.is_holder and not case.content_erased
    employer = view.report.get("employer_name", "") or next(
        (line.content.get("employer") for line in lines if line.content.get("employer")), ""
    )
    document_form = DocumentForm(
        initial={"worker_name": view.report.get("full_name", ""), "employer": employer},
        message_choices=_choices(_staff_messages(view)) if view.sensitive else [],
    )
    calculators = {kind: form_class(prefix=PREFIXES[kind]) for kind, form_class in CALCULATOR_FORMS.items()}
    context: dict[str, Any] = {
        "view": view,
        "case": case,
        "diary_visible": visible,
        "entries": selectors.diary_count(case),
        "lines": lines,
        "check": check,
        "calculations": selectors.calculations_for(case) if view.sensitive else [],
        "documents": selectors.documents_for(case),
        "can_work": is_holder and actor.has(Perm.CASE_WORK) and view.sensitive,
        "can_bundle": visible and actor.has(Perm.CASE_VIEW_SENSITIVE),
        "can_letters": is_holder and actor.has(Perm.CASE_WORK) and view.sensitive,
        "can_view_original": actor.has(Perm.FILE_VIEW_ORIGINAL),
        "calculators": calculators,
        "document_form": document_form,
        "diary_form": DiaryEntryForm(
            prefix="diary",
            initial={
                "entry_key": diary.entry_key_issue(),
                "work_date": timezone.localdate(),
                "currency": currency_of(case.country),
                "break_minutes": 0,
            },
            earlier=len(lines),
        ),
        "kinds": DocumentKind.choices,
        "today": timezone.localdate(),
    }
    context.update(overrides)
    return context


@staff_view(Perm.CASE_VIEW)
def case_evidence(request: ActorRequest, case_id: Any) -> HttpResponse:
    actor = request.actor
    view = _read(request, case_id)
    return render(request, "evidence/case.html", _staff_context(actor, view))


def _back(case: Case, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("evidence:case", args=[case.pk]) + anchor, status=303)


@require_POST
@staff_view(Perm.CASE_WORK)
def case_calculate(request: ActorRequest, case_id: Any, kind: str) -> HttpResponse:
    """Run a calculator on the case page and save the result to the case."""
    actor = request.actor
    view = _read(request, case_id)
    if not view.is_holder or not view.sensitive:
        raise Http404
    form = CALCULATOR_FORMS[kind](request.POST, prefix=PREFIXES[kind])
    computed = _compute(form, kind)
    if computed is None:
        calculators = {k: f(prefix=PREFIXES[k]) for k, f in CALCULATOR_FORMS.items()}
        calculators[kind] = form
        return render(
            request,
            "evidence/case.html",
            _staff_context(actor, view, calculators=calculators, open_kind=kind),
            status=400,
        )
    try:
        calculations.calculation_save_by_staff(actor=actor, case=view.case, computed=computed)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("The calculation was saved to the case."))
    return _back(view.case, "#calculations")


@require_POST
@staff_view(Perm.CASE_WORK)
def case_diary_add(request: ActorRequest, case_id: Any) -> HttpResponse:
    """A caseworker records a day on the worker's behalf; the entry is marked as the organisation's."""
    actor = request.actor
    view = _read(request, case_id)
    if not view.is_holder or not selectors.diary_visible(view):
        raise Http404
    form = DiaryEntryForm(
        request.POST, request.FILES, prefix="diary", earlier=selectors.diary_count(view.case)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            diary.diary_entry_add_by_staff(
                actor=actor,
                case=view.case,
                draft=_draft(data),
                entry_key=data["entry_key"],
                photos=_photos(data.get("photos") or []),
            )
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The entry was added to the diary."))
            return _back(view.case, "#diary")
    return render(request, "evidence/case.html", _staff_context(actor, view, diary_form=form), status=400)


@require_POST
@staff_view(Perm.CASE_VIEW_SENSITIVE)
def case_document(request: ActorRequest, case_id: Any, kind: str) -> HttpResponse:
    """Generate a PDF of the case: the evidence bundle (for anyone who may read the diary) or a draft
    letter (for caseworkers of the organisation holding the case). Audited; the file is not kept."""
    actor = request.actor
    view = _read(request, case_id, purpose="evidence.document_viewed")
    visible = selectors.diary_visible(view)
    if kind == DocumentKind.EVIDENCE_BUNDLE:
        if not visible:
            raise Http404
    elif not (view.is_holder and actor.has(Perm.CASE_WORK) and not view.case.content_erased):
        raise Http404
    conversation = _staff_messages(view)
    form = DocumentForm(request.POST, message_choices=_choices(conversation))
    if not form.is_valid():
        return render(
            request, "evidence/case.html", _staff_context(actor, view, document_form=form), status=400
        )
    chosen = set(form.cleaned_data["messages"])
    lines = selectors.staff_diary_lines(view=view)
    case = view.case
    data = documents.DocumentInput(
        case=case,
        kind=kind,
        diary=lines,
        calculations=selectors.latest_calculations(case),
        messages=[m for m in conversation if m["id"] in chosen]
        if kind == DocumentKind.EVIDENCE_BUNDLE
        else [],
        photos=selectors.document_photos(case, lines) if kind == DocumentKind.EVIDENCE_BUNDLE else {},
        party=documents.Party(
            worker_name=form.cleaned_data.get("worker_name") or "",
            employer=form.cleaned_data.get("employer") or "",
            city=locality_name(case.locality_id, "ru"),  # the documents are in Russian
            country=case.country,
            contract=form.cleaned_data.get("contract") or "",
        ),
    )
    generated = documents.document_generate(data=data, actor=actor)
    return attachment_response(generated.pdf, generated.filename)


@staff_view(Perm.CASE_VIEW)
def case_photo(request: ActorRequest, case_id: Any, file_id: Any, original: bool = False) -> HttpResponse:
    try:
        data, filename = diary.diary_photo_download(
            actor=request.actor, case_id=case_id, photo_id=file_id, original=original
        )
    except NotFound as exc:
        raise Http404 from exc
    return attachment_response(data, filename)
