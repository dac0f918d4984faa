"""Forms of the monitoring pages. Filters are GET forms; entry forms carry aggregates only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.cases.choices import Category
from korgoo.core.choices import Country, OrganisationKind

from .choices import QUEUE, AgeBand, AmendmentStatus, Condition, RecommendationStatus, ReportKind, Sex
from .selectors import Period, kind_label

ALL = [("", _("All"))]


class FilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    country = forms.ChoiceField(label=_("Host country"), required=False, choices=ALL + list(Country.choices))
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    category = forms.ChoiceField(label=_("Violation"), required=False, choices=ALL + list(Category.choices))

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.first, p.label) for p in periods]  # type: ignore[attr-defined]
        kinds = [(k, kind_label(k)) for k in [*OrganisationKind.values, QUEUE]]
        self.fields["kind"].choices = ALL + kinds  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices, widget=forms.RadioSelect)


class IndicatorValueForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    period = forms.CharField(label=_("Period"), max_length=40, help_text=_("For example 2025 or 2025-Q3."))
    value = forms.CharField(label=_("Value"), max_length=30)
    evidence = forms.CharField(
        label=_("Evidence or source"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators  # type: ignore[attr-defined]


class RecommendationStatusForm(forms.Form):
    code = forms.SlugField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HealthEntryForm(forms.Form):
    """One aggregated count. Deliberately no field could hold a name, a date of birth or an
    address: a facility reports how many, never who."""

    country = forms.ChoiceField(label=_("Host country"), choices=Country.choices)
    region = forms.CharField(label=_("Region"), max_length=64)
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int
    )
    condition = forms.ChoiceField(label=_("Disease"), choices=Condition.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    count = forms.IntegerField(label=_("Number of cases"), min_value=0, max_value=1_000_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class HealthImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class IndicatorTargetForm(forms.Form):
    code = forms.SlugField(widget=forms.HiddenInput)
    baseline = forms.CharField(label=_("Baseline"), max_length=30, required=False)
    baseline_period = forms.CharField(label=_("Baseline period"), max_length=100, required=False)
    target = forms.CharField(label=_("Target"), max_length=30, required=False)
    target_period = forms.CharField(label=_("Target period"), max_length=100, required=False)


class ReviewForm(forms.Form):
    """A reviewer's decision on another person's entry: approve, or return it saying what to correct."""

    entry = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return for correction"))])
    note = forms.CharField(
        label=_("Note to the author"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FindingStatusForm(forms.Form):
    code = forms.SlugField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status of the amendment"), choices=AmendmentStatus.choices)
    evidence = forms.CharField(label=_("Evidence"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
