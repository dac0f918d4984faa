"""The public list of organisations in the network."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.core.api import ApiView
from korgoo.organisations.models import Organisation
from korgoo.organisations.selectors import organisation_list_public


class OrganisationSerializer(serializers.ModelSerializer):
    languages = serializers.ListField(child=serializers.CharField(), help_text="Language codes spoken there.")

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "city", "languages", "woman_caseworker_available"]
        read_only_fields = fields


class OrganisationListApi(ApiView):
    """Every active organisation of the network (the receivers of referrals). Not paginated."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OrganisationSerializer(many=True)}, tags=["public"])
    def get(self, request: Request) -> Response:
        return Response(OrganisationSerializer(organisation_list_public(), many=True).data)
