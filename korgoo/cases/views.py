"""Staff pages for case work: the inbox, the case page and its actions, the queue, routing rules.

Thin: parse the form, call a service or selector, render. Any case the actor may not see answers
404, like a case that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from korgoo.core.actor import ActorRequest
from korgoo.core.choices import Country
from korgoo.core.context_processors import staff_menu
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.errors import PermissionDenied as DomainPermissionDenied
from korgoo.core.gazetteer import locality_name
from korgoo.core.pagination import Page
from korgoo.core.web import errors_to_form
from korgoo.organisations.models import Gender, Membership, Organisation
from korgoo.organisations.permissions import Perm, staff_view
from korgoo.organisations.selectors import memberships_of, organisation_list_public
from korgoo.replies.selectors import case_panel

from . import selectors, services
from .choices import Category, SharedField, Status
from .exports import export_formats, inbox_export
from .files import clean_upload
from .forms import (
    AssignForm,
    CloseForm,
    DeadlineForm,
    FileForm,
    InboxFilterForm,
    MessageForm,
    NoteForm,
    PlaceForm,
    RoutingRuleForm,
    StatusForm,
    SuggestionForm,
    TriageForm,
)
from .models import RoutingRule, short_ref
from .permissions import coordination_scope
from .scanning import attachment_delete_infected
from .suggestions import suggestions_of

PAGE_SIZE = 50


def _filters_from(form: InboxFilterForm) -> selectors.InboxFilters:
    if not form.is_valid():
        return selectors.InboxFilters(status="open")
    data = form.cleaned_data
    assignee = data.get("assignee") or ""
    return selectors.InboxFilters(
        status=data.get("status") or "",
        category=data.get("category") or "",
        urgent={"1": True, "0": False}.get(data.get("urgent") or ""),
        assignee=int(assignee) if assignee.isdigit() else None,
        unassigned=assignee == "none",
        overdue=bool(data.get("overdue")),
        q=data.get("q") or "",
    )


@require_POST
@staff_view(Perm.CASE_VIEW)
def export(request: ActorRequest, fmt: str) -> HttpResponse:
    """The inbox as it is filtered (the filters come in the query string), as CSV or XLSX in a
    password-protected archive: the answer shows the one-time password and a single-use link. The
    format's own permission is checked by the service: without it, 403."""
    actor = request.actor
    members = list(memberships_of(actor=actor))
    filters = _filters_from(InboxFilterForm(request.GET or None, members=members))
    try:
        sealed = inbox_export(actor=actor, filters=filters, file_format=fmt)
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    query = request.GET.urlencode()
    return render(
        request,
        "organisations/export_ready.html",
        {
            "sealed": sealed,
            "download_url": reverse("exports:download", args=[sealed.export.pk]),
            "back_url": reverse("cases:inbox") + (f"?{query}" if query else ""),
        },
    )


@dataclass(frozen=True)
class InboxRow:
    """One inbox line, prepared in Python: a hundred-thousand-case inbox renders fifty of these per
    page, and plain strings render several times faster than model lookups in the template."""

    url: str
    ref: str
    urgent: bool
    awaiting_reply: bool
    categories: str
    place: str
    status: str
    assignee: str
    due: str
    overdue: bool
    last_activity: str


def inbox_rows(cases: list[dict[str, Any]], today: Any) -> list[InboxRow]:
    """Inbox lines from plain rows of `selectors.case_inbox_for` (no model instances)."""
    date_fmt, datetime_fmt = get_format("SHORT_DATE_FORMAT"), get_format("SHORT_DATETIME_FORMAT")
    category_labels = {value: str(label) for value, label in Category.choices}
    status_labels = {value: str(label) for value, label in Status.choices}
    detail_prefix = reverse("cases:detail", args=["00000000-0000-0000-0000-000000000000"]).replace(
        "00000000-0000-0000-0000-000000000000/", ""
    )
    categories = selectors.inbox_categories([case["id"] for case in cases])
    rows = []
    for case in cases:
        status = case["status"]
        due_on = case["due_on"]
        assignee = case["assignee__user__full_name"] or case["assignee__user__username"] or "—"
        rows.append(
            InboxRow(
                url=f"{detail_prefix}{case['id']}/",
                ref=short_ref(case["id"]),
                urgent=case["urgent"],
                awaiting_reply=case["awaiting_reply"],
                categories=", ".join(category_labels.get(c, c) for c in categories[case["id"]]),
                place=", ".join(filter(None, [locality_name(case["locality_id"]), case["country"]])),
                status=status_labels.get(status, status),
                assignee=assignee,
                due=dateformat.format(due_on, date_fmt) if due_on else "",
                overdue=status != Status.CLOSED and due_on is not None and due_on < today,
                last_activity=dateformat.format(timezone.localtime(case["last_activity_at"]), datetime_fmt),
            )
        )
    return rows


