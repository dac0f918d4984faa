"""The words the evidence pages use for the calculators' rules, errors, warnings and deadlines.

The calculators name each rule, error and warning by a stable code and describe it in English for
developers. Workers read them here, through gettext, in plain words; the documents addressed to
employers, inspectorates and courts use the Russian legal citations of ``RU_CITATIONS``.
"""

from __future__ import annotations

import datetime as dt
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
    "ru_stay_within_first_90_days": _("EAEU Treaty, article 97(5); Russian Federal Law 115-FZ"),
    "ru_counting": _("Labour Code of Russia, article 14"),
    "ru_production_calendar": _(
        "Production calendar of Russia (Labour Code, article 112; government decrees)"
    ),
    "kz_counting": _("Civil Code of Kazakhstan: calculation of time limits"),
    "kz_production_calendar": _("Calendar of Kazakhstan (Labour Code, article 85; law on holidays)"),
    "stay_counting": _("How days of stay are counted"),
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
    "ru_tk_392_dismissal": _(
        "You can go to court about a dismissal within 1 month from the day you received the copy of the "
        "dismissal order or your work record."
    ),
    "ru_mrot": _("Pay for a full month of full-time work may not be lower than the minimum wage."),
    "ru_registration": _("Citizens of Kyrgyzstan may stay without registration for 30 days from entry."),
    "ru_medical_fingerprints": _(
        "If you came to work: fingerprints, a photo and a medical examination within 30 days of entry "
        "(90 days if you came for another purpose)."
    ),
    "ru_employer_notice": _(
        "The employer must tell the migration police within 3 working days after the contract is signed "
        "or ends. Days off and public holidays are not counted."
    ),
    "ru_stay_contract": _("You may stay as long as your employment contract lasts."),
    "ru_stay_without_contract": _("Without a contract: no more than 90 days in a calendar year."),
    "ru_stay_after_contract": _(
        "If the contract ended early, more than 90 days after entry, you have 15 days to sign a new one, "
        "counted from the day after it ended."
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
        "About a dismissal: 1 month to the conciliation commission from the day you received the copy of "
        "the order, then 2 months to court after its decision. Most employers must have such a "
        "commission; while there is none, the time does not run."
    ),
    "kz_tk_160_court": _(
        "About a dismissal, straight to court where the law allows it: 3 months from the day you "
        "received the copy of the order."
    ),
    "kz_mzp": _("Pay for a full month of full-time work may not be lower than the minimum wage."),
    "kz_registration": _("Citizens of Kyrgyzstan may stay without registration for 30 days from entry."),
    "kz_stay_contract": _("You may stay as long as your employment contract lasts."),
    "kz_stay_after_contract": _(
        "If the contract ended early, more than 90 days after entry, you have 15 days to sign a new one. "
        "If it ended within 90 days of entry, your stay ends 90 days after entry."
    ),
    "kz_stay_without_contract": _("Without a job or other ground: 90 days in every 180 days."),
    "date_counting": _(
        "Each deadline shows the last day the law gives and, earlier, a safe day: act by the safe day to "
        "be sure."
    ),
    "ru_stay_within_first_90_days": _(
        "The contract ended within 90 days of entry: the 15 days for a new contract do not apply, and "
        "your stay ends 90 days after entry."
    ),
    "ru_counting": _(
        "A time limit in months or years ends on the same date of the last month or year. If that day "
        "is a day off or a holiday, the limit ends on the next working day."
    ),
    "ru_production_calendar": _(
        "Working days follow the official calendar, with public holidays and the days off the "
        "government moves each year."
    ),
    "kz_counting": _(
        "A time limit ends on the same date of the last month or year, or on the next working day. "
        "The exact article of the law was not confirmed."
    ),
    "kz_production_calendar": _(
        "Working days follow the official calendar, with public holidays and the days off the "
        "government moves."
    ),
    "stay_counting": _(
        "The day you entered is the first day of your stay. The last day of a stay does not move when "
        "it is a day off."
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
    code = str(source.get("code", ""))
    if code.endswith("_unconfirmed_after"):
        series = code.removesuffix("_unconfirmed_after")
        return str(SERIES_NAMES.get(series, series))
    label = SOURCE_LABELS.get(code)
    return str(label) if label is not None else str(source.get("article", ""))


SERIES_NAMES: dict[str, Any] = {
    "ru_key_rate": _("Bank of Russia key rate"),
    "kz_base_rate": _("National Bank of Kazakhstan base rate"),
    "ru_mrot": _("Minimum wage of Russia (MROT)"),
    "kz_mzp": _("Minimum wage of Kazakhstan (MZP)"),
}


def _shown_date(value: Any) -> str:
    """An ISO date as the pages write it (15.03.2025); anything else unchanged."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value or "")


def source_note(source: dict[str, Any]) -> str:
    code = str(source.get("code", ""))
    if code.endswith("_unconfirmed_after"):
        params = source.get("params") or {}
        return str(
            _("The table was last checked on %(date)s; the last known value was used and may have changed.")
            % {"date": _shown_date(params.get("checked_on", ""))}
        )
    note = SOURCE_NOTES.get(code)
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

COUNTED_FROM: dict[str, Any] = {
    "entry": _("Counted from the day you entered: %(date)s."),
    "contract_start": _("Counted from the day the contract was signed: %(date)s."),
    "contract_end": _("The day the contract ends: %(date)s."),
    "dismissal": _("Counted from the day of dismissal: %(date)s."),
    "order_received": _("Counted from the day you received the copy of the order: %(date)s."),
    "dismissal_as_order": _(
        "Counted from the day of dismissal, %(date)s, as if you received the order that day. If you "
        "received it later, write that day: the time runs from it."
    ),
    "payday": _("Counted from payday: %(date)s."),
}

CONDITIONS: dict[str, Any] = {
    "if_commission": _(
        "Applies if your employer has a conciliation commission (most employers must have one): go "
        "there first."
    ),
    "if_direct_to_court": _(
        "Applies only if the law lets you go straight to court, for example when there is no "
        "conciliation commission. Ask an organisation which path is yours."
    ),
}


def counted_from(item: dict[str, Any]) -> str:
    text = COUNTED_FROM.get(str(item.get("counted_from_kind", "")))
    return str(text % {"date": _shown_date(item.get("counted_from"))}) if text is not None else ""


def condition_text(code: Any) -> str:
    text = CONDITIONS.get(str(code or ""))
    return str(text) if text is not None else ""


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
    "order_without_dismissal": _("Write the date of dismissal too."),
    "order_before_dismissal": _("The order cannot be received before the day of dismissal."),
    "no_rate_for_date": _("We have no rate for such an early date. Choose a later date."),
    "invalid_rate_file": _("The rate data cannot be read. Please tell the organisation."),
    "unsupported_result": _("This calculation is not available."),
}


def error_message(code: str) -> str:
    message = ERROR_MESSAGES.get(str(code))
    return str(message) if message is not None else str(_("Please check what you wrote."))


WARNING_CODES = (
    "ru_overtime_two_days",
    "ru_overtime_year",
    "kz_overtime_day",
    "kz_overtime_month",
    "kz_overtime_year",
    "below_minimum_wage",
    "minimum_wage_unknown",
    "minimum_wage_unconfirmed_after",
    "scheduled_days_estimated",
    "days_worked_exceed_scheduled",
    "payments_exceed_earnings",
    "rate_unconfirmed_after",
)


def warning_text(warning: dict[str, Any]) -> str:
    """A calculator warning in the page's language, from a translatable template with named
    placeholders filled from the warning's own values (``params`` first); English only for a code
    this module does not know."""
    code = str(warning.get("code", ""))
    params = {str(k): v for k, v in (warning.get("params") or {}).items()}
    values = {
        "hours": warning.get("hours", ""),
        "limit": warning.get("limit", ""),
        "start": _shown_date(warning.get("from", "")),
        "end": _shown_date(warning.get("to", "")),
        "month": warning.get("month", ""),
        "figure": warning.get("figure", ""),
        "minimum": warning.get("minimum_wage", ""),
        "days": "",
        "scheduled": "",
        "currency": "",
        "name": "",
        "since": "",
        "paid": "",
        "earned": "",
        "difference": warning.get("figure", ""),
        "rate": "",
        "series": "",
        **params,
    }
    values["checked_on"] = _shown_date(values.get("checked_on", ""))
    values["since"] = _shown_date(values.get("since", ""))
    values["series"] = str(SERIES_NAMES.get(str(values.get("series", "")), values.get("series", "")))
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
        "minimum_wage_unconfirmed_after": _(
            "%(month)s: the minimum wage may have changed after %(checked_on)s; the last known one, "
            "%(minimum)s, was used."
        ),
        "scheduled_days_estimated": _(
            "%(month)s: working days counted as Monday to Friday; public holidays are not taken into account."
        ),
        "days_worked_exceed_scheduled": _(
            "%(month)s: %(days)s days worked, more than the %(scheduled)s scheduled. Work on days off and "
            "holidays is paid at a higher rate: use the overtime calculator for it."
        ),
        "payments_exceed_earnings": _("The payments are more than the wages earned by %(figure)s."),
        "rate_unconfirmed_after": _(
            "%(series)s: the rate may have changed after %(checked_on)s. Days after that date were counted "
            "with the last known rate, %(rate)s%%. Check the figure before you rely on it."
        ),
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
    "kz_tk_160_commission": "ст. 159, 160 ТК РК (согласительная комиссия)",
    "kz_tk_160_court": "ст. 159, 160 ТК РК (суд)",
    "ru_counting": "ст. 14 ТК РФ",
    "kz_counting": "глава «Исчисление сроков» ГК РК, п. 3 ст. 1 ГК РК (номера статей не подтверждены)",
    "ru_production_calendar": "ст. 112 ТК РФ; постановления Правительства РФ о переносе выходных дней",
    "kz_production_calendar": "п. 3 ст. 85 ТК РК; Закон РК «О праздниках в Республике Казахстан»",
    "stay_counting": "день въезда — первый день пребывания",
    "ru_registration": "ст. 97 Договора о ЕАЭС; Соглашение РФ и КР от 19.06.2015",
    "ru_medical_fingerprints": "Федеральный закон от 01.07.2021 № 274-ФЗ",
    "ru_employer_notice": "п. 8 ст. 13 Федерального закона № 115-ФЗ",
    "ru_stay_contract": "п. 5 ст. 97 Договора о ЕАЭС",
    "ru_stay_after_contract": "п. 5 ст. 97 Договора о ЕАЭС",
    "ru_stay_within_first_90_days": "п. 5 ст. 97 Договора о ЕАЭС; п. 1 ст. 5 Федерального закона № 115-ФЗ",
    "ru_stay_without_contract": "п. 1 ст. 5 Федерального закона № 115-ФЗ",
    "kz_registration": "соглашение КР и РК о пребывании граждан",
    "kz_stay_contract": "п. 5 ст. 97 Договора о ЕАЭС",
    "kz_stay_after_contract": "п. 5 ст. 97 Договора о ЕАЭС",
    "kz_stay_without_contract": "правила пребывания граждан ЕАЭС в РК (с 27.01.2023)",
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
