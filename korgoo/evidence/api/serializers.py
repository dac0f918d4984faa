"""What the evidence API takes and answers.

The calculators' bodies are checked for their shape here (every field of its type, no unknown
field, dates as YYYY-MM-DD, amounts as decimal strings or whole numbers) and then given to the
calculators as sent: they read amounts exactly and refuse what the shape cannot say (a float, a zero
rate, payments larger than the debt, a date past the rates) with their own codes.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from korgoo.core.api_input import AmountField, CalculatorAmountField, JsonInput
from korgoo.core.scanning import ScanStatus
from korgoo.evidence.calculators.deadlines import ItemKind, Purpose
from korgoo.evidence.calculators.money import LAW_COUNTRIES, currency_for
from korgoo.evidence.models import Author, CalculationKind, DocumentKind
from korgoo.evidence.services import diary
from korgoo.evidence.services.calculations import MAX_ROWS

COUNTRY_HELP = "RU (Russia) or KZ (Kazakhstan)."
TOOL_COUNTRIES = [str(c.value) for c in LAW_COUNTRIES]
TOOL_CURRENCIES = [str(currency_for(c).value) for c in LAW_COUNTRIES]
PAY_KINDS = ["monthly", "daily", "hourly"]
PURPOSES = [p.value for p in Purpose]
ITEM_KINDS = [k.value for k in ItemKind]
DAY_COUNT_BASES = [(365, 365), (360, 360)]
CONTRACT_ANSWERS = ["yes", "no"]
VERIFY_STATUSES = ["genuine", "unknown"]
CHAIN_PROBLEMS = [
    "missing_entry",
    "broken_link",
    "content_unreadable",
    "content_changed",
    "photo_changed",
    "head_mismatch",
    "audit_mismatch",
]
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _country() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=TOOL_COUNTRIES, help_text=COUNTRY_HELP)


class PaymentIn(JsonInput):
    date = serializers.DateField()
    amount = CalculatorAmountField()


class LatePaymentIn(JsonInput):
    country = _country()
    amount = CalculatorAmountField(help_text="The wages that were due.")
    due_date = serializers.DateField(help_text="The payday that was missed.")
    payments = serializers.ListField(child=PaymentIn(), required=False, max_length=MAX_ROWS)
    as_of = serializers.DateField(
        required=False, help_text="The end of the count while the debt is not fully paid; today by default."
    )
    day_count_basis = serializers.ChoiceField(
        choices=[365, 360], required=False, help_text="Kazakhstan only."
    )


class OvertimeDayIn(JsonInput):
    date = serializers.DateField()
    hours = CalculatorAmountField(help_text="Hours worked that day.")
    rest_day = serializers.BooleanField(required=False, help_text="A weekend or holiday.")


class OvertimeIn(JsonInput):
    country = _country()
    hourly_rate = CalculatorAmountField()
    normal_daily_hours = CalculatorAmountField(required=False, help_text="8 unless given.")
    days = serializers.ListField(child=OvertimeDayIn(), max_length=MAX_ROWS, help_text="Each day once.")


class WorkedMonthIn(JsonInput):
    month = serializers.RegexField(MONTH, help_text="YYYY-MM")
    days_worked = CalculatorAmountField()
    scheduled_days = serializers.IntegerField(
        required=False, min_value=0, max_value=31, help_text="Mondays to Fridays unless given."
    )
    hours_worked = CalculatorAmountField(required=False, help_text="For hourly pay.")


class UnpaidWagesIn(JsonInput):
    country = _country()
    pay_kind = serializers.ChoiceField(choices=PAY_KINDS)
    pay_rate = CalculatorAmountField()
    normal_daily_hours = CalculatorAmountField(required=False, help_text="8 unless given.")
    months = serializers.ListField(child=WorkedMonthIn(), max_length=MAX_ROWS)
    payments = serializers.ListField(child=PaymentIn(), required=False, max_length=MAX_ROWS)


class DeadlinesIn(JsonInput):
    country = _country()
    entry_date = serializers.DateField()
    purpose = serializers.ChoiceField(choices=PURPOSES)
    has_contract = serializers.BooleanField()
    contract_start = serializers.DateField(required=False, help_text="Only with a contract.")
    contract_end = serializers.DateField(required=False, help_text="Only with a contract.")
    missed_payday = serializers.DateField(required=False)
    dismissal_date = serializers.DateField(required=False)
    today = serializers.DateField(required=False, help_text="The date to count from; today by default.")


TOOL_INPUTS: dict[str, type[JsonInput]] = {
    CalculationKind.LATE_PAYMENT: LatePaymentIn,
    CalculationKind.OVERTIME: OvertimeIn,
    CalculationKind.UNPAID_WAGES: UnpaidWagesIn,
    CalculationKind.DEADLINES: DeadlinesIn,
}


# --- Answers of the calculators --------------------------------------------------------------------


class SourceOut(serializers.Serializer):
    """A legal rule or rate a result applied: show it with the result."""

    code = serializers.CharField()
    article = serializers.CharField()
    text = serializers.CharField()
    reference = serializers.CharField()
    confirmed = serializers.BooleanField(help_text="Whether the rule is confirmed in a source.")
    checked_on = serializers.CharField(help_text="When it was last checked (YYYY-MM).")


def _decimal(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(help_text=help_text or 'A decimal as a string, e.g. "2450.00".')


class LatePaymentPeriodOut(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "days": serializers.IntegerField(),
            "rate": _decimal("The yearly rate in per cent."),
            "debt": _decimal("The unpaid sum during the period."),
            "amount": _decimal(),
        }


class LatePaymentOut(serializers.Serializer):
    compensation = _decimal()
    currency = serializers.ChoiceField(choices=TOOL_CURRENCIES)
    periods = LatePaymentPeriodOut(many=True)
    sources = SourceOut(many=True)


class OvertimeDayOut(serializers.Serializer):
    date = serializers.DateField()
    rest_day = serializers.BooleanField()
    hours = _decimal()
    normal_hours = _decimal()
    hours_at_1_5 = _decimal()
    hours_at_2 = _decimal()
    amount = _decimal()


class OvertimeWarningOut(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "code": serializers.CharField(),
            "article": serializers.CharField(),
            "text": serializers.CharField(help_text="In English; pages show their own wording by code."),
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "hours": _decimal(),
            "limit": _decimal(),
            "confirmed": serializers.BooleanField(),
        }


class OvertimeOut(serializers.Serializer):
    total = _decimal()
    currency = serializers.ChoiceField(choices=TOOL_CURRENCIES)
    hourly_rate = _decimal()
    normal_daily_hours = _decimal()
    overtime_hours = _decimal()
    days = OvertimeDayOut(many=True)
    warnings = OvertimeWarningOut(many=True)
    sources = SourceOut(many=True)


class MonthWagesOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    days_worked = _decimal()
    scheduled_days = serializers.IntegerField()
    scheduled_days_estimated = serializers.BooleanField()
    hours_worked = serializers.CharField(allow_null=True)
    earned = _decimal()
    paid = _decimal()
    owed = _decimal()
    full_time_pay = _decimal()
    minimum_wage = serializers.CharField(allow_null=True)
    minimum_wage_confirmed = serializers.BooleanField()
    below_minimum_wage = serializers.BooleanField()


class WageWarningOut(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField(help_text="In English; pages show their own wording by code.")
    month = serializers.CharField(allow_null=True, help_text="YYYY-MM, or null for the whole count.")
    figure = serializers.CharField(allow_null=True)
    minimum_wage = serializers.CharField(allow_null=True)
    confirmed = serializers.BooleanField()


class UnpaidWagesOut(serializers.Serializer):
    owed = _decimal()
    earned = _decimal()
    paid = _decimal()
    overpaid = _decimal()
    currency = serializers.ChoiceField(choices=TOOL_CURRENCIES)
    pay_kind = serializers.ChoiceField(choices=PAY_KINDS)
    pay_rate = _decimal()
    months = MonthWagesOut(many=True)
    warnings = WageWarningOut(many=True)
    sources = SourceOut(many=True)


class DeadlineItemOut(serializers.Serializer):
    code = serializers.CharField()
    title_key = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=ITEM_KINDS,
        help_text="deadline: act by `due_date`; available_from: a right that applies from `due_date`.",
    )
    due_date = serializers.DateField()
    days_left = serializers.IntegerField(help_text="Negative once the date has passed.")
    rule = SourceOut()
    confirmed = serializers.BooleanField()
    checked_on = serializers.CharField()


class DeadlinesOut(serializers.Serializer):
    country = serializers.ChoiceField(choices=TOOL_COUNTRIES)
    today = serializers.DateField()
    items = DeadlineItemOut(many=True)
    sources = SourceOut(many=True)


TOOL_OUTPUTS: dict[str, type[serializers.Serializer]] = {
    CalculationKind.LATE_PAYMENT: LatePaymentOut,
    CalculationKind.OVERTIME: OvertimeOut,
    CalculationKind.UNPAID_WAGES: UnpaidWagesOut,
    CalculationKind.DEADLINES: DeadlinesOut,
}


# --- A case's calculations, documents and diary ------------------------------------------------------


def _calculation_serializers(output: bool) -> dict[str, Any]:
    """One serializer per kind of calculation: the body (or the answer) with that `kind`."""
    made: dict[str, Any] = {}
    for kind in CalculationKind.values:
        fields: dict[str, Any] = {"kind": serializers.ChoiceField(choices=[kind])}
        if output:
            fields = {"id": serializers.UUIDField(), **fields, "result": TOOL_OUTPUTS[kind]()}
            base: type[serializers.Serializer] = serializers.Serializer
        else:
            fields["input"] = TOOL_INPUTS[kind](help_text="The body the matching wage tool takes.")
            base = JsonInput
        name = "".join(part.title() for part in kind.split("_")) + ("Saved" if output else "Calculation")
        made[kind] = type(name, (base,), fields)()
    return made


CALCULATION_INPUTS = _calculation_serializers(output=False)
CALCULATION_OUTPUTS = _calculation_serializers(output=True)


class CalculationKindIn(JsonInput):
    """The first look at a body: its kind (the rest is checked by the kind's own serializer)."""

    kind = serializers.ChoiceField(choices=CalculationKind.choices)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            data = {"kind": data["kind"]} if "kind" in data else {}
        return super().to_internal_value(data)


class DocumentIn(JsonInput):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    worker_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contract = serializers.ChoiceField(
        choices=CONTRACT_ANSWERS,
        required=False,
        allow_blank=True,
        default="",
        help_text="Whether there is one.",
    )
    messages = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=500,
        help_text="Ids of the case's messages to print in an evidence bundle (from GET /api/v1/cases/{id}/); "
        "each must be a message of the case the caller sees.",
    )


