"""The anonymous API of the worker side: submit a report, follow it with the receipt, write back."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.cases.choices import Category, ContactChannel, Outcome, Sector, Status
from korgoo.cases.models import CaseMessage
from korgoo.cases.selectors import case_worker_view
from korgoo.cases.services import NewReport
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput, PlainReader, too_long
from korgoo.core.choices import Country, Language, OrganisationKind
from korgoo.core.errors import ApplicationError
from korgoo.core.openapi import errors, register_errors
from korgoo.core.throttle import client_fingerprint
from korgoo.intake import services

register_errors(
    {
        "invalid_report": (
            400,
            "the report failed a check of its content (a date in the future); see `fields`",
        ),
        "invalid_idempotency_key": (400, "the `Idempotency-Key` is longer than 200 characters"),
        "challenge_required": (400, "challenges are switched on and the report came without one"),
        "challenge_unsolved": (400, "the proof does not solve the challenge"),
        "challenge_expired": (400, "the challenge has expired or was altered; ask for a new one"),
        "in_progress": (409, "the same report is still being saved; try again"),
        "idempotency_key_reused": (422, "the `Idempotency-Key` was already used for a different report"),
        "challenge_used": (422, "the challenge was already used for a different report"),
        "overloaded": (503, "too many reports network-wide this minute; wait `Retry-After` seconds"),
    }
)


PROOF_MAX = 64


class ContactSerializer(JsonInput):
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    value = serializers.CharField(max_length=100)


class ReportInSerializer(JsonInput):
    language = serializers.ChoiceField(
        choices=Language.choices, help_text="The language the worker wrote in."
    )
    country = serializers.ChoiceField(
        choices=Country.choices, help_text="Where it happened (ISO 3166-1 alpha-2); ZZ: another country."
    )
    city = serializers.CharField(max_length=100)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices), min_length=1, max_length=len(Category.values)
    )
    description = serializers.CharField(max_length=10_000)
    employer_name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    happened_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Not in the future."
    )
    contact = ContactSerializer(
        required=False, allow_null=True, default=None, help_text='Leave out for "do not contact me".'
    )
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    prefers_woman_caseworker = serializers.BooleanField(required=False, default=False)
    share_with = serializers.ListField(
        child=serializers.ChoiceField(choices=OrganisationKind.choices),
        required=False,
        default=list,
        max_length=len(OrganisationKind.values),
        help_text="The kinds of organisation that may see the report.",
    )
    sector = serializers.ChoiceField(
        choices=Sector.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Kind of work, if said.",
    )


# The body of a report, read without building the serializer for each report (the serializer
# still describes it in the OpenAPI schema and answers every body that is not plainly right).
REPORT_BODY = PlainReader(ReportInSerializer)


class ReceiptOutSerializer(serializers.Serializer):
    receipt = serializers.RegexField(
        r"^[0-9]{20}$", help_text="20 digits. Shown once: the worker must write it down."
    )
    status = serializers.ChoiceField(choices=Status.choices)


class ChallengeOutSerializer(serializers.Serializer):
    challenge = serializers.CharField(help_text="Send back unchanged in the `Korgoo-Challenge` header.")
    difficulty = serializers.IntegerField(
        help_text='Leading zero bits SHA-256("<challenge>:<proof>") must have; 0 when not asked.'
    )
    expires_in = serializers.IntegerField(help_text="Seconds the challenge stays valid.")


class ReportChallengeApi(ApiView):
    """A proof-of-work challenge for one report. Needed only when the operator has switched
    challenges on (`difficulty` > 0): find a `proof` (any short ASCII string, e.g. a counter) such that
    SHA-256 of `<challenge>:<proof>` starts with `difficulty` zero bits, and send both headers with
    the report."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: ChallengeOutSerializer}, tags=["worker"])
    def get(self, request: Request) -> Response:
        challenge = services.challenge_issue()
        return Response(
            {
                "challenge": challenge.token,
                "difficulty": challenge.difficulty,
                "expires_in": challenge.expires_in,
            }
        )


