"""The evidence API: the calculators and document verification for anyone (no account, rate
limited), and the diary, calculations and documents of a case for its caseworkers, through the same
services and selectors as the pages.

Amounts travel as strings ("50000.00"); a JSON number with a fraction is refused, because a binary
float cannot hold most sums of money exactly. Errors use the project's envelope
``{"code", "message", "fields"}`` with the calculators' stable codes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.cases.selectors import CaseView, case_messages_for
from korgoo.cases.services import case_read
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.throttle import PerMinuteThrottle
from korgoo.evidence import selectors, texts
from korgoo.evidence.calculators import CalculationError
from korgoo.evidence.models import CalculationKind, DocumentKind
from korgoo.evidence.services import calculations, diary, documents
from korgoo.organisations.permissions import Perm, ensure_permission


class ToolsThrottle(PerMinuteThrottle):
    """At most KORGOO_TOOLS_API_PER_MINUTE calls a minute per client (120 unless set in the
    environment), the calculators and the document check together."""

    scope = "tools-api"
    setting = "KORGOO_TOOLS_API_PER_MINUTE"


def calculation_error(error: CalculationError) -> ApplicationError:
    message = texts.error_message(error.code)
    return ApplicationError(str(error.code), message, {error.field or "non_field_errors": [message]})


SOURCE = inline_serializer(
    "CalculationSource",
    {
        "code": serializers.CharField(),
        "article": serializers.CharField(),
        "text": serializers.CharField(),
        "reference": serializers.CharField(),
        "confirmed": serializers.BooleanField(),
        "checked_on": serializers.CharField(),
    },
)
MONEY = 'A decimal amount as a string, e.g. "50000.00".'
PAYMENT_IN = inline_serializer(
    "PaymentIn", {"date": serializers.DateField(), "amount": serializers.CharField(help_text=MONEY)}
)

LATE_PAYMENT_IN = inline_serializer(
    "LatePaymentIn",
    {
        "country": serializers.CharField(help_text="RU (Russia) or KZ (Kazakhstan)."),
        "amount": serializers.CharField(help_text=MONEY),
        "due_date": serializers.DateField(),
        "payments": PAYMENT_IN.__class__(many=True, required=False),
        "as_of": serializers.DateField(
            required=False, help_text="Used while the debt is not fully paid; today by default."
        ),
        "day_count_basis": serializers.ChoiceField(
            choices=[365, 360], required=False, help_text="Kazakhstan only."
        ),
    },
)
LATE_PAYMENT_OUT = inline_serializer(
    "LatePaymentOut",
    {
        "compensation": serializers.CharField(),
        "currency": serializers.CharField(),
        "periods": inline_serializer(
            "LatePaymentPeriod",
            {
                "from": serializers.DateField(),
                "to": serializers.DateField(),
                "days": serializers.IntegerField(),
                "rate": serializers.CharField(),
                "debt": serializers.CharField(),
                "amount": serializers.CharField(),
            },
            many=True,
        ),
        "sources": SOURCE.__class__(many=True),
    },
)
OVERTIME_IN = inline_serializer(
    "OvertimeIn",
    {
        "country": serializers.CharField(help_text="RU (Russia) or KZ (Kazakhstan)."),
        "hourly_rate": serializers.CharField(help_text=MONEY),
        "normal_daily_hours": serializers.CharField(required=False, help_text="8 unless given."),
        "days": inline_serializer(
            "OvertimeDayIn",
            {
                "date": serializers.DateField(),
                "hours": serializers.CharField(),
                "rest_day": serializers.BooleanField(required=False),
            },
            many=True,
        ),
    },
)
UNPAID_IN = inline_serializer(
    "UnpaidWagesIn",
    {
        "country": serializers.CharField(help_text="RU (Russia) or KZ (Kazakhstan)."),
        "pay_kind": serializers.ChoiceField(choices=["monthly", "daily", "hourly"]),
        "pay_rate": serializers.CharField(help_text=MONEY),
        "months": inline_serializer(
            "WorkedMonthIn",
            {
                "month": serializers.CharField(help_text="YYYY-MM"),
                "days_worked": serializers.CharField(),
                "scheduled_days": serializers.IntegerField(required=False),
                "hours_worked": serializers.CharField(required=False),
            },
            many=True,
        ),
        "payments": PAYMENT_IN.__class__(many=True, required=False),
    },
)
DEADLINES_IN = inline_serializer(
    "DeadlinesIn",
    {
        "country": serializers.CharField(help_text="RU (Russia) or KZ (Kazakhstan)."),
        "entry_date": serializers.DateField(),
        "purpose": serializers.ChoiceField(choices=["work", "other"]),
        "has_contract": serializers.BooleanField(),
        "contract_start": serializers.DateField(required=False),
        "contract_end": serializers.DateField(required=False),
        "missed_payday": serializers.DateField(required=False),
        "dismissal_date": serializers.DateField(required=False),
        "today": serializers.DateField(required=False),
    },
)
ANY_OUT = inline_serializer("CalculationOut", {"sources": SOURCE.__class__(many=True)})


class _ToolApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = [ToolsThrottle]
    kind = ""

    def post(self, request: Request) -> Response:
        try:
            computed = calculations.calculate(self.kind, request.data)
        except CalculationError as error:
            raise calculation_error(error) from None
        return Response(computed.data)


class LatePaymentApi(_ToolApi):
    """Compensation for late wages: Russia (Labour Code art. 236) or Kazakhstan (art. 113(3), to be
    confirmed). Period by period: days, rate, unpaid sum and amount; the rules applied with
    whether each is confirmed and when it was checked."""

    kind = CalculationKind.LATE_PAYMENT

    @extend_schema(
        request=LATE_PAYMENT_IN,
        responses={200: LATE_PAYMENT_OUT},
        tags=["tools"],
        examples=[
            OpenApiExample(
                "Russia, one partial payment",
                request_only=True,
                value={
                    "country": "RU",
                    "amount": "50000.00",
                    "due_date": "2025-03-15",
                    "payments": [{"date": "2025-04-01", "amount": "20000.00"}],
                    "as_of": "2025-05-01",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)


class OvertimeApi(_ToolApi):
    """Pay for overtime (RU art. 152, KZ art. 108) and weekend or holiday work (RU art. 153, KZ art.
    110) from the hourly rate and the hours of each day, with the legal limits exceeded."""

    kind = CalculationKind.OVERTIME

    @extend_schema(request=OVERTIME_IN, responses={200: ANY_OUT}, tags=["tools"])
    def post(self, request: Request) -> Response:
        return super().post(request)


class UnpaidWagesApi(_ToolApi):
    """Wages owed month by month from the agreed pay and the days worked, with the minimum-wage check."""

    kind = CalculationKind.UNPAID_WAGES

    @extend_schema(request=UNPAID_IN, responses={200: ANY_OUT}, tags=["tools"])
    def post(self, request: Request) -> Response:
        return super().post(request)


class DeadlinesApi(_ToolApi):
    """Deadlines and rights for a Kyrgyz citizen in Russia or Kazakhstan, each with its rule, whether
    the rule is confirmed and when it was checked."""

    kind = CalculationKind.DEADLINES

    @extend_schema(request=DEADLINES_IN, responses={200: ANY_OUT}, tags=["tools"])
    def post(self, request: Request) -> Response:
        return super().post(request)


class DocumentVerifyApi(APIView):
    """Check a verification code printed on a Korgoo document."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = [ToolsThrottle]

    @extend_schema(
        request=inline_serializer("VerifyIn", {"code": serializers.CharField(max_length=40)}),
        responses={
            200: inline_serializer(
                "VerifyOut",
                {
                    "status": serializers.ChoiceField(choices=["genuine", "unknown"]),
                    "kind": serializers.CharField(allow_null=True),
                    "created_at": serializers.DateTimeField(allow_null=True),
                    "file_sha256": serializers.CharField(allow_null=True),
                    "diary_entries": serializers.IntegerField(allow_null=True),
                    "diary_intact": serializers.BooleanField(allow_null=True),
                },
            )
        },
        tags=["tools"],
    )
    def post(self, request: Request) -> Response:
        code = request.data.get("code") if isinstance(request.data, dict) else None
        if not isinstance(code, str) or len(code) > 40:
            raise ApplicationError(
                "invalid_code", texts.error_message(""), {"code": [texts.error_message("")]}
            )
        result = documents.document_verify_code(code)
        record = result.document
        return Response(
            {
                "status": result.status,
                "kind": record.kind if record else None,
                "created_at": record.created_at if record else None,
                "file_sha256": record.file_sha256 if record else None,
                "diary_entries": record.diary_seq if record else None,
                "diary_intact": result.diary_intact,
            }
        )


