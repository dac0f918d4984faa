"""Deadlines for sample workers, counted by hand from the law.

Russian Labour Code art. 14: a period tied to the end of a labour relation starts the day after it;
a period in months or years ends on the corresponding date of the last month or year (the last day
of a month without that date); a last day that is a non-working day moves to the next working day.
Kazakhstan: the same rule from the Civil Code (its article numbers not confirmed). Stays are days of
presence, the day of entry being day 1, and never move. The safe day is the day of the event
counted as day 1 (or the day before the corresponding date), moved back to a working day.

Russian production calendar: Labour Code art. 112 and the decrees on transfers — No. 1314 of
10.08.2023 (2024), No. 1335 of 04.10.2024 (2025: 1 November a working Saturday, 3 November and
31 December days off), No. 1466 of 24.09.2025 (2026: 9 January and 31 December days off).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from korgoo.evidence.calculators import CalculationError, ItemKind, check_deadlines
from korgoo.evidence.calculators.deadlines import Status


def _by_code(report):  # type: ignore[no-untyped-def]
    return {item.code: item for item in report.items}


def test_a_one_year_wage_claim_ending_on_a_saturday_runs_to_monday() -> None:
    # Payday missed Friday 2025-03-14. Art. 392(2): 1 year from the due date; art. 14: it ends on the
    # corresponding date, Saturday 2026-03-14, which is not a working day → Monday 2026-03-16.
    # Safe day: the day before the corresponding date, Friday 2026-03-13.
    # Asked on 2026-03-14: 2 days left to the legal last day; the safe day has passed → act now.
    report = check_deadlines(
        country="RU",
        entry_date=date(2025, 3, 1),
        purpose="work",
        has_contract=False,
        missed_payday=date(2025, 3, 14),
        today=date(2026, 3, 14),
    )
    item = _by_code(report)["ru_wage_claim"]
    assert (item.due_date, item.safe_day, item.nominal_last_day) == (
        date(2026, 3, 16),
        date(2026, 3, 13),
        date(2026, 3, 14),
    )
    assert (item.days_left, item.safe_days_left) == (2, -1)
    assert item.status is Status.ACT_NOW and item.moved
    assert item.counting.code == "ru_counting" and item.confirmed


def test_a_dismissal_claim_crosses_the_new_year_holidays_and_a_transferred_day_off() -> None:
    # Order received Friday 2025-12-05. Art. 392(1): 1 month → Monday 2026-01-05, a New Year holiday
    # (art. 112: 1–6 and 8 January, 7 January Christmas); 9 January is a day off transferred from
    # 3 January (Decree No. 1466); 10–11 January a weekend → Monday 2026-01-12.
    # Safe day: 2026-01-04 (Sunday, a holiday) back past 1–3 January and 31 December 2025 (a day
    # off transferred from 5 January by Decree No. 1335) → Tuesday 2025-12-30.
    report = check_deadlines(
        country="RU",
        entry_date=date(2025, 6, 2),
        purpose="work",
        has_contract=True,
        contract_end=date(2026, 6, 1),
        dismissal_date=date(2025, 12, 4),
        order_received=date(2025, 12, 5),
        today=date(2025, 12, 10),
    )
    item = _by_code(report)["ru_dismissal_claim"]
    assert (item.due_date, item.safe_day) == (date(2026, 1, 12), date(2025, 12, 30))
    assert item.counted_from == date(2025, 12, 5)
    assert str(item.counted_from_kind) == "order_received"


@pytest.mark.parametrize(
    ("received", "legal", "safe"),
    [
        # 31 January + 1 month: February has no 31st → its last day, Friday 2025-02-28; safe Thursday 27.
        (date(2025, 1, 31), date(2025, 2, 28), date(2025, 2, 27)),
        # Leap year: 29 January 2024 + 1 month → Thursday 2024-02-29; safe Wednesday 28.
        (date(2024, 1, 29), date(2024, 2, 29), date(2024, 2, 28)),
        # 31 January 2024 + 1 month → 29 February 2024, the last day of that February.
        (date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 28)),
        # 23 February is Defender of the Fatherland Day: received 2026-01-23 → Monday 2026-02-23 is a
        # holiday → Tuesday 24; safe: 22nd back past the weekend → Friday 2026-02-20.
        (date(2026, 1, 23), date(2026, 2, 24), date(2026, 2, 20)),
    ],
)
def test_one_month_at_month_ends_leap_years_and_holidays(received: date, legal: date, safe: date) -> None:
    report = check_deadlines(
        country="RU",
        entry_date=received.replace(day=1),
        purpose="work",
        has_contract=True,
        dismissal_date=received,
        today=received,
    )
    item = _by_code(report)["ru_dismissal_claim"]
    assert (item.due_date, item.safe_day) == (legal, safe)
    # Without the day the order was received, the dismissal day stands in for it, and says so.
    assert str(item.counted_from_kind) == "dismissal_as_order"


def test_a_year_from_29_february_ends_on_28_february() -> None:
    # Payday 2024-02-29 + 1 year: 2025 has no 29 February → Friday 2025-02-28; safe Thursday 27.
    item = _by_code(
        check_deadlines(
            country="RU",
            entry_date=date(2024, 2, 1),
            purpose="work",
            has_contract=False,
            missed_payday=date(2024, 2, 29),
            today=date(2024, 3, 1),
        )
    )["ru_wage_claim"]
    assert (item.due_date, item.safe_day) == (date(2025, 2, 28), date(2025, 2, 27))


def test_the_employers_notice_follows_the_production_calendar() -> None:
    # Contract concluded Thursday 2025-10-30. 3 working days from the next day: Friday 31 October (1),
    # Saturday 1 November, a working day by Decree No. 1335 (2), Monday 3 November a day off moved
    # from 1 November, Tuesday 4 November Unity Day, Wednesday 5 November (3).
    report = check_deadlines(
        country="RU",
        entry_date=date(2025, 10, 20),
        purpose="work",
        has_contract=True,
        contract_start=date(2025, 10, 30),
        today=date(2025, 10, 30),
    )
    item = _by_code(report)["ru_employer_notice_start"]
    assert item.due_date == date(2025, 11, 5) == item.safe_day
    assert item.confirmed is False  # the wording of 115-FZ art. 13(8) is not confirmed
    # Contract ended Thursday 2026-05-07: Friday 8 (1); 9 May Victory Day on a Saturday moves to Monday
    # 11 May (art. 112); Tuesday 12 (2), Wednesday 13 (3).
    ended = check_deadlines(
        country="RU",
        entry_date=date(2026, 1, 12),
        purpose="work",
        has_contract=True,
        contract_end=date(2026, 12, 31),
        dismissal_date=date(2026, 5, 7),
        today=date(2026, 5, 7),
    )
    assert _by_code(ended)["ru_employer_notice_end"].due_date == date(2026, 5, 13)


def test_a_contract_ended_within_90_days_leaves_the_90_day_stay() -> None:
    # Entry 2026-03-01 (day 1); dismissed 2026-05-20 = day 81 (31 + 30 + 20). EAEU art. 97(5): the 15
    # days apply only to a contract ended after day 90, so the stay ends with day 90 = 2026-05-29.
    items = _by_code(
        check_deadlines(
            country="RU",
            entry_date=date(2026, 3, 1),
            purpose="work",
            has_contract=True,
            dismissal_date=date(2026, 5, 20),
            today=date(2026, 5, 21),
        )
    )
    stay = items["ru_stay_without_contract"]
    assert stay.due_date == date(2026, 5, 29) == stay.safe_day
    assert stay.rule.code == "ru_stay_within_first_90_days" and stay.confirmed
    assert "ru_stay_after_contract" not in items


@pytest.mark.parametrize(
    ("dismissed", "code", "legal", "safe"),
    [
        # Day 90 (2026-05-29): not after day 90 → the stay ends that day.
        (date(2026, 5, 29), "ru_stay_without_contract", date(2026, 5, 29), date(2026, 5, 29)),
        # Day 91 (2026-05-30): 15 days from the next day → 2026-06-14, a Sunday, and a stay does not
        # move; safe day counts the day of dismissal too → 2026-06-13.
        (date(2026, 5, 30), "ru_stay_after_contract", date(2026, 6, 14), date(2026, 6, 13)),
    ],
)
def test_the_day_90_boundary_of_article_97(dismissed: date, code: str, legal: date, safe: date) -> None:
    item = _by_code(
        check_deadlines(
            country="RU",
            entry_date=date(2026, 3, 1),
            purpose="work",
            has_contract=True,
            dismissal_date=dismissed,
            today=dismissed,
        )
    )[code]
    assert (item.due_date, item.safe_day) == (legal, safe)


def test_registration_ending_on_a_saturday_does_not_move_but_the_safe_day_does() -> None:
    # Entry Friday 2026-02-27 = day 1; day 30 = 27 February + 29 days = Saturday 2026-03-28 (February
    # 2026 has 28 days). The stay without registration ends that day; file by Friday 2026-03-27.
    item = _by_code(
        check_deadlines(
            country="RU",
            entry_date=date(2026, 2, 27),
            purpose="work",
            has_contract=False,
            today=date(2026, 3, 1),
        )
    )["ru_registration"]
    assert (item.due_date, item.safe_day) == (date(2026, 3, 28), date(2026, 3, 27))
    assert not item.moved


def test_kazakh_dismissal_counts_from_the_order_and_explains_both_paths() -> None:
    # Dismissed 2025-09-01, copy of the order received Wednesday 2025-09-03 (art. 160 counts from it).
    #   Conciliation commission, 1 month → Friday 2025-10-03; safe Thursday 2025-10-02.
    #   Straight to court where allowed, 3 months → Wednesday 2025-12-03; safe Tuesday 2025-12-02.
    items = _by_code(
        check_deadlines(
            country="KZ",
            entry_date=date(2025, 3, 1),
            purpose="work",
            has_contract=True,
            contract_end=date(2025, 12, 31),
            missed_payday=date(2025, 5, 10),
            dismissal_date=date(2025, 9, 1),
            order_received=date(2025, 9, 3),
            today=date(2025, 9, 4),
        )
    )
    commission, court = items["kz_dismissal_commission"], items["kz_dismissal_court"]
    assert (commission.due_date, commission.safe_day) == (date(2025, 10, 3), date(2025, 10, 2))
    assert (court.due_date, court.safe_day) == (date(2025, 12, 3), date(2025, 12, 2))
    assert str(commission.condition) == "if_commission" and str(court.condition) == "if_direct_to_court"
    # Wage claim (art. 160, 1 year): payday Saturday 2025-05-10 → Sunday 2026-05-10 → Monday 11 May.
    # 9 May 2026 (Victory Day) falls on a Saturday and moves to Monday 11 May too → Tuesday 12 May.
    assert items["kz_wage_claim"].due_date == date(2026, 5, 12)
    # The Kazakh counting rule is not confirmed, so neither are the dates that use it.
    assert not any(items[code].confirmed for code in ("kz_dismissal_commission", "kz_wage_claim"))
    # Dismissed on day 185 (after day 90): 15 days from the next day → 2025-09-16; safe 2025-09-15.
    assert items["kz_stay_after_contract"].due_date == date(2025, 9, 16)


def test_a_kazakh_month_moves_past_nauryz() -> None:
    # Order received 2026-02-25 → 2026-03-25, Nauryz (21–23 March; 21 and 22 fall on a weekend and move
    # to 24 and 25) → Thursday 2026-03-26. Safe: 24 March back past the holidays and the weekend →
    # Friday 2026-03-20.
    item = _by_code(
        check_deadlines(
            country="KZ",
            entry_date=date(2026, 1, 5),
            purpose="work",
            has_contract=True,
            dismissal_date=date(2026, 2, 24),
            order_received=date(2026, 2, 25),
            today=date(2026, 2, 25),
        )
    )["kz_dismissal_commission"]
    assert (item.due_date, item.safe_day) == (date(2026, 3, 26), date(2026, 3, 20))
    # 2026's calendar in Kazakhstan is not confirmed (no decree found; Kurban ait's date an estimate).
    assert item.calendar_confirmed is False


def test_a_live_claim_is_never_reported_as_passed() -> None:
    # On the legal last day itself, the status says so; only the next day is it passed.
    base = {
        "country": "RU",
        "entry_date": date(2025, 3, 1),
        "purpose": "work",
        "has_contract": False,
        "missed_payday": date(2025, 3, 14),
    }
    on_last = _by_code(check_deadlines(**base, today=date(2026, 3, 16)))["ru_wage_claim"]  # type: ignore[arg-type]
    after = _by_code(check_deadlines(**base, today=date(2026, 3, 17)))["ru_wage_claim"]  # type: ignore[arg-type]
    assert (on_last.status, on_last.days_left) == (Status.LAST_DAY, 0)
    assert (after.status, after.days_left) == (Status.PASSED, -1)


def test_ru_worker_with_a_contract_and_a_missed_payday() -> None:
    # Entered Saturday 2025-03-01 to work (day 1); contract concluded Monday 2025-03-10, ends 2025-12-31;
    # payday 2025-06-15 (a Sunday) missed; today 2025-07-01.
    #   Registration and medical: day 30 = Sunday 2025-03-30; safe Friday 28 March.
    #   Employer's notice: Tue 11, Wed 12, Thu 13 March.
    #   Art. 142: from 15 June + 16 days = 1 July.
    #   Stay: the contract term, 31 December.
    #   Wage claim: 2026-06-15 is a Monday → that day; safe: 14 June (Sunday) back past Saturday 13 and
    #   Friday 12 June, Russia Day (art. 112) → Thursday 2026-06-11.
    items = _by_code(
        check_deadlines(
            country="RU",
            entry_date=date(2025, 3, 1),
            purpose="work",
            has_contract=True,
            contract_start=date(2025, 3, 10),
            contract_end=date(2025, 12, 31),
            missed_payday=date(2025, 6, 15),
            today=date(2025, 7, 1),
        )
    )
    assert (items["ru_registration"].due_date, items["ru_registration"].safe_day) == (
        date(2025, 3, 30),
        date(2025, 3, 28),
    )
    assert items["ru_employer_notice_start"].due_date == date(2025, 3, 13)
    assert items["ru_suspend_work"].due_date == date(2025, 7, 1)
    assert items["ru_suspend_work"].kind is ItemKind.AVAILABLE_FROM
    assert items["ru_suspend_work"].status is Status.AVAILABLE
    assert items["ru_stay_contract"].due_date == date(2025, 12, 31)
    assert (items["ru_wage_claim"].due_date, items["ru_wage_claim"].safe_day) == (
        date(2026, 6, 15),
        date(2026, 6, 11),
    )
    assert items["ru_wage_claim"].days_left == 349  # 183 days to 31 Dec + 166 to 15 June


def test_the_counting_rules_and_the_calendar_are_reported() -> None:
    ru = check_deadlines(
        country="RU", entry_date=date(2025, 3, 1), purpose="work", has_contract=False, today=date(2025, 3, 1)
    )
    kz = check_deadlines(
        country="KZ", entry_date=date(2025, 3, 1), purpose="work", has_contract=False, today=date(2025, 3, 1)
    )
    assert [s.code for s in ru.sources][:2] == ["ru_counting", "ru_production_calendar"]
    assert [s.code for s in kz.sources][:2] == ["kz_counting", "kz_production_calendar"]
    assert kz.sources[0].confirmed is False


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"purpose": "tourism"}, "invalid_purpose"),
        ({"country": "KG"}, "invalid_country"),
        ({"entry_date": datetime(2025, 3, 1, 12, 0)}, "invalid_date"),
        ({"has_contract": "yes"}, "invalid_flag"),
        ({"has_contract": False, "contract_end": date(2025, 12, 31)}, "contract_dates_without_contract"),
        ({"contract_start": date(2025, 6, 1), "contract_end": date(2025, 5, 1)}, "contract_end_before_start"),
        ({"order_received": date(2025, 6, 1)}, "order_without_dismissal"),
        ({"dismissal_date": date(2025, 6, 2), "order_received": date(2025, 6, 1)}, "order_before_dismissal"),
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
