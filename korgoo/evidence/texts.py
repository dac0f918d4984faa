"""The words the evidence pages use for the calculators' rules, errors, warnings and deadlines.

The calculators name each rule, error and warning by a stable code and describe it in English for
developers. Workers read them here, through gettext, in plain words; the documents addressed to
employers, inspectorates and courts use the Russian legal citations of ``RU_CITATIONS``.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

# --- Rules, as a worker reads them ----------------------------------------------------------------------

SOURCE_LABELS: dict[str, Any] = {
    "ru_tk_236": _("Labour Code of Russia, article 236"),
    "ru_tk_236_before_2016_10_03": _("Labour Code of Russia, article 236 (before 3 October 2016)"),
    "ru_tk_236_before_2016": _("Labour Code of Russia, article 236 (before 2016)"),
    "ru_tk_142": _("Labour Code of Russia, article 142"),
    "ru_tk_140": _("Labour Code of Russia, article 140"),
    "ru_tk_152": _("Labour Code of Russia, article 152"),
    "ru_tk_153": _("Labour Code of Russia, article 153"),
    "ru_tk_99": _("Labour Code of Russia, article 99"),
    "ru_tk_392_wages": _("Labour Code of Russia, article 392"),
    "ru_tk_392_dismissal": _("Labour Code of Russia, article 392"),
    "ru_mrot": _("Minimum wage of Russia (MROT)"),
    "ru_registration": _("EAEU Treaty, article 97; Russia–Kyrgyzstan agreement of 19.06.2015"),
    "ru_medical_fingerprints": _("Russian Federal Law 274-FZ of 01.07.2021"),
    "ru_employer_notice": _("Russian Federal Law 115-FZ, article 13"),
    "ru_stay_contract": _("EAEU Treaty, article 97(5)"),
    "ru_stay_without_contract": _("Russian Federal Law 260-FZ of 08.08.2024"),
    "ru_stay_after_contract": _("EAEU Treaty, article 97(5)"),
    "ru_stay_after_early_contract_end": _("EAEU Treaty, article 97(5); Russian Federal Law 115-FZ"),
    "kz_tk_113_3": _("Labour Code of Kazakhstan, article 113(3)"),
    "kz_day_count_basis": _("Labour Code of Kazakhstan, article 113(3)"),
    "kz_rate_of_payment_day": _("Labour Code of Kazakhstan, article 113(3)"),
    "kz_tk_108": _("Labour Code of Kazakhstan, article 108"),
    "kz_tk_110": _("Labour Code of Kazakhstan, article 110"),
    "kz_overtime_limits": _("Labour Code of Kazakhstan, articles 77–78"),
    "kz_tk_160_wages": _("Labour Code of Kazakhstan, article 160"),
    "kz_tk_160_commission": _("Labour Code of Kazakhstan, article 160"),
    "kz_tk_160_court": _("Labour Code of Kazakhstan, article 160"),
    "kz_mzp": _("Minimum wage of Kazakhstan (MZP)"),
    "kz_registration": _("Kyrgyzstan–Kazakhstan agreement on the stay of citizens"),
    "kz_stay_contract": _("EAEU Treaty, article 97(5)"),
    "kz_stay_after_contract": _("EAEU Treaty, article 97(5)"),
    "kz_stay_without_contract": _("Rules of stay of EAEU citizens in Kazakhstan (from 27.01.2023)"),
    "date_counting": _("How the dates are counted"),
}

SOURCE_NOTES: dict[str, Any] = {
    "ru_tk_236": _(
        "For each day of delay the employer must pay at least 1/150 of the Bank of Russia key rate on the "
        "unpaid sum, from the day after payday up to and including the day of payment."
    ),
    "ru_tk_236_before_2016_10_03": _("For days before 3 October 2016 the share was 1/300 of the rate."),
    "ru_tk_236_before_2016": _("For days before 1 January 2016 the refinancing rate applies instead."),
    "ru_tk_142": _(
        "If pay is more than 15 days late, you may stop work after telling the employer in writing, "
        "until you are paid."
    ),
    "ru_tk_140": _("Everything owed must be paid on the day of dismissal."),
    "ru_tk_152": _(
        "Overtime: the first 2 hours at least 1.5 times the rate, every further hour at least 2 times."
    ),
    "ru_tk_153": _("Work on a day off or a public holiday is paid at least 2 times."),
    "ru_tk_99": _("Overtime may not exceed 4 hours in 2 days in a row, or 120 hours a year."),
    "ru_tk_392_wages": _("You can go to court for unpaid wages within 1 year from payday."),
    "ru_tk_392_dismissal": _("You can go to court about a dismissal within 1 month."),
    "ru_mrot": _("Pay for a full month of full-time work may not be lower than the minimum wage."),
    "ru_registration": _("Citizens of Kyrgyzstan may stay without registration for 30 days from entry."),
    "ru_medical_fingerprints": _(
        "If you came to work: fingerprints, a photo and a medical examination within 30 days of entry "
        "(90 days if you came for another purpose)."
    ),
    "ru_employer_notice": _(
        "The employer must tell the migration police within 3 working days after the contract is signed "
        "or ends. Public holidays are not counted here."
    ),
    "ru_stay_contract": _("You may stay as long as your employment contract lasts."),
    "ru_stay_without_contract": _("Without a contract: no more than 90 days in a calendar year."),
    "ru_stay_after_contract": _(
        "If the contract ended early, more than 90 days after entry, you have 15 days to sign a new one."
    ),
    "ru_stay_after_early_contract_end": _(
        "The contract ended within 90 days of entry. The date is the later of the 90-day stay and 15 days "
        "after the contract ended."
    ),
    "kz_tk_113_3": _(
        "For each day of delay the employer pays a penalty: 1.25 times the National Bank base rate on "
        "the day of payment."
    ),
    "kz_day_count_basis": _("Some lawyers divide the yearly rate by 360 days, others by 365."),
    "kz_rate_of_payment_day": _(
        "Part of the pay is still unpaid: the rate of today is used. When it is paid, the rate of that day "
        "applies."
    ),
    "kz_tk_108": _("Overtime is paid at least 1.5 times the rate."),
    "kz_tk_110": _("Work on a day off or a public holiday is paid at least 1.5 times."),
    "kz_overtime_limits": _("Overtime: no more than 2 hours a day, 12 hours a month, 120 hours a year."),
    "kz_tk_160_wages": _("You can bring a labour dispute within 1 year."),
    "kz_tk_160_commission": _(
        "About a dismissal: 1 month to the conciliation commission, then 2 months to court."
    ),
    "kz_tk_160_court": _("About a dismissal, straight to court: 3 months."),
    "kz_mzp": _("Pay for a full month of full-time work may not be lower than the minimum wage."),
    "kz_registration": _("Citizens of Kyrgyzstan may stay without registration for 30 days from entry."),
    "kz_stay_contract": _("You may stay as long as your employment contract lasts."),
    "kz_stay_after_contract": _(
        "If the contract ended early, you have 15 days to sign a new one. This was found explained only "
        "for Russia."
    ),
    "kz_stay_without_contract": _("Without a job or other ground: 90 days in every 180 days."),
    "date_counting": _(
        "Each date is the last day on which you are surely in time. A court may count one more day."
    ),
}

_RATE_CODE = re.compile(r"^(ru_key_rate|kz_base_rate|ru_mrot|kz_mzp)_(\d{4}-\d{2}-\d{2})$")
_RATE_VALUE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)")


def rate_parts(source: dict[str, Any]) -> tuple[str, str, str] | None:
    """(series, ISO date, value) for a rate source (``ru_key_rate_2025-06-09``), else None."""
    matched = _RATE_CODE.match(str(source.get("code", "")))
    if matched is None:
        return None
    value = _RATE_VALUE.match(str(source.get("text", "")))
    return matched.group(1), matched.group(2), value.group(1) if value else ""


def source_label(source: dict[str, Any]) -> str:
    parts = rate_parts(source)
    if parts is not None:
        name, day, value = parts
        if name == "ru_key_rate":
            return str(_("Bank of Russia key rate: %(rate)s%% from %(date)s") % {"rate": value, "date": day})
        if name == "kz_base_rate":
            return str(
                _("National Bank of Kazakhstan base rate: %(rate)s%% from %(date)s")
                % {"rate": value, "date": day}
            )
    label = SOURCE_LABELS.get(str(source.get("code", "")))
    return str(label) if label is not None else str(source.get("article", ""))


def source_note(source: dict[str, Any]) -> str:
    note = SOURCE_NOTES.get(str(source.get("code", "")))
    return str(note) if note is not None else ""


def sources_for_page(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules of a result with their label and plain explanation in the page's language."""
    return [{**source, "label": source_label(source), "note": source_note(source)} for source in sources]