# --- A case's evidence, for its caseworkers ----------------------------------------------------------------


def _view(request: Request, case_id: Any, purpose: str = "evidence.viewed") -> CaseView:
    return case_read(actor=request.actor, case_id=case_id, purpose=purpose)  # type: ignore[attr-defined]


def _line(line: Any) -> dict[str, Any]:
    return {
        "seq": line.seq,
        "received_at": line.received_at,
        "author": line.author,
        "late": line.late,
        "hash": line.hash,
        "prev_hash": line.prev_hash,
        "content": {k: v for k, v in line.content.items() if k not in ("salt", "photos")},
        "photos": [
            {
                "id": str(p.id),
                "sha256": p.sha256,
                "content_type": p.content_type,
                "size": p.size,
                "scan_status": p.scan_status,
                "downloadable": p.downloadable,
            }
            for p in line.photos
        ],
    }


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApplicationError("invalid_entry", texts.error_message(""), {name: [texts.error_message("")]})
    return value


def _draft(data: Any) -> diary.EntryDraft:
    """An entry from JSON; wrong types are named field by field."""
    if not isinstance(data, dict):
        raise ApplicationError("invalid_entry", texts.error_message(""))
    errors: dict[str, list[str]] = {}

    def parse(name: str, convert: Any) -> Any:
        value = data.get(name)
        if value in (None, ""):
            return None
        try:
            return convert(value)
        except (TypeError, ValueError, InvalidOperation):
            errors[name] = [texts.error_message("invalid_date" if "date" in name else "invalid_amount")]
            return None

    def money(value: Any) -> Decimal:
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise TypeError
        return Decimal(str(value))

    work_date = parse("work_date", dt.date.fromisoformat)
    if work_date is None and "work_date" not in errors:
        errors["work_date"] = [texts.error_message("invalid_date")]
    draft_values = {
        "start": parse("start", dt.time.fromisoformat),
        "end": parse("end", dt.time.fromisoformat),
        "break_minutes": parse("break_minutes", int) or 0,
        "pay_agreed": parse("pay_agreed", money),
        "pay_received": parse("pay_received", money),
        "corrects": parse("corrects", int),
    }
    rest_day = data.get("rest_day", False)
    if not isinstance(rest_day, bool):
        errors["rest_day"] = [texts.error_message("invalid_flag")]
    if errors:
        raise ApplicationError("invalid_entry", texts.error_message(""), errors)
    return diary.EntryDraft(
        work_date=work_date,
        place=_text(data, "place"),
        employer=_text(data, "employer"),
        supervisor=_text(data, "supervisor"),
        note=_text(data, "note"),
        currency=_text(data, "currency") or "RUB",
        rest_day=bool(rest_day),
        **draft_values,
    )


