"""Staff pages of court decisions: upload, the list, a decision with its facts and their sentences,
the review queue and the mission's court alerts. Thin: forms in, services and selectors, templates out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.pagination import Page
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, services
from .choices import CODE_SHORT, Expulsion, FieldName, Outcome, Proceeding
from .forms import DecisionFilterForm, LinkForm, UploadForm
from .models import Decision, Fact
from .regions import BY_KEY

PAGE_SIZE = 30


def _decision_or_404(request: ActorRequest, decision_id: Any) -> Decision:
    try:
        return selectors.decision_get_for(actor=request.actor, decision_id=decision_id)
    except NotFound as exc:
        raise Http404 from exc


def display(field: str, value: Any) -> str:
    """A fact's value as staff read it, in the page's language."""
    labels: dict[str, Any] = {
        "proceeding": dict(Proceeding.choices),
        "outcome": dict(Outcome.choices),
        "expulsion": dict(Expulsion.choices),
    }
    if value is None or value == "" or value == []:
        return _("not stated") if field == "interpreter" else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field in labels:
        return str(labels[field].get(value, value))
    if field == "articles":
        return "; ".join(
            (f"ч. {a['part']} " if a.get("part") else "")
            + f"ст. {a['article']} {CODE_SHORT.get(a['code'], a['code'])}"
            for a in value
        )
    if field == "decided_on":
        return ".".join(reversed(str(value).split("-")))
    return str(value)


def _input_value(field: str, value: Any) -> str:
    """A fact's value as the correction field starts: articles as a court writes them."""
    if field == "articles" and value:
        return display(field, value)
    if value is None or isinstance(value, (list, bool)):
        return ""
    return str(value)


def _fact_rows(decision: Decision) -> list[dict[str, Any]]:
    labels = dict(FieldName.choices)
    rows = []
    for fact in decision.facts.all():
        rows.append(
            {
                "fact": fact,
                "label": labels.get(fact.field, fact.field),
                "shown": display(fact.field, fact.value),
                "input": _input_value(fact.field, fact.value),
            }
        )
    return rows


@staff_view(Perm.COURTS_MONITOR)
def decision_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = DecisionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DecisionFilters(
        region=data.get("region", ""),
        proceeding=data.get("proceeding", ""),
        outcome=data.get("outcome", ""),
        expulsion=data.get("expulsion", ""),
        court=data.get("court", ""),
    )
    page = Page(
        selectors.decision_list_for(actor=actor, filters=filters), request.GET.get("page", 1), PAGE_SIZE
    )
    return render(
        request,
        "courts/list.html",
        {
            "form": form,
            "upload": UploadForm(),
            "page": page,
            "regions": BY_KEY,
            "review_count": selectors.review_queue_for(actor=actor).count(),
            "alert_count": selectors.alert_list_for(actor=actor).count(),
        },
    )


@staff_view(Perm.COURTS_MONITOR)
def upload(request: ActorRequest) -> HttpResponse:
    """Bring in one or many saved pages. A file that cannot be read is named with its reason; the
    others are stored all the same."""
    actor = request.actor
    if request.method != "POST":
        return HttpResponseRedirect(reverse("courts:list"))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "courts/list.html",
            {"form": DecisionFilterForm(), "upload": form, "page": None, "review_count": 0, "alert_count": 0},
            status=400,
        )
    files = form.cleaned_data["pages"]
    stored: list[Decision] = []
    failed: list[tuple[str, str]] = []
    for upload_file in files:
        try:
            result = services.decision_ingest(
                actor=actor,
                data=upload_file.read(),
                filename=upload_file.name or "",
                source_url=form.cleaned_data["source_url"] if len(files) == 1 else "",
            )
        except ApplicationError as error:
            failed.append((upload_file.name or "", str(error.message)))
            continue
        stored.append(result.decision)
    if len(stored) == 1 and not failed:
        return HttpResponseRedirect(reverse("courts:detail", args=[stored[0].pk]))
    if stored:
        messages.success(
            request,
            ngettext(
                "%(count)s decision was brought in.", "%(count)s decisions were brought in.", len(stored)
            )
            % {"count": len(stored)},
        )
    for name, reason in failed:
        messages.error(request, _("File %(name)s: %(reason)s") % {"name": name, "reason": reason})
    return HttpResponseRedirect(reverse("courts:list"))


