"""Writes to the directory of help: importing the files, an organisation's own entry, the catalogue.

Every write tells the search index what changed (`indexing.content_changed`) inside its transaction.
Entries from the files change only through `directory_import`; an organisation's own entry only
through `place_save_own`, by a member allowed to keep it; the catalogue only through coordinators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError, PermissionDenied
from korgoo.core.i18n import HELP_LANGUAGES
from korgoo.core.indexing import ContentKind, content_changed
from korgoo.organisations.permissions import Perm, ensure_permission

from .choices import KIND_RANK, Origin, PlaceKind
from .loaders import DirectoryFiles, PlaceRow
from .models import (
    City,
    CityTranslation,
    Place,
    PlaceLanguage,
    PlaceService,
    PlaceTranslation,
    Service,
    ServiceTranslation,
)


@dataclass
class ImportReport:
    """What an import changed, by kind of row: created, updated, unchanged, withdrawn."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)

    def count(self, what: str, outcome: str, key: str) -> None:
        self.counts.setdefault(what, {"created": 0, "updated": 0, "unchanged": 0, "withdrawn": 0})
        self.counts[what][outcome] += 1
        if outcome != "unchanged":
            self.changed.setdefault(what, []).append(key)

    @property
    def has_changes(self) -> bool:
        return any(self.changed.values())

    def lines(self) -> list[str]:
        out = []
        for what, counts in self.counts.items():
            parts = ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
            out.append(f"{what}: {parts or 'nothing'}")
        return out


def _sync_translations(model: Any, owner_field: str, owner: object, names: dict[str, dict[str, str]]) -> bool:
    """Make the owner's translation rows equal to `names` ({language: {field: value}}); True when
    anything changed."""
    existing = {row.language: row for row in model.objects.filter(**{owner_field: owner})}
    changed = False
    for language, values in names.items():
        row = existing.pop(language, None)
        if row is None:
            model.objects.create(**{owner_field: owner, "language": language, **values})
            changed = True
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save(update_fields=list(values))
            changed = True
    if existing:
        model.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
        changed = True
    return changed


def _set_links(model: Any, place: Place, column: str, wanted: Iterable[object]) -> bool:
    wanted_set = set(wanted)
    have = set(model.objects.filter(place=place).values_list(column, flat=True))
    if have == {getattr(w, "pk", w) for w in wanted_set}:
        return False
    model.objects.filter(place=place).delete()
    model.objects.bulk_create([model(place=place, **{column: w}) for w in wanted_set])
    return True


_PLACE_FIELDS = (
    "kind", "kind_rank", "country", "city_id", "address", "phone", "email", "website", "whatsapp",
    "telegram", "woman_available", "free_of_charge", "confirmed", "source", "source_url", "checked_on",
    "is_demo", "source_file", "is_active",
)  # fmt: skip
# What a check of the source page confirms: a later check recorded by `korgoo recheck_directory` is
# kept over the file's older date while these stay as the file says.
_CHECKED_FACTS = ("address", "phone", "email", "website", "source_url")


def _apply_place(
    row: PlaceRow, cities: dict[str, City], services: dict[str, Service], report: ImportReport
) -> None:
    values = {
        "kind": row.kind,
        "kind_rank": KIND_RANK[row.kind],
        "country": row.country,
        "city_id": cities[row.city].pk if row.city else None,
        "address": row.address,
        "phone": row.phone,
        "email": row.email,
        "website": row.website,
        "whatsapp": row.whatsapp,
        "telegram": row.telegram,
        "woman_available": row.woman_available,
        "free_of_charge": row.free_of_charge,
        "confirmed": row.confirmed,
        "source": row.source,
        "source_url": row.source_url,
        "checked_on": row.checked_on,
        "is_demo": row.is_demo,
        "source_file": row.source_file,
        "is_active": True,
    }
    place = Place.objects.filter(key=row.key).first()
    if place is not None and place.origin != Origin.FILE:
        # The organisation or the editors keep this entry themselves; the files no longer speak for it.
        report.count("places", "unchanged", row.key)
        return
    if (
        place is not None
        and place.checked_on is not None
        and (row.checked_on is None or place.checked_on > row.checked_on)
        and all(getattr(place, k) == values[k] for k in _CHECKED_FACTS)
    ):
        values["checked_on"], values["confirmed"] = place.checked_on, place.confirmed
    created = place is None
    if place is None:
        place = Place(key=row.key, origin=Origin.FILE, **values)
        place.full_clean(exclude=["city", "organisation"])
        place.save(force_insert=True)
        changed = True
    else:
        changed = any(getattr(place, k) != v for k, v in values.items())
        if changed:
            for k, v in values.items():
                setattr(place, k, v)
            place.full_clean(exclude=["city", "organisation"])
            place.save(update_fields=[*values, "updated_at"])
    translations = {lang: {"name": row.names[lang], "hours": row.hours.get(lang, "")} for lang in row.names}
    changed |= _sync_translations(PlaceTranslation, "place", place, translations)
    changed |= _set_links(PlaceService, place, "service_id", [services[c].pk for c in row.services])
    changed |= _set_links(PlaceLanguage, place, "language", row.languages)
    report.count("places", "created" if created else "updated" if changed else "unchanged", row.key)


