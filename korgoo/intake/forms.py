"""The worker's forms: a report, a receipt, a message, more information, consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import Category, ContactChannel, Sector
from korgoo.core.choices import GOVERNMENT_KINDS, Country, OrganisationKind

NO_CONTACT = "none"

SHAREABLE_KINDS = [(k, label) for k, label in OrganisationKind.choices if k not in GOVERNMENT_KINDS]
WORKER_COUNTRIES = [
    (Country.RU, _("Russia")),
    (Country.KZ, _("Kazakhstan")),
    (Country.KG, _("Kyrgyzstan")),
    (Country.TR, _("Turkey")),
    (Country.KR, _("South Korea")),
    (Country.AE, _("United Arab Emirates")),
    (Country.DE, _("Germany")),
    (Country.GB, _("United Kingdom")),
    (Country.US, _("United States")),
    (Country.OTHER, _("Other country")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class ReportForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What happened? Choose everything that applies."),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing that happened.")},
    )
    country = forms.ChoiceField(label=_("Country"), choices=WORKER_COUNTRIES, initial=Country.RU)
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        # Suggestions from the gazetteer (`{% city_datalist %}` in the template), as the worker types.
        widget=forms.TextInput(attrs={"list": "city-suggestions"}),
    )
    happened_on = forms.DateField(
        label=_("When did it happen? (if you remember)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sector = forms.ChoiceField(
        label=_("What kind of work (optional)"),
        choices=[("", _("I prefer not to say")), *Sector.choices],
        required=False,
    )
    employer_name = forms.CharField(label=_("Employer or company (optional)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Tell us what happened, in your own words"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": _("Please describe what happened.")},
    )
    attachments = MultipleFileField(label=_("Photos or PDF documents (optional)"), required=False)
    keep_originals = forms.BooleanField(
        label=_("Keep the original files as evidence (they may contain the place and time they were made)"),
        required=False,
    )
    full_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    contact_channel = forms.ChoiceField(
        label=_("How can an organisation reach you?"),
        choices=[
            (NO_CONTACT, _("Do not contact me; I will check with my code")),
            *list(ContactChannel.choices),
        ],
        widget=forms.RadioSelect,
        initial=NO_CONTACT,
    )
    contact_value = forms.CharField(label=_("Phone number or username"), max_length=100, required=False)
    prefers_woman_caseworker = forms.BooleanField(label=_("I prefer a woman caseworker"), required=False)
    share_with = forms.MultipleChoiceField(
        label=_("Which organisations may see your report?"),
        choices=SHAREABLE_KINDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of organisation that may see your report.")},
    )
    share_with_consulate = forms.TypedChoiceField(
        label=_("May the Embassy or Consulate of the Kyrgyz Republic see your report?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        initial="no",
        coerce=lambda value: value == "yes",
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, label=_("Leave this empty"))  # a field only robots fill

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("contact_channel")
        if channel and channel != NO_CONTACT and not (data.get("contact_value") or "").strip():
            self.add_error(
                "contact_value", _("Write your phone number or username, or choose not to be contacted.")
            )
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your code"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "autocapitalize": "off"}
        ),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )


class AddInfoForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to add?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        required=False,
    )
    attachments = MultipleFileField(label=_("Photos or PDF documents"), required=False)
    keep_originals = forms.BooleanField(label=_("Keep the original files as evidence"), required=False)


class ConsentForm(forms.Form):
    withdraw = forms.MultipleChoiceField(
        label=_("For which organisations do you withdraw consent?"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
