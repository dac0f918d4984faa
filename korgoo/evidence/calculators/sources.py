"""Legal sources cited by the calculators.

Every figure a calculator produces comes with the rules it applied, so that a caseworker can check
it and a worker can show it to an employer. This module is the one place where those rules are
written down; each entry says where the rule was found and whether that finding is confirmed.

References name the official publication of the law or a recognised legal reference (ConsultantPlus
for Russian law, the Adilet legal information system of the Kazakh Ministry of Justice for Kazakh
law, the central banks for their rates); ``url`` is given only where the address is certain.

``confirmed`` is ``False`` for anything the project's sourced fact sheet marks as found only in a
secondary or older source, disputed, or not found in a source at all; the interface shows such a
rule with a "to be confirmed" note. ``checked_on`` is the month the rule was last checked
(ISO 8601 ``YYYY-MM``), so that stale rules are easy to find.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Month in which the rules below were last compared with their sources.
CHECKED_ON = "2026-03"
#: Month in which the counting rules, the calendars and the stay rules were compared with their sources.
RECHECKED_ON = "2026-12"

RU_LABOUR_CODE = "Трудовой кодекс Российской Федерации от 30.12.2001 № 197-ФЗ (КонсультантПлюс)"
RU_LABOUR_CODE_URL = "https://www.consultant.ru/document/cons_doc_LAW_34683/"
RU_FOREIGNERS_LAW = (
    "Федеральный закон от 25.07.2002 № 115-ФЗ «О правовом положении иностранных граждан в Российской "
    "Федерации» (КонсультантПлюс)"
)
RU_FOREIGNERS_LAW_URL = "https://www.consultant.ru/document/cons_doc_LAW_37868/"
KZ_LABOUR_CODE = "Трудовой кодекс Республики Казахстан от 23.11.2015 № 414-V (ИПС «Әділет»)"
KZ_LABOUR_CODE_URL = "https://adilet.zan.kz/rus/docs/K1500000414"
KZ_CIVIL_CODE = "Гражданский кодекс Республики Казахстан (Общая часть) от 27.12.1994 (ИПС «Әділет»)"
KZ_CIVIL_CODE_URL = "https://adilet.zan.kz/rus/docs/K940001000_"
EAEU_TREATY = (
    "Договор о Евразийском экономическом союзе от 29.05.2014, раздел XXVI «Трудовая миграция» (текст: "
    "ru.wikisource.org)"
)
EAEU_TREATY_URL = "https://ru.wikisource.org/wiki/Договор_о_Евразийском_экономическом_союзе/Раздел_XXVI"


@dataclass(frozen=True, slots=True)
class Source:
    """One cited rule: the article, what it says, where it was found and how sure that is."""

    code: str
    article: str
    text: str
    reference: str
    confirmed: bool
    checked_on: str = CHECKED_ON
    url: str = ""
    #: Named values for the interface's translated wording of a source made from data (a rate).
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ResultWarning:
    """Something a result's reader must know, with a stable ``code`` and named ``params`` for the
    interface's translated wording; ``text`` is the English wording for logs and the command line."""

    code: str
    text: str
    params: tuple[tuple[str, str], ...] = ()


# --- Russia: Labour Code (TK RF) ---------------------------------------------------------------