@staff_view()
def inbox(request: ActorRequest) -> HttpResponse:
    """The staff home: the inbox, or for roles without cases (analysts, editors) their first section."""
    actor = request.actor
    if not actor.has(Perm.CASE_VIEW):
        menu = staff_menu(actor)
        if not menu:
            raise PermissionDenied
        return HttpResponseRedirect(menu[0]["url"])
    members = list(memberships_of(actor=actor))
    form = InboxFilterForm(request.GET or None, members=members)
    filters = _filters_from(form)
    cases = selectors.case_inbox_for(actor=actor, filters=filters)
    page = Page(cases, request.GET.get("page", 1), PAGE_SIZE)
    return render(
        request,
        "cases/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": inbox_rows(page.object_list, timezone.localdate()),
            "today": timezone.localdate(),
            # Only how many: the offers themselves are listed on the referrals page.
            "offers": selectors.case_offers_for(actor=actor).count(),
            "export_formats": export_formats(actor),
        },
    )


def _view_or_404(request: ActorRequest, case_id: Any) -> selectors.CaseView:
    try:
        return services.case_read(actor=request.actor, case_id=case_id)
    except NotFound as exc:
        raise Http404 from exc


@staff_view(Perm.CASE_VIEW)
def detail(request: ActorRequest, case_id: Any) -> HttpResponse:
    actor = request.actor
    view = _view_or_404(request, case_id)
    context = _detail_context(actor, view)
    context.update(_reply_panel(actor, view, request.GET.get("reply", ""), request.LANGUAGE_CODE))
    return render(request, "cases/detail.html", context)


def _reply_panel(actor: Any, view: selectors.CaseView, chosen: str, page_language: str) -> dict[str, Any]:
    """The reply templates and the glossary beside the message form; a chosen template (`?reply=`)
    fills the message in the worker's language, for the caseworker to complete."""
    if not (view.is_holder and actor.has(Perm.CASE_WORK)):
        return {}
    panel = case_panel(
        actor=actor, worker_language=view.case.language, page_language=page_language, chosen=chosen
    )
    extra: dict[str, Any] = {"reply_panel": panel}
    if panel.body:
        extra["message_form"] = MessageForm(initial={"body": panel.body})
    return extra


@dataclass(frozen=True)
class SuggestionLine:
    """A suggestion read from the worker's text, as the case page shows it."""

    subject: str
    label: str
    state: str
    state_label: str
    words: list[str]


def _language_label(code: str) -> str:
    """The worker's language as staff read it: its name in the page's language (never the code)."""
    names = {"ky": _("Kyrgyz"), "ru": _("Russian"), "en": _("English")}
    return str(names.get(code, code))


CHANNEL_NAMES = {
    "telegram": "Telegram",
    "whatsapp": "WhatsApp",
    "sms": "SMS",
    "simulator": gettext_lazy("Chat simulation"),
}


