"""What the evidence pages of every audience share: showing a calculation, reading a diary
entry typed on a form, the files sent with it, the conversation offered to a document."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from korgoo.cases.files import clean_upload
from korgoo.cases.models import Case
from korgoo.cases.selectors import case_worker_view
from korgoo.core.errors import ApplicationError
from korgoo.evidence.calculators import CalculationError

from .. import texts
from ..models import CalculationKind
from ..services import calculations, diary

PREFIXES = {"late_payment": "lp", "overtime": "ot", "unpaid_wages": "uw", "deadlines": "dl"}
#: Engine field names that the forms call otherwise.
FIELD_NAMES = {"today": None, "payments": None, "months": None, "days": None}
VERIFY_PER_CLIENT = 30
VERIFY_WINDOW = 15 * 60


# --- Calculators ----------------------------------------------------------------------------------------


def present(computed: calculations.Computed) -> dict[str, Any]:
    """What a page shows of a result: the API's data plus the details a worker needs."""
    shown: dict[str, Any] = {"kind": computed.kind, "data": computed.data}
    if computed.kind == CalculationKind.LATE_PAYMENT:
        shown["details"] = calculations.late_payment_details(computed.result)
        shown["kz_basis"] = computed.payload.get("day_count_basis") or 365
    shown["confirmed"] = all(s.get("confirmed") for s in computed.data.get("sources", []))
    return shown


def _attach_calculation_error(form: Any, error: CalculationError) -> None:
    name = error.field or ""
    name = FIELD_NAMES.get(name, name) or ""
    message = texts.error_message(error.code)
    form.add_error(name if name in form.fields else None, message)


def _compute(form: Any, kind: str) -> calculations.Computed | None:
    """The form's result, or None with the engine's complaint attached to the form."""
    if not form.is_valid():
        return None
    try:
        return calculations.calculate(kind, form.payload())
    except CalculationError as error:
        _attach_calculation_error(form, error)
        return None


def _draft(data: dict[str, Any]) -> diary.EntryDraft:
    return diary.EntryDraft(
        work_date=data["work_date"],
        place=data.get("place") or "",
        employer=data.get("employer") or "",
        start=data.get("start"),
        end=data.get("end"),
        break_minutes=data.get("break_minutes") or 0,
        rest_day=bool(data.get("rest_day")),
        pay_agreed=data.get("pay_agreed") or None,
        pay_received=data.get("pay_received") or None,
        currency=data.get("currency") or "RUB",
        supervisor=data.get("supervisor") or "",
        note=data.get("note") or "",
        corrects=data.get("corrects"),
    )


def _photos(uploads: list[Any]) -> list[Any]:
    if len(uploads) > diary.MAX_PHOTOS:
        raise ApplicationError(
            "too_many_photos",
            _("Too many photos. You can attach up to %(n)d to one entry.") % {"n": diary.MAX_PHOTOS},
        )
    return [clean_upload(upload.name or "photo", upload.read()) for upload in uploads]


def _worker_messages(case: Case) -> list[dict[str, Any]]:
    view = case_worker_view(case=case)
    return [{"id": str(m.id), "at": m.at, "sender": m.sender, "body": m.body} for m in view.messages]


def _choices(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    shown = []
    for m in items:
        excerpt = m["body"] if len(m["body"]) <= 80 else m["body"][:77] + "…"
        shown.append((m["id"], f"{timezone.localtime(m['at']):%d.%m.%Y %H:%M} — {excerpt}"))
    return shown
