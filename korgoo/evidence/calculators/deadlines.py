"""Deadlines and rights that follow from a Kyrgyz worker's dates of entry, contract, pay and dismissal.

Each item has a stable ``code`` and ``title_key`` (translated by the interface), the date, the days
left until it (negative once it has passed) and the rule it comes from. ``confirmed`` is ``False``
for rules the fact sheet marks as not confirmed, and for dates that depend on an interpretation.

Dates are counted conservatively (see ``dates``): the date shown is the last day on which acting is
certainly in time; a court may allow one day more.

Russia, for a Kyrgyz citizen
    Registration within 30 days of entry (EAEU Treaty art. 97; RU–KG Agreement of 19.06.2015).
    Fingerprints, photograph and medical examination within 30 days of entry when coming to work,
    90 days otherwise (Law 274-FZ).
    Employer's notice to the Ministry of Internal Affairs within 3 working days of concluding or
    ending the contract (Law 115-FZ art. 13; not confirmed, and public holidays are not skipped).
    Stay: for the term of the contract (EAEU art. 97(5)); without a contract 90 days a calendar year
    (Law 260-FZ); after a contract ends early, later than 90 days after entry, 15 days to find new
    work (art. 97(5)).
    Wage claim: 1 year from the missed payday (Labour Code art. 392); dismissal claim: 1 month
    (art. 392); final settlement on the day of dismissal (art. 140); right to suspend work from day
    16 of a delay in pay, after written notice (art. 142).

Kazakhstan, for a Kyrgyz citizen
    Registration within 30 days of entry; stay for the term of the contract, otherwise 90 days in
    180; wage claim 1 year (Labour Code art. 160); dismissal (reinstatement) claim 1 month to the
    conciliation commission, or 3 months to court where the worker may go straight to court.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from korgoo.evidence.calculators.dates import add_working_days, last_day_within_days, last_day_within_months
from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode
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
    RU_EMPLOYER_NOTICE,
    RU_MEDICAL_FINGERPRINTS,
    RU_REGISTRATION,
    RU_STAY_AFTER_CONTRACT,
    RU_STAY_AFTER_EARLY_CONTRACT_END,
    RU_STAY_CONTRACT,
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
WAGE_CLAIM_MONTHS = 12
RU_DISMISSAL_CLAIM_MONTHS = 1
KZ_COMMISSION_MONTHS = 1
KZ_COURT_MONTHS = 3


class Purpose(StrEnum):
    """Purpose of entry stated on arrival: work, or anything else."""

    WORK = "work"
    OTHER = "other"


class ItemKind(StrEnum):
    """A ``deadline`` must be met by its date; a right is ``available_from`` its date."""

    DEADLINE = "deadline"
    AVAILABLE_FROM = "available_from"


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    """One deadline or right, its date, and the rule it comes from."""

    code: str
    title_key: str
    kind: ItemKind
    due_date: date
    days_left: int
    rule: Source
    confirmed: bool
    checked_on: str


@dataclass(frozen=True, slots=True)
class DeadlineReport:
    """All deadlines and rights that follow from the dates given, earliest first."""

    country: Country
    today: date
    items: tuple[DeadlineItem, ...]
    sources: tuple[Source, ...] = (DATE_COUNTING,)


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
) -> DeadlineReport:
    """Deadlines and rights for a Kyrgyz citizen in ``country``; see the module docstring.

    ``contract_start`` is the day the contract was concluded (for the employer's notice);
    ``missed_payday`` the day wages were due and not paid in full; ``dismissal_date`` the last day
    of the contract when it ended before its term.
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
    raw = _russia(dates) if nation is Country.RU else _kazakhstan(dates)
    items = sorted(
        (_item(code, kind, due, rule, dates.today) for code, kind, due, rule in raw),
        key=lambda item: (item.due_date, item.code),
    )
    return DeadlineReport(country=nation, today=dates.today, items=tuple(items))


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

    @property
    def ended_early(self) -> bool:
        """The contract ended before its term (or has no set term) on ``dismissal``."""
        if self.dismissal is None:
            return False
        return self.contract_end is None or self.dismissal < self.contract_end

    @property
    def stayed_more_than_90_days_at_dismissal(self) -> bool:
        assert self.dismissal is not None
        return (self.dismissal - self.entry).days + 1 > VISA_FREE_STAY_DAYS


_Raw = tuple[str, ItemKind, date, Source]


def _russia(dates: _Dates) -> list[_Raw]:
    deadline = ItemKind.DEADLINE
    visa_free_end = last_day_within_days(dates.entry, VISA_FREE_STAY_DAYS)
    medical_days = MEDICAL_DAYS_WORK if dates.purpose is Purpose.WORK else MEDICAL_DAYS_OTHER
    items: list[_Raw] = [
        ("ru_registration", deadline, last_day_within_days(dates.entry, REGISTRATION_DAYS), RU_REGISTRATION),
        (
            "ru_medical_fingerprints",
            deadline,
            last_day_within_days(dates.entry, medical_days),
            RU_MEDICAL_FINGERPRINTS,
        ),
    ]
    if dates.has_contract and dates.contract_start is not None:
        notice = add_working_days(dates.contract_start, EMPLOYER_NOTICE_WORKING_DAYS)
        items.append(("ru_employer_notice_start", deadline, notice, RU_EMPLOYER_NOTICE))
    if dates.has_contract and dates.dismissal is not None:
        notice = add_working_days(dates.dismissal, EMPLOYER_NOTICE_WORKING_DAYS)
        items.append(("ru_employer_notice_end", deadline, notice, RU_EMPLOYER_NOTICE))

    if dates.has_contract and dates.ended_early:
        assert dates.dismissal is not None
        new_work_by = last_day_within_days(dates.dismissal, DAYS_TO_FIND_NEW_WORK)
        if dates.stayed_more_than_90_days_at_dismissal:
            items.append(("ru_stay_after_contract", deadline, new_work_by, RU_STAY_AFTER_CONTRACT))
        else:
            items.append(
                (
                    "ru_stay_after_contract",
                    deadline,
                    max(new_work_by, visa_free_end),
                    RU_STAY_AFTER_EARLY_CONTRACT_END,
                )
            )
    elif dates.has_contract and dates.contract_end is not None:
        items.append(("ru_stay_contract", deadline, dates.contract_end, RU_STAY_CONTRACT))
    elif not dates.has_contract:
        items.append(("ru_stay_without_contract", deadline, visa_free_end, RU_STAY_WITHOUT_CONTRACT))

    if dates.missed_payday is not None:
        payday = dates.missed_payday
        items.append(
            ("ru_wage_claim", deadline, last_day_within_months(payday, WAGE_CLAIM_MONTHS), RU_TK_392_WAGES)
        )
        items.append(
            (
                "ru_suspend_work",
                ItemKind.AVAILABLE_FROM,
                payday + timedelta(days=SUSPENSION_FROM_DAY_OF_DELAY),
                RU_TK_142,
            )
        )
    if dates.dismissal is not None:
        items.append(
            (
                "ru_dismissal_claim",
                deadline,
                last_day_within_months(dates.dismissal, RU_DISMISSAL_CLAIM_MONTHS),
                RU_TK_392_DISMISSAL,
            )
        )
        items.append(("ru_final_settlement", deadline, dates.dismissal, RU_TK_140))
    return items


def _kazakhstan(dates: _Dates) -> list[_Raw]:
    deadline = ItemKind.DEADLINE
    visa_free_end = last_day_within_days(dates.entry, VISA_FREE_STAY_DAYS)
    items: list[_Raw] = [
        ("kz_registration", deadline, last_day_within_days(dates.entry, REGISTRATION_DAYS), KZ_REGISTRATION),
    ]
    if dates.has_contract and dates.ended_early:
        assert dates.dismissal is not None
        new_work_by = last_day_within_days(dates.dismissal, DAYS_TO_FIND_NEW_WORK)
        late_enough = dates.stayed_more_than_90_days_at_dismissal
        due = new_work_by if late_enough else max(new_work_by, visa_free_end)
        items.append(("kz_stay_after_contract", deadline, due, KZ_STAY_AFTER_CONTRACT))
    elif dates.has_contract and dates.contract_end is not None:
        items.append(("kz_stay_contract", deadline, dates.contract_end, KZ_STAY_CONTRACT))
    elif not dates.has_contract:
        items.append(("kz_stay_without_contract", deadline, visa_free_end, KZ_STAY_WITHOUT_CONTRACT))

    if dates.missed_payday is not None:
        due = last_day_within_months(dates.missed_payday, WAGE_CLAIM_MONTHS)
        items.append(("kz_wage_claim", deadline, due, KZ_TK_160_WAGES))
    if dates.dismissal is not None:
        commission = last_day_within_months(dates.dismissal, KZ_COMMISSION_MONTHS)
        court = last_day_within_months(dates.dismissal, KZ_COURT_MONTHS)
        items.append(("kz_dismissal_commission", deadline, commission, KZ_TK_160_COMMISSION))
        items.append(("kz_dismissal_court", deadline, court, KZ_TK_160_COURT))
    return items


def _item(code: str, kind: ItemKind, due: date, rule: Source, today: date) -> DeadlineItem:
    return DeadlineItem(
        code=code,
        title_key=f"deadlines.{code}",
        kind=kind,
        due_date=due,
        days_left=(due - today).days,
        rule=rule,
        confirmed=rule.confirmed,
        checked_on=rule.checked_on,
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
