"""The public list of organisations in the network."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.organisations.models import Organisation
from korgoo.organisations.selectors import organisation_list_public


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "city", "languages", "woman_caseworker_available"]
        read_only_fields = fields


class OrganisationListApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OrganisationSerializer(many=True)}, tags=["public"])
    def get(self, request: Request) -> Response:
        return Response(OrganisationSerializer(organisation_list_public(), many=True).data)