@transaction.atomic
def directory_import(*, files: DirectoryFiles) -> ImportReport:
    """Load the catalogue, the cities and the places read from the directory files.

    Run it again with the same files and nothing changes. Rows are matched by their code, slug or key;
    a place that disappeared from the file it came from is withdrawn (hidden), never deleted, and an
    entry an organisation keeps itself is left alone.
    """
    report = ImportReport()
    services: dict[str, Service] = {s.code: s for s in Service.objects.all()}
    for row in files.services:
        service = services.get(row.code)
        created = service is None
        if service is None:
            service = services[row.code] = Service.objects.create(code=row.code, order=row.order)
            changed = True
        else:
            changed = service.order != row.order or not service.is_active
            if changed:
                service.order, service.is_active = row.order, True
                service.save(update_fields=["order", "is_active"])
        names = {lang: {"name": name} for lang, name in row.names.items()}
        changed |= _sync_translations(ServiceTranslation, "service", service, names)
        report.count("services", "created" if created else "updated" if changed else "unchanged", row.code)
    cities: dict[str, City] = {c.slug: c for c in City.objects.all()}
    for city_row in files.cities:
        city = cities.get(city_row.slug)
        created = city is None
        if city is None:
            city = cities[city_row.slug] = City.objects.create(
                slug=city_row.slug, country=city_row.country, locality_id=city_row.locality_id
            )
            changed = True
        else:
            changed = city.country != city_row.country or city.locality_id != city_row.locality_id
            if changed:
                city.country, city.locality_id = city_row.country, city_row.locality_id
                city.save(update_fields=["country", "locality_id"])
        changed |= _sync_translations(
            CityTranslation, "city", city, {code: {"name": n} for code, n in city_row.names.items()}
        )
        report.count("cities", "created" if created else "updated" if changed else "unchanged", city_row.slug)
    for place_row in files.places:
        _apply_place(place_row, cities, services, report)
    seen = {p.key for p in files.places}
    gone = Place.objects.filter(
        origin=Origin.FILE, source_file__in=files.place_files, is_active=True
    ).exclude(key__in=seen)
    for key in gone.values_list("key", flat=True):
        report.count("places", "withdrawn", key)
    gone.update(is_active=False, updated_at=timezone.now())
    # Names of services and cities appear in every place that uses them.
    renamed = set(report.changed.get("services", [])) | set(report.changed.get("cities", []))
    places = set(report.changed.get("places", []))
    if renamed:
        places |= set(
            Place.objects.filter(place_services__service__code__in=renamed).values_list("key", flat=True)
        )
        places |= set(Place.objects.filter(city__slug__in=renamed).values_list("key", flat=True))
    content_changed(kind=ContentKind.PLACE, keys=places)
    if report.has_changes:
        audit_record(
            actor=None,
            action="directory.imported",
            details={"counts": report.counts, "files": files.place_files},
        )
    return report


# --- An organisation's own entry ----------------------------------------------------------------


@dataclass
class OwnEntry:
    """What an organisation says about itself in the directory."""

    kind: str
    city: City | None
    names: dict[str, str]
    hours: dict[str, str]
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    whatsapp: str = ""
    telegram: str = ""
    languages: list[str] = field(default_factory=list)
    woman_available: bool | None = None
    free_of_charge: bool | None = None
    services: list[Service] = field(default_factory=list)
    is_active: bool = True


