"""The case that follows the worker home, over the API: the same services as the case page.

The organisation holding a case records the worker's return home; once the worker has agreed to a
hand-over to an organisation at home, it offers the case there (an ordinary referral) and says
whether it keeps the wage claim in the host country; the organisation that kept the claim records
where it stands. The worker's own side (saying they are home, choosing the organisation at home)
stays with the receipt, on the worker's pages and in the chats.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput
from korgoo.core.openapi import errors, register_errors
from korgoo.homecoming import services
from korgoo.homecoming.choices import ClaimStep, Region
from korgoo.referrals.api.views import OfferInSerializer

register_errors(
    {
        "already_returned": (409, "the worker's return home is already recorded"),
        "no_handover": (409, "the worker has not agreed to a hand-over that waits for this organisation"),
    }
)


class ReturnInSerializer(JsonInput):
    region = serializers.ChoiceField(
        choices=Region.choices, help_text="Where in Kyrgyzstan the worker lives now."
    )


class ReturnOutSerializer(serializers.Serializer):
    region = serializers.ChoiceField(choices=Region.choices)
    returned_at = serializers.DateTimeField()


class HandoverInSerializer(OfferInSerializer):
    """A hand-over is an offer to the organisation the worker chose: no organisation to name."""

    claim_kept = serializers.BooleanField(
        required=False, default=False, help_text="This organisation keeps the wage claim in the host country."
    )


class HandoverOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    referral = serializers.UUIDField(help_text="The referral that carries the hand-over.")
    to_organisation = serializers.UUIDField()
    region = serializers.ChoiceField(choices=Region.choices)
    claim_kept = serializers.BooleanField()


class ClaimInSerializer(JsonInput):
    step = serializers.ChoiceField(choices=ClaimStep.choices)


class ClaimOutSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=ClaimStep.choices)
    updated_at = serializers.DateTimeField()


class CaseReturnApi(ApiView):
    """Record that the worker went home, and to which region (the holding organisation; once per
    case). The worker sees it on the tracking page and may then choose an organisation at home."""

    @extend_schema(request=ReturnInSerializer, responses={201: ReturnOutSerializer}, tags=["homecoming"])
    @errors("permission_denied", "already_returned", "case_closed")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        d = read_body(ReturnInSerializer, request)
        found = services.return_record(actor=request.actor, case_id=case_id, region=d["region"])
        return Response({"region": found.region, "returned_at": found.returned_at}, status=201)


class CaseHandoverApi(ApiView):
    """Offer the case to the organisation at home the worker agreed to, passing the parts of the
    report chosen (the holding organisation). The organisation at home answers the referral."""

    @extend_schema(request=HandoverInSerializer, responses={200: HandoverOutSerializer}, tags=["homecoming"])
    @errors(
        "permission_denied",
        "no_handover",
        "case_closed",
        "invalid_organisation",
        "no_consent",
        "offer_pending",
    )
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        d = read_body(HandoverInSerializer, request)
        handover = services.handover_offer(
            actor=request.actor,
            case_id=case_id,
            fields=d["shared_fields"],
            claim_kept=d["claim_kept"],
            note=d["note"],
        )
        return Response(
            {
                "id": handover.pk,
                "referral": handover.referral_id,
                "to_organisation": handover.to_organisation_id,
                "region": handover.region,
                "claim_kept": handover.claim_kept,
            }
        )


class CaseClaimApi(ApiView):
    """Record where the wage claim stands (the organisation that handed the case over and kept the
    claim). The worker reads it with the receipt, the organisation at home on its case page."""

    @extend_schema(request=ClaimInSerializer, responses={200: ClaimOutSerializer}, tags=["homecoming"])
    @errors("permission_denied")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        d = read_body(ClaimInSerializer, request)
        handover = services.claim_step_record(actor=request.actor, case_id=case_id, step=d["step"])
        return Response({"step": handover.claim_step, "updated_at": handover.claim_updated_at})
