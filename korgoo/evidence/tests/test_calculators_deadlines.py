"""Deadlines for sample workers, counted by hand.

Convention (see ``calculators.dates``): a limit of N days counts the day of the event as day 1, so it
ends on event + (N − 1) days; a limit of N months ends the day before the same date N months later.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from korgoo.evidence.calculators import CalculationError, ItemKind, check_deadlines
from korgoo.evidence.calculators.dates import add_months, add_working_days, last_day_within_months


def _by_code(report):  # type: ignore[no-untyped-def]
    return {item.code: item for item in report.items}


def test_ru_worker_with_a_contract_and_a_missed_payday() -> None:
    # Entered Russia on Saturday 2025-03-01 to work; contract concluded Monday 2025-03-10, ends 2025-12-31;
    # the payday of 2025-06-15 was missed; today is 2025-07-01.
    report = check_deadlines(
        country="RU",
        entry_date=date(2025, 3, 1),
        purpose="work",
        has_contract=True,
        contract_start=date(2025, 3, 10),
        contract_end=date(2025, 12, 31),
        missed_payday=date(2025, 6, 15),
        today=date(2025, 7, 1),
    )
    items = _by_code(report)
    # Employer's notice: 3 working days counted from the day after: Tue 11, Wed 12, Thu 13 March.
    # Registration and medical/fingerprints: 30 days with 1 March as day 1 → 30 March, 93 days ago.
    # Art. 142: pay more than 15 days late → from 15 June + 16 days = 1 July, i.e. today.
    # Stay: the contract term, 31 December, 183 days ahead (31+31+30+31+30+30).
    # Wage claim: 1 year from 15 June 2025 → last safe day 14 June 2026, 365 − 17 = 348 days ahead.
    assert [(item.code, item.due_date, item.days_left) for item in report.items] == [
        ("ru_employer_notice_start", date(2025, 3, 13), -110),
        ("ru_medical_fingerprints", date(2025, 3, 30), -93),
        ("ru_registration", date(2025, 3, 30), -93),
        ("ru_suspend_work", date(2025, 7, 1), 0),
        ("ru_stay_contract", date(2025, 12, 31), 183),
        ("ru_wage_claim", date(2026, 6, 14), 348),
    ]
    assert items["ru_suspend_work"].kind is ItemKind.AVAILABLE_FROM
    assert items["ru_registration"].kind is ItemKind.DEADLINE
    # The employer's notice rests on a rule whose exact wording is not confirmed.
    assert items["ru_employer_notice_start"].confirmed is False
    assert all(items[code].confirmed for code in items if code != "ru_employer_notice_start")
    assert items["ru_wage_claim"].title_key == "deadlines.ru_wage_claim"
    assert "art. 392" in items["ru_wage_claim"].rule.article
    assert items["ru_wage_claim"].checked_on == "2026-03"


def test_ru_worker_dismissed_early_after_90_days() -> None:
    # Dismissed on Wednesday 2025-08-20, day 173 of the stay, before the contract's end on 2025-12-31.
    #   15 days to find new work, 20 August being day 1 → 3 September.
    #   Employer's notice of the end: Thu 21, Fri 22, Mon 25 August.
    #   Dismissal claim: 1 month → last safe day 19 September. Final settlement: the dismissal day.
    report = check_deadlines(
        country="RU",
        entry_date=date(2025, 3, 1),
        purpose="work",
        has_contract=True,
        contract_end=date(2025, 12, 31),
        dismissal_date=date(2025, 8, 20),
        today=date(2025, 8, 21),
    )
    items = _by_code(report)
    assert items["ru_stay_after_contract"].due_date == date(2025, 9, 3)
    assert items["ru_stay_after_contract"].confirmed
    assert items["ru_employer_notice_end"].due_date == date(2025, 8, 25)
    assert items["ru_dismissal_claim"].due_date == date(2025, 9, 19)
    assert items["ru_final_settlement"].due_date == date(2025, 8, 20)
    assert items["ru_final_settlement"].days_left == -1
    assert "ru_stay_contract" not in items


def test_ru_contract_ending_within_90_days_of_entry_is_to_be_confirmed() -> None:
    # Dismissed 2025-04-15, day 46. 15 days → 29 April; the 90-day stay → 29 May (1 March + 89). Later wins.
    report = check_deadlines(
        country="RU",
        entry_date=date(2025, 3, 1),
        purpose="work",
        has_contract=True,
        dismissal_date=date(2025, 4, 15),
        today=date(2025, 4, 16),
    )
    item = _by_code(report)["ru_stay_after_contract"]
    assert item.due_date == date(2025, 5, 29)
    assert item.confirmed is False


def test_ru_visitor_without_a_contract() -> None:
    # Purpose other than work: medical examination and fingerprints within 90 days → 29 May;
    # stay 90 days a calendar year → 29 May; registration still 30 days → 30 March.
    report = check_deadlines(
        country="RU", entry_date=date(2025, 3, 1), purpose="other", has_contract=False, today=date(2025, 3, 1)
    )
    items = _by_code(report)
    assert items["ru_registration"].due_date == date(2025, 3, 30)
    assert items["ru_medical_fingerprints"].due_date == date(2025, 5, 29)
    assert items["ru_stay_without_contract"].due_date == date(2025, 5, 29)
    assert items["ru_registration"].days_left == 29


def test_kz_worker_dismissed_with_a_missed_payday() -> None:
    # Entered Kazakhstan 2025-03-01; contract to 2025-12-31; payday 2025-05-10 missed; dismissed 2025-09-01.
    #   Registration: 30 days → 30 March.
    #   Wage claim (art. 160): 1 year → last safe day 9 May 2026.
    #   Reinstatement: 1 month to the conciliation commission → 30 September; 3 months to court → 30 November.
    #   15 days to find new work → 15 September, to be confirmed for Kazakhstan.
    report = check_deadlines(
        country="KZ",
        entry_date=date(2025, 3, 1),
        purpose="work",
        has_contract=True,
        contract_end=date(2025, 12, 31),
        missed_payday=date(2025, 5, 10),
        dismissal_date=date(2025, 9, 1),
        today=date(2025, 9, 2),
    )
    items = _by_code(report)
    assert set(items) == {
        "kz_registration",
        "kz_stay_after_contract",
        "kz_wage_claim",
        "kz_dismissal_commission",
        "kz_dismissal_court",
    }
    assert items["kz_registration"].due_date == date(2025, 3, 30)
    assert items["kz_wage_claim"].due_date == date(2026, 5, 9)
    assert items["kz_dismissal_commission"].due_date == date(2025, 9, 30)
    assert items["kz_dismissal_court"].due_date == date(2025, 11, 30)
    assert items["kz_stay_after_contract"].due_date == date(2025, 9, 15)
    assert items["kz_stay_after_contract"].confirmed is False


def test_kz_without_a_contract_may_stay_90_days() -> None:
    report = check_deadlines(
        country="KZ", entry_date=date(2025, 3, 1), purpose="work", has_contract=False, today=date(2025, 3, 1)
    )
    item = _by_code(report)["kz_stay_without_contract"]
    assert (item.due_date, item.confirmed) == (date(2025, 5, 29), True)


def test_the_counting_convention_is_reported() -> None:
    report = check_deadlines(
        country="KZ", entry_date=date(2025, 3, 1), purpose="work", has_contract=False, today=date(2025, 3, 1)
    )
    assert [source.code for source in report.sources] == ["date_counting"]


def test_calendar_helpers() -> None:
    # 31 January + 1 month falls back to 28 February; the last safe day is 27 February.
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert last_day_within_months(date(2025, 1, 31), 1) == date(2025, 2, 27)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    # Friday + 3 working days → Wednesday.
    assert add_working_days(date(2025, 6, 13), 3) == date(2025, 6, 18)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"purpose": "tourism"}, "invalid_purpose"),
        ({"country": "KG"}, "invalid_country"),
        ({"entry_date": datetime(2025, 3, 1, 12, 0)}, "invalid_date"),
        ({"has_contract": "yes"}, "invalid_flag"),
        ({"has_contract": False, "contract_end": date(2025, 12, 31)}, "contract_dates_without_contract"),
        ({"contract_start": date(2025, 6, 1), "contract_end": date(2025, 5, 1)}, "contract_end_before_start"),
    ],
)
def test_invalid_input(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {
        "country": "RU",
        "entry_date": date(2025, 3, 1),
        "purpose": "work",
        "has_contract": True,
        "today": date(2025, 3, 2),
    }
    arguments.update(kwargs)
    with pytest.raises(CalculationError) as error:
        check_deadlines(**arguments)  # type: ignore[arg-type]
    assert error.value.code == code