# --- Deadlines -----------------------------------------------------------------------------------------

DEADLINE_TITLES: dict[str, Any] = {
    "ru_registration": _("Migration registration"),
    "ru_medical_fingerprints": _("Fingerprints, photo and medical examination"),
    "ru_employer_notice_start": _("The employer tells the police about your contract"),
    "ru_employer_notice_end": _("The employer tells the police the contract ended"),
    "ru_stay_contract": _("Your stay ends with the contract"),
    "ru_stay_without_contract": _("End of your 90 days without a contract"),
    "ru_stay_after_contract": _("Find new work (sign a new contract)"),
    "ru_wage_claim": _("Last day to go to court for unpaid wages"),
    "ru_suspend_work": _("You may stop work until you are paid"),
    "ru_dismissal_claim": _("Last day to go to court about the dismissal"),
    "ru_final_settlement": _("Everything owed must be paid"),
    "kz_registration": _("Registration"),
    "kz_stay_contract": _("Your stay ends with the contract"),
    "kz_stay_without_contract": _("End of your 90 days without a contract"),
    "kz_stay_after_contract": _("Find new work (sign a new contract)"),
    "kz_wage_claim": _("Last day to bring a claim for unpaid wages"),
    "kz_dismissal_commission": _("Last day to go to the conciliation commission about the dismissal"),
    "kz_dismissal_court": _("Last day to go straight to court about the dismissal"),
}


