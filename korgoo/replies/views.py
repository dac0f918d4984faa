"""The administrator's pages of reply templates: the list, and one template to edit (a shipped one is
edited into the organisation's own version). Thin: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from korgoo.core.actor import ActorRequest
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.web import errors_to_form
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, services
from .forms import ReplyTemplateForm


@staff_view(Perm.REPLIES_MANAGE)
def template_list(request: ActorRequest) -> HttpResponse:
    replies = selectors.replies_for(actor=request.actor, include_inactive=True)
    rows = [
        {"reply": r, "title": r.title(request.LANGUAGE_CODE), "languages": ", ".join(sorted(r.texts))}
        for r in replies
    ]
    return render(request, "replies/list.html", {"rows": rows})


@staff_view(Perm.REPLIES_MANAGE)
@require_http_methods(["GET", "POST"])
def template_edit(request: ActorRequest, slug: str | None = None) -> HttpResponse:
    """One template of the actor's own organisation (or a shipped one): a code another organisation
    keeps answers 404 here, like a code that does not exist."""
    actor = request.actor
    existing = None
    if slug is not None:
        try:
            existing = selectors.reply_get(actor=actor, code=slug)
        except NotFound:
            raise Http404 from None
    if request.method == "POST":
        posted = request.POST.copy()
        if existing is not None:
            posted["code"] = existing.code
        form = ReplyTemplateForm(posted)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.reply_template_save(
                    actor=actor,
                    code=data["code"],
                    texts={
                        lang: (data[f"title_{lang}"], data[f"body_{lang}"]) for lang in selectors.LANGUAGES
                    },
                    position=data["position"],
                    is_active=bool(data["is_active"]),
                )
            except ApplicationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The reply template was saved."))
                return HttpResponseRedirect(reverse("replies:templates"), status=303)
        return render(request, "replies/edit.html", {"form": form, "reply": existing}, status=400)
    initial: dict[str, Any] = {"position": 100, "is_active": True}
    if existing is not None:
        initial = {"code": existing.code, "position": existing.position, "is_active": existing.is_active}
        for lang, (title, body) in existing.texts.items():
            initial[f"title_{lang}"], initial[f"body_{lang}"] = title, body
    form = ReplyTemplateForm(initial=initial)
    if existing is not None:
        form.fields["code"].disabled = True
    return render(request, "replies/edit.html", {"form": form, "reply": existing})
