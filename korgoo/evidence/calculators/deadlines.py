"""Deadlines and rights that follow from a Kyrgyz worker's dates of entry, contract, pay and dismissal.

Each item has a stable ``code`` and ``title_key`` (translated by the interface), and two days, both
computed in ``legal_time``: the **legal last day** (``due_date``, the day the rule gives, moved off a
non-working day where the rule says so) and the **safe day** (the day to act by to be in time under
any reading). ``days_left`` counts to the legal last day, so a claim is never called expired while
the law still allows it. ``confirmed`` is ``False`` when the rule, the way the period is counted, or
the production calendar of a year it crosses is not confirmed.

Russia, for a Kyrgyz citizen
    Registration within 30 days of entry, and fingerprints, photograph and medical examination
    within 30 days when coming to work (90 otherwise): days of stay, the day of entry being day 1.
    Employer's notice to the Ministry of Internal Affairs within 3 working days of concluding or
    ending the contract (Law 115-FZ art. 13; wording not confirmed), on the production calendar.
    Stay: for the term of the contract (EAEU Treaty art. 97(5)); without a contract 90 days a
    calendar year (Law 115-FZ art. 5(1)); a contract ended early **after day 90** from entry leaves
    15 days to conclude a new one (art. 97(5)); one ended within the first 90 days leaves the 90-day
    stay as it was.
    Wage claim: 1 year from the missed payday (Labour Code art. 392(2)); dismissal claim: 1 month from
    the day the worker received the copy of the dismissal order (art. 392(1)); both counted under
    art. 14. Final settlement on the day of dismissal (art. 140); right to suspend work from day 16
    of a delay in pay, after written notice (art. 142).

Kazakhstan, for a Kyrgyz citizen
    Registration within 30 days of entry; stay as in Russia, without a contract 90 days in 180.
    Wage claim 1 year (Labour Code art. 160). Reinstatement: 1 month to the conciliation commission
    from the day the worker received the copy of the act ending the contract, where the commission
    step applies (art. 159 makes it the rule); 3 months to court where the worker may go straight to
    court. Periods are counted under the Civil Code's chapter on terms (article numbers not
    confirmed, so these items say so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode
from korgoo.evidence.calculators.legal_time import (
    Period,
    PeriodEnd,
    ProductionCalendar,
    Unit,
    period_end,
    production_calendar,
)
from korgoo.evidence.calculators.money import Country, parse_country
from korgoo.evidence.calculators.sources import (
    DATE_COUNTING,
    KZ_REGISTRATION,
    KZ_STAY_AFTER_CONTRACT,
    KZ_STAY_CONTRACT,
    KZ_STAY_WITHOUT_CONTRACT,
    KZ_TK_160_COMMISSION,
    KZ_TK_160_COURT,
    KZ_TK_160_WAGES,
    RECHECKED_ON,
    RU_EMPLOYER_NOTICE,
    RU_MEDICAL_FINGERPRINTS,
    RU_REGISTRATION,
    RU_STAY_AFTER_CONTRACT,
    RU_STAY_CONTRACT,
    RU_STAY_WITHIN_FIRST_90_DAYS,
    RU_STAY_WITHOUT_CONTRACT,
    RU_TK_140,
    RU_TK_142,
    RU_TK_392_DISMISSAL,
    RU_TK_392_WAGES,
    Source,
)
from korgoo.evidence.calculators.validation import optional_date, require_bool, require_date

REGISTRATION_DAYS = 30
MEDICAL_DAYS_WORK = 30
MEDICAL_DAYS_OTHER = 90
EMPLOYER_NOTICE_WORKING_DAYS = 3
VISA_FREE_STAY_DAYS = 90
DAYS_TO_FIND_NEW_WORK = 15
#: A worker may suspend work once pay is more than 15 days late (RU art. 142).
SUSPENSION_FROM_DAY_OF_DELAY = 16
WAGE_CLAIM_YEARS = 1
RU_DISMISSAL_CLAIM_MONTHS = 1
KZ_COMMISSION_MONTHS = 1
KZ_COURT_MONTHS = 3

STAY_COUNTING = Source(
    code="stay_counting",
    article="Counting days of stay",
    text=(
        "A stay is counted in days of presence: the day of entry is the first day, and the last day of a "
        "stay does not move when it is a weekend or a holiday."
    ),
    reference="EAEU Treaty, art. 97(5); Federal Law 115-FZ, art. 5(1)",
    confirmed=True,
    checked_on=RECHECKED_ON,
)


class Purpose(StrEnum):
    """Purpose of entry stated on arrival: work, or anything else."""

    WORK = "work"
    OTHER = "other"


class ItemKind(StrEnum):
    """A ``deadline`` must be met by its date; a right is ``available_from`` its date."""

    DEADLINE = "deadline"
    AVAILABLE_FROM = "available_from"


class Status(StrEnum):
    """Where today stands against an item: for a deadline, ``open`` until the safe day, ``act_now``
    after it, ``last_day`` on the legal last day, ``passed`` only after it; for a right,
    ``not_yet`` or ``available``."""

    OPEN = "open"
    ACT_NOW = "act_now"
    LAST_DAY = "last_day"
    PASSED = "passed"
    NOT_YET = "not_yet"
    AVAILABLE = "available"


class CountedFrom(StrEnum):
    """The event a period is counted from, as the form asked for it."""

    ENTRY = "entry"
    CONTRACT_START = "contract_start"
    CONTRACT_END = "contract_end"
    DISMISSAL = "dismissal"
    ORDER_RECEIVED = "order_received"
    #: The day the order was received was not given: the dismissal day stands in for it.
    DISMISSAL_AS_ORDER = "dismissal_as_order"
    PAYDAY = "payday"


class Condition(StrEnum):
    """When an item applies only in one of two situations the calculator cannot tell apart."""

    IF_COMMISSION = "if_commission"
    IF_DIRECT_TO_COURT = "if_direct_to_court"


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    """One deadline or right: the legal last day (``due_date``), the safe day, and the rules."""

    code: str
    title_key: str
    kind: ItemKind
    due_date: date
    days_left: int
    rule: Source
    confirmed: bool
    checked_on: str
    safe_day: date
    safe_days_left: int
    nominal_last_day: date
    counted_from: date
    counted_from_kind: CountedFrom
    counting: Source
    calendar_confirmed: bool
    status: Status
    condition: Condition | None = None

    @property
    def legal_last_day(self) -> date:
        return self.due_date

    @property
    def moved(self) -> bool:
        return self.due_date != self.nominal_last_day


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    """All deadlines and rights that follow from the dates given, earliest first."""

    country: Country
    today: date
    items: tuple[DeadlineItem, ...]
    sources: tuple[Source, ...] = field(default=(DATE_COUNTING,))


def check_deadlines(
    *,
    country: Country | str,
    entry_date: date,
    purpose: Purpose | str,
    has_contract: bool,
    today: date,
    contract_start: date | None = None,
    contract_end: date | None = None,
    missed_payday: date | None = None,
    dismissal_date: date | None = None,
    order_received: date | None = None,
) -> DeadlineReport:
    """Deadlines and rights for a Kyrgyz citizen in ``country``; see the module docstring.

    ``contract_start`` is the day the contract was concluded (for the employer's notice);
    ``missed_payday`` the day wages were due and not paid in full; ``dismissal_date`` the last day
    of the contract when it ended before its term; ``order_received`` the day the worker received
    the copy of the dismissal order (the dismissal day when not given).
    """
    nation = parse_country(country)
    dates = _Dates(
        entry=require_date(entry_date, field="entry_date"),
        today=require_date(today, field="today"),
        purpose=_parse_purpose(purpose),
        has_contract=require_bool(has_contract, field="has_contract"),
        contract_start=optional_date(contract_start, field="contract_start"),
        contract_end=optional_date(contract_end, field="contract_end"),
        missed_payday=optional_date(missed_payday, field="missed_payday"),
        dismissal=optional_date(dismissal_date, field="dismissal_date"),
        order_received=optional_date(order_received, field="order_received"),
    )
    if not dates.has_contract and (dates.contract_start or dates.contract_end):
        raise CalculationError(
            ErrorCode.CONTRACT_DATES_WITHOUT_CONTRACT,
            "Contract dates were given, but the worker has no contract.",
            field="contract_start" if dates.contract_start else "contract_end",
        )
    if dates.contract_start and dates.contract_end and dates.contract_end < dates.contract_start:
        raise CalculationError(
            ErrorCode.CONTRACT_END_BEFORE_START,
            f"The contract ends on {dates.contract_end.isoformat()}, before it starts "
            f"({dates.contract_start.isoformat()}).",
            field="contract_end",
        )
    if dates.order_received is not None:
        if dates.dismissal is None:
            raise CalculationError(
                ErrorCode.ORDER_WITHOUT_DISMISSAL,
                "The day the dismissal order was received was given without the dismissal date.",
                field="order_received",
            )
        if dates.order_received < dates.dismissal:
            raise CalculationError(
                ErrorCode.ORDER_BEFORE_DISMISSAL,
                f"The order was received on {dates.order_received.isoformat()}, before the dismissal "
                f"({dates.dismissal.isoformat()}).",
                field="order_received",
            )
    calendar = production_calendar(nation)
    builder = _Builder(calendar=calendar, today=dates.today)
    if nation is Country.RU:
        _russia(dates, builder)
    else:
        _kazakhstan(dates, builder)
    items = sorted(builder.items, key=lambda item: (item.due_date, item.code))
    return DeadlineReport(
        country=nation,
        today=dates.today,
        items=tuple(items),
        sources=(calendar.counting, calendar.source, STAY_COUNTING, DATE_COUNTING),
    )


@dataclass(frozen=True, slots=True)
class _Dates:
    entry: date
    today: date
    purpose: Purpose
    has_contract: bool
    contract_start: date | None
    contract_end: date | None
    missed_payday: date | None
    dismissal: date | None
    order_received: date | None

    @property
    def ended_early(self) -> bool:
        """The contract ended before its term (or has no set term) on ``dismissal``."""
        if self.dismissal is None:
            return False
        return self.contract_end is None or self.dismissal < self.contract_end

    @property
    def ended_after_day_90(self) -> bool:
        """Art. 97(5): the contract ended after the 90 days from entry had run out (day 91 or later,
        the day of entry being day 1)."""
        assert self.dismissal is not None
        return (self.dismissal - self.entry).days + 1 > VISA_FREE_STAY_DAYS

    def dismissal_order(self) -> tuple[date, CountedFrom]:
        assert self.dismissal is not None
        if self.order_received is not None:
            return self.order_received, CountedFrom.ORDER_RECEIVED
        return self.dismissal, CountedFrom.DISMISSAL_AS_ORDER


@dataclass
class _Builder:
    calendar: ProductionCalendar
    today: date
    items: list[DeadlineItem] = field(default_factory=list)

    def period(
        self,
        code: str,
        rule: Source,
        event: date,
        counted_from: CountedFrom,
        period: Period,
        *,
        counting: Source | None = None,
        condition: Condition | None = None,
    ) -> None:
        end = period_end(self.calendar, event, period)
        if counting is None:
            counting = STAY_COUNTING if period.unit is Unit.DAYS_OF_STAY else self.calendar.counting
            if period.unit is Unit.WORKING_DAYS:
                counting = self.calendar.source
        self._add(code, ItemKind.DEADLINE, rule, end, event, counted_from, counting, condition)

    def fixed(
        self,
        code: str,
        kind: ItemKind,
        rule: Source,
        day: date,
        event: date,
        counted_from: CountedFrom,
    ) -> None:
        end = PeriodEnd(
            event=event,
            period=Period(0, Unit.DAYS, moves_off_non_working_day=False, office_act=False),
            nominal_last_day=day,
            last_day=day,
            safe_day=day,
            calendar_confirmed=True,
        )
        self._add(code, kind, rule, end, event, counted_from, DATE_COUNTING, None)

    def _add(
        self,
        code: str,
        kind: ItemKind,
        rule: Source,
        end: PeriodEnd,
        event: date,
        counted_from: CountedFrom,
        counting: Source,
        condition: Condition | None,
    ) -> None:
        self.items.append(
            DeadlineItem(
                code=code,
                title_key=f"deadlines.{code}",
                kind=kind,
                due_date=end.last_day,
                days_left=(end.last_day - self.today).days,
                rule=rule,
                confirmed=rule.confirmed and counting.confirmed and end.calendar_confirmed,
                checked_on=rule.checked_on,
                safe_day=end.safe_day,
                safe_days_left=(end.safe_day - self.today).days,
                nominal_last_day=end.nominal_last_day,
                counted_from=event,
                counted_from_kind=counted_from,
                counting=counting,
                calendar_confirmed=end.calendar_confirmed,
                status=_status(kind, end, self.today),
                condition=condition,
            )
        )


def _status(kind: ItemKind, end: PeriodEnd, today: date) -> Status:
    if kind is ItemKind.AVAILABLE_FROM:
        return Status.AVAILABLE if today >= end.last_day else Status.NOT_YET
    if today > end.last_day:
        return Status.PASSED
    if today == end.last_day:
        return Status.LAST_DAY
    if today > end.safe_day:
        return Status.ACT_NOW
    return Status.OPEN


def _stay(period_days: int) -> Period:
    return Period(period_days, Unit.DAYS_OF_STAY, moves_off_non_working_day=False, office_act=False)


def _office_days_of_stay(period_days: int) -> Period:
    return Period(period_days, Unit.DAYS_OF_STAY, moves_off_non_working_day=False, office_act=True)


def _stay_items(
    dates: _Dates,
    builder: _Builder,
    *,
    prefix: str,
    contract_rule: Source,
    after_90_rule: Source,
    within_90_rule: Source,
    without_contract_rule: Source,
) -> None:
    entry = CountedFrom.ENTRY
    if dates.has_contract and dates.ended_early:
        assert dates.dismissal is not None
        if dates.ended_after_day_90:
            builder.period(
                f"{prefix}_stay_after_contract",
                after_90_rule,
                dates.dismissal,
                CountedFrom.DISMISSAL,
                Period(DAYS_TO_FIND_NEW_WORK, Unit.DAYS, moves_off_non_working_day=False, office_act=False),
                counting=STAY_COUNTING,
            )
        else:
            builder.period(
                f"{prefix}_stay_without_contract",
                within_90_rule,
                dates.entry,
                entry,
                _stay(VISA_FREE_STAY_DAYS),
            )
    elif dates.has_contract and dates.contract_end is not None:
        builder.fixed(
            f"{prefix}_stay_contract",
            ItemKind.DEADLINE,
            contract_rule,
            dates.contract_end,
            dates.contract_end,
            CountedFrom.CONTRACT_END,
        )
    elif not dates.has_contract:
        builder.period(
            f"{prefix}_stay_without_contract",
            without_contract_rule,
            dates.entry,
            entry,
            _stay(VISA_FREE_STAY_DAYS),
        )


def _russia(dates: _Dates, builder: _Builder) -> None:
    entry = CountedFrom.ENTRY
    medical_days = MEDICAL_DAYS_WORK if dates.purpose is Purpose.WORK else MEDICAL_DAYS_OTHER
    builder.period(
        "ru_registration", RU_REGISTRATION, dates.entry, entry, _office_days_of_stay(REGISTRATION_DAYS)
    )
    builder.period(
        "ru_medical_fingerprints",
        RU_MEDICAL_FINGERPRINTS,
        dates.entry,
        entry,
        _office_days_of_stay(medical_days),
    )
    notice = Period(EMPLOYER_NOTICE_WORKING_DAYS, Unit.WORKING_DAYS)
    if dates.has_contract and dates.contract_start is not None:
        builder.period(
            "ru_employer_notice_start",
            RU_EMPLOYER_NOTICE,
            dates.contract_start,
            CountedFrom.CONTRACT_START,
            notice,
        )
    if dates.has_contract and dates.dismissal is not None:
        builder.period(
            "ru_employer_notice_end", RU_EMPLOYER_NOTICE, dates.dismissal, CountedFrom.DISMISSAL, notice
        )
    _stay_items(
        dates,
        builder,
        prefix="ru",
        contract_rule=RU_STAY_CONTRACT,
        after_90_rule=RU_STAY_AFTER_CONTRACT,
        within_90_rule=RU_STAY_WITHIN_FIRST_90_DAYS,
        without_contract_rule=RU_STAY_WITHOUT_CONTRACT,
    )
    if dates.missed_payday is not None:
        payday = dates.missed_payday
        builder.period(
            "ru_wage_claim", RU_TK_392_WAGES, payday, CountedFrom.PAYDAY, Period(WAGE_CLAIM_YEARS, Unit.YEARS)
        )
        builder.fixed(
            "ru_suspend_work",
            ItemKind.AVAILABLE_FROM,
            RU_TK_142,
            payday + timedelta(days=SUSPENSION_FROM_DAY_OF_DELAY),
            payday,
            CountedFrom.PAYDAY,
        )
    if dates.dismissal is not None:
        received, counted_from = dates.dismissal_order()
        builder.period(
            "ru_dismissal_claim",
            RU_TK_392_DISMISSAL,
            received,
            counted_from,
            Period(RU_DISMISSAL_CLAIM_MONTHS, Unit.MONTHS),
        )
        builder.fixed(
            "ru_final_settlement",
            ItemKind.DEADLINE,
            RU_TK_140,
            dates.dismissal,
            dates.dismissal,
            CountedFrom.DISMISSAL,
        )


def _kazakhstan(dates: _Dates, builder: _Builder) -> None:
    builder.period(
        "kz_registration",
        KZ_REGISTRATION,
        dates.entry,
        CountedFrom.ENTRY,
        _office_days_of_stay(REGISTRATION_DAYS),
    )
    _stay_items(
        dates,
        builder,
        prefix="kz",
        contract_rule=KZ_STAY_CONTRACT,
        after_90_rule=KZ_STAY_AFTER_CONTRACT,
        within_90_rule=KZ_STAY_AFTER_CONTRACT,
        without_contract_rule=KZ_STAY_WITHOUT_CONTRACT,
    )
    if dates.missed_payday is not None:
        builder.period(
            "kz_wage_claim",
            KZ_TK_160_WAGES,
            dates.missed_payday,
            CountedFrom.PAYDAY,
            Period(WAGE_CLAIM_YEARS, Unit.YEARS),
        )
    if dates.dismissal is not None:
        received, counted_from = dates.dismissal_order()
        builder.period(
            "kz_dismissal_commission",
            KZ_TK_160_COMMISSION,
            received,
            counted_from,
            Period(KZ_COMMISSION_MONTHS, Unit.MONTHS),
            condition=Condition.IF_COMMISSION,
        )
        builder.period(
            "kz_dismissal_court",
            KZ_TK_160_COURT,
            received,
            counted_from,
            Period(KZ_COURT_MONTHS, Unit.MONTHS),
            condition=Condition.IF_DIRECT_TO_COURT,
        )


def _parse_purpose(value: Purpose | str) -> Purpose:
    try:
        return Purpose(value)
    except ValueError:
        raise CalculationError(
            ErrorCode.INVALID_PURPOSE,
            f"Unknown purpose of entry {value!r}; expected work or other.",
            field="purpose",
        ) from None