def _detail_context(actor: Any, view: selectors.CaseView, **extra: Any) -> dict[str, Any]:
    """What the case page shows. The action forms (triage, assignment, status, deadline, file,
    closing) are not built here: each opens on demand (`_action`), so a page that is only read costs
    neither their queries nor their rendering."""
    case = view.case
    events = selectors.case_events_for(view=view)
    channel_origin, channels_linked = selectors.channels_in((e.kind, e.data) for e in events)
    # What the text suggested, for the organisation working the case (a viewer sees it read-only).
    case_suggestions = suggestions_of(case) if view.is_holder else []
    context = {
        "view": view,
        "case": case,
        "today": timezone.localdate(),
        "categories": [Category(c.category).label for c in case.categories.all()],
        "language_label": _language_label(case.language),
        "messages_list": selectors.case_messages_for(view=view),
        "notes": selectors.case_notes_for(actor=actor, view=view),
        "attachments": selectors.case_attachments_for(view=view),
        "events": events,
        "channel_origin": str(CHANNEL_NAMES.get(channel_origin, channel_origin)),
        "channels_linked": [str(CHANNEL_NAMES.get(name, name)) for name in channels_linked],
        "shared_labels": [SharedField(f).label for f in sorted(view.fields)],
        "can_triage": view.is_holder and actor.has(Perm.CASE_TRIAGE),
        "can_assign": view.is_holder and actor.has(Perm.CASE_ASSIGN),
        "can_work": view.is_holder and actor.has(Perm.CASE_WORK),
        "can_close": view.is_holder and actor.has(Perm.CASE_CLOSE),
        "can_refer": view.is_holder and actor.has(Perm.REFERRAL_MAKE),
        "can_view_original": actor.has(Perm.FILE_VIEW_ORIGINAL),
        "can_delete_infected": view.is_holder
        and actor.has(Perm.FILE_VIEW_ORIGINAL)
        and actor.has(Perm.CASE_WORK),
        "suggestions": [
            SuggestionLine(
                subject=sg.subject,
                label=str(_("Urgent") if sg.is_urgency else Category(sg.subject).label),
                state=sg.state,
                state_label=sg.get_state_display(),
                words=view.triage_words.get(sg.subject, []),
            )
            for sg in case_suggestions
        ],
        "urgent_suggested": any(sg.is_urgency and sg.state == "pending" for sg in case_suggestions),
        "suggestion_form": SuggestionForm(),
        "note_form": NoteForm(),
        "message_form": MessageForm(),
        "reopen_form": forms.Form(),
    }
    context.update(extra)
    return context


def _done(request: ActorRequest, form: forms.Form, run: Any, case: Any) -> HttpResponse | None:
    """Run a posted case form: back to the case page when it is done, None when the form now holds
    the mistake (what was typed stays in it)."""
    if not form.is_valid():
        return None
    try:
        run(request.actor, case, form.cleaned_data)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        errors_to_form(form, error)
        return None
    messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))


def _act(
    request: ActorRequest, case_id: Any, form_class: Any, action: Any, form_name: str, **form_kwargs: Any
) -> HttpResponse:
    """Run one of the forms written on the case page itself (a message, a note, a suggestion,
    reopening); on a mistake, show the case page again with the error and what was typed."""
    actor = request.actor
    view = _view_or_404(request, case_id)
    form = (
        form_class(request.POST, request.FILES, **form_kwargs)
        if form_kwargs
        else form_class(request.POST, request.FILES)
    )
    done = _done(request, form, action, view.case)
    if done is not None:
        return done
    context = _detail_context(actor, view, **{form_name: form})
    return render(request, "cases/detail.html", context, status=400)


# The actions of the case page that open on demand: the page shows each as a closed <details>
# holding a link to the action's own page; with scripts, opening it fetches the form into the page
# (htmx). The action's URL answers GET with the form (a fragment for htmx, a whole page otherwise)
# and POST by doing the action, or with the same form and its errors, nothing typed lost.
ACTION_TITLES = {
    "triage": gettext_lazy("Triage"),
    "assign": gettext_lazy("Assign"),
    "status": gettext_lazy("Status"),
    "deadline": gettext_lazy("Deadline"),
    "file_upload": gettext_lazy("Add a file"),
    "close": gettext_lazy("Close the case"),
}


def _assignable(actor: Any, case: Any) -> list[Membership]:
    """The members a case may be given to: only women when the worker asked for a woman."""
    members = list(memberships_of(actor=actor))
    if case.prefers_woman_caseworker:  # honoured at assignment: only women are offered
        members = [m for m in members if m.gender == Gender.WOMAN]
    return members


