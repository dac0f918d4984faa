"""Forms of the organisations app's staff pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from korgoo.audit.selectors import AuditFilters

from .models import Gender


class AuditFilterForm(forms.Form):
    """Filters of the audit log: what happened, from and until which day, who did it."""

    action = forms.CharField(label=_("Action (or its beginning, e.g. case.)"), max_length=64, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    member = forms.TypedChoiceField(label=_("Member"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any = None, *, members: Sequence[tuple[int, str]] = ()) -> None:
        super().__init__(data)
        cast(forms.TypedChoiceField, self.fields["member"]).choices = [("", _("Anyone")), *members]

    def filters(self) -> AuditFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilters(
            action=(data.get("action") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
            user_id=data.get("member"),
        )


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
