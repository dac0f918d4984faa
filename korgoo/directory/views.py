"""Pages of the directory of help.

Workers: the list with its filters (a GET form that works without JavaScript) and one place.
Staff: an organisation's own entry (DIRECTORY_EDIT_OWN), and for coordinators the coverage matrix
and the catalogue of services (CATALOGUE_MANAGE). Thin: parse, call a selector or service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from korgoo.core.actor import ActorRequest
from korgoo.core.choices import Country
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.pagination import Page
from korgoo.core.web import errors_to_form, public_page
from korgoo.organisations.permissions import Perm, staff_view

from . import selectors, services
from .forms import DirectoryFilterForm, EntryForm, OwnEntryForm, ServiceForm, answer_value

PAGE_SIZE = 20


@public_page
@require_GET
def place_list(request: ActorRequest) -> HttpResponse:
    """The directory: every filter is a plain GET parameter, so it works on any phone."""
    language = request.LANGUAGE_CODE
    form = DirectoryFilterForm(request.GET or None, options=selectors.filter_options(language=language))
    filters = selectors.PlaceFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.PlaceFilters(
            country=data.get("country") or "",
            city=data.get("city") or "",
            service=data.get("service") or "",
            language=data.get("language") or "",
            kind=data.get("kind") or "",
            woman=bool(data.get("woman")),
        )
    chosen = _chosen(form) if form.is_bound and form.is_valid() else []
    page = Page(selectors.place_list(filters=filters), request.GET.get("page", 1), PAGE_SIZE)
    cards = [selectors.card(place, language) for place in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            "filtered": not filters.is_empty,
            "chosen": chosen,
            "query": query.urlencode(),
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _label(choices: Any, value: str) -> str:
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            found = _label(label, value)
            if found:
                return found
        elif str(key) == value:
            return str(label)
    return ""


def _chosen(form: DirectoryFilterForm) -> list[str]:
    """What the worker chose, in words, to show above the results."""
    labels = [
        _label(form.fields[name].choices, form.cleaned_data.get(name) or "")  # type: ignore[attr-defined]
        for name in ("country", "city", "service", "kind", "language")
        if form.cleaned_data.get(name)
    ]
    if form.cleaned_data.get("woman"):
        labels.append(str(form.fields["woman"].label))
    return [label for label in labels if label]


@public_page
@require_GET
def place_detail(request: ActorRequest, slug: str) -> HttpResponse:
    try:
        place = selectors.place_get(key=slug)
    except NotFound:
        raise Http404 from None
    return render(request, "directory/detail.html", {"place": selectors.card(place, request.LANGUAGE_CODE)})


def _own_form(request: ActorRequest, data: Any = None, initial: Any = None) -> OwnEntryForm:
    organisation = request.actor.own_organisation
    language = request.LANGUAGE_CODE
    return OwnEntryForm(
        data,
        initial=initial,
        cities=selectors.cities_in(country=organisation.country, language=language),
        services=selectors.service_choices(language=language),
    )


@staff_view(Perm.DIRECTORY_EDIT_OWN)
@require_http_methods(["GET", "POST"])
def own_entry(request: ActorRequest) -> HttpResponse:
    """Our organisation's entry in the directory: always the actor's own organisation."""
    actor = request.actor
    place = selectors.own_entry_for(actor=actor)
    if request.method == "POST":
        form = _own_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            chosen = {code: code for code in data["services"]}
            catalogue = {s.code: s for s in selectors.service_catalogue() if s.code in chosen}
            city = selectors.city_get(pk=data.get("city"), country=actor.own_organisation.country)
            entry = services.OwnEntry(
                kind=data["kind"],
                city=city,
                names={lang: data.get(f"name_{lang}") or "" for lang in ("ky", "ru", "en")},
                hours={lang: data.get(f"hours_{lang}") or "" for lang in ("ky", "ru", "en")},
                address=data.get("address") or "",
                phone=data.get("phone") or "",
                email=data.get("email") or "",
                website=data.get("website") or "",
                whatsapp=data.get("whatsapp") or "",
                telegram=data.get("telegram") or "",
                languages=list(data.get("languages") or []),
                woman_available=answer_value(data.get("woman_available") or ""),
                free_of_charge=answer_value(data.get("free_of_charge") or ""),
                services=list(catalogue.values()),
                is_active=bool(data.get("is_active")),
            )
            try:
                services.place_save_own(actor=actor, entry=entry)
            except ApplicationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Our entry in the directory was saved."))
                return HttpResponseRedirect(reverse("directory:own_entry"), status=303)
        return render(request, "directory/own_entry.html", {"form": form, "place": place}, status=400)
    city = services.city_for_organisation(actor.organisation)
    form = _own_form(
        request, initial=OwnEntryForm.initial_for(place, actor.organisation, city.pk if city else None)
    )
    return render(request, "directory/own_entry.html", {"form": form, "place": place})


@staff_view(Perm.CATALOGUE_MANAGE)
@require_GET
def coverage(request: ActorRequest) -> HttpResponse:
    """The coverage matrix (services × cities, gaps marked) and the catalogue of services."""
    country = request.GET.get("country", "")
    if country not in Country.values:
        country = ""
    language = request.LANGUAGE_CODE
    matrix = selectors.coverage_matrix(actor=request.actor, language=language, country=country)
    catalogue = [
        (service, {row.language: row.name for row in service.translations.all()})
        for service in selectors.service_catalogue()
    ]
    return render(
        request,
        "directory/coverage.html",
        {
            "matrix": matrix,
            "rows": matrix.rows(),
            "totals": matrix.service_totals(),
            "country": country,
            "countries": [(code, label) for code, label in Country.choices if code in ("RU", "KZ", "KG")],
            "catalogue": catalogue,
        },
    )


@staff_view(Perm.CATALOGUE_MANAGE)
@require_http_methods(["GET", "POST"])
def service_edit(request: ActorRequest, slug: str | None = None) -> HttpResponse:
    """Add a service to the shared catalogue, or rename, reorder or retire one."""
    existing = None
    if slug is not None:
        try:
            existing = selectors.service_get(code=slug)
        except NotFound:
            raise Http404 from None
    if request.method == "POST":
        posted = request.POST.copy()
        if existing is not None:
            posted["code"] = existing.code  # the code never changes
        form = ServiceForm(posted)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.catalogue_service_save(
                    actor=request.actor,
                    code=data["code"],
                    names={lang: data.get(f"name_{lang}") or "" for lang in ("ky", "ru", "en")},
                    order=data["order"],
                    is_active=bool(data.get("is_active")),
                )
            except ApplicationError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The catalogue of services was saved."))
                return HttpResponseRedirect(reverse("directory:coverage") + "#catalogue", status=303)
        return render(request, "directory/service_form.html", {"form": form, "service": existing}, status=400)
    initial: dict[str, Any] = {"order": 100, "is_active": True}
    if existing is not None:
        names = {row.language: row.name for row in existing.translations.all()}
        initial = {
            "code": existing.code,
            "order": existing.order,
            "is_active": existing.is_active,
            **{f"name_{lang}": names.get(lang, "") for lang in ("ky", "ru", "en")},
        }
    form = ServiceForm(initial=initial)
    if existing is not None:
        form.fields["code"].disabled = True
    return render(request, "directory/service_form.html", {"form": form, "service": existing})


@staff_view(Perm.DIRECTORY_EDIT)
@require_GET
def editor(request: ActorRequest) -> HttpResponse:
    """The directory's entries for its editors, checked longest ago first, each with its source."""
    due = request.GET.get("due") == "1"
    places = selectors.entries_for_editors(actor=request.actor, due_only=due)
    today, months = timezone.localdate(), selectors.recheck_months()
    rows = [
        {
            "place": p,
            "stale": p.is_stale(today, months),
            "name": selectors.card(p, request.LANGUAGE_CODE).name.value,
        }
        for p in places
    ]
    return render(request, "directory/editor.html", {"rows": rows, "due": due, "months": months})


