"""The public API of the agency check: the same answer as the worker's page."""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.core.help_api import HelpApi, HelpQuery, api_language

from .. import selectors
from ..choices import DESTINATIONS, Verdict

DESTINATION_CODES = sorted(DESTINATIONS)


class CheckQuery(HelpQuery):
    q = serializers.CharField(
        max_length=200,
        help_text="The agency's name as heard (any script, typos allowed) or its permit number.",
    )
    country = serializers.ChoiceField(
        choices=DESTINATION_CODES,
        required=False,
        help_text="Where the worker is going (ISO 3166-1 alpha-2, e.g. TR), to check the permit covers it.",
    )


class DestinationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2.")
    name = serializers.CharField()


class CheckedAgencySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    name_latin = serializers.CharField(allow_blank=True)
    permit_number = serializers.CharField(allow_blank=True)
    permit_issued_on = serializers.DateField(allow_null=True)
    permit_valid_until = serializers.DateField(allow_null=True)
    destinations = serializers.SerializerMethodField()
    address = serializers.CharField(allow_blank=True)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    delisted_on = serializers.DateField(allow_null=True)
    score = serializers.FloatField(help_text="How well the name matched, 0–100.")

    @extend_schema_field(DestinationSerializer(many=True))
    def get_destinations(self, agency: selectors.AgencyView) -> list[dict[str, str]]:
        return [{"code": code, "name": name} for code, name in agency.destinations]


class AgencyRegistrySerializer(serializers.Serializer):
    taken_on = serializers.DateField(allow_null=True, help_text="When the Ministry's list was taken.")
    is_demo = serializers.BooleanField(help_text="True: sample data, not the Ministry's list.")
    agencies = serializers.IntegerField()


class AgencyCheckSerializer(serializers.Serializer):
    query = serializers.CharField()
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    agency = CheckedAgencySerializer(allow_null=True)
    similar = CheckedAgencySerializer(many=True)
    destination = serializers.CharField(allow_blank=True, help_text="The country asked about, or empty.")
    destination_covered = serializers.BooleanField(
        allow_null=True, help_text="Whether the permit covers it; null without a country or a single agency."
    )
    registry = AgencyRegistrySerializer()


class AgencyCheckApi(HelpApi):
    """Check a recruitment agency in the registry of permitted agencies: licensed (with its countries
    and the end of its permit), permit ended, suspended, no longer listed, several similar names
    (`uncertain`), or not found."""

    query_input = CheckQuery

    @extend_schema(responses={200: AgencyCheckSerializer}, tags=["help"])
    def get(self, request: Request) -> Response:
        with translation.override(api_language(request, self.params)):  # names of countries
            result = selectors.agency_check(
                query=self.params["q"], destination=self.params.get("country", "")
            )
            return Response(AgencyCheckSerializer(result).data)