def _own_key(organisation: object) -> str:
    base = slugify(f"org-{getattr(organisation, 'name', '')}")[:60].strip("-") or "org"
    return f"{base}-{str(getattr(organisation, 'pk', ''))[:8]}"


@transaction.atomic
def place_save_own(*, actor: Actor, entry: OwnEntry) -> Place:
    """Create or change the directory entry of the actor's own organisation.

    Only a member allowed to keep the entry (DIRECTORY_EDIT_OWN) may, and only for their own
    organisation: the entry is found from the actor, never from the request. The organisation
    vouches for what it says, so the entry counts as confirmed and checked today.
    """
    ensure_permission(actor, Perm.DIRECTORY_EDIT_OWN)
    organisation = actor.organisation
    if organisation is None:
        raise PermissionDenied()  # only a member of an organisation keeps its entry
    if not any(entry.names.get(lang) for lang in HELP_LANGUAGES):
        raise ApplicationError(
            "name_required", _("Give the name in at least one language."), {"name_ky": [str(_("Required."))]}
        )
    if entry.kind not in PlaceKind.values:
        raise ApplicationError("invalid_kind", _("Choose the kind of place."))
    if entry.city is not None and entry.city.country != organisation.country:
        raise ApplicationError(
            "city_outside_country",
            _("The city must be in the organisation's country."),
            {"city": [str(_("The city must be in the organisation's country."))]},
        )
    place = Place.objects.select_for_update().filter(organisation=organisation).first()
    values = {
        "kind": entry.kind,
        "kind_rank": KIND_RANK[entry.kind],
        "country": organisation.country,
        "city": entry.city,
        "address": entry.address.strip(),
        "phone": entry.phone.strip(),
        "email": entry.email.strip(),
        "website": entry.website.strip(),
        "whatsapp": entry.whatsapp.strip(),
        "telegram": entry.telegram.strip(),
        "woman_available": entry.woman_available,
        "free_of_charge": entry.free_of_charge,
        "confirmed": True,
        "source": str(_("Kept by the organisation itself")),
        "checked_on": timezone.localdate(),
        "origin": Origin.ORGANISATION,
        "is_demo": False,
        "is_active": entry.is_active,
    }
    created = place is None
    if place is None:
        place = Place(key=_own_key(organisation), organisation=organisation, **values)
    else:
        for k, v in values.items():
            setattr(place, k, v)
    try:
        place.full_clean(exclude=["organisation", "key"])
    except Exception as error:  # a ValidationError: name the fields for the form
        fields = {k: [str(m) for m in v] for k, v in getattr(error, "message_dict", {}).items()}
        raise ApplicationError("invalid", _("Please correct the marked fields."), fields) from None
    if created:
        place.save(force_insert=True)
    else:
        place.save(update_fields=[*values, "updated_at"])
    translations = {
        lang: {"name": entry.names[lang].strip(), "hours": entry.hours.get(lang, "").strip()}
        for lang in HELP_LANGUAGES
        if entry.names.get(lang, "").strip()
    }
    _sync_translations(PlaceTranslation, "place", place, translations)
    _set_links(PlaceService, place, "service_id", [s.pk for s in entry.services])
    _set_links(PlaceLanguage, place, "language", entry.languages)
    audit_record(
        actor=actor,
        action="directory.entry_created" if created else "directory.entry_changed",
        object_type="place",
        object_id=place.pk,
    )
    content_changed(kind=ContentKind.PLACE, keys=[place.key])
    return place


def city_for_organisation(organisation: object) -> City | None:
    """The directory city matching the organisation's city name, if the directory knows it."""
    name = str(getattr(organisation, "city", "") or "").strip()
    if not name:
        return None
    slug = slugify(name)
    city = City.objects.filter(slug=slug).first()
    if city is None:
        city = City.objects.filter(translations__name__iexact=name).first()
    return city


# --- The shared catalogue of services -------------------------------------------------------------