@staff_view(Perm.COURTS_MONITOR)
def detail(request: ActorRequest, decision_id: str) -> HttpResponse:
    decision = _decision_or_404(request, decision_id)
    return _detail_page(
        request, decision, LinkForm(initial={"case": decision.case.short_ref if decision.case else ""})
    )


def _detail_page(
    request: ActorRequest, decision: Decision, link_form: LinkForm, status: int = 200
) -> HttpResponse:
    actor = request.actor
    original = ""
    if request.GET.get("original") and decision.case_id:
        try:
            original = services.decision_original_text(actor=actor, decision=decision)
        except NotFound:
            original = ""
    return render(
        request,
        "courts/detail.html",
        {
            "decision": decision,
            "facts": _fact_rows(decision),
            "own": selectors.decision_is_own(actor=actor, decision=decision),
            "region": BY_KEY.get(decision.region),
            "link_form": link_form,
            "alerts": decision.alerts.filter(organisation=actor.organisation),
            "original": original,
            "can_open_original": bool(decision.case_id) and actor.has(Perm.CASE_VIEW_IDENTITY),
        },
        status=status,
    )


@staff_view(Perm.COURTS_MONITOR)
def review(request: ActorRequest, decision_id: str) -> HttpResponse:
    actor = request.actor
    decision = _decision_or_404(request, decision_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("courts:detail", args=[decision.pk]))
    field = request.POST.get("field", "")
    confirm = request.POST.get("action") == "confirm"
    value: Any = request.POST.get("value", "")
    try:
        services.fact_review(actor=actor, decision=decision, field=field, value=value, confirm=confirm)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        reason = (error.fields.get("value") or [error.message])[0]
        messages.error(
            request,
            _("%(field)s: %(message)s")
            % {"field": dict(FieldName.choices).get(field, field), "message": reason},
        )
        return HttpResponseRedirect(reverse("courts:detail", args=[decision.pk]) + f"#fact-{field}")
    messages.success(request, _("Saved."))
    back = request.POST.get("next")
    if back == "queue":
        return HttpResponseRedirect(reverse("courts:review_queue"))
    return HttpResponseRedirect(reverse("courts:detail", args=[decision.pk]))


@staff_view(Perm.COURTS_MONITOR)
def link(request: ActorRequest, decision_id: str) -> HttpResponse:
    actor = request.actor
    decision = _decision_or_404(request, decision_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("courts:detail", args=[decision.pk]))
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.decision_link_case(actor=actor, decision=decision, case_id=form.cleaned_data["case"])
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as error:
            form.add_error("case", error.fields.get("case", [str(error.message)])[0])
            form.add_error(None, str(error.message))
            return _detail_page(request, decision, form, status=400)
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("courts:detail", args=[decision.pk]))
    return _detail_page(request, decision, form, status=400)


@staff_view(Perm.COURTS_MONITOR)
def review_queue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    decisions = list(selectors.review_queue_for(actor=actor).prefetch_related("facts")[:50])
    labels = dict(FieldName.choices)
    items = []
    for decision in decisions:
        unsure: list[Fact] = [fact for fact in decision.facts.all() if fact.unsure]
        items.append(
            {
                "decision": decision,
                "facts": [
                    {
                        "fact": fact,
                        "label": labels.get(fact.field, fact.field),
                        "shown": display(fact.field, fact.value),
                        "input": _input_value(fact.field, fact.value),
                    }
                    for fact in unsure
                ],
            }
        )
    return render(request, "courts/review_queue.html", {"items": items})


@staff_view(Perm.COURTS_MONITOR)
def alerts(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    show_all = request.GET.get("all") == "1"
    rows = selectors.alert_list_for(actor=actor, open_only=not show_all)[:200]
    return render(request, "courts/alerts.html", {"alerts": rows, "show_all": show_all, "regions": BY_KEY})


@staff_view(Perm.COURTS_MONITOR)
def alert_done(request: ActorRequest, alert_id: str) -> HttpResponse:
    actor = request.actor
    try:
        alert = selectors.alert_get_for(actor=actor, alert_id=alert_id)
    except NotFound as exc:
        raise Http404 from exc
    if request.method == "POST":
        services.alert_close(actor=actor, alert=alert)
        messages.success(request, _("The task is done."))
    return HttpResponseRedirect(reverse("courts:alerts"))