def _action_form(name: str, actor: Any, case: Any, data: Any = None, files: Any = None) -> forms.Form:
    """The form of one action: bound to what was posted, or filled from the case as it stands."""
    bound = data is not None
    if name == "triage":
        initial = {
            "categories": [c.category for c in case.categories.all()],
            "urgent": case.urgent,
            "sector": case.sector,
        }
        return TriageForm(data, initial=initial)
    if name == "assign":
        # A posted choice is checked against every member (the service holds the rule on women).
        members = list(memberships_of(actor=actor)) if bound else _assignable(actor, case)
        return AssignForm(data, members=members, initial={"assignee": case.assignee_id or ""})
    if name == "status":
        return StatusForm(data, initial={"status": case.status})
    if name == "deadline":
        return DeadlineForm(data, initial={"due_on": case.due_on})
    if name == "file_upload":
        return FileForm(data, files)
    return CloseForm(data)


def _action(request: ActorRequest, case_id: Any, name: str, run: Any) -> HttpResponse:
    actor = request.actor
    view = _view_or_404(request, case_id)
    if not view.is_holder:  # only the organisation that holds a case works it
        raise Http404
    status = 200
    if request.method == "POST":
        form = _action_form(name, actor, view.case, request.POST, request.FILES)
        status = 400
        done = _done(request, form, run, view.case)
        if done is not None:
            return done
    else:
        form = _action_form(name, actor, view.case)
    context = {"case": view.case, "action": name, "title": ACTION_TITLES[name], "form": form}
    template = "cases/_action_form.html" if request.htmx else "cases/action.html"  # type: ignore[attr-defined]
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers a fragment to htmx
    return response


