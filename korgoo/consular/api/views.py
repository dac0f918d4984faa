"""The public consular API: missions and their services, free slots, booking, cancelling and moving
an appointment with its code. No account: the passport number is turned into a keyed hash at once,
the receipt and the phone are never echoed, and when load is high every booking must carry a solved
proof-of-work challenge (`GET /api/v1/consular/challenge/`)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput, QueryInput
from korgoo.core.choices import Language
from korgoo.core.openapi import errors, register_errors
from korgoo.core.throttle import client_fingerprint

from .. import selectors, services
from ..choices import Channel
from ..models import Mission
from .throttle import ConsularReadThrottle, ConsularWriteThrottle

ServiceOut = inline_serializer(
    "ConsularService",
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "duration_minutes": serializers.IntegerField(),
        "documents": serializers.CharField(),
        "fee": serializers.CharField(allow_null=True, help_text="Decimal as a string, or null: no fee."),
        "currency": serializers.CharField(),
    },
)
MissionOut = inline_serializer(
    "ConsularMission",
    {
        "id": serializers.UUIDField(),
        "name": serializers.CharField(),
        "kind": serializers.CharField(),
        "country": serializers.CharField(),
        "city": serializers.CharField(),
        "address": serializers.CharField(),
        "timezone": serializers.CharField(),
        "services": ServiceOut.__class__(many=True),
    },
)
SlotOut = inline_serializer(
    "ConsularSlot",
    {
        "id": serializers.UUIDField(),
        "starts_at": serializers.DateTimeField(),
        "remaining": serializers.IntegerField(),
    },
)


def mission_data(mission: Mission, language: str) -> dict[str, Any]:
    services_out = []
    for service in mission.services.all():
        text = selectors.text_for(service, language)
        services_out.append(
            {
                "code": service.code,
                "name": text.name if text else str(service.get_code_display()),
                "duration_minutes": service.duration_minutes,
                "documents": text.documents if text else "",
                "fee": str(service.fee_amount) if service.fee_amount is not None else None,
                "currency": service.fee_currency,
            }
        )
    org = mission.organisation
    return {
        "id": str(mission.pk),
        "name": org.name,
        "kind": org.kind,
        "country": org.country,
        "city": org.city,
        "address": mission.address,
        "timezone": mission.timezone,
        "services": services_out,
    }


register_errors(
    {
        "already_booked": (409, "this passport already holds an active booking for the service"),
        "slot_full": (409, "the last place at this time was just taken"),
        "slot_past": (409, "the time has passed"),
        "slot_not_released": (409, "the time is not open for booking yet"),
        "not_cancellable": (409, "the appointment can no longer be cancelled or changed"),
        "emergency_booking": (409, "an emergency appointment is changed by the caseworker"),
        "phone_limit": (409, "too many active bookings for this phone"),
        "sms_unavailable": (400, "no SMS adapter is configured"),
        "invalid_booking": (
            400,
            "a booking failed a check of its content (a passport number, a time not offered for the "
            "service, a wrong SMS code); see `fields`",
        ),
    }
)


class MissionListApi(ApiView):
    """Every published embassy, consulate and honorary consul with the services it offers, their
    names and documents to bring in the language asked (`Accept-Language`: ky, ru, en)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularReadThrottle]

    @extend_schema(responses={200: MissionOut.__class__(many=True)}, tags=["consular"])
    def get(self, request: Request) -> Response:
        language = translation.get_language() or "ky"
        return Response([mission_data(m, language) for m in selectors.missions_published()])


class SlotQuerySerializer(QueryInput):
    mission = serializers.UUIDField()
    service = serializers.CharField(max_length=32)
    date = serializers.DateField()


class SlotListApi(ApiView):
    """The times of one day that can be booked now, with the general places left. Times not yet
    released, and places held back for emergencies, are not listed."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularReadThrottle]
    query_input = SlotQuerySerializer

    @extend_schema(
        responses={200: SlotOut.__class__(many=True)},
        tags=["consular"],
    )
    @errors("not_found")
    def get(self, request: Request) -> Response:
        query = self.params  # read and checked once, by ApiView, through SlotQuerySerializer
        service = selectors.service_public(query["mission"], query["service"])
        slots = selectors.slots_open(mission=service.mission, service=service, day=query["date"])
        return Response(
            [{"id": str(s.pk), "starts_at": s.starts_at.isoformat(), "remaining": s.remaining} for s in slots]
        )


class ChallengeApi(ApiView):
    """A proof-of-work challenge for one booking, as for reports: find a `proof` such that SHA-256 of
    `<challenge>:<proof>` starts with `difficulty` zero bits, and send both in the `Korgoo-Challenge`
    and `Korgoo-Proof` headers. `difficulty` 0: not needed now."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularReadThrottle]

    @extend_schema(
        responses={
            200: inline_serializer(
                "ConsularChallenge",
                {
                    "challenge": serializers.CharField(),
                    "difficulty": serializers.IntegerField(),
                    "expires_in": serializers.IntegerField(),
                },
            )
        },
        tags=["consular"],
    )
    def get(self, request: Request) -> Response:
        challenge = services.challenge_issue()
        return Response(
            {
                "challenge": challenge.token,
                "difficulty": challenge.difficulty,
                "expires_in": challenge.expires_in,
            }
        )


