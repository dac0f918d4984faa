"""Forms of the homecoming pages: the return (region), the hand-over consent, the hand-over offer
and a step of the kept wage claim. Choices only: nothing the worker types is lost on an error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import SharedField

from .choices import ClaimStep, Region


def _choice(message: Any) -> dict[str, Any]:
    return {"required": message, "invalid_choice": message}


class ReturnForm(forms.Form):
    region = forms.ChoiceField(
        label=_("Where are you now?"),
        choices=[("", "—"), *Region.choices],
        error_messages=_choice(_("Choose your region.")),
    )


class HandOverConsentForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Which organisation at home may continue your report?"),
        widget=forms.RadioSelect,
        error_messages=_choice(_("Choose an organisation from the list.")),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(o.pk), f"{o.name} ({o.get_kind_display()})") for o in organisations]


class HandOverOfferForm(forms.Form):
    shared = forms.MultipleChoiceField(
        label=_("What the organisation at home receives"),
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    claim_kept = forms.BooleanField(
        label=_("We keep working on the wage claim in the host country"), required=False
    )


class ClaimStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Where the wage claim stands"),
        choices=[("", "—"), *ClaimStep.choices],
        error_messages=_choice(_("Choose a step from the list.")),
    )
