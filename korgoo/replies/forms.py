"""The administrator's form for one reply template."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReplyTemplateForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    title_ky = forms.CharField(label=_("Title in Kyrgyz"), max_length=120, required=False)
    body_ky = forms.CharField(
        label=_("Text in Kyrgyz"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=120, required=False)
    body_ru = forms.CharField(
        label=_("Text in Russian"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=120, required=False)
    body_en = forms.CharField(
        label=_("Text in English"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=10_000, initial=100)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
