from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import SharedField


class ReferralForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    shared = forms.MultipleChoiceField(
        label=_("What the organisation may see"),
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[SharedField.DESCRIPTION],
    )
    note = forms.CharField(
        label=_("Note to the organisation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(o.pk), f"{o.name} · {o.get_kind_display()} · {o.city_name}") for o in organisations
        ]
