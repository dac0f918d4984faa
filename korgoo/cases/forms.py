"""Staff forms for case work."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from korgoo.core.choices import Country, Currency
from korgoo.core.gazetteer import COUNTRIES, locality_choices, locality_get
from korgoo.replies.selectors import blanks

from .choices import OPEN_STATUSES, Category, Outcome, Sector, Status


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open cases")), *list(Status.choices)],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *list(Category.choices)]
    )
    urgent = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("All")), ("1", _("Urgent")), ("0", _("Not urgent"))],
    )
    assignee = forms.ChoiceField(label=_("Caseworker"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Anyone")),
            ("none", _("Nobody")),
        ] + [(str(m.pk), m.user.get_full_name()) for m in members]


class TriageForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    sector = forms.ChoiceField(
        label=_("Kind of work"), choices=[("", _("Not said")), *Sector.choices], required=False
    )


class SuggestionForm(forms.Form):
    """One click on a suggestion read from the worker's text: take it or refuse it."""

    subject = forms.ChoiceField(choices=[*Category.choices, ("urgent", _("Urgent"))])
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Caseworker"), required=False)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [("", _("Nobody"))] + [
            (str(m.pk), m.user.get_full_name()) for m in members
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[(s.value, s.label) for s in OPEN_STATUSES])


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    money_recovered = forms.CharField(label=_("Money recovered"), required=False, max_length=20)
    money_currency = forms.ChoiceField(
        label=_("Currency"), required=False, choices=[("", "—"), *list(Currency.choices)]
    )
    documents_returned = forms.BooleanField(label=_("Documents returned"), required=False)


class DeadlineForm(forms.Form):
    due_on = forms.DateField(
        label=_("Next deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the worker"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )

    def clean_body(self) -> str:
        """A reply template's parts in double square brackets must be filled in before it is sent."""
        body: str = self.cleaned_data["body"]
        left = blanks(body)
        if left:
            raise forms.ValidationError(
                _("Fill in the parts in double square brackets: %(parts)s") % {"parts": ", ".join(left)}
            )
        return body


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class PlaceForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(o.pk), f"{o.name} ({o.city_name})") for o in organisations
        ]


class RoutingRuleForm(forms.Form):
    """A routing rule. The city is chosen from the gazetteer (grouped by country, named in the page's
    language) and stored as its id; typed words never decide where a report goes."""

    organisation = forms.ChoiceField(label=_("Organisation"))
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    city = forms.TypedChoiceField(
        label=_("City (empty: any)"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a city from the list.")},
    )
    category = forms.ChoiceField(
        label=_("Category (empty: any)"), required=False, choices=[("", _("Any")), *list(Category.choices)]
    )
    priority = forms.IntegerField(label=_("Priority (lower first)"), min_value=0, max_value=1000, initial=100)

    def __init__(
        self, *args: Any, organisations: Any = (), country: str | None = None, **kwargs: Any
    ) -> None:
        """`country`: the coordinator's scope — only that country is offered (None: every country)."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(o.pk), f"{o.name} ({o.city_name})") for o in organisations
        ]
        countries = [c for c in COUNTRIES if country is None or c == country]
        if country is not None:
            cast(forms.ChoiceField, self.fields["country"]).choices = [(country, Country(country).label)]
            self.fields["country"].initial = country
        cast(forms.ChoiceField, self.fields["city"]).choices = [
            ("", _("Any city of the country")),
            *[(Country(c).label, [(str(i), label) for i, label in locality_choices(c)]) for c in countries],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        city = locality_get(data.get("city"))
        if city is not None and data.get("country") and city.country != data["country"]:
            self.add_error("city", _("Choose a city of the rule's country from the list."))
        return data
