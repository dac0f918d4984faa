"""Wage, overtime, late-payment and deadline calculations under Russian and Kazakh law.

Plain functions over frozen dataclasses, exact decimals and calendar dates, with no dependency on
Django, so that the web pages, the API, commands and tests all compute the same figures. Every
result lists the rules it applied and whether each is confirmed; ``serialize`` turns a result into
the JSON the API returns. Invalid input raises ``CalculationError`` with a stable ``code``.
"""

from korgoo.evidence.calculators.deadlines import (
    DeadlineItem,
    DeadlineReport,
    ItemKind,
    Purpose,
    check_deadlines,
)
from korgoo.evidence.calculators.exceptions import CalculationError, ErrorCode, RateFileError
from korgoo.evidence.calculators.late_payment import (
    LatePaymentPeriod,
    LatePaymentResult,
    late_payment_compensation,
    late_payment_kz,
    late_payment_ru,
)
from korgoo.evidence.calculators.money import (
    Country,
    Currency,
    Payment,
    currency_for,
    format_decimal,
    parse_amount,
    quantize_money,
)
from korgoo.evidence.calculators.overtime import (
    OvertimeDay,
    OvertimeResult,
    OvertimeWarning,
    WorkDay,
    overtime_pay,
)
from korgoo.evidence.calculators.rates import (
    Rate,
    RateSegment,
    RateSeries,
    load_kz_base_rate,
    load_kz_mzp,
    load_rate_series,
    load_ru_key_rate,
    load_ru_mrot,
)
from korgoo.evidence.calculators.serialization import serialize
from korgoo.evidence.calculators.sources import Source
from korgoo.evidence.calculators.unpaid_wages import (
    MonthWages,
    PayKind,
    UnpaidWagesResult,
    WageWarning,
    WorkedMonth,
    unpaid_wages,
)

__all__ = [
    "CalculationError",
    "Country",
    "Currency",
    "DeadlineItem",
    "DeadlineReport",
    "ErrorCode",
    "ItemKind",
    "LatePaymentPeriod",
    "LatePaymentResult",
    "MonthWages",
    "OvertimeDay",
    "OvertimeResult",
    "OvertimeWarning",
    "PayKind",
    "Payment",
    "Purpose",
    "Rate",
    "RateFileError",
    "RateSegment",
    "RateSeries",
    "Source",
    "UnpaidWagesResult",
    "WageWarning",
    "WorkDay",
    "WorkedMonth",
    "check_deadlines",
    "currency_for",
    "format_decimal",
    "late_payment_compensation",
    "late_payment_kz",
    "late_payment_ru",
    "load_kz_base_rate",
    "load_kz_mzp",
    "load_rate_series",
    "load_ru_key_rate",
    "load_ru_mrot",
    "overtime_pay",
    "parse_amount",
    "quantize_money",
    "serialize",
    "unpaid_wages",
]