def deadline_title(code: str) -> str:
    title = DEADLINE_TITLES.get(code)
    return str(title) if title is not None else code


# --- Errors and warnings ---------------------------------------------------------------------------------

ERROR_MESSAGES: dict[str, Any] = {
    "invalid_amount": _("Write the amount as a number, for example 25000 or 25000.50."),
    "float_not_allowed": _('Send amounts as text, for example "25000.50", not as a number with a fraction.'),
    "negative_amount": _("The amount cannot be negative."),
    "zero_amount": _("The amount must be more than zero."),
    "too_many_decimal_places": _("Use at most two digits after the point."),
    "invalid_hours": _("Write the hours as a number from 0 to 24."),
    "invalid_date": _("Write the date as year-month-day, for example 2025-03-15."),
    "invalid_date_range": _("The first date must come before the second."),
    "invalid_country": _("Choose Russia or Kazakhstan."),
    "invalid_day_count_basis": _("The number of days in a year must be 365 or 360 (Kazakhstan only)."),
    "invalid_pay_kind": _("Choose how you are paid: by the month, the day or the hour."),
    "invalid_purpose": _("Choose why you came: to work, or another purpose."),
    "invalid_flag": _("Answer yes or no."),
    "invalid_month": _("Write the month as year-month, for example 2025-03."),
    "due_date_after_as_of": _("Payday cannot be after the date of the calculation."),
    "payment_after_as_of": _("A payment cannot be after the date of the calculation."),
    "payments_exceed_debt": _("The payments add up to more than the wages owed."),
    "duplicate_day": _("The same day is written twice. Write each day once."),
    "duplicate_month": _("The same month is written twice. Write each month once."),
    "days_worked_exceed_month": _("There are more days worked than days in the month."),
    "contract_end_before_start": _("The contract cannot end before it starts."),
    "contract_dates_without_contract": _("You said there is no contract, but wrote contract dates."),
    "no_rate_for_date": _("We have no rate for such an early date. Choose a later date."),
    "invalid_rate_file": _("The rate data cannot be read. Please tell the organisation."),
    "unsupported_result": _("This calculation is not available."),
}