class VerifyIn(JsonInput):
    code = serializers.CharField(max_length=40, help_text="As printed: KG-56E4-HAGP-S2Q4-7CJE-GW2Q.")


class VerifyAmounts(serializers.Serializer):
    wages = serializers.CharField(required=False, help_text='Wages owed, as a decimal string ("30000.00").')
    compensation = serializers.CharField(required=False, help_text="Compensation for late payment.")
    total = serializers.CharField(required=False, help_text="The total claimed.")


class VerifyFacts(serializers.Serializer):
    """What the document says, to compare with the paper in hand: a code copied onto another paper
    shows other names, places or sums."""

    generated_on = serializers.DateField()
    worker = serializers.CharField(help_text="For whom it was made, as written on it; may be empty.")
    addressee = serializers.CharField(help_text="The employer it names; may be empty.")
    city = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_blank=True)
    first = serializers.DateField(allow_null=True, help_text="The first day of the diary behind it.")
    last = serializers.DateField(allow_null=True, help_text="The last day of the diary behind it.")
    entries = serializers.IntegerField(help_text="Days in the diary behind it.")
    amounts = VerifyAmounts()
    currency = serializers.CharField(allow_blank=True, help_text="Of the amounts; empty when there are none.")


class VerifyOut(serializers.Serializer):
    status = serializers.ChoiceField(choices=VERIFY_STATUSES)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)
    made_by = serializers.CharField(
        allow_null=True,
        help_text="The organisation that made it; empty when the worker made it with the tools.",
    )
    facts = VerifyFacts(
        allow_null=True,
        help_text="Null for an unknown code, or when the worker withdrew the case or its content was erased.",
    )
    content_digest = serializers.CharField(allow_null=True, help_text="SHA-256 of the document's content.")
    file_sha256 = serializers.CharField(allow_null=True)
    diary_entries = serializers.IntegerField(allow_null=True)
    diary_intact = serializers.BooleanField(allow_null=True)