@transaction.atomic
def catalogue_service_save(
    *, actor: Actor, code: str, names: dict[str, str], order: int, is_active: bool = True
) -> Service:
    """Add a service to the shared catalogue or change one. Only coordinators (CATALOGUE_MANAGE)
    keep the catalogue, so every organisation describes its services in the same words."""
    ensure_permission(actor, Perm.CATALOGUE_MANAGE)
    code = code.strip().lower()
    if not code or slugify(code) != code:
        raise ApplicationError(
            "invalid_code",
            _("The code may contain only Latin lower-case letters, digits and hyphens."),
            {"code": [str(_("The code may contain only Latin lower-case letters, digits and hyphens."))]},
        )
    clean = {lang: (names.get(lang) or "").strip() for lang in HELP_LANGUAGES}
    if not any(clean.values()):
        raise ApplicationError(
            "name_required", _("Give the name in at least one language."), {"name_ky": [str(_("Required."))]}
        )
    service, created = Service.objects.get_or_create(
        code=code, defaults={"order": order, "is_active": is_active}
    )
    if not created and (service.order != order or service.is_active != is_active):
        service.order, service.is_active = order, is_active
        service.save(update_fields=["order", "is_active"])
    _sync_translations(
        ServiceTranslation, "service", service, {code: {"name": n} for code, n in clean.items() if n}
    )
    audit_record(
        actor=actor,
        action="directory.service_created" if created else "directory.service_changed",
        object_type="service",
        object_id=service.code,
    )
    content_changed(
        kind=ContentKind.PLACE,
        keys=Place.objects.filter(place_services__service=service).values_list("key", flat=True),
    )
    return service


# --- Editors of the directory ---------------------------------------------------------------------


@dataclass
class EntryFacts:
    """The facts an editor checks on an entry, and where and when they were read."""

    address: str
    hours: dict[str, str]
    phone: str
    email: str
    website: str
    source: str
    source_url: str
    checked_on: Any
    confirmed: bool
    is_active: bool


@transaction.atomic
def place_edit(*, actor: Actor, place: Place, facts: EntryFacts) -> Place:
    """An editor of the directory (DIRECTORY_EDIT) corrects an entry's contacts and records where and
    when they were read. The entry is then kept on the staff page: the files no longer overwrite it.
    An entry its organisation keeps itself is the organisation's to change."""
    ensure_permission(actor, Perm.DIRECTORY_EDIT)
    if place.origin == Origin.ORGANISATION:
        raise ApplicationError(
            "kept_by_organisation", _("The organisation keeps this entry itself: ask it to change it.")
        )
    if facts.phone.strip() and not facts.source_url.strip():
        raise ApplicationError(
            "source_required",
            _("A phone number is published only with the page it was read on."),
            {"source_url": [str(_("A phone number is published only with the page it was read on."))]},
        )
    values = {
        "address": facts.address.strip(),
        "phone": facts.phone.strip(),
        "email": facts.email.strip(),
        "website": facts.website.strip(),
        "source": facts.source.strip(),
        "source_url": facts.source_url.strip(),
        "checked_on": facts.checked_on,
        "confirmed": facts.confirmed,
        "is_active": facts.is_active,
        "origin": Origin.EDITOR,
    }
    for k, v in values.items():
        setattr(place, k, v)
    place.full_clean(exclude=["city", "organisation"])
    place.save(update_fields=[*values, "updated_at"])
    for row in PlaceTranslation.objects.filter(place=place):
        hours = facts.hours.get(row.language, "").strip()
        if row.hours != hours:
            row.hours = hours
            row.save(update_fields=["hours"])
    audit_record(actor=actor, action="directory.entry_edited", object_type="place", object_id=place.pk)
    content_changed(kind=ContentKind.PLACE, keys=[place.key])
    return place


@transaction.atomic
def place_check_record(*, place: Place, on: Any) -> Place:
    """Record that the entry's source page, read on `on`, still shows its contacts (the re-check
    command found them there). Only the check date moves; nothing else changes."""
    Place.objects.filter(pk=place.pk).update(checked_on=on, updated_at=timezone.now())
    place.checked_on = on
    audit_record(
        actor=None,
        action="directory.entry_rechecked",
        object_type="place",
        object_id=place.pk,
        details={"on": str(on)},
    )
    return place