class CaseDiaryApi(APIView):
    """The work diary of a case: its entries (for roles that may read them) and the check of its
    hash chain; POST adds a day on the worker's behalf. Send an ``Idempotency-Key`` so that a retry
    never adds the day twice."""

    parser_classes = [JSONParser]

    @extend_schema(
        responses={200: inline_serializer("Diary", {"chain": serializers.DictField()})}, tags=["evidence"]
    )
    def get(self, request: Request, case_id: Any) -> Response:
        view = _view(request, case_id)
        check, _hashes = diary.diary_verify(view.case)
        return Response(
            {
                "chain": {
                    "ok": check.ok,
                    "entries": check.entries,
                    "head": check.head,
                    "broken_at": check.broken_at,
                    "problem": check.problem,
                },
                "entries": [_line(line) for line in selectors.staff_diary_lines(view=view)],
            }
        )

    @extend_schema(
        request=inline_serializer(
            "DiaryEntryIn",
            {
                "work_date": serializers.DateField(),
                "place": serializers.CharField(required=False),
                "employer": serializers.CharField(required=False),
                "start": serializers.TimeField(required=False),
                "end": serializers.TimeField(required=False),
                "break_minutes": serializers.IntegerField(required=False),
                "rest_day": serializers.BooleanField(required=False),
                "pay_agreed": serializers.CharField(required=False, help_text=MONEY),
                "pay_received": serializers.CharField(required=False, help_text=MONEY),
                "currency": serializers.ChoiceField(choices=list(diary.CURRENCIES), required=False),
                "supervisor": serializers.CharField(required=False),
                "note": serializers.CharField(required=False),
                "corrects": serializers.IntegerField(required=False),
            },
        ),
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: inline_serializer("DiaryEntryOut", {"seq": serializers.IntegerField()})},
        tags=["evidence"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        view = _view(request, case_id)
        if not view.is_holder or not selectors.diary_visible(view):
            raise NotFound()
        added = diary.diary_entry_add_by_staff(
            actor=actor,
            case=view.case,
            draft=_draft(request.data),
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        return Response(
            {
                "seq": added.entry.seq,
                "hash": added.entry.hash,
                "received_at": added.entry.received_at,
                "replayed": added.replayed,
            },
            status=200 if added.replayed else 201,
        )


class CaseCalculationApi(APIView):
    """Run a calculator and save the result to the case (for letters and the evidence bundle)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=inline_serializer(
            "CaseCalculationIn",
            {
                "kind": serializers.ChoiceField(choices=CalculationKind.choices),
                "input": serializers.DictField(),
            },
        ),
        responses={201: inline_serializer("CaseCalculationOut", {"id": serializers.UUIDField()})},
        tags=["evidence"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        view = _view(request, case_id)
        if not view.is_holder or not view.sensitive:
            raise NotFound()
        data = request.data if isinstance(request.data, dict) else {}
        kind = data.get("kind")
        if kind not in CalculationKind.values:
            message = texts.error_message("unsupported_result")
            raise ApplicationError("invalid_kind", message, {"kind": [message]})
        try:
            computed = calculations.calculate(kind, data.get("input") or {})
        except CalculationError as error:
            raise calculation_error(error) from None
        row = calculations.calculation_save_by_staff(actor=actor, case=view.case, computed=computed)
        return Response({"id": str(row.pk), "kind": kind, "result": computed.data}, status=201)


class CaseDocumentApi(APIView):
    """Generate a PDF of the case: ``evidence_bundle``, ``demand_letter``, ``inspectorate_complaint``
    or ``statement_of_claim``. The answer is the file itself (an attachment)."""

    parser_classes = [JSONParser]

    @extend_schema(
        request=inline_serializer(
            "CaseDocumentIn",
            {
                "kind": serializers.ChoiceField(choices=DocumentKind.choices),
                "worker_name": serializers.CharField(required=False),
                "employer": serializers.CharField(required=False),
                "contract": serializers.ChoiceField(choices=["yes", "no", ""], required=False),
                "messages": serializers.ListField(child=serializers.UUIDField(), required=False),
            },
        ),
        responses={(200, "application/octet-stream"): bytes},
        tags=["evidence"],
    )
    def post(self, request: Request, case_id: Any) -> HttpResponse:
        actor = request.actor  # type: ignore[attr-defined]
        view = _view(request, case_id, purpose="evidence.document_viewed")
        ensure_permission(actor, Perm.CASE_VIEW_SENSITIVE)
        data = request.data if isinstance(request.data, dict) else {}
        kind = data.get("kind")
        if kind not in DocumentKind.values:
            message = texts.error_message("unsupported_result")
            raise ApplicationError("invalid_kind", message, {"kind": [message]})
        visible = selectors.diary_visible(view)
        if kind == DocumentKind.EVIDENCE_BUNDLE:
            if not visible:
                raise NotFound()
        elif not (view.is_holder and actor.has(Perm.CASE_WORK) and not view.case.content_erased):
            raise NotFound()
        chosen = {str(m) for m in data.get("messages") or [] if isinstance(m, str)}
        conversation = [
            {"id": str(m.id), "at": m.at, "sender": m.sender, "body": m.body}
            for m in case_messages_for(view=view)
        ]
        lines = selectors.staff_diary_lines(view=view)
        case = view.case
        bundle = kind == DocumentKind.EVIDENCE_BUNDLE
        generated = documents.document_generate(
            data=documents.DocumentInput(
                case=case,
                kind=kind,
                diary=lines,
                calculations=selectors.latest_calculations(case),
                messages=[m for m in conversation if m["id"] in chosen] if bundle else [],
                photos=selectors.document_photos(case, lines) if bundle else {},
                party=documents.Party(
                    worker_name=str(data.get("worker_name") or "")[:200],
                    employer=str(data.get("employer") or "")[:200],
                    city=case.city,
                    country=case.country,
                    contract=str(data.get("contract")) if data.get("contract") in ("yes", "no") else "",
                ),
            ),
            actor=actor,
        )
        return attachment_response(generated.pdf, generated.filename)