class DiaryEntryIn(JsonInput):
    work_date = serializers.DateField(help_text="Not in the future, nor more than three years ago.")
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, allow_null=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True, allow_null=True)
    supervisor = serializers.CharField(max_length=200, required=False, allow_blank=True, allow_null=True)
    start = serializers.RegexField(TIME, required=False, allow_null=True, help_text="HH:MM, with `end`.")
    end = serializers.RegexField(TIME, required=False, allow_null=True, help_text="HH:MM, with `start`.")
    break_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=600)
    rest_day = serializers.BooleanField(required=False)
    pay_agreed = AmountField(required=False, allow_null=True)
    pay_received = AmountField(required=False, allow_null=True)
    currency = serializers.ChoiceField(
        choices=diary.CURRENCIES,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="RUB unless given.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, allow_null=True)
    corrects = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=10**9,
        help_text="The `seq` this entry corrects.",
    )


class DiaryEntryOut(serializers.Serializer):
    seq = serializers.IntegerField()
    hash = serializers.CharField()
    received_at = serializers.DateTimeField()
    replayed = serializers.BooleanField(help_text="true: the same request with the same key was seen before.")


class DiaryChainOut(serializers.Serializer):
    ok = serializers.BooleanField()
    entries = serializers.IntegerField()
    head = serializers.CharField()
    broken_at = serializers.IntegerField(allow_null=True)
    problem = serializers.ChoiceField(choices=CHAIN_PROBLEMS, allow_blank=True)


