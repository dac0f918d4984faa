"""The evidence API: the calculators and document verification for anyone (no account, rate
limited), and the diary, calculations and documents of a case for its caseworkers, through the same
services and selectors as the pages.

Bodies are read as the OpenAPI description declares them (`serializers.py`): a body of the wrong
shape answers `invalid` naming each field. Amounts travel as strings ("50000.00") or whole numbers;
a JSON number with a fraction is refused (`float_not_allowed`), because a binary float cannot hold
most sums of money exactly. What only the calculators can judge answers their stable codes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from korgoo.cases.selectors import CaseView, case_messages_for
from korgoo.cases.services import case_read
from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView, read_body
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.gazetteer import locality_name
from korgoo.core.openapi import errors, register_errors
from korgoo.core.throttle import PerClientThrottle
from korgoo.evidence import selectors, texts
from korgoo.evidence.calculators import CalculationError, ErrorCode
from korgoo.evidence.models import CalculationKind, DocumentKind
from korgoo.evidence.services import calculations, diary, documents
from korgoo.organisations.permissions import Perm, ensure_permission

from .serializers import (
    CALCULATION_INPUTS,
    CALCULATION_OUTPUTS,
    TOOL_INPUTS,
    CalculationKindIn,
    DeadlinesOut,
    DiaryEntryIn,
    DiaryEntryOut,
    DiaryOut,
    DocumentIn,
    LatePaymentOut,
    OvertimeOut,
    UnpaidWagesOut,
    VerifyIn,
    VerifyOut,
)

CALCULATOR_CODES = [
    code.value
    for code in ErrorCode
    if code not in (ErrorCode.INVALID_RATE_FILE, ErrorCode.UNSUPPORTED_RESULT)
]
register_errors(
    {
        **{
            code: (400, "a calculator refused its input (see the guide, “Errors of the calculators”)")
            for code in CALCULATOR_CODES
        },
        "invalid_entry": (
            400,
            "the diary entry failed a check of its content (a date in the future); see `fields`",
        ),
        "empty_entry": (
            400,
            "the diary entry says nothing but its date (no hours, place, pay, note or photo)",
        ),
        "entry_key_reused": (400, "the `Idempotency-Key` was already used for another diary entry"),
        "unknown_messages": (400, "`messages` names an id that is not a message of this case"),
    }
)


class ToolsThrottle(PerClientThrottle):
    """At most KORGOO_TOOLS_API_PER_MINUTE calls a minute per client (120 unless set in the
    environment), the calculators and the document check together."""

    scope = "tools-api"
    setting = "KORGOO_TOOLS_API_PER_MINUTE"


def calculation_error(error: CalculationError) -> ApplicationError:
    message = texts.error_message(error.code)
    return ApplicationError(str(error.code), message, {error.field or "non_field_errors": [message]})


def _compute(kind: str, payload: Any) -> calculations.Computed:
    """The calculator of `kind` on a body already checked for its shape, as the client sent it."""
    try:
        return calculations.calculate(kind, payload)
    except CalculationError as error:
        raise calculation_error(error) from None


class _ToolApi(ApiView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ToolsThrottle]
    kind = ""

    def post(self, request: ApiRequest) -> Response:
        read_body(TOOL_INPUTS[self.kind], request)
        return Response(_compute(self.kind, request.data).data)


TOOL_ERRORS = errors(*CALCULATOR_CODES)


class LatePaymentApi(_ToolApi):
    """Compensation for late wages: Russia (Labour Code art. 236) or Kazakhstan (art. 113(3), to be
    confirmed). Period by period: days, rate, unpaid sum and amount; the rules applied with
    whether each is confirmed and when it was checked."""

    kind = CalculationKind.LATE_PAYMENT

    @extend_schema(
        request=TOOL_INPUTS[CalculationKind.LATE_PAYMENT],
        responses={200: LatePaymentOut},
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
    @TOOL_ERRORS
    def post(self, request: ApiRequest) -> Response:
        return super().post(request)


class OvertimeApi(_ToolApi):
    """Pay for overtime (RU art. 152, KZ art. 108) and weekend or holiday work (RU art. 153, KZ art.
    110) from the hourly rate and the hours of each day, with the legal limits exceeded."""

    kind = CalculationKind.OVERTIME

    @extend_schema(
        request=TOOL_INPUTS[CalculationKind.OVERTIME], responses={200: OvertimeOut}, tags=["tools"]
    )
    @TOOL_ERRORS
    def post(self, request: ApiRequest) -> Response:
        return super().post(request)


class UnpaidWagesApi(_ToolApi):
    """Wages owed month by month from the agreed pay and the days worked, with the minimum-wage check."""

    kind = CalculationKind.UNPAID_WAGES

    @extend_schema(
        request=TOOL_INPUTS[CalculationKind.UNPAID_WAGES], responses={200: UnpaidWagesOut}, tags=["tools"]
    )
    @TOOL_ERRORS
    def post(self, request: ApiRequest) -> Response:
        return super().post(request)


class DeadlinesApi(_ToolApi):
    """Deadlines and rights for a Kyrgyz citizen in Russia or Kazakhstan, each with its rule, whether
    the rule is confirmed and when it was checked."""

    kind = CalculationKind.DEADLINES

    @extend_schema(
        request=TOOL_INPUTS[CalculationKind.DEADLINES], responses={200: DeadlinesOut}, tags=["tools"]
    )
    @TOOL_ERRORS
    def post(self, request: ApiRequest) -> Response:
        return super().post(request)


class DocumentVerifyApi(ApiView):
    """Check a verification code printed on a Korgoo document: `genuine`, or `unknown` (with every
    other field null) for any code Korgoo did not issue."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ToolsThrottle]

    @extend_schema(request=VerifyIn, responses={200: VerifyOut}, tags=["tools"])
    def post(self, request: ApiRequest) -> Response:
        code = read_body(VerifyIn, request)["code"]
        result = documents.document_verify_code(code)
        record = result.document
        return Response(
            {
                "status": result.status,
                "kind": record.kind if record else None,
                "created_at": record.created_at if record else None,
                "made_by": (record.organisation.name if record.organisation else "") if record else None,
                "facts": result.facts,
                "content_digest": record.content_digest if record else None,
                "file_sha256": record.file_sha256 if record else None,
                "diary_entries": record.diary_seq if record else None,
                "diary_intact": result.diary_intact,
            }
        )