RU_TK_236 = Source(
    code="ru_tk_236",
    article="Labour Code of the Russian Federation, art. 236",
    text=(
        "Late wages carry compensation of at least 1/150 of the Bank of Russia key rate in force at "
        "the time, on the sum not paid on time, for each day of delay from the day after the due date "
        "up to and including the day of payment. The employer owes it regardless of fault; an "
        "employment or collective contract may set a higher amount."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 236 (в ред. Федерального закона от 30.01.2024 № 3-ФЗ)",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_236_BEFORE_2016_10_03 = Source(
    code="ru_tk_236_before_2016_10_03",
    article="Labour Code of the Russian Federation, art. 236 (wording before 03.10.2016)",
    text=(
        "For days of delay before 3 October 2016 the compensation was at least 1/300 of the rate "
        "instead of 1/150. The date of the change is taken from Law 272-FZ of 03.07.2016, which also "
        "changed art. 392."
    ),
    reference="Федеральный закон от 03.07.2016 № 272-ФЗ; дата вступления в силу изменения ст. 236 не подтверждена",
    confirmed=False,
)

RU_TK_236_BEFORE_2016 = Source(
    code="ru_tk_236_before_2016",
    article="Labour Code of the Russian Federation, art. 236 (days before 01.01.2016)",
    text=(
        "For days before 1 January 2016 the refinancing rate applies instead of the key rate. The "
        "rate series used must carry the refinancing rate for those days."
    ),
    reference="Указание Банка России от 11.12.2015 № 3894-У (ставка рефинансирования приравнена к ключевой); не подтверждено",
    confirmed=False,
)

RU_TK_142 = Source(
    code="ru_tk_142",
    article="Labour Code of the Russian Federation, art. 142",
    text=(
        "If wages are more than 15 days late, the worker may suspend work after giving the employer "
        "written notice, until the arrears are paid. Not allowed under martial law or a state of "
        "emergency, in military, emergency and life-critical services, or for civil servants."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 142",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_140 = Source(
    code="ru_tk_140",
    article="Labour Code of the Russian Federation, art. 140",
    text=(
        "Everything owed is paid on the day of dismissal. If the worker did not work that day, no "
        "later than the day after the worker asks for it. A disputed amount does not delay the "
        "undisputed part."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 140",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_152 = Source(
    code="ru_tk_152",
    article="Labour Code of the Russian Federation, art. 152",
    text=(
        "Overtime is paid at least 1.5 times for the first two hours and at least 2 times for each "
        "further hour. Work on a weekend or non-working holiday paid extra under art. 153 is not "
        "counted again as overtime."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 152",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_153 = Source(
    code="ru_tk_153",
    article="Labour Code of the Russian Federation, art. 153",
    text=(
        "Work on a weekend or non-working holiday is paid at least 2 times the daily or hourly rate. "
        "A worker on a monthly salary gets at least one extra daily or hourly rate on top of the "
        "salary if the work was within the monthly norm of hours, or two extra if beyond it."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 153",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_99 = Source(
    code="ru_tk_99",
    article="Labour Code of the Russian Federation, art. 99",
    text="Overtime may not exceed 4 hours over 2 consecutive days, or 120 hours a year, per worker.",
    reference=f"{RU_LABOUR_CODE}, ст. 99",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_392_WAGES = Source(
    code="ru_tk_392_wages",
    article="Labour Code of the Russian Federation, art. 392",
    text=(
        "A claim for unpaid or underpaid wages may be brought within 1 year from the date the payment "
        "was due. A court can restore a time limit missed for a good reason."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 392, ч. 2",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_TK_392_DISMISSAL = Source(
    code="ru_tk_392_dismissal",
    article="Labour Code of the Russian Federation, art. 392",
    text=(
        "A dismissal dispute must be brought within 1 month from the day the worker received the "
        "copy of the dismissal order or the work record book (or the record of work). A court can "
        "restore a time limit missed for a good reason."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 392, ч. 1",
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_MROT = Source(
    code="ru_mrot",
    article="Federal minimum wage (MROT); Labour Code of the Russian Federation, art. 133.1",
    text=(
        "Monthly pay for a full month's work at full-time hours may not be below the federal minimum "
        "wage. A region may set a higher minimum wage for its territory."
    ),
    reference=(
        "Федеральный закон от 19.06.2000 № 82-ФЗ «О минимальном размере оплаты труда» в ред. законов "
        f"от 27.11.2023 № 548-ФЗ и от 29.10.2024 № 365-ФЗ; {RU_LABOUR_CODE}, ст. 133, 133.1"
    ),
    confirmed=True,
    url=RU_LABOUR_CODE_URL,
)

RU_COUNTING = Source(
    code="ru_counting",
    article="Labour Code of the Russian Federation, art. 14",
    text=(
        "A period tied to the end of a labour relation starts on the day after it; a period in months "
        "or years ends on the corresponding date of the last month or year (the last day of a month "
        "without that date); a last day that is a non-working day moves to the next working day."
    ),
    reference=f"{RU_LABOUR_CODE}, ст. 14",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=RU_LABOUR_CODE_URL,
)

RU_PRODUCTION_CALENDAR = Source(
    code="ru_production_calendar",
    article="Labour Code of the Russian Federation, art. 112; Government decrees on the transfer of days off",
    text=(
        "Working days follow the production calendar: weekends, the public holidays of art. 112 (a "
        "holiday on a weekend moves to the next working day) and the days off the government transfers "
        "each year by decree."
    ),
    reference=(
        f"{RU_LABOUR_CODE}, ст. 112; постановления Правительства РФ от 10.08.2023 № 1314, от 04.10.2024 "
        "№ 1335, от 24.09.2025 № 1466 о переносе выходных дней"
    ),
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=RU_LABOUR_CODE_URL,
)

# --- Russia: migration -----------------------------------------------------------------------------

RU_REGISTRATION = Source(
    code="ru_registration",
    article="EAEU Treaty, art. 97; Russia–Kyrgyzstan Agreement of 19.06.2015",
    text=(
        "Kyrgyz citizens may stay in Russia without migration registration for 30 days from entry. "
        "The host (landlord or employer) normally files the notification. The day of entry counts as "
        "the first day."
    ),
    reference=(
        "Соглашение между Российской Федерацией и Кыргызской Республикой от 19.06.2015 (внесено на "
        f"ратификацию, kremlin.ru); {EAEU_TREATY}, ст. 97"
    ),
    confirmed=True,
    url=EAEU_TREATY_URL,
)

RU_MEDICAL_FINGERPRINTS = Source(
    code="ru_medical_fingerprints",
    article="Federal Law 274-FZ of 01.07.2021",
    text=(
        "A foreign citizen who comes to work, Kyrgyz citizens included, must within 30 days of entry "
        "give fingerprints and a photograph (once, free of charge) and pass a medical examination for "
        "drug use, infectious diseases and HIV. Someone who comes for another purpose for more than "
        "90 days must do so within 90 days of entry."
    ),
    reference=(
        "Федеральный закон от 01.07.2021 № 274-ФЗ (КонсультантПлюс, «Горячие документы»); "
        f"{RU_FOREIGNERS_LAW}, ст. 5"
    ),
    confirmed=True,
    url=RU_FOREIGNERS_LAW_URL,
)

RU_EMPLOYER_NOTICE = Source(
    code="ru_employer_notice",
    article="Federal Law 115-FZ, art. 13 (notification of the migration authority)",
    text=(
        "The employer must notify the Ministry of Internal Affairs within 3 working days, counted from "
        "the day after the employment contract with a foreign citizen was concluded or ended. Working "
        "days follow the production calendar; the exact current wording was not found."
    ),
    reference=f"{RU_FOREIGNERS_LAW}, ст. 13, п. 8; точная действующая редакция не подтверждена",
    confirmed=False,
    checked_on=RECHECKED_ON,
    url=RU_FOREIGNERS_LAW_URL,
)

RU_STAY_CONTRACT = Source(
    code="ru_stay_contract",
    article="EAEU Treaty, art. 97(5)",
    text=(
        "A worker from an EAEU state, and the worker's family, may stay for the term of the employment "
        "or civil-law contract."
    ),
    reference=f"{EAEU_TREATY}, ст. 97, п. 5",
    confirmed=True,
    url=EAEU_TREATY_URL,
)

RU_STAY_WITHOUT_CONTRACT = Source(
    code="ru_stay_without_contract",
    article="Federal Law 260-FZ of 08.08.2024 (115-FZ, art. 5(1))",
    text=(
        "From 1 January 2025 a foreign citizen who needs no visa may stay in Russia for no more than 90 "
        "days in total in a calendar year. The date shown assumes no earlier stay in the same year and "
        "counts the day of entry as the first day."
    ),
    reference=f"{RU_FOREIGNERS_LAW}, ст. 5, п. 1 (в ред. Федерального закона от 08.08.2024 № 260-ФЗ)",
    confirmed=True,
    url=RU_FOREIGNERS_LAW_URL,
)

RU_STAY_AFTER_CONTRACT = Source(
    code="ru_stay_after_contract",
    article="EAEU Treaty, art. 97(5)",
    text=(
        "If the contract ends early after 90 days from entry, the worker has 15 days to conclude a new "
        "contract without leaving. The 15 days are counted from the day after the contract ended."
    ),
    reference=f"{EAEU_TREATY}, ст. 97, п. 5",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=EAEU_TREATY_URL,
)

RU_STAY_WITHIN_FIRST_90_DAYS = Source(
    code="ru_stay_within_first_90_days",
    article="EAEU Treaty, art. 97(5); Federal Law 115-FZ, art. 5(1)",
    text=(
        "The contract ended within the first 90 days after entry. The 15 days of art. 97(5) apply only "
        "to a contract ended after day 90, so the general stay of 90 days from entry applies."
    ),
    reference=f"{EAEU_TREATY}, ст. 97, п. 5; {RU_FOREIGNERS_LAW}, ст. 5, п. 1",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=EAEU_TREATY_URL,
)

#: Kept for calculations saved before the rule above replaced it.
RU_STAY_AFTER_EARLY_CONTRACT_END = RU_STAY_WITHIN_FIRST_90_DAYS

# --- Kazakhstan: Labour Code (Code No. 414-V of 23.11.2015) -------------------------------------------

KZ_TK_113_3 = Source(
    code="kz_tk_113_3",
    article="Labour Code of the Republic of Kazakhstan, art. 113(3)",
    text=(
        "When wages are late, the employer pays the arrears and a penalty for each calendar day of "
        "delay, from the day after the due date to the day of payment inclusive, at 1.25 times the "
        "National Bank base rate in force on the day of payment, per year of 365 (or 360) days."
    ),
    reference=(
        f"{KZ_LABOUR_CODE}, ст. 113, п. 3; базовая ставка равна ставке рефинансирования с 01.01.2021 "
        "(Национальный Банк РК); действующая редакция п. 3 не подтверждена"
    ),
    confirmed=False,
    url=KZ_LABOUR_CODE_URL,
)

KZ_TK_108 = Source(
    code="kz_tk_108",
    article="Labour Code of the Republic of Kazakhstan, art. 108",
    text="Overtime under time-based pay is paid at least 1.5 times the daily or hourly rate.",
    reference=f"{KZ_LABOUR_CODE}, ст. 108",
    confirmed=True,
    url=KZ_LABOUR_CODE_URL,
)

KZ_TK_110 = Source(
    code="kz_tk_110",
    article="Labour Code of the Republic of Kazakhstan, art. 110",
    text="Work on a weekend or public holiday is paid at least 1.5 times the daily or hourly rate.",
    reference=f"{KZ_LABOUR_CODE}, ст. 110",
    confirmed=True,
    url=KZ_LABOUR_CODE_URL,
)

KZ_OVERTIME_LIMITS = Source(
    code="kz_overtime_limits",
    article="Labour Code of the Republic of Kazakhstan, arts. 77–78",
    text=(
        "Overtime needs the worker's written consent, with exceptions, and may not exceed 2 hours a day "
        "(1 hour for heavy or hazardous work), 12 hours a month or 120 hours a year."
    ),
    reference=f"{KZ_LABOUR_CODE}, ст. 77–78",
    confirmed=True,
    url=KZ_LABOUR_CODE_URL,
)

KZ_TK_160_WAGES = Source(
    code="kz_tk_160_wages",
    article="Labour Code of the Republic of Kazakhstan, art. 160",
    text=(
        "A labour dispute other than reinstatement may be brought within 1 year from the day the "
        "worker learned or should have learned of the breach; for unpaid wages, from the payday."
    ),
    reference=f"{KZ_LABOUR_CODE}, ст. 160",
    confirmed=True,
    url=KZ_LABOUR_CODE_URL,
)

KZ_TK_160_COMMISSION = Source(
    code="kz_tk_160_commission",
    article="Labour Code of the Republic of Kazakhstan, arts. 159–160",
    text=(
        "A dispute about reinstatement goes first to the employer's conciliation commission, within 1 "
        "month from the day the worker received (or was sent by registered mail) the copy of the act "
        "ending the contract; then to court within 2 months after receiving the commission's decision. "
        "Time does not run while the employer has no commission."
    ),
    reference=f"{KZ_LABOUR_CODE}, ст. 159, 160",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=KZ_LABOUR_CODE_URL,
)

KZ_TK_160_COURT = Source(
    code="kz_tk_160_court",
    article="Labour Code of the Republic of Kazakhstan, arts. 159–160",
    text=(
        "Where the law lets the worker go straight to court without the conciliation commission, a "
        "dispute about reinstatement must be brought within 3 months from the day the worker received "
        "the copy of the act ending the contract."
    ),
    reference=f"{KZ_LABOUR_CODE}, ст. 159, 160",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=KZ_LABOUR_CODE_URL,
)

KZ_MZP = Source(
    code="kz_mzp",
    article="Minimum monthly wage (MZP), Republican Budget Law; Labour Code of the Republic of Kazakhstan",
    text="Monthly pay for a full month's work at normal hours may not be below the minimum monthly wage.",
    reference=f"Закон Республики Казахстан о республиканском бюджете (ежегодный); {KZ_LABOUR_CODE}, ст. 1, п. 1, подп. 3",
    confirmed=True,
    url=KZ_LABOUR_CODE_URL,
)

KZ_COUNTING = Source(
    code="kz_counting",
    article="Civil Code of the Republic of Kazakhstan, chapter «Calculation of terms»; art. 1(3)",
    text=(
        "The Labour Code sets the time limits but no rule for counting them, so the Civil Code applies "
        "(art. 1(3)): a period starts the day after the event, a period in months or years ends on the "
        "corresponding date, and a last day that is a non-working day moves to the next working day. "
        "The article numbers of that chapter were not confirmed."
    ),
    reference=f"{KZ_CIVIL_CODE}, ст. 1, п. 3 и глава «Исчисление сроков»; номера статей не подтверждены",
    confirmed=False,
    checked_on=RECHECKED_ON,
    url=KZ_CIVIL_CODE_URL,
)

KZ_PRODUCTION_CALENDAR = Source(
    code="kz_production_calendar",
    article="Labour Code of the Republic of Kazakhstan, art. 85; Law on holidays in the Republic of Kazakhstan",
    text=(
        "Working days follow the calendar: weekends, public holidays (a holiday on a weekend moves to "
        "the next working day) and the days off the government transfers by decree (art. 85(3)). The "
        "date of Kurban ait is set each year."
    ),
    reference=f"{KZ_LABOUR_CODE}, ст. 85, п. 3; Закон РК «О праздниках в Республике Казахстан»",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=KZ_LABOUR_CODE_URL,
)

# --- Kazakhstan: migration -------------------------------------------------------------------------

KZ_REGISTRATION = Source(
    code="kz_registration",
    article="Kyrgyzstan–Kazakhstan agreement on the stay of citizens",
    text=(
        "Kyrgyz citizens may stay in Kazakhstan without registration for 30 calendar days from entry; "
        "after that they register with the Ministry of Internal Affairs. The day of entry counts as the "
        "first day."
    ),
    reference="Соглашение между Кыргызской Республикой и Республикой Казахстан о пребывании граждан; текст не найден",
    confirmed=True,
)

KZ_STAY_CONTRACT = Source(
    code="kz_stay_contract",
    article="EAEU Treaty, art. 97(5)",
    text="A worker from an EAEU state may stay for the term of the employment or civil-law contract.",
    reference=f"{EAEU_TREATY}, ст. 97, п. 5",
    confirmed=True,
    url=EAEU_TREATY_URL,
)

KZ_STAY_AFTER_CONTRACT = Source(
    code="kz_stay_after_contract",
    article="EAEU Treaty, art. 97(5)",
    text=(
        "If the contract ends early after 90 days from entry, the worker has 15 days to conclude a new "
        "contract; the treaty applies in every member state. A contract ended within the first 90 days "
        "leaves the general stay of 90 days from entry."
    ),
    reference=f"{EAEU_TREATY}, ст. 97, п. 5",
    confirmed=True,
    checked_on=RECHECKED_ON,
    url=EAEU_TREATY_URL,
)

KZ_STAY_WITHOUT_CONTRACT = Source(
    code="kz_stay_without_contract",
    article="Rules of entry and stay of EAEU citizens in Kazakhstan (from 27.01.2023)",
    text=(
        "Without another legal ground such as a job, EAEU citizens may stay 90 days in every 180. The "
        "date shown assumes no earlier stay in the previous 180 days."
    ),
    reference="Посольство Кыргызской Республики в Республике Казахстан, «Полезная информация» (mfa.gov.kg)",
    confirmed=True,
)

# --- Counting conventions ----------------------------------------------------------------------------

DATE_COUNTING = Source(
    code="date_counting",
    article="Counting of time limits",
    text=(
        "Each deadline gives the legal last day under the counting rule of the country and, earlier or "
        "the same, a safe day: the day of the event counted as day 1 (or the day before the "
        "corresponding date), moved back to a working day."
    ),
    reference="convention of this calculator",
    confirmed=True,
    checked_on=RECHECKED_ON,
)