class DiaryContentOut(serializers.Serializer):
    work_date = serializers.DateField()
    place = serializers.CharField(allow_blank=True)
    employer = serializers.CharField(allow_blank=True)
    start = serializers.CharField(allow_null=True)
    end = serializers.CharField(allow_null=True)
    break_minutes = serializers.IntegerField()
    hours = serializers.CharField(allow_null=True)
    rest_day = serializers.BooleanField()
    pay_agreed = serializers.CharField(allow_null=True)
    pay_received = serializers.CharField(allow_null=True)
    currency = serializers.CharField()
    supervisor = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    corrects = serializers.IntegerField(allow_null=True)


class DiaryPhotoOut(serializers.Serializer):
    id = serializers.UUIDField()
    sha256 = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    scan_status = serializers.ChoiceField(choices=ScanStatus.choices)
    downloadable = serializers.BooleanField()


class DiaryLineOut(serializers.Serializer):
    seq = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    author = serializers.ChoiceField(choices=Author.choices)
    late = serializers.BooleanField(help_text="Received more than two days after the day it describes.")
    hash = serializers.CharField()
    prev_hash = serializers.CharField()
    content = DiaryContentOut()
    photos = DiaryPhotoOut(many=True)


class DiaryOut(serializers.Serializer):
    chain = DiaryChainOut()
    entries = DiaryLineOut(many=True)