# --- A case's evidence, for its caseworkers ----------------------------------------------------------------


def _view(request: ApiRequest, case_id: Any, purpose: str = "evidence.viewed") -> CaseView:
    return case_read(actor=request.actor, case_id=case_id, purpose=purpose)


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


def _draft(values: dict[str, Any]) -> diary.EntryDraft:
    """An entry from a body already checked for its shape."""

    def time(name: str) -> dt.time | None:
        value = values.get(name)
        return dt.time.fromisoformat(value) if value else None

    def money(name: str) -> Decimal | None:
        value = values.get(name)
        return None if value is None else Decimal(value)

    return diary.EntryDraft(
        work_date=values["work_date"],
        place=values.get("place") or "",
        employer=values.get("employer") or "",
        supervisor=values.get("supervisor") or "",
        note=values.get("note") or "",
        currency=values.get("currency") or "RUB",
        rest_day=bool(values.get("rest_day")),
        start=time("start"),
        end=time("end"),
        break_minutes=values.get("break_minutes") or 0,
        pay_agreed=money("pay_agreed"),
        pay_received=money("pay_received"),
        corrects=values.get("corrects"),
    )


class CaseDiaryApi(ApiView):
    """The work diary of a case: its entries (for roles that may read them) and the check of its
    hash chain; POST adds a day on the worker's behalf. Send an ``Idempotency-Key`` so that a retry
    never adds the day twice."""

    @extend_schema(responses={200: DiaryOut}, tags=["evidence"])
    def get(self, request: ApiRequest, case_id: Any) -> Response:
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
        request=DiaryEntryIn,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "maxLength": 200},
                OpenApiParameter.HEADER,
                required=False,
                description="Made once per entry and sent unchanged with every retry of it.",
            )
        ],
        responses={201: DiaryEntryOut, 200: DiaryEntryOut},
        tags=["evidence"],
    )
    @errors(
        "permission_denied", "invalid_entry", "empty_entry", "entry_key_reused", "invalid_idempotency_key"
    )
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        view = _view(request, case_id)
        if not view.is_holder or not selectors.diary_visible(view):
            raise NotFound()
        key = request.headers.get("Idempotency-Key", "")
        if len(key) > 200:
            raise ApplicationError("invalid_idempotency_key", _("The Idempotency-Key is too long."))
        draft = _draft(read_body(DiaryEntryIn, request))
        added = diary.diary_entry_add_by_staff(actor=actor, case=view.case, draft=draft, idempotency_key=key)
        return Response(
            {
                "seq": added.entry.seq,
                "hash": added.entry.hash,
                "received_at": added.entry.received_at,
                "replayed": added.replayed,
            },
            status=200 if added.replayed else 201,
        )


