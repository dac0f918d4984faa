"""The worker's form to check an agency."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DESTINATIONS


class CheckForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the agency, as you heard it, or its permit number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )
    destination = forms.ChoiceField(label=_("Country where you are going (if you know)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = sorted(((code, str(name)) for code, name in DESTINATIONS.items()), key=lambda pair: pair[1])
        cast(forms.ChoiceField, self.fields["destination"]).choices = [("", _("I do not know")), *names]


class MergeForm(forms.Form):
    into = forms.ChoiceField(label=_("This is the registry's agency"))
