"""Forms of the evidence pages. Each calculator form turns what was typed into the API's JSON shape
(``payload()``), so the page, the API and the command line feed the engine the same input.

Amounts are read as text: spaces are dropped and a comma is read as the decimal point ("25 000,50"),
and the engine then refuses anything that is not an exact decimal.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from korgoo.core.forms import MultipleFileField

from .models import DocumentKind

AMOUNT = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
COUNTRIES = [("RU", _("Russia")), ("KZ", _("Kazakhstan"))]
PAYMENT_ROWS = 4
OVERTIME_ROWS = 7
MONTH_ROWS = 3
DATE = {"type": "date"}


def _clean_amount(value: str) -> str:
    text = (value or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if text and not AMOUNT.match(text):
        raise forms.ValidationError(_("Write the amount as a number, for example 25000 or 25000.50."))
    return text


class AmountField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        return _clean_amount(super().clean(value))


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs)


class CountryForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country where you work"), choices=COUNTRIES, widget=forms.RadioSelect, initial="RU"
    )


def country_prefill(value: str | None) -> str | None:
    """A country from a link (``?country=KZ``) if it is one the calculators know, else None."""
    code = (value or "").strip().upper()
    return code if code in dict(COUNTRIES) else None


class LatePaymentForm(CountryForm):
    amount = AmountField(
        label=_("Wages not paid on time"),
        help_text=_("The sum that was due on payday, after income tax: what you were to get in hand."),
    )
    due_date = _date(
        label=_("Payday (the day the wages were due)"),
        help_text=_(
            "If payday fell on a day off or a holiday, the wages were due on the working day before: write "
            "that day. Compensation counts from the next day."
        ),
    )
    as_of = _date(
        label=_("Count up to this day"),
        required=False,
        help_text=_("Used while part of the wages is still unpaid. Empty: today."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, PAYMENT_ROWS + 1):
            self.fields[f"paid_on_{row}"] = _date(label=_("Paid on (date)"), required=False)
            self.fields[f"paid_amount_{row}"] = AmountField(label=_("Amount paid"), required=False)

    def payment_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"paid_on_{row}"], self[f"paid_amount_{row}"]) for row in range(1, PAYMENT_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for row in range(1, PAYMENT_ROWS + 1):
            day, amount = data.get(f"paid_on_{row}"), data.get(f"paid_amount_{row}")
            if bool(day) != bool(amount):
                self.add_error(f"paid_amount_{row}", _("Write both the date and the amount of the payment."))
        return data

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        payments = [
            {"date": data[f"paid_on_{row}"].isoformat(), "amount": data[f"paid_amount_{row}"]}
            for row in range(1, PAYMENT_ROWS + 1)
            if data.get(f"paid_on_{row}") and data.get(f"paid_amount_{row}")
        ]
        payload: dict[str, Any] = {
            "country": data["country"],
            "amount": data["amount"],
            "due_date": data["due_date"].isoformat(),
            "payments": payments,
        }
        if data.get("as_of"):
            payload["as_of"] = data["as_of"].isoformat()
        return payload


class OvertimeForm(CountryForm):
    hourly_rate = AmountField(label=_("Pay for one hour"))
    normal_daily_hours = forms.DecimalField(
        label=_("Normal hours in a working day"), initial=8, min_value=1, max_value=24, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, OVERTIME_ROWS + 1):
            self.fields[f"day_{row}"] = _date(label=_("Date"), required=False)
            self.fields[f"hours_{row}"] = forms.DecimalField(
                label=_("Hours worked"),
                required=False,
                min_value=0,
                max_value=24,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
            )
            self.fields[f"rest_{row}"] = forms.BooleanField(label=_("Day off or holiday"), required=False)

    def day_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"day_{r}"], self[f"hours_{r}"], self[f"rest_{r}"]) for r in range(1, OVERTIME_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = 0
        for row in range(1, OVERTIME_ROWS + 1):
            day, hours = data.get(f"day_{row}"), data.get(f"hours_{row}")
            if bool(day) != (hours is not None):
                self.add_error(f"hours_{row}", _("Write both the date and the hours."))
            filled += bool(day)
        if not filled and not self.errors:
            raise forms.ValidationError(_("Write at least one day."))
        return data

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "country": data["country"],
            "hourly_rate": data["hourly_rate"],
            "normal_daily_hours": f"{data['normal_daily_hours']:f}",
            "days": [
                {
                    "date": data[f"day_{r}"].isoformat(),
                    "hours": f"{data[f'hours_{r}']:f}",
                    "rest_day": bool(data.get(f"rest_{r}")),
                }
                for r in range(1, OVERTIME_ROWS + 1)
                if data.get(f"day_{r}")
            ],
        }


class UnpaidWagesForm(CountryForm):
    pay_kind = forms.ChoiceField(
        label=_("How were you to be paid?"),
        choices=[("monthly", _("By the month")), ("daily", _("By the day")), ("hourly", _("By the hour"))],
        widget=forms.RadioSelect,
        initial="monthly",
    )
    pay_rate = AmountField(
        label=_("Agreed pay (for a month, a day or an hour)"),
        help_text=_("After income tax: what you were to get in hand."),
    )
    paid_total = AmountField(
        label=_("How much you received in total for these months"),
        required=False,
        help_text=_("In hand, after income tax. Write 0 if you received nothing."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, MONTH_ROWS + 1):
            self.fields[f"month_{row}"] = forms.CharField(
                label=_("Month"),
                required=False,
                max_length=7,
                widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-03"}),
            )
            self.fields[f"days_{row}"] = forms.DecimalField(
                label=_("Days worked"),
                required=False,
                min_value=0,
                max_value=31,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"hours_{row}"] = forms.DecimalField(
                label=_("Hours worked (if paid by the hour)"),
                required=False,
                min_value=0,
                max_value=744,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
            )

    def month_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"month_{r}"], self[f"days_{r}"], self[f"hours_{r}"]) for r in range(1, MONTH_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = 0
        for row in range(1, MONTH_ROWS + 1):
            month = (data.get(f"month_{row}") or "").strip()
            if month and not re.fullmatch(r"\d{4}-\d{2}", month):
                self.add_error(f"month_{row}", _("Write the month as year-month, for example 2025-03."))
            elif bool(month) != (data.get(f"days_{row}") is not None):
                self.add_error(f"days_{row}", _("Write both the month and the days worked."))
            filled += bool(month)
        if not filled and not self.errors:
            raise forms.ValidationError(_("Write at least one month."))
        return data

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        months = []
        for row in range(1, MONTH_ROWS + 1):
            if not data.get(f"month_{row}"):
                continue
            item: dict[str, Any] = {"month": data[f"month_{row}"], "days_worked": f"{data[f'days_{row}']:f}"}
            if data.get(f"hours_{row}") is not None:
                item["hours_worked"] = f"{data[f'hours_{row}']:f}"
            months.append(item)
        payments = []
        # 0 is the most common true answer: it means no payment, not a missing one.
        if data.get("paid_total") and Decimal(data["paid_total"]) != 0:
            payments.append({"date": timezone.localdate().isoformat(), "amount": data["paid_total"]})
        return {
            "country": data["country"],
            "pay_kind": data["pay_kind"],
            "pay_rate": data["pay_rate"],
            "months": months,
            "payments": payments,
        }


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class DeadlinesForm(CountryForm):
    entry_date = _date(label=_("Date you entered the country"))
    purpose = forms.ChoiceField(
        label=_("Purpose of entry written on your migration card"),
        choices=[("work", _("Work")), ("other", _("Other (private, study, tourism)"))],
        widget=forms.RadioSelect,
        initial="work",
    )
    has_contract = forms.ChoiceField(
        label=_("Do you have a written employment contract?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
    )
    contract_start = _date(label=_("Contract signed on"), required=False)
    contract_end = _date(label=_("Contract ends on"), required=False)
    missed_payday = _date(
        label=_("Payday when wages were not paid (if any)"),
        required=False,
        help_text=_(
            "The day the wages were due. If it fell on a day off or a holiday, the employer had to pay on "
            "the working day before: write that day."
        ),
    )
    dismissal_date = _date(label=_("Date of dismissal (if any)"), required=False)
    order_received = _date(
        label=_("Day you received the copy of the dismissal order"),
        required=False,
        help_text=_(
            "The time to complain about a dismissal counts from this day. Leave it empty if it was the day "
            "of dismissal."
        ),
    )

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        payload: dict[str, Any] = {
            "country": data["country"],
            "entry_date": data["entry_date"].isoformat(),
            "purpose": data["purpose"],
            "has_contract": data["has_contract"] == "yes",
        }
        for name in ("contract_start", "contract_end", "missed_payday", "dismissal_date", "order_received"):
            if data.get(name):
                payload[name] = data[name].isoformat()
        return payload


CALCULATOR_FORMS: dict[str, type[CountryForm]] = {
    "late_payment": LatePaymentForm,
    "overtime": OvertimeForm,
    "unpaid_wages": UnpaidWagesForm,
    "deadlines": DeadlinesForm,
}


# --- The diary ------------------------------------------------------------------------------------------


class DiaryEntryForm(forms.Form):
    entry_key = forms.CharField(widget=forms.HiddenInput, max_length=200)
    work_date = _date(label=_("Date of work"))
    place = forms.CharField(label=_("Where did you work? (address, site)"), max_length=200, required=False)
    employer = forms.CharField(
        label=_("For whom? (employer, company, middleman)"), max_length=200, required=False
    )
    start = forms.TimeField(
        label=_("Start"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("End"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    break_minutes = forms.IntegerField(
        label=_("Breaks, minutes"),
        required=False,
        min_value=0,
        max_value=600,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    rest_day = forms.BooleanField(label=_("It was a day off or a holiday"), required=False)
    pay_agreed = AmountField(label=_("Pay agreed for this day"), required=False)
    pay_received = AmountField(label=_("Pay received for this day"), required=False)
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=[("RUB", _("Roubles")), ("KZT", _("Tenge")), ("KGS", _("Som")), ("USD", _("Dollars"))],
        initial="RUB",
    )
    supervisor = forms.CharField(label=_("Name of the supervisor or foreman"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Anything else (what you did, who saw you)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    corrects = forms.TypedChoiceField(
        label=_("Does this entry correct an earlier one?"), required=False, coerce=int, empty_value=None
    )
    photos = MultipleFileField(label=_("Photos (optional, up to 3)"), required=False)
    keep_originals = forms.BooleanField(
        label=_("Keep the original photos as evidence (they may contain the place and time they were taken)"),
        required=False,
    )

    def __init__(self, *args: Any, earlier: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["corrects"]).choices = [("", _("No, it is a new day"))] + [
            (str(seq), _("Corrects entry No. %(number)s") % {"number": seq}) for seq in range(earlier, 0, -1)
        ]


class WorkerBundleForm(forms.Form):
    messages = forms.MultipleChoiceField(
        label=_("Messages to include"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, message_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["messages"]).choices = message_choices or []


class DocumentForm(forms.Form):
    """What a caseworker adds to a generated document; blanks stay marked in the PDF."""

    worker_name = forms.CharField(label=_("Worker's full name"), max_length=200, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    contract = forms.ChoiceField(
        label=_("Written employment contract"),
        choices=[("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    messages = forms.MultipleChoiceField(
        label=_("Messages to include in the evidence bundle"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, message_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["messages"]).choices = message_choices or []


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code (printed at the bottom of each page)"), max_length=40, required=False
    )
    document = forms.FileField(label=_("Or the PDF file"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("code") and not data.get("document"):
            raise forms.ValidationError(_("Write the code or choose the file."))
        return data


DOCUMENT_KINDS = [kind for kind, _label in DocumentKind.choices]