class CaseCalculationApi(ApiView):
    """Run a calculator and save the result to the case (for letters and the evidence bundle): `kind`
    and the `input` the matching wage tool takes."""

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="CaseCalculationIn",
            serializers=CALCULATION_INPUTS,
            resource_type_field_name="kind",
        ),
        responses={
            201: PolymorphicProxySerializer(
                component_name="CaseCalculation",
                serializers=CALCULATION_OUTPUTS,
                resource_type_field_name="kind",
            )
        },
        tags=["evidence"],
    )
    @errors("permission_denied", *CALCULATOR_CODES)
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        view = _view(request, case_id)
        if not view.is_holder or not view.sensitive:
            raise NotFound()
        kind = read_body(CalculationKindIn, request)["kind"]
        read_body(CALCULATION_INPUTS[kind].__class__, request)
        computed = _compute(kind, request.data["input"])
        row = calculations.calculation_save_by_staff(actor=actor, case=view.case, computed=computed)
        return Response({"id": str(row.pk), "kind": kind, "result": computed.data}, status=201)


class CaseDocumentApi(ApiView):
    """Generate a PDF of the case: ``evidence_bundle``, ``demand_letter``, ``inspectorate_complaint``
    or ``statement_of_claim``. The answer is the file itself (an attachment)."""

    @extend_schema(
        request=DocumentIn,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            )
        },
        tags=["evidence"],
    )
    @errors("permission_denied", "unknown_messages")
    def post(self, request: ApiRequest, case_id: Any) -> HttpResponse:
        actor = request.actor
        view = _view(request, case_id, purpose="evidence.document_viewed")
        ensure_permission(actor, Perm.CASE_VIEW_SENSITIVE)
        data = read_body(DocumentIn, request)
        kind = data["kind"]
        visible = selectors.diary_visible(view)
        if kind == DocumentKind.EVIDENCE_BUNDLE:
            if not visible:
                raise NotFound()
        elif not (view.is_holder and actor.has(Perm.CASE_WORK) and not view.case.content_erased):
            raise NotFound()
        conversation = [
            {"id": str(m.id), "at": m.at, "sender": m.sender, "body": m.body}
            for m in case_messages_for(view=view)
        ]
        known = {m["id"] for m in conversation}
        wrong = {
            f"messages.{position}": [str(_("This is not a message of this case."))]
            for position, message_id in enumerate(data["messages"])
            if str(message_id) not in known
        }
        if wrong:
            raise ApplicationError(
                "unknown_messages", _("Some messages are not messages of this case."), wrong
            )
        chosen = {str(m) for m in data["messages"]}
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
                    worker_name=data["worker_name"],
                    employer=data["employer"],
                    city=locality_name(case.locality_id, "ru"),  # the documents are in Russian
                    country=case.country,
                    contract=data["contract"],
                ),
            ),
            actor=actor,
        )
        return attachment_response(generated.pdf, generated.filename)