@staff_view(Perm.DIRECTORY_EDIT)
@require_http_methods(["GET", "POST"])
def editor_entry(request: ActorRequest, slug: str) -> HttpResponse:
    actor = request.actor
    try:
        place = selectors.entry_for_editors(actor=actor, key=slug)
    except NotFound:
        raise Http404 from None
    hours = {row.language: row.hours for row in place.translations.all()}
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.place_edit(
                    actor=actor,
                    place=place,
                    facts=services.EntryFacts(
                        address=data["address"],
                        hours={lang: data[f"hours_{lang}"] for lang in ("ky", "ru", "en")},
                        phone=data["phone"],
                        email=data["email"],
                        website=data["website"],
                        source=data["source"],
                        source_url=data["source_url"],
                        checked_on=data["checked_on"],
                        confirmed=bool(data["confirmed"]),
                        is_active=bool(data["is_active"]),
                    ),
                )
            except ApplicationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The entry was saved."))
                return HttpResponseRedirect(reverse("directory:editor"), status=303)
        return render(request, "directory/editor_entry.html", {"form": form, "place": place}, status=400)
    form = EntryForm(
        initial={
            "address": place.address,
            "phone": place.phone,
            "email": place.email,
            "website": place.website,
            "source": place.source,
            "source_url": place.source_url,
            "checked_on": place.checked_on,
            "confirmed": place.confirmed,
            "is_active": place.is_active,
            **{f"hours_{lang}": hours.get(lang, "") for lang in ("ky", "ru", "en")},
        }
    )
    return render(request, "directory/editor_entry.html", {"form": form, "place": place})
