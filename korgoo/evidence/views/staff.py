"""The evidence page of a case for caseworkers: access is decided by ``korgoo.cases`` (a case
that is not yours answers 404, exactly like one that does not exist), and every read or download
leaves an audit row in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korgoo.cases.models import Case
from korgoo.cases.selectors import CaseView, case_messages_for
from korgoo.cases.services import case_read
from korgoo.core.actor import ActorRequest
from korgoo.core.choices import currency_of
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.gazetteer import locality_name
from korgoo.core.web import errors_to_form
from korgoo.organisations.permissions import Perm, staff_view

from .. import selectors
from ..forms import (
    CALCULATOR_FORMS,
    DiaryEntryForm,
    DocumentForm,
)
from ..models import DocumentKind
from ..services import calculations, diary, documents
from .common import PREFIXES, _choices, _compute, _draft, _photos


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
