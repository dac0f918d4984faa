"""Reads of the directory of help. The directory is public: nothing here depends on who asks,
except the coordinators' coverage matrix and an organisation's own entry, which need their
permission. Every list is built with a fixed number of queries, whatever its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from korgoo.core.actor import Actor
from korgoo.core.choices import Country
from korgoo.core.errors import NotFound
from korgoo.core.gazetteer import locality_name
from korgoo.core.i18n import Picked, by_language, normal_language, pick
from korgoo.organisations.permissions import Perm, ensure_permission

from .choices import PlaceKind, Spoken
from .models import City, Place, PlaceService, Service, ServiceTranslation


@dataclass(frozen=True)
class PlaceFilters:
    """What a worker filters the directory by. Empty values do not filter."""

    country: str = ""
    city: str = ""  # a city slug
    service: str = ""  # a service code
    language: str = ""  # a language spoken there
    kind: str = ""
    woman: bool = False  # only places where a woman lawyer or caseworker is available

    @property
    def is_empty(self) -> bool:
        return not (self.country or self.city or self.service or self.language or self.kind or self.woman)


@dataclass
class PlaceCard:
    """One place as a reader sees it, in their language (or the fallback, which `name.is_fallback`
    tells)."""

    id: Any
    key: str
    kind: str
    kind_label: str
    name: Picked[str]
    hours: str
    country: str
    country_label: str
    city_slug: str
    city_name: str
    address: str
    phone: str
    email: str
    website: str
    whatsapp: str
    telegram: str
    languages: list[tuple[str, str]]
    services: list[tuple[str, str]]
    woman_available: bool | None
    free_of_charge: bool | None
    confirmed: bool
    is_demo: bool
    source: str
    checked_on: dt.date | None
    kept_by_organisation: bool
    nationwide: bool = False
    source_url: str = ""
    stale: bool = False


def _translation_name(rows: Any, language: str, fallback: str) -> str:
    picked = pick(by_language(rows), language)
    return picked.value.name if picked else fallback


def city_name(city: City, language: str) -> str:
    """A directory city in the reader's language: from the gazetteer when the city is linked to it
    (one spelling of a city across Korgoo), else from its own translations."""
    return locality_name(city.locality_id, normal_language(language)) or _translation_name(
        city.translations.all(), language, city.slug
    )


def recheck_months() -> int:
    """After how many months an entry is shown as due for a check (and `recheck_directory` lists it)."""
    return int(getattr(settings, "KORGOO_DIRECTORY_RECHECK_MONTHS", 12))


def card(place: Place, language: str) -> PlaceCard:
    """A place as a reader of `language` sees it. Expects the prefetches of `place_queryset`."""
    language = normal_language(language)
    translations = by_language(place.translations.all())
    picked = pick({code: row.name for code, row in translations.items()}, language)
    name = picked or Picked(value=place.key, language=language, wanted=language)
    hours_row = translations.get(name.language)
    city = place.city
    spoken = {code: label for code, label in Spoken.choices}
    return PlaceCard(
        id=place.pk,
        key=place.key,
        kind=place.kind,
        kind_label=str(PlaceKind(place.kind).label),
        name=name,
        hours=hours_row.hours if hours_row else "",
        country=place.country,
        country_label=str(Country(place.country).label) if place.country in Country.values else place.country,
        city_slug=city.slug if city else "",
        city_name=city_name(city, language) if city else "",
        address=place.address,
        phone=place.phone if place.shows_phone else "",
        email=place.email,
        website=place.website,
        whatsapp=place.whatsapp if place.shows_phone else "",
        telegram=place.telegram,
        languages=[(row.language, spoken.get(row.language, row.language)) for row in place.languages.all()],
        services=[
            (
                link.service.code,
                _translation_name(link.service.translations.all(), language, link.service.code),
            )
            for link in place.place_services.all()
        ],
        woman_available=place.woman_available,
        free_of_charge=place.free_of_charge,
        confirmed=place.confirmed,
        is_demo=place.is_demo,
        source=place.source,
        checked_on=place.checked_on,
        kept_by_organisation=place.organisation_id is not None,
        nationwide=place.city_id is None,
        source_url=place.source_url,
        stale=place.is_stale(timezone.localdate(), recheck_months()),
    )


def place_queryset() -> QuerySet[Place]:
    """Active places with everything a card shows, in six queries whatever their number."""
    return (
        Place.objects.filter(is_active=True)
        .select_related("city")
        .prefetch_related(
            "translations",
            "city__translations",
            "languages",
            Prefetch(
                "place_services",
                queryset=PlaceService.objects.filter(service__is_active=True)
                .select_related("service")
                .order_by("service__order", "service__code"),
            ),
            Prefetch("place_services__service__translations", queryset=ServiceTranslation.objects.all()),
        )
    )


def place_list(*, filters: PlaceFilters) -> QuerySet[Place]:
    """Active places matching the filters: in the chosen city first, then the places that work
    across its whole country; by kind (the Kyrgyz state's offices first), then by key."""
    places = place_queryset()
    if filters.city:
        # The city's own places, and those that work across its whole country (one query in all).
        city_country = Subquery(City.objects.filter(slug=filters.city).values("country")[:1])
        places = places.filter(Q(city__slug=filters.city) | Q(city__isnull=True, country=city_country))
    if filters.country:
        places = places.filter(country=filters.country)
    if filters.service:
        places = places.filter(
            place_services__service__code=filters.service, place_services__service__is_active=True
        )
    if filters.language:
        places = places.filter(languages__language=filters.language)
    if filters.kind:
        places = places.filter(kind=filters.kind)
    if filters.woman:
        places = places.filter(woman_available=True)
    nationwide = Case(When(city__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField())
    return places.annotate(nationwide=nationwide).order_by("nationwide", "kind_rank", "key")


def place_get(*, key: str) -> Place:
    """An active place by its key; NotFound otherwise."""
    place = place_queryset().filter(key=key).first()
    if place is None:
        raise NotFound()
    return place


@dataclass
class FilterOptions:
    countries: list[tuple[str, str]]
    cities: list[tuple[str, str, str]]  # (slug, name, country label)
    services: list[tuple[str, str]]
    kinds: list[tuple[str, str]]
    languages: list[tuple[str, str]]


def filter_options(*, language: str) -> FilterOptions:
    """The choices a worker can filter by: only countries and cities that have places."""
    language = normal_language(language)
    used_countries = set(Place.objects.filter(is_active=True).values_list("country", flat=True).distinct())
    countries = [(code, str(label)) for code, label in Country.choices if code in used_countries]
    labels = dict(countries)
    cities = City.objects.filter(places__is_active=True).distinct().prefetch_related("translations")
    city_rows = sorted(
        ((city.slug, city_name(city, language), labels.get(city.country, "")) for city in cities),
        key=lambda row: (row[2], row[1]),
    )
    return FilterOptions(
        countries=countries,
        cities=city_rows,
        services=service_choices(language=language),
        kinds=[(code, str(label)) for code, label in PlaceKind.choices],
        languages=list(Spoken.choices),
    )


def service_choices(*, language: str) -> list[tuple[str, str]]:
    """The active services of the catalogue, in the reader's language."""
    services = Service.objects.filter(is_active=True).prefetch_related("translations")
    return [(s.code, _translation_name(s.translations.all(), language, s.code)) for s in services]


def service_catalogue() -> QuerySet[Service]:
    """Every service of the catalogue (in use or not) with its names, for coordinators."""
    return Service.objects.prefetch_related("translations").order_by("order", "code")


def service_get(*, code: str) -> Service:
    service = Service.objects.prefetch_related("translations").filter(code=code).first()
    if service is None:
        raise NotFound()
    return service


def own_entry_for(*, actor: Actor) -> Place | None:
    """The directory entry of the actor's own organisation (active or not), if it has one."""
    ensure_permission(actor, Perm.DIRECTORY_EDIT_OWN)
    if actor.organisation is None:
        return None
    return (
        Place.objects.filter(organisation=actor.organisation)
        .prefetch_related("translations", "languages", "place_services")
        .first()
    )


def city_get(*, pk: int | None, country: str) -> City | None:
    """A city of the given country, or None."""
    if not pk:
        return None
    return City.objects.filter(pk=pk, country=country).first()


def cities_in(*, country: str, language: str) -> list[tuple[int, str]]:
    cities = City.objects.filter(country=country).prefetch_related("translations")
    return sorted(
        ((c.pk, city_name(c, language)) for c in cities),
        key=lambda r: r[1],
    )


@dataclass
class Coverage:
    """Which services exist in which cities: `counts[(city_slug, service_code)]` is the number of
    active places offering the service there; a zero is a gap."""

    services: list[tuple[str, str]]
    cities: list[tuple[str, str, str]]  # (slug, name, country code)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for slug, name, country in self.cities:
            cells = [(code, self.counts.get((slug, code), 0)) for code, _label in self.services]
            out.append(
                {
                    "slug": slug,
                    "name": name,
                    "country": country,
                    "places": self.places.get(slug, 0),
                    "cells": cells,
                    "gaps": sum(1 for _code, n in cells if n == 0),
                }
            )
        return out

    def service_totals(self) -> list[tuple[str, int]]:
        return [
            (code, sum(1 for slug, _n, _c in self.cities if self.counts.get((slug, code), 0)))
            for code, _label in self.services
        ]


def coverage_matrix(*, actor: Actor, language: str, country: str = "") -> Coverage:
    """The coverage matrix for coordinators (CATALOGUE_MANAGE): services × cities with places."""
    ensure_permission(actor, Perm.CATALOGUE_MANAGE)
    links = PlaceService.objects.filter(
        place__is_active=True, place__city__isnull=False, service__is_active=True
    )
    places = Place.objects.filter(is_active=True, city__isnull=False)
    if country:
        links = links.filter(place__country=country)
        places = places.filter(country=country)
    counts = {
        (row["place__city__slug"], row["service__code"]): row["n"]
        for row in links.values("place__city__slug", "service__code").annotate(
            n=Count("place", distinct=True)
        )
    }
    per_city = {row["city__slug"]: row["n"] for row in places.values("city__slug").annotate(n=Count("pk"))}
    cities = City.objects.filter(slug__in=per_city).prefetch_related("translations")
    city_rows = sorted(
        ((c.slug, city_name(c, language), c.country) for c in cities),
        key=lambda row: (row[2], row[1]),
    )
    return Coverage(
        services=service_choices(language=language), cities=city_rows, counts=counts, places=per_city
    )


def entries_for_editors(*, actor: Actor, due_only: bool = False) -> list[Place]:
    """Every entry of the directory (shown or not, demo ones excepted) for its editors, the ones
    checked longest ago first; `due_only` keeps those past the re-check period."""
    ensure_permission(actor, Perm.DIRECTORY_EDIT)
    today, months = timezone.localdate(), recheck_months()
    places = list(
        Place.objects.filter(is_demo=False)
        .select_related("city")
        .prefetch_related("translations", "city__translations")
    )
    places.sort(key=lambda p: (p.checked_on is not None, p.checked_on or today, p.key))
    return [p for p in places if not due_only or p.is_stale(today, months)]


def entry_for_editors(*, actor: Actor, key: str) -> Place:
    ensure_permission(actor, Perm.DIRECTORY_EDIT)
    place = Place.objects.filter(key=key, is_demo=False).prefetch_related("translations").first()
    if place is None:
        raise NotFound()
    return place


def places_due(*, months: int, today: Any) -> list[Place]:
    """Entries (not demo, shown) checked longer than `months` ago, for `korgoo recheck_directory`."""
    return [
        p
        for p in Place.objects.filter(is_active=True, is_demo=False).order_by("key")
        if p.is_stale(today, months)
    ]
