"""Forms of the directory: the worker's filters (a GET form, no JavaScript), an organisation's own
entry and a service of the catalogue."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Answer, PlaceKind, Spoken
from .selectors import FilterOptions


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    """A choice field of the form, to set its choices."""
    return cast(forms.ChoiceField, form.fields[name])


class DirectoryFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    service = forms.ChoiceField(label=_("What help you need"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    woman = forms.BooleanField(label=_("A woman lawyer or caseworker is there"), required=False)

    def __init__(self, *args: Any, options: FilterOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        _choices(self, "country").choices = [anything, *options.countries]
        grouped: dict[str, list[tuple[str, str]]] = {}
        for slug, name, country in options.cities:
            grouped.setdefault(country, []).append((slug, name))
        _choices(self, "city").choices = [
            anything,
            *[(country, cities) for country, cities in grouped.items()],
        ]
        _choices(self, "service").choices = [anything, *options.services]
        _choices(self, "language").choices = [anything, *options.languages]
        _choices(self, "kind").choices = [anything, *options.kinds]


def _answer(value: bool | None) -> str:
    return Answer.YES if value is True else Answer.NO if value is False else Answer.UNKNOWN


def answer_value(answer: str) -> bool | None:
    return True if answer == Answer.YES else False if answer == Answer.NO else None


class OwnEntryForm(forms.Form):
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=300, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind of place"), choices=PlaceKind.choices)
    city = forms.TypedChoiceField(label=_("City"), coerce=int, required=False, empty_value=None)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    hours_ky = forms.CharField(label=_("Opening hours in Kyrgyz"), max_length=200, required=False)
    hours_ru = forms.CharField(label=_("Opening hours in Russian"), max_length=200, required=False)
    hours_en = forms.CharField(label=_("Opening hours in English"), max_length=200, required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9][0-9 ()\-]{5,30}$",
        required=False,
        error_messages={"invalid": _("Write the number with digits, for example +7 999 123-45-67.")},
    )
    whatsapp = forms.CharField(label="WhatsApp", max_length=60, required=False)
    telegram = forms.CharField(label="Telegram", max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Spoken.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    woman_available = forms.ChoiceField(
        label=_("A woman lawyer or caseworker is available"),
        choices=Answer.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    free_of_charge = forms.ChoiceField(
        label=_("Help is free of charge"), choices=Answer.choices, required=False, widget=forms.RadioSelect
    )
    services = forms.MultipleChoiceField(
        label=_("Services"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Show our entry in the directory"), required=False)

    def __init__(
        self, *args: Any, cities: list[tuple[int, str]], services: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "city").choices = [("", _("The whole country")), *cities]
        _choices(self, "services").choices = services

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"name_{lang}") for lang in ("ky", "ru", "en")):
            self.add_error("name_ky", _("Give the name in at least one language."))
        return data

    @staticmethod
    def initial_for(place: Any, organisation: Any, city_id: int | None) -> dict[str, Any]:
        if place is None:
            return {
                "name_ru": organisation.name,
                "kind": _kind_for(organisation.kind),
                "city": city_id,
                "languages": list(organisation.languages or []),
                "woman_available": _answer(True if organisation.woman_caseworker_available else None),
                "is_active": True,
            }
        names = {row.language: row for row in place.translations.all()}
        initial: dict[str, Any] = {
            "kind": place.kind,
            "city": place.city_id,
            "address": place.address,
            "phone": place.phone,
            "whatsapp": place.whatsapp,
            "telegram": place.telegram,
            "email": place.email,
            "website": place.website,
            "languages": [row.language for row in place.languages.all()],
            "woman_available": _answer(place.woman_available),
            "free_of_charge": _answer(place.free_of_charge),
            "services": [link.service.code for link in place.place_services.select_related("service")],
            "is_active": place.is_active,
        }
        for lang in ("ky", "ru", "en"):
            row = names.get(lang)
            initial[f"name_{lang}"] = row.name if row else ""
            initial[f"hours_{lang}"] = row.hours if row else ""
        return initial


def _kind_for(organisation_kind: str) -> str:
    return {
        "ngo": PlaceKind.NGO,
        "trade_union": PlaceKind.TRADE_UNION,
        "diaspora": PlaceKind.DIASPORA,
        "embassy": PlaceKind.CONSULATE,
        "honorary_consul": PlaceKind.HONORARY_CONSUL,
        "ombudsman": PlaceKind.OMBUDSMAN,
    }.get(organisation_kind, PlaceKind.OTHER)


class ServiceForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin lower-case letters, digits and hyphens; it never changes."),
    )
    name_ky = forms.CharField(label=_("Name in Kyrgyz"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=10_000, initial=100)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class EntryForm(forms.Form):
    """What an editor of the directory checks and corrects on an entry: the contacts, the hours, and
    where and when they were read."""

    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    hours_ky = forms.CharField(label=_("Opening hours in Kyrgyz"), max_length=200, required=False)
    hours_ru = forms.CharField(label=_("Opening hours in Russian"), max_length=200, required=False)
    hours_en = forms.CharField(label=_("Opening hours in English"), max_length=200, required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^(?:\+?[0-9][0-9 ()\-]{5,30}|[0-9]{3,4})$",
        required=False,
        error_messages={"invalid": _("Write the number with digits, for example +7 999 123-45-67.")},
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
    source_url = forms.URLField(label=_("Page the facts were read on"), required=False, assume_scheme="https")
    checked_on = forms.DateField(
        label=_("Checked on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    confirmed = forms.BooleanField(label=_("Read on the place's own page or a state page"), required=False)
    is_active = forms.BooleanField(label=_("Show the entry to workers"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("phone") and not data.get("source_url"):
            self.add_error("source_url", _("A phone number is published only with the page it was read on."))
        return data
