"""Legal sources cited by the calculators.

Every figure a calculator produces comes with the rules it applied, so that a caseworker can check
it and a worker can show it to an employer. This module is the one place where those rules are
written down; each entry says where the rule was found and whether that finding is confirmed.

``confirmed`` is ``False`` for anything the project's sourced fact sheet marks as found only in a
secondary or older source, disputed, or not found in a source at all; the interface shows such a
rule with a "to be confirmed" note. ``checked_on`` is the month the rule was last checked
(ISO 8601 ``YYYY-MM``), so that stale rules are easy to find.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Month in which the rules below were last compared with their sources.
CHECKED_ON = "2026-03"


@dataclass(frozen=True, slots=True)
class Source:
    """One cited rule: the article, what it says, where it was found and how sure that is."""

    code: str
    article: str
    text: str
    reference: str
    confirmed: bool
    checked_on: str = CHECKED_ON


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
    reference="mougozapad.ru (Law 3-FZ of 30.01.2024); rebuko.ru (formula); prowines.ru (text)",
    confirmed=True,
)

RU_TK_236_BEFORE_2016_10_03 = Source(
    code="ru_tk_236_before_2016_10_03",
    article="Labour Code of the Russian Federation, art. 236 (wording before 03.10.2016)",
    text=(
        "For days of delay before 3 October 2016 the compensation was at least 1/300 of the rate "
        "instead of 1/150. The date of the change is taken from Law 272-FZ of 03.07.2016, which also "
        "changed art. 392."
    ),
    reference="ctik.ru (old 1/300 text); planetcalc (outdated calculator); date of the switch not found",
    confirmed=False,
)

RU_TK_236_BEFORE_2016 = Source(
    code="ru_tk_236_before_2016",
    article="Labour Code of the Russian Federation, art. 236 (days before 01.01.2016)",
    text=(
        "For days before 1 January 2016 the refinancing rate applies instead of the key rate. The "
        "rate series used must carry the refinancing rate for those days."
    ),
    reference="its.1c.ru (key rate replaced the refinancing rate from 01.01.2016)",
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
    reference="lawyersocial.net (text); rusnord.ru (labour inspectorate, 31.10.2025); news.mail.ru",
    confirmed=True,
)

RU_TK_140 = Source(
    code="ru_tk_140",
    article="Labour Code of the Russian Federation, art. 140",
    text=(
        "Everything owed is paid on the day of dismissal. If the worker did not work that day, no "
        "later than the day after the worker asks for it. A disputed amount does not delay the "
        "undisputed part."
    ),
    reference="zakonrf.info/tk/140",
    confirmed=True,
)

RU_TK_152 = Source(
    code="ru_tk_152",
    article="Labour Code of the Russian Federation, art. 152",
    text=(
        "Overtime is paid at least 1.5 times for the first two hours and at least 2 times for each "
        "further hour. Work on a weekend or non-working holiday paid extra under art. 153 is not "
        "counted again as overtime."
    ),
    reference="trudinspection.ru/st/g21/st152; subschet.ru (wording of Law 90-FZ of 30.06.2006)",
    confirmed=True,
)

RU_TK_153 = Source(
    code="ru_tk_153",
    article="Labour Code of the Russian Federation, art. 153",
    text=(
        "Work on a weekend or non-working holiday is paid at least 2 times the daily or hourly rate. "
        "A worker on a monthly salary gets at least one extra daily or hourly rate on top of the "
        "salary if the work was within the monthly norm of hours, or two extra if beyond it."
    ),
    reference="businesspravo.ru; 360.ru (31.10.2025); prosecutor's note (Bolshoy Kamen)",
    confirmed=True,
)

RU_TK_99 = Source(
    code="ru_tk_99",
    article="Labour Code of the Russian Federation, art. 99",
    text="Overtime may not exceed 4 hours over 2 consecutive days, or 120 hours a year, per worker.",
    reference="Vedomosti (09.12.2025, describing the current rule); ya.ru neurum (part 6)",
    confirmed=True,
)

RU_TK_392_WAGES = Source(
    code="ru_tk_392_wages",
    article="Labour Code of the Russian Federation, art. 392",
    text=(
        "A claim for unpaid or underpaid wages may be brought within 1 year from the date the payment "
        "was due. A court can restore a time limit missed for a good reason."
    ),
    reference="bamper-fortuna.ru (wording of 439-FZ of 16.12.2019); crimea-news.com; klerk.ru (03.03.2026)",
    confirmed=True,
)

RU_TK_392_DISMISSAL = Source(
    code="ru_tk_392_dismissal",
    article="Labour Code of the Russian Federation, art. 392",
    text=(
        "A dismissal dispute must be brought within 1 month from the day the worker received the "
        "dismissal order or the work record. A court can restore a time limit missed for a good reason."
    ),
    reference="bamper-fortuna.ru (wording of 439-FZ of 16.12.2019); klerk.ru (03.03.2026)",
    confirmed=True,
)

RU_MROT = Source(
    code="ru_mrot",
    article="Federal minimum wage (MROT); Labour Code of the Russian Federation, art. 133.1",
    text=(
        "Monthly pay for a full month's work at full-time hours may not be below the federal minimum "
        "wage. A region may set a higher minimum wage for its territory."
    ),
    reference="pnp.ru (548-FZ); ppt.ru (365-FZ); kommersant.ru/doc/8247437 (2026 figure)",
    confirmed=True,
)

# --- Russia: migration -----------------------------------------------------------------------------

RU_REGISTRATION = Source(
    code="ru_registration",
    article="EAEU Treaty, art. 97; Russia–Kyrgyzstan Agreement of 19.06.2015",
    text=(
        "Kyrgyz citizens may stay in Russia without migration registration for 30 days from entry. "
        "The host (landlord or employer) normally files the notification."
    ),
    reference="kremlin.ru (ratification of the 2015 agreement); yakutia-sodr.ru; pravoislovo.com",
    confirmed=True,
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
    reference="consultant.ru/law/hotdocs/72669; 24.kg (29.12.2021); Kyrgyz Embassy notice",
    confirmed=True,
)

RU_EMPLOYER_NOTICE = Source(
    code="ru_employer_notice",
    article="Federal Law 115-FZ, art. 13 (notification of the migration authority)",
    text=(
        "The employer must notify the Ministry of Internal Affairs within 3 working days, counted from "
        "the day after the employment contract with a foreign citizen was concluded or ended. The date "
        "shown skips Saturdays and Sundays but not public holidays."
    ),
    reference=(
        "ykconsulting.ru; pravoislovo.com; formulaindia.com (counting); exact current wording not found"
    ),
    confirmed=False,
)

RU_STAY_CONTRACT = Source(
    code="ru_stay_contract",
    article="EAEU Treaty, art. 97(5)",
    text=(
        "A worker from an EAEU state, and the worker's family, may stay for the term of the employment "
        "or civil-law contract."
    ),
    reference="kalmykia-news.net (Ministry of Internal Affairs); open.kg (2025 guide); migros-spb.ru",
    confirmed=True,
)

RU_STAY_WITHOUT_CONTRACT = Source(
    code="ru_stay_without_contract",
    article="Federal Law 260-FZ of 08.08.2024 (115-FZ, art. 5(1))",
    text=(
        "From 1 January 2025 a foreign citizen who needs no visa may stay in Russia for no more than 90 "
        "days in total in a calendar year. The date shown assumes no earlier stay in the same year."
    ),
    reference="migros-spb.ru; nakanune.ru (Ministry of Foreign Affairs, 26.12.2024); pravoved.ru",
    confirmed=True,
)

RU_STAY_AFTER_CONTRACT = Source(
    code="ru_stay_after_contract",
    article="EAEU Treaty, art. 97(5)",
    text=(
        "If the contract ends early after 90 days from entry, the worker has 15 days to conclude a new "
        "contract without leaving."
    ),
    reference="kalmykia-news.net (Ministry of Internal Affairs); 24.kg (the Ministry via TASS)",
    confirmed=True,
)

RU_STAY_AFTER_EARLY_CONTRACT_END = Source(
    code="ru_stay_after_early_contract_end",
    article="EAEU Treaty, art. 97(5); Federal Law 115-FZ, art. 5(1)",
    text=(
        "The contract ended within the first 90 days after entry. The date shown is the later of the "
        "90-day visa-free stay and 15 days after the contract ended; how the two rules combine here is "
        "not confirmed."
    ),
    reference="derived from the two rules above",
    confirmed=False,
)

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
        "enbek.gov.kz; pravosite.kz (2022, 1.25 times); pro1c.kz (2025); nationalbank.kz (refinancing "
        "rate equals base rate from 01.01.2021); current official wording not found"
    ),
    confirmed=False,
)

KZ_TK_108 = Source(
    code="kz_tk_108",
    article="Labour Code of the Republic of Kazakhstan, art. 108",
    text="Overtime under time-based pay is paid at least 1.5 times the daily or hourly rate.",
    reference="continent-online.com (art. 108); egov.kz (24.11.2020)",
    confirmed=True,
)

KZ_TK_110 = Source(
    code="kz_tk_110",
    article="Labour Code of the Republic of Kazakhstan, art. 110",
    text="Work on a weekend or public holiday is paid at least 1.5 times the daily or hourly rate.",
    reference="egov.kz; 4news.kz",
    confirmed=True,
)

KZ_OVERTIME_LIMITS = Source(
    code="kz_overtime_limits",
    article="Labour Code of the Republic of Kazakhstan, arts. 77–78",
    text=(
        "Overtime needs the worker's written consent, with exceptions, and may not exceed 2 hours a day "
        "(1 hour for heavy or hazardous work), 12 hours a month or 120 hours a year."
    ),
    reference="kontrast.enbek.gov.kz; kaz24.info",
    confirmed=True,
)

KZ_TK_160_WAGES = Source(
    code="kz_tk_160_wages",
    article="Labour Code of the Republic of Kazakhstan, art. 160",
    text=(
        "A labour dispute other than reinstatement may be brought within 1 year from the day the "
        "worker learned or should have learned of the breach."
    ),
    reference="zakonpravo.kz (art. 160)",
    confirmed=True,
)

KZ_TK_160_COMMISSION = Source(
    code="kz_tk_160_commission",
    article="Labour Code of the Republic of Kazakhstan, art. 160",
    text=(
        "A dispute about reinstatement goes to the employer's conciliation commission within 1 month, "
        "then to court within 2 months after its decision."
    ),
    reference="zakonpravo.kz (art. 160)",
    confirmed=True,
)

KZ_TK_160_COURT = Source(
    code="kz_tk_160_court",
    article="Labour Code of the Republic of Kazakhstan, art. 160",
    text=(
        "Where the worker may go straight to court (no conciliation commission), a dispute about "
        "reinstatement must be brought within 3 months."
    ),
    reference="zakonpravo.kz (art. 160)",
    confirmed=True,
)

KZ_MZP = Source(
    code="kz_mzp",
    article="Minimum monthly wage (MZP), Republican Budget Law; Labour Code of the Republic of Kazakhstan",
    text="Monthly pay for a full month's work at normal hours may not be below the minimum monthly wage.",
    reference="kursiv.media; zakon.kz (2026 budget law)",
    confirmed=True,
)

# --- Kazakhstan: migration -------------------------------------------------------------------------

KZ_REGISTRATION = Source(
    code="kz_registration",
    article="Kyrgyzstan–Kazakhstan agreement on the stay of citizens",
    text=(
        "Kyrgyz citizens may stay in Kazakhstan without registration for 30 calendar days from entry; "
        "after that they register with the Ministry of Internal Affairs."
    ),
    reference="24.kg (about 2017); azattyq / centralasian.org",
    confirmed=True,
)

KZ_STAY_CONTRACT = Source(
    code="kz_stay_contract",
    article="EAEU Treaty, art. 97(5)",
    text="A worker from an EAEU state may stay for the term of the employment or civil-law contract.",
    reference="kalmykia-news.net; yakutia-sodr.ru (Kyrgyz-language guide citing art. 97(5))",
    confirmed=True,
)

KZ_STAY_AFTER_CONTRACT = Source(
    code="kz_stay_after_contract",
    article="EAEU Treaty, art. 97(5)",
    text=(
        "If the contract ends early after 90 days from entry, the worker has 15 days to conclude a new "
        "contract. The treaty applies in every member state, but this rule was found explained only "
        "for Russia; if the contract ended within 90 days of entry, the date shown is the later of the "
        "two limits."
    ),
    reference="kalmykia-news.net; yakutia-sodr.ru (both about Russia)",
    confirmed=False,
)

KZ_STAY_WITHOUT_CONTRACT = Source(
    code="kz_stay_without_contract",
    article="Rules of entry and stay of EAEU citizens in Kazakhstan (from 27.01.2023)",
    text=(
        "Without another legal ground such as a job, EAEU citizens may stay 90 days in every 180. The "
        "date shown assumes no earlier stay in the previous 180 days."
    ),
    reference="Kyrgyz Embassy in Kazakhstan (mfa.gov.kg)",
    confirmed=True,
)

# --- Counting conventions ----------------------------------------------------------------------------

DATE_COUNTING = Source(
    code="date_counting",
    article="Counting of time limits",
    text=(
        "Dates are the last day on which acting is certainly in time. A limit in days counts the day "
        "of the event as day 1; a limit in months or years ends the day before the same date of the "
        "last month or year. A court may count one day more, and may move a limit that ends on a "
        "non-working day."
    ),
    reference="convention of this calculator",
    confirmed=False,
)
