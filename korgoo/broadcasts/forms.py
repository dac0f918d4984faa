"""The broadcast form of network coordinators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Country
from korgoo.core.gazetteer import locality_match

from .choices import AlertKind
from .services import MAX_TEXT


class BroadcastForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of alert"), choices=AlertKind.choices)
    country = forms.ChoiceField(
        label=_("Country"), choices=[(c, label) for c, label in Country.choices if c != Country.OTHER]
    )
    city = forms.CharField(label=_("City (empty: the whole country)"), required=False, max_length=100)
    text_ky = forms.CharField(
        label=_("Text in Kyrgyz"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT,
    )
    text_ru = forms.CharField(
        label=_("Text in Russian"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT,
    )
    text_en = forms.CharField(
        label=_("Text in English"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = (data.get("city") or "").strip()
        data["locality_id"] = None
        if typed and data.get("country"):
            found = locality_match(typed, data["country"])
            if found is None:
                self.add_error("city", _("Choose a city of this country from the list."))
            data["locality_id"] = found
        return data
