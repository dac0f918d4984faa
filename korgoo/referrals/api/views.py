"""Referrals over the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.cases.choices import SharedField
from korgoo.cases.selectors import case_get_for
from korgoo.core.errors import ApplicationError
from korgoo.core.ids import parse_id
from korgoo.organisations.models import Organisation
from korgoo.referrals import selectors, services


class ReferralInSerializer(serializers.Serializer):
    organisation = serializers.UUIDField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    shared_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedField.choices),
        required=False,
        default=[SharedField.DESCRIPTION],
    )


ReferralOut = inline_serializer("Referral", {"id": serializers.UUIDField(), "state": serializers.CharField()})


class ReferralCreateApi(APIView):
    """Offer a case to another organisation the worker consented to."""

    @extend_schema(request=ReferralInSerializer, responses={201: ReferralOut}, tags=["referrals"])
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = ReferralInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        d = data_in.validated_data
        view = case_get_for(actor=actor, case_id=case_id)
        target = Organisation.objects.filter(pk=parse_id(d["organisation"]), is_active=True).first()
        if target is None:
            message = _("Choose another organisation.")
            raise ApplicationError("invalid_organisation", message, {"organisation": [str(message)]})
        referral = services.referral_offer(
            actor=actor, case=view.case, to_organisation=target, fields=d["shared_fields"], note=d["note"]
        )
        return Response({"id": str(referral.pk), "state": referral.state}, status=201)


class _ReferralActionApi(APIView):
    referral_action: Any = None

    @extend_schema(request=None, responses={200: ReferralOut}, tags=["referrals"])
    def post(self, request: Request, referral_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        referral = selectors.referral_get_for(actor=actor, referral_id=referral_id)
        referral = type(self).referral_action(actor=actor, referral=referral)
        return Response({"id": str(referral.pk), "state": referral.state})


class ReferralAcceptApi(_ReferralActionApi):
    referral_action = staticmethod(services.referral_accept)


class ReferralDeclineApi(_ReferralActionApi):
    referral_action = staticmethod(services.referral_decline)


class ReferralRevokeApi(_ReferralActionApi):
    referral_action = staticmethod(services.referral_revoke)