class ReportCreateApi(ApiView):
    """Submit a report without an account. Send an `Idempotency-Key` header so that a retry after a
    lost answer returns the same receipt; the same key with another payload is refused (422).

    When challenges are switched on, send `Korgoo-Challenge` and `Korgoo-Proof` (see
    `GET /api/v1/reports/challenge/`); the challenge then is the idempotency key: one challenge makes
    one report, and resending the same request returns the same receipt."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=ReportInSerializer,
        responses={201: ReceiptOutSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "maxLength": 200},
                OpenApiParameter.HEADER,
                required=False,
                description="Made once per report and sent unchanged with every retry of it.",
            ),
            OpenApiParameter(
                "Korgoo-Challenge",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="A challenge from GET /api/v1/reports/challenge/, when challenges are on.",
            ),
            OpenApiParameter(
                "Korgoo-Proof",
                {"type": "string", "maxLength": PROOF_MAX},
                OpenApiParameter.HEADER,
                required=False,
                description="The proof that solves the challenge.",
            ),
            OpenApiParameter(
                "Idempotent-Replayed",
                {"type": "string", "enum": ["true"]},
                OpenApiParameter.HEADER,
                response=[201],
                description="Present when the answer repeats the receipt of an earlier request.",
            ),
        ],
        tags=["worker"],
    )
    @errors(
        "invalid_report",
        "invalid_idempotency_key",
        "challenge_required",
        "challenge_unsolved",
        "challenge_expired",
        "in_progress",
        "idempotency_key_reused",
        "challenge_used",
        "throttled",
        "overloaded",
    )
    def post(self, request: Request) -> Response:
        idempotency_key = request.headers.get("Idempotency-Key")
        challenge = request.headers.get("Korgoo-Challenge")
        proof = request.headers.get("Korgoo-Proof")
        if proof is not None and len(proof) > PROOF_MAX:
            raise ValidationError({"Korgoo-Proof": [too_long(PROOF_MAX)]})
        if challenge:
            nonce = services.challenge_check(challenge, proof or "")
            idempotency_key = f"challenge:{nonce}"
        elif services.challenge_bits() > 0:
            raise ApplicationError(
                "challenge_required",
                _("Ask for a challenge at /api/v1/reports/challenge/ and send it solved with the report."),
            )
        d = REPORT_BODY.read(request.data)  # as ReportInSerializer reads it, errors and all
        contact = d.get("contact") or {}
        new = NewReport(
            language=d["language"],
            country=d["country"],
            city=d["city"],
            categories=d["categories"],
            description=d["description"],
            employer_name=d.get("employer_name") or "",
            happened_on=d.get("happened_on"),
            contact_channel=contact.get("channel", ""),
            contact_value=contact.get("value", ""),
            full_name=d.get("full_name") or "",
            prefers_woman_caseworker=d["prefers_woman_caseworker"],
            share_with=d["share_with"],
            sector=d["sector"],
        )
        try:
            submitted = services.report_submit(
                new=new,
                idempotency_key=idempotency_key,
                client=client_fingerprint(request._request),
            )
        except ApplicationError as error:
            if error.code == "idempotency_key_reused" and challenge:
                used = ApplicationError(
                    "challenge_used",
                    _("This challenge was already used for another report. Ask for a new one."),
                )
                used.status = 422
                raise used from error
            if error.code == "idempotency_key_reused":
                error.status = 422
            raise
        response = Response(
            {"receipt": submitted.receipt, "status": submitted.report.case.status}, status=201
        )
        if submitted.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class ReceiptInSerializer(JsonInput):
    receipt = serializers.CharField(
        max_length=100,
        allow_blank=True,
        help_text="The receipt; spaces, dashes and digits of other scripts are accepted. A wrong, "
        "malformed or empty one gets the same 404.",
    )


class WorkerMessageSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "from": serializers.ChoiceField(choices=CaseMessage.Sender.choices),
            "body": serializers.CharField(),
            "sent_at": serializers.DateTimeField(),
        }


class TrackSerializer(serializers.Serializer):
    """The report as its worker follows it: never what the worker submitted."""

    status = serializers.ChoiceField(choices=Status.choices)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, allow_blank=True, help_text="Empty until the case closes."
    )
    messages = WorkerMessageSerializer(many=True)


class SentSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["sent"])


def _not_found() -> Response:
    return Response(
        {"code": "not_found", "message": str(_("We could not open a report with this code.")), "fields": {}},
        status=404,
    )


class ReportTrackApi(ApiView):
    """Follow a report with its receipt: status and the conversation. Never returns what the worker
    submitted (name, contact, employer, description). Every wrong, malformed or expired receipt gets
    the same 404; a body that is not `{"receipt": "…"}` gets 400."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(request=ReceiptInSerializer, responses={200: TrackSerializer}, tags=["worker"])
    @errors("not_found", "throttled")
    def post(self, request: Request) -> Response:
        data_in = read_body(ReceiptInSerializer, request)
        try:
            report = services.report_find(
                raw_receipt=data_in["receipt"], client=client_fingerprint(request._request)
            )
        except ApplicationError as error:
            if error.status == 404:
                return _not_found()
            raise
        view = case_worker_view(case=report.case)
        return Response(
            {
                "status": view.status,
                "outcome": view.outcome,
                "messages": [
                    {"from": m.sender, "body": m.body, "sent_at": m.at.isoformat()} for m in view.messages
                ],
            }
        )


class WorkerMessageInSerializer(JsonInput):
    receipt = serializers.CharField(max_length=100, allow_blank=True)
    body = serializers.CharField(max_length=10_000)


class ReportMessageApi(ApiView):
    """The worker writes to the organisation holding the report. A wrong receipt gets the same 404
    as when following a report; a closed report, 409."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(request=WorkerMessageInSerializer, responses={201: SentSerializer}, tags=["worker"])
    @errors("not_found", "throttled", "case_closed")
    def post(self, request: Request) -> Response:
        data_in = read_body(WorkerMessageInSerializer, request)
        try:
            report = services.report_find(
                raw_receipt=data_in["receipt"], client=client_fingerprint(request._request)
            )
        except ApplicationError as error:
            if error.status == 404:
                return _not_found()
            raise
        services.worker_message_send(report=report, body=data_in["body"])
        return Response({"status": "sent"}, status=201)
