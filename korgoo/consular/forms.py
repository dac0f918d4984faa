"""Forms of the consular pages. They only parse: the services decide and refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Channel


class BookingForm(forms.Form):
    """A worker books one of the times shown. Receipt or phone; the passport number always."""

    slot = forms.ChoiceField(
        label=_("Time"), widget=forms.RadioSelect, error_messages={"required": _("Choose a time.")}
    )
    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=40,
        error_messages={"required": _("Type your passport number.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    receipt = forms.CharField(
        label=_("Receipt of your report (if you have one)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    channel = forms.ChoiceField(
        label=_("Remind me"), choices=Channel.choices, required=False, widget=forms.RadioSelect
    )
    phone_code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Booking code"),
        max_length=40,
        error_messages={"required": _("Type the booking code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class CheckInForm(CodeForm):
    passport_number = forms.CharField(label=_("Passport number"), max_length=40)


class EmergencyForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Time"), widget=forms.RadioSelect, error_messages={"required": _("Choose a time.")}
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=40)
    remind = forms.BooleanField(
        label=_("Remind the worker on the page of their report"), required=False, initial=True
    )

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots  # type: ignore[attr-defined]