def error_message(code: str) -> str:
    message = ERROR_MESSAGES.get(str(code))
    return str(message) if message is not None else str(_("Please check what you wrote."))


def warning_text(warning: dict[str, Any]) -> str:
    """A calculator warning in the page's language."""
    code = str(warning.get("code", ""))
    values = {
        "hours": warning.get("hours", ""),
        "limit": warning.get("limit", ""),
        "start": warning.get("from", ""),
        "end": warning.get("to", ""),
        "month": warning.get("month", ""),
        "figure": warning.get("figure", ""),
        "minimum": warning.get("minimum_wage", ""),
    }
    texts: dict[str, Any] = {
        "ru_overtime_two_days": _(
            "%(hours)s overtime hours from %(start)s to %(end)s: more than the limit of %(limit)s hours "
            "in 2 days in a row."
        ),
        "ru_overtime_year": _("%(hours)s overtime hours in a year: more than the limit of %(limit)s hours."),
        "kz_overtime_day": _(
            "%(hours)s overtime hours on %(start)s: more than the limit of %(limit)s hours a day."
        ),
        "kz_overtime_month": _(
            "%(hours)s overtime hours in a month: more than the limit of %(limit)s hours."
        ),
        "kz_overtime_year": _("%(hours)s overtime hours in a year: more than the limit of %(limit)s hours."),
        "below_minimum_wage": _(
            "%(month)s: full-time pay of %(figure)s is lower than the minimum wage of %(minimum)s."
        ),
        "minimum_wage_unknown": _("%(month)s: we do not know the minimum wage; it was not checked."),
        "scheduled_days_estimated": _(
            "%(month)s: working days counted as Monday to Friday; public holidays are not taken into account."
        ),
        "payments_exceed_earnings": _("The payments are more than the wages earned by %(figure)s."),
    }
    text = texts.get(code)
    return str(text % values) if text is not None else str(warning.get("text", ""))


# --- Russian citations for documents ----------------------------------------------------------------------

RU_CITATIONS: dict[str, str] = {
    "ru_tk_236": "ст. 236 ТК РФ",
    "ru_tk_236_before_2016_10_03": "ст. 236 ТК РФ (в редакции до 03.10.2016)",
    "ru_tk_236_before_2016": "ст. 236 ТК РФ (периоды до 01.01.2016)",
    "ru_tk_142": "ст. 142 ТК РФ",
    "ru_tk_140": "ст. 140 ТК РФ",
    "ru_tk_152": "ст. 152 ТК РФ",
    "ru_tk_153": "ст. 153 ТК РФ",
    "ru_tk_99": "ст. 99 ТК РФ",
    "ru_tk_392_wages": "ст. 392 ТК РФ",
    "ru_tk_392_dismissal": "ст. 392 ТК РФ",
    "ru_mrot": "МРОТ; ст. 133.1 ТК РФ",
    "kz_tk_113_3": "п. 3 ст. 113 ТК РК",
    "kz_day_count_basis": "п. 3 ст. 113 ТК РК (число дней в году)",
    "kz_rate_of_payment_day": "п. 3 ст. 113 ТК РК (ставка на день выплаты)",
    "kz_tk_108": "ст. 108 ТК РК",
    "kz_tk_110": "ст. 110 ТК РК",
    "kz_overtime_limits": "ст. 77–78 ТК РК",
    "kz_tk_160_wages": "ст. 160 ТК РК",
    "kz_mzp": "МЗП (закон о республиканском бюджете РК)",
    "date_counting": "порядок исчисления сроков",
}


def ru_citation(source: dict[str, Any]) -> str:
    parts = rate_parts(source)
    if parts is not None:
        name, day, value = parts
        shown = ".".join(reversed(day.split("-")))
        names = {
            "ru_key_rate": "ключевая ставка Банка России",
            "kz_base_rate": "базовая ставка Национального Банка РК",
            "ru_mrot": "МРОТ",
            "kz_mzp": "МЗП",
        }
        unit = "%" if name in ("ru_key_rate", "kz_base_rate") else ""
        return f"{names[name]} {value}{unit} с {shown}"
    return RU_CITATIONS.get(str(source.get("code", "")), str(source.get("article", "")))
