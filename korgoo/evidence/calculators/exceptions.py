"""Errors raised by the calculators.

Every error carries a stable ``code`` that the API returns in its error envelope and the interface
translates, and an English ``message_en`` for logs, the command line and developers. Codes never
change meaning once published; new situations get new codes.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes of the calculators."""

    INVALID_AMOUNT = "invalid_amount"
    FLOAT_NOT_ALLOWED = "float_not_allowed"
    NEGATIVE_AMOUNT = "negative_amount"
    ZERO_AMOUNT = "zero_amount"
    TOO_MANY_DECIMAL_PLACES = "too_many_decimal_places"
    INVALID_HOURS = "invalid_hours"
    INVALID_DATE = "invalid_date"
    INVALID_DATE_RANGE = "invalid_date_range"
    INVALID_COUNTRY = "invalid_country"
    INVALID_DAY_COUNT_BASIS = "invalid_day_count_basis"
    INVALID_PAY_KIND = "invalid_pay_kind"
    INVALID_PURPOSE = "invalid_purpose"
    INVALID_FLAG = "invalid_flag"
    INVALID_MONTH = "invalid_month"
    DUE_DATE_AFTER_AS_OF = "due_date_after_as_of"
    PAYMENT_AFTER_AS_OF = "payment_after_as_of"
    PAYMENTS_EXCEED_DEBT = "payments_exceed_debt"
    DUPLICATE_DAY = "duplicate_day"
    DUPLICATE_MONTH = "duplicate_month"
    DAYS_WORKED_EXCEED_MONTH = "days_worked_exceed_month"
    CONTRACT_END_BEFORE_START = "contract_end_before_start"
    CONTRACT_DATES_WITHOUT_CONTRACT = "contract_dates_without_contract"
    ORDER_WITHOUT_DISMISSAL = "order_without_dismissal"
    ORDER_BEFORE_DISMISSAL = "order_before_dismissal"
    NO_RATE_FOR_DATE = "no_rate_for_date"
    INVALID_RATE_FILE = "invalid_rate_file"
    UNSUPPORTED_RESULT = "unsupported_result"


class CalculationError(ValueError):
    """An input the calculators cannot compute with, or a rate series that does not cover it.

    ``field`` names the input at fault when there is one, so that a form or the API can attach the
    message to it.
    """

    def __init__(self, code: ErrorCode, message_en: str, *, field: str | None = None) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_en = message_en
        self.field = field


class RateFileError(CalculationError):
    """A rate data file that cannot be read; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(ErrorCode.INVALID_RATE_FILE, f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem
