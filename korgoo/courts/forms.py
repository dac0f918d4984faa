"""Forms of the court decision pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from korgoo.core.forms import MultipleFileField

from .choices import Expulsion, Outcome, Proceeding
from .regions import region_choices

MAX_FILES = 50


class UploadForm(forms.Form):
    pages = MultipleFileField(
        max_files=MAX_FILES,
        label=_("Saved decision pages"),
        help_text=_("HTML pages saved from the court's site (UTF-8 or windows-1251), PDF, RTF or DOCX."),
        error_messages={"required": _("Choose at least one file.")},
    )
    source_url = forms.URLField(
        label=_("Address of the page (if one file)"), required=False, max_length=1000, assume_scheme="https"
    )


def _with_any(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("any")), *choices]


class DecisionFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    proceeding = forms.ChoiceField(
        label=_("Proceeding"), required=False, choices=_with_any(Proceeding.choices)
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=_with_any(Outcome.choices))
    expulsion = forms.ChoiceField(label=_("Expulsion"), required=False, choices=_with_any(Expulsion.choices))
    court = forms.CharField(label=pgettext_lazy("court decision", "Court"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _with_any(region_choices())  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    case = forms.CharField(
        label=_("Case reference"),
        max_length=40,
        required=False,
        help_text=_("The case's reference as shown in the inbox, for example 3F2A91C0. Empty: unlink."),
    )
