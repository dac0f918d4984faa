"""The worker's forms: a report, a receipt, a message, more information, consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import Category, ContactChannel, Sector
from korgoo.cases.services import happened_on_problem
from korgoo.core.choices import GOVERNMENT_KINDS, Country, OrganisationKind
from korgoo.core.forms import MultipleFileField

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


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


def _text_limit(required: Any = None) -> dict[str, Any]:
    """The messages of a text field, written for workers (Django's own read badly in Kyrgyz)."""
    messages = {
        "max_length": _("This is too long: at most %(limit_value)d characters, you wrote %(show_value)d."),
    }
    if required:
        messages["required"] = required
    return messages


def _choice(required: Any = None) -> dict[str, Any]:
    messages = {"invalid_choice": _("Choose one of the answers shown.")}
    if required:
        messages["required"] = required
    return messages


class ReportForm(forms.Form):
    """Every question of the report. The pages ask them one at a time (`REPORT_STEPS`); the last page
    checks them all again before the report is sent."""

    categories = forms.MultipleChoiceField(
        label=_("What happened? Choose everything that applies."),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice(_("Choose at least one thing that happened.")),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=WORKER_COUNTRIES,
        initial=Country.RU,
        error_messages=_choice(_("Choose the country where it happened.")),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        # Suggestions from the gazetteer (the city datalist of the page), as the worker types.
        widget=forms.TextInput(attrs={"list": "city-suggestions", "autocomplete": "off"}),
        error_messages=_text_limit(_("Write the city or town where it happened.")),
    )
    happened_on = forms.DateField(
        label=_("When did it happen? (if you remember)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Write the date as day, month and year, for example 15.03.2026.")},
    )
    sector = forms.ChoiceField(
        label=_("What kind of work (optional)"),
        choices=[("", _("I prefer not to say")), *Sector.choices],
        required=False,
        error_messages=_choice(),
    )
    employer_name = forms.CharField(
        label=_("Employer or company (optional)"),
        max_length=300,
        required=False,
        error_messages=_text_limit(),
    )
    description = forms.CharField(
        label=_("Tell us what happened, in your own words"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages=_text_limit(_("Please describe what happened.")),
    )
    attachments = MultipleFileField(label=_("Photos or PDF documents (optional)"), required=False)
    keep_originals = forms.BooleanField(
        label=_("Keep the original files as evidence (they may contain the place and time they were made)"),
        required=False,
    )
    full_name = forms.CharField(
        label=_("Your name (optional)"), max_length=200, required=False, error_messages=_text_limit()
    )
    contact_channel = forms.ChoiceField(
        label=_("How can an organisation reach you?"),
        choices=[
            (NO_CONTACT, _("Do not contact me; I will check with my code")),
            *list(ContactChannel.choices),
        ],
        widget=forms.RadioSelect,
        initial=NO_CONTACT,
        error_messages=_choice(_("Choose how an organisation may reach you, or that it may not.")),
    )
    contact_value = forms.CharField(
        label=_("Phone number or username"), max_length=100, required=False, error_messages=_text_limit()
    )
    prefers_woman_caseworker = forms.BooleanField(label=_("I prefer a woman caseworker"), required=False)
    share_with = forms.MultipleChoiceField(
        label=_("Which organisations may see your report?"),
        choices=SHAREABLE_KINDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice(_("Choose at least one kind of organisation that may see your report.")),
    )
    share_with_consulate = forms.TypedChoiceField(
        label=_("May the Embassy or Consulate of the Kyrgyz Republic see your report?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        initial="no",
        coerce=lambda value: value == "yes",
        error_messages=_choice(_("Answer whether the Embassy or Consulate may see your report.")),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, label=_("Leave this empty"))  # a field only robots fill

    def clean_happened_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("happened_on")
        problem = happened_on_problem(day)
        if problem:
            raise forms.ValidationError(problem)
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("contact_channel")
        if channel and channel != NO_CONTACT and not (data.get("contact_value") or "").strip():
            self.add_error(
                "contact_value", _("Write your phone number or username, or choose not to be contacted.")
            )
        return data

    def only(self, names: Sequence[str]) -> ReportForm:
        """This form asking only these questions (one page of the report)."""
        self.fields = {name: field for name, field in self.fields.items() if name in names}
        return self


@dataclass(frozen=True)
class ReportStep:
    """One page of the report form: the questions it asks and what it says about them."""

    slug: str
    title: Any
    fields: tuple[str, ...]
    hint: Any = ""


REPORT_STEPS = (
    ReportStep("what", _("What happened?"), ("categories",)),
    ReportStep(
        "country",
        _("In which country did it happen?"),
        ("country",),
        _("The country and the city decide which organisations can help."),
    ),
    ReportStep(
        "city",
        _("In which city or town?"),
        ("city",),
        _("Start typing: the list suggests cities of the country you chose. Any spelling will do."),
    ),
    ReportStep(
        "when",
        _("When did it happen?"),
        ("happened_on",),
        _("If you do not remember the day, leave it empty."),
    ),
    ReportStep(
        "work",
        _("About your work"),
        ("sector", "employer_name"),
        _(
            "Both questions are optional. The employer's name helps the organisation; it is never shown to anyone who opens your report with your code."
        ),
    ),
    ReportStep("story", _("Your story"), ("description",)),
    ReportStep(
        "contact",
        _("Contact (optional)"),
        ("full_name", "contact_channel", "contact_value", "prefers_woman_caseworker"),
        _("You do not have to give your name. With your code you can always read the answer."),
    ),
    ReportStep(
        "share",
        _("Who may see your report"),
        ("share_with", "share_with_consulate"),
        _(
            "Only organisations of the kinds you choose can see your report. You can withdraw your consent later."
        ),
    ),
    ReportStep(
        "check",
        _("Check your answers"),
        ("attachments", "keep_originals", "website"),
        _("Look at your answers once more. You can change any of them before you send."),
    ),
)
STEP_SLUGS = tuple(step.slug for step in REPORT_STEPS)
MULTIPLE_FIELDS = frozenset({"categories", "share_with"})
# What a page carries over from the pages before and after it (files are chosen on the last page).
CARRIED_FIELDS = (*(name for step in REPORT_STEPS[:-1] for name in step.fields), "form_token")


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your code"),
        max_length=60,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
        error_messages=_text_limit(_("Write your code: the digits you wrote down.")),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages=_text_limit(_("Write your message.")),
    )


class AddInfoForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to add?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        required=False,
        error_messages=_text_limit(),
    )
    attachments = MultipleFileField(label=_("Photos or PDF documents"), required=False)
    keep_originals = forms.BooleanField(label=_("Keep the original files as evidence"), required=False)


class ConsentForm(forms.Form):
    withdraw = forms.MultipleChoiceField(
        label=_("For which organisations do you withdraw consent?"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice(_("Tick at least one kind of organisation.")),
    )