@require_http_methods(["GET", "POST"])
@staff_view(Perm.CASE_TRIAGE)
def triage(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _action(
        request,
        case_id,
        "triage",
        lambda actor, case, d: services.case_triage(
            actor=actor, case=case, categories=d["categories"], urgent=d["urgent"], sector=d["sector"]
        ),
    )


@require_POST
@staff_view(Perm.CASE_TRIAGE)
def suggestion(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _act(
        request,
        case_id,
        SuggestionForm,
        lambda actor, case, d: services.case_suggestion_decide(
            actor=actor, case=case, subject=d["subject"], accept=d["decision"] == "accept"
        ),
        "suggestion_form",
    )


@require_http_methods(["GET", "POST"])
@staff_view(Perm.CASE_ASSIGN)
def assign(request: ActorRequest, case_id: Any) -> HttpResponse:
    def run(actor: Any, case: Any, d: dict[str, Any]) -> None:
        chosen = Membership.objects.filter(pk=d["assignee"]).first() if d.get("assignee") else None
        services.case_assign(actor=actor, case=case, assignee=chosen)

    return _action(request, case_id, "assign", run)


@require_http_methods(["GET", "POST"])
@staff_view(Perm.CASE_WORK)
def status(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _action(
        request,
        case_id,
        "status",
        lambda actor, case, d: services.case_set_status(actor=actor, case=case, status=d["status"]),
    )


@require_http_methods(["GET", "POST"])
@staff_view(Perm.CASE_CLOSE)
def close(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _action(
        request,
        case_id,
        "close",
        lambda actor, case, d: services.case_close(
            actor=actor,
            case=case,
            outcome=d["outcome"],
            money_recovered=services.parse_money(d.get("money_recovered")),
            money_currency=d.get("money_currency") or "",
            documents_returned=bool(d.get("documents_returned")),
        ),
    )


@require_POST
@staff_view(Perm.CASE_CLOSE)
def reopen(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _act(
        request,
        case_id,
        forms.Form,
        lambda actor, case, d: services.case_reopen(actor=actor, case=case),
        "reopen_form",
    )


@require_http_methods(["GET", "POST"])
@staff_view(Perm.CASE_WORK)
def deadline(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _action(
        request,
        case_id,
        "deadline",
        lambda actor, case, d: services.case_set_deadline(actor=actor, case=case, due_on=d.get("due_on")),
    )


@require_POST
@staff_view(Perm.CASE_WORK)
def note(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _act(
        request,
        case_id,
        NoteForm,
        lambda actor, case, d: services.case_note_add(actor=actor, case=case, body=d["body"]),
        "note_form",
    )


@require_POST
@staff_view(Perm.CASE_WORK)
def message(request: ActorRequest, case_id: Any) -> HttpResponse:
    return _act(
        request,
        case_id,
        MessageForm,
        lambda actor, case, d: services.case_message_to_worker(actor=actor, case=case, body=d["body"]),
        "message_form",
    )


@require_http_methods(["GET", "POST"])
@staff_view(Perm.CASE_WORK)
def file_upload(request: ActorRequest, case_id: Any) -> HttpResponse:
    def run(actor: Any, case: Any, d: dict[str, Any]) -> None:
        upload = d["file"]
        services.case_attachment_add_by_staff(
            actor=actor, case=case, clean=clean_upload(upload.name or "file", upload.read())
        )

    return _action(request, case_id, "file_upload", run)


@staff_view(Perm.CASE_VIEW)
def file_download(request: ActorRequest, case_id: Any, file_id: Any, original: bool = False) -> HttpResponse:
    try:
        data, filename = services.attachment_download(
            actor=request.actor, case_id=case_id, attachment_id=file_id, original=original
        )
    except NotFound as exc:
        raise Http404 from exc
    return attachment_response(data, filename)


@require_POST
@staff_view(Perm.FILE_VIEW_ORIGINAL)
def file_delete(request: ActorRequest, case_id: Any, file_id: Any) -> HttpResponse:
    """An organisation administrator deletes a file the virus check found infected."""
    actor = request.actor
    view = _view_or_404(request, case_id)
    try:
        attachment = selectors.attachment_row_for(view=view, attachment_id=file_id)
        attachment_delete_infected(actor=actor, attachment=attachment)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The infected file was deleted."))
    return HttpResponseRedirect(reverse("cases:detail", args=[view.case.pk]))


@staff_view(Perm.QUEUE_VIEW)
def queue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    page = Page(selectors.case_queue_for(actor=actor), request.GET.get("page", 1), PAGE_SIZE)
    return render(request, "cases/queue.html", {"page": page, "today": timezone.localdate()})


@staff_view(Perm.QUEUE_PLACE)
def queue_place(request: ActorRequest, case_id: Any) -> HttpResponse:
    actor = request.actor
    view = _view_or_404(request, case_id)
    if view.level != "queue":
        raise Http404
    case = view.case
    candidates = [o for o in organisation_list_public() if services.consent_allows(case, o)]
    form = PlaceForm(request.POST or None, organisations=candidates)
    if request.method == "POST" and form.is_valid():
        target = Organisation.objects.get(pk=form.cleaned_data["organisation"])
        try:
            services.case_place_from_queue(actor=actor, case=case, organisation=target)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The case was placed."))
            return HttpResponseRedirect(reverse("cases:queue"))
    return render(
        request,
        "cases/queue_place.html",
        {
            "view": view,
            "case": case,
            "form": form,
            "categories": [Category(c.category).label for c in case.categories.all()],
            "language_label": _language_label(case.language),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view(Perm.ROUTING_MANAGE)
def routing(request: ActorRequest) -> HttpResponse:
    """The network's routing rules; a coordinator adds and removes those of their scope."""
    actor = request.actor
    scope = coordination_scope(actor)
    organisations = [o for o in organisation_list_public() if scope is None or o.country == scope]
    form = RoutingRuleForm(request.POST or None, organisations=organisations, country=scope)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.routing_rule_create(
                    actor=actor,
                    organisation=Organisation.objects.get(pk=d["organisation"]),
                    country=d["country"],
                    locality_id=d.get("city"),
                    category=d.get("category") or "",
                    priority=d["priority"],
                )
            except ApplicationError as error:
                form.add_error(None, str(error.message))
                status = error.status
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(reverse("cases:routing"))
    context = {
        "form": form,
        "rules": selectors.routing_rules_for(actor=actor),
        "scope": scope,
        "scope_label": Country(scope).label if scope else "",
    }
    return render(request, "cases/routing.html", context, status=status)


@require_POST
@staff_view(Perm.ROUTING_MANAGE)
def routing_delete(request: ActorRequest, rule_id: int) -> HttpResponse:
    rule = RoutingRule.objects.select_related("organisation").filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    try:
        services.routing_rule_delete(actor=request.actor, rule=rule)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Deleted."))
    return HttpResponseRedirect(reverse("cases:routing"))


@staff_view(Perm.CASE_VIEW)
def routing_ours(request: ActorRequest) -> HttpResponse:
    """The rules that send reports to the actor's organisation, and who changed them: every member
    sees how reports reach them."""
    actor = request.actor
    rules = selectors.routing_rules_to(actor=actor)
    return render(request, "cases/routing_ours.html", {"rules": rules})
