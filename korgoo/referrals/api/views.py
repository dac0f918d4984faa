"""Referrals over the API: offer a case to another organisation, and the answers to an offer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from korgoo.cases.choices import SharedField
from korgoo.cases.selectors import case_get_for
from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput
from korgoo.core.errors import ApplicationError
from korgoo.core.ids import parse_id
from korgoo.core.openapi import errors, register_errors
from korgoo.organisations.models import Organisation
from korgoo.referrals import selectors, services
from korgoo.referrals.models import Referral

register_errors(
    {
        "invalid_organisation": (400, "the organisation named is not one the case can be offered to"),
        "no_consent": (400, "the worker did not agree to share the report with that kind of organisation"),
        "offer_pending": (409, "the case is already offered to an organisation"),
        "referral_not_open": (409, "the referral was already answered or revoked, or the case moved"),
    }
)


class OfferInSerializer(JsonInput):
    """What every offer of a case carries: the parts of the report passed on, and a note."""

    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Sealed; for the receiver."
    )
    shared_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedField.choices),
        required=False,
        default=[SharedField.DESCRIPTION],
        max_length=len(SharedField.values),
        help_text="The parts of the report passed on; description only unless given.",
    )


class ReferralInSerializer(OfferInSerializer):
    organisation = serializers.UUIDField(help_text="The receiving organisation (GET /api/v1/organisations/).")


class ReferralOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=Referral.State.choices)


class ReferralCreateApi(ApiView):
    """Offer a case to another organisation the worker consented to. A case has at most one open
    offer (409 `offer_pending`)."""

    @extend_schema(request=ReferralInSerializer, responses={201: ReferralOutSerializer}, tags=["referrals"])
    @errors("permission_denied", "case_closed", "invalid_organisation", "no_consent", "offer_pending")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        view = case_get_for(actor=actor, case_id=case_id)
        data_in = read_body(ReferralInSerializer, request)
        d = data_in
        target = Organisation.objects.filter(pk=parse_id(d["organisation"]), is_active=True).first()
        if target is None:
            message = _("Choose another organisation.")
            raise ApplicationError("invalid_organisation", message, {"organisation": [str(message)]})
        referral = services.referral_offer(
            actor=actor, case=view.case, to_organisation=target, fields=d["shared_fields"], note=d["note"]
        )
        return Response({"id": str(referral.pk), "state": referral.state}, status=201)


class _ReferralActionApi(ApiView):
    referral_action: Any = None

    @extend_schema(request=None, responses={200: ReferralOutSerializer}, tags=["referrals"])
    @errors("permission_denied", "referral_not_open")
    def post(self, request: ApiRequest, referral_id: Any) -> Response:
        actor = request.actor
        referral = selectors.referral_get_for(actor=actor, referral_id=referral_id)
        referral = type(self).referral_action(actor=actor, referral=referral)
        return Response({"id": str(referral.pk), "state": referral.state})


class ReferralAcceptApi(_ReferralActionApi):
    """The receiving organisation takes the case: from now on it holds it, seeing the referred parts."""

    referral_action = staticmethod(services.referral_accept)


class ReferralDeclineApi(_ReferralActionApi):
    """The receiving organisation declines the offer and loses its preview."""

    referral_action = staticmethod(services.referral_decline)


class ReferralRevokeApi(_ReferralActionApi):
    """The offering organisation withdraws an open offer or takes back an accepted case."""

    referral_action = staticmethod(services.referral_revoke)
