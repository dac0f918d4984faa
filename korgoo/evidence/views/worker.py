"""The work diary and the evidence bundle, for a worker in the session opened with the receipt."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.cases.models import Case
from korgoo.core.actor import ActorRequest
from korgoo.core.choices import currency_of
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.gazetteer import locality_name
from korgoo.core.web import errors_to_form
from korgoo.intake.sessions import session_report, worker_page_as

from .. import selectors
from ..forms import (
    DiaryEntryForm,
    WorkerBundleForm,
)
from ..models import DocumentKind
from ..services import diary, documents
from .common import _choices, _draft, _photos, _worker_messages


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
