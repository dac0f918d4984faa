"""Evidence pages, by audience (`tools`: anyone; `worker`: the worker in a receipt session;
`staff`: caseworkers): the calculators, the deadline checker, the work diary, the evidence bundle and
document verification for workers (phone-first, in their language, all working without
JavaScript), and the evidence page of a case for caseworkers.

Worker pages follow the intake's rules: no CSRF cookie but an Origin check, nothing typed ever in a
URL, and the diary only through the short worker session opened with the receipt. Staff pages decide
access through ``korgoo.cases`` (a case that is not yours answers 404, exactly like one that does not
exist) and every read or download leaves an audit row in the same transaction.
"""

from __future__ import annotations

from .staff import (
    case_calculate,
    case_diary_add,
    case_document,
    case_evidence,
    case_photo,
)
from .tools import (
    deadlines,
    late_payment,
    overtime,
    tools,
    unpaid_wages,
    verify,
)
from .worker import (
    diary_add,
    diary_bundle,
    diary_page,
)

__all__ = [
    "case_calculate",
    "case_diary_add",
    "case_document",
    "case_evidence",
    "case_photo",
    "deadlines",
    "diary_add",
    "diary_bundle",
    "diary_page",
    "late_payment",
    "overtime",
    "tools",
    "unpaid_wages",
    "verify",
]
