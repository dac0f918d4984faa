"""Forms of the organisations app's staff pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Gender


class ProfileForm(forms.Form):
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Gender.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Optional. Coordinators see it in the network's staff balance; a worker who asks for a woman "
            "caseworker is given to a woman. Nobody else is shown it."
        ),
    )
    is_lawyer = forms.BooleanField(label=_("I work as a lawyer"), required=False)