class BookingInSerializer(JsonInput):
    slot = serializers.CharField(max_length=64)
    service = serializers.CharField(max_length=32)
    passport_number = serializers.CharField(max_length=40)
    receipt = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=Language.choices, required=False, default="ky")
    phone_code = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        help_text="The code sent by SMS, when asked.",
    )


BookedOut = inline_serializer(
    "ConsularBooked",
    {
        "code": serializers.CharField(help_text="Shown once: the worker brings it with the passport."),
        "starts_at": serializers.DateTimeField(),
    },
)


class BookingCreateApi(ApiView):
    """Book a released time without an account, by receipt (the booking is then linked to the
    report) or by phone. `409` when the time is full, or when the same passport already holds an
    active booking for the service. The passport number is checked at the door against its keyed hash."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularWriteThrottle]

    @extend_schema(
        request=BookingInSerializer,
        responses={201: BookedOut},
        parameters=[
            OpenApiParameter("Korgoo-Challenge", str, OpenApiParameter.HEADER, required=False),
            OpenApiParameter("Korgoo-Proof", str, OpenApiParameter.HEADER, required=False),
        ],
        tags=["consular"],
    )
    @errors(
        "not_found",
        "invalid_booking",
        "already_booked",
        "slot_full",
        "slot_past",
        "slot_not_released",
        "phone_limit",
        "challenge_required",
        "challenge_unsolved",
        "challenge_expired",
        "challenge_used",
    )
    def post(self, request: Request) -> Response:
        data_in = read_body(BookingInSerializer, request)
        d = data_in
        booked = services.booking_create(
            slot_id=d["slot"],
            service_code=d["service"],
            passport_number=d["passport_number"],
            receipt=d["receipt"],
            phone=d["phone"],
            channel=d["channel"],
            language=d["language"],
            client=client_fingerprint(request._request),
            challenge=request.headers.get("Korgoo-Challenge") or "",
            proof=request.headers.get("Korgoo-Proof") or "",
            phone_code=d["phone_code"],
        )
        return Response(
            {
                "code": services.code_display(booked.code),
                "starts_at": booked.booking.slot.starts_at.isoformat(),
            },
            status=201,
        )


class CodeInSerializer(JsonInput):
    code = serializers.CharField(max_length=40)


class BookingCancelApi(ApiView):
    """Cancel an appointment with its code. A wrong code is `404`, and wrong codes are counted."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularWriteThrottle]

    @extend_schema(
        request=CodeInSerializer,
        responses={200: inline_serializer("ConsularCancelled", {"status": serializers.CharField()})},
        tags=["consular"],
    )
    @errors("not_found", "invalid_booking", "not_cancellable")
    def post(self, request: Request) -> Response:
        data_in = read_body(CodeInSerializer, request)
        booking = services.booking_cancel(code=data_in["code"], client=client_fingerprint(request._request))
        return Response({"status": booking.status})


class RescheduleInSerializer(JsonInput):
    code = serializers.CharField(max_length=40)
    slot = serializers.CharField(max_length=64)


class BookingRescheduleApi(ApiView):
    """Move an appointment to another released time of the same service; the code stays the same."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularWriteThrottle]

    @extend_schema(request=RescheduleInSerializer, responses={200: BookedOut}, tags=["consular"])
    @errors(
        "not_found",
        "invalid_booking",
        "not_cancellable",
        "emergency_booking",
        "slot_full",
        "slot_past",
        "slot_not_released",
        "already_booked",
    )
    def post(self, request: Request) -> Response:
        data_in = read_body(RescheduleInSerializer, request)
        code = data_in["code"]
        booking = services.booking_reschedule(
            code=code, slot_id=data_in["slot"], client=client_fingerprint(request._request)
        )
        normal = services.code_normalise(code) or ""
        return Response(
            {"code": services.code_display(normal), "starts_at": booking.slot.starts_at.isoformat()}
        )


class PhoneInSerializer(JsonInput):
    phone = serializers.CharField(max_length=40)
    language = serializers.ChoiceField(choices=Language.choices, required=False, default="ky")


class PhoneCodeApi(ApiView):
    """Send a one-time code by SMS to the phone a booking will be made with (where an SMS adapter is
    configured; else `400 sms_unavailable`: book with the receipt). The code lasts ten minutes, five
    tries; three codes an hour per phone."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ConsularWriteThrottle]

    @extend_schema(
        request=PhoneInSerializer,
        responses={202: inline_serializer("ConsularPhoneCode", {"expires_in": serializers.IntegerField()})},
        tags=["consular"],
    )
    @errors("sms_unavailable", "invalid_booking")
    def post(self, request: Request) -> Response:
        data_in = read_body(PhoneInSerializer, request)
        services.phone_code_send(phone=data_in["phone"], language=data_in["language"])
        return Response({"expires_in": services.PHONE_CODE_MINUTES * 60}, status=202)
