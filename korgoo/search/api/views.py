"""The public search API: one query over articles, places of help and agencies, in ky, ru or en."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.agencies.choices import Verdict
from korgoo.directory.api.throttle import HelpApiThrottle
from korgoo.directory.api.views import LANG, api_language

from .. import selectors
from ..models import DocumentKind


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="The words as a worker types them, in any script.")
    kind = serializers.MultipleChoiceField(
        choices=DocumentKind.choices, required=False, help_text="Only these kinds: article, place, agency."
    )


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="article, place or agency")
    key = serializers.CharField(help_text="Article slug, place key or agency id.")
    title = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True)
    language = serializers.CharField(
        allow_blank=True, help_text="Language of title and snippet; empty for names."
    )
    url = serializers.CharField(allow_blank=True, help_text="The page (articles and places).")
    verdict = serializers.ChoiceField(choices=Verdict.choices, allow_blank=True, help_text="Agencies only.")
    valid_until = serializers.DateField(allow_null=True, help_text="Agencies only: end of the permit.")
    score = serializers.FloatField()


class SearchCorrectionSerializer(serializers.Serializer):
    typed = serializers.CharField()
    read_as = serializers.CharField()


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    corrected = SearchCorrectionSerializer(many=True)
    results = SearchHitSerializer(many=True)


class SearchApi(APIView):
    """Search the help content. Russian words are matched in all their forms, common Kyrgyz endings
    are ignored, small typos are forgiven, and Latin letters are read as Cyrillic where it helps."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HelpApiThrottle]

    @extend_schema(
        parameters=[SearchParamsSerializer, LANG], responses={200: SearchResultsSerializer}, tags=["help"]
    )
    def get(self, request: Request) -> Response:
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        kinds = sorted(params.validated_data.get("kind") or [])
        language = api_language(request)
        with translation.override(language):  # the pages' addresses carry the language
            found = selectors.search(query=params.validated_data["q"], language=language, kinds=kinds or None)
        return Response(
            {
                "query": found.query,
                "corrected": [{"typed": t, "read_as": r} for t, r in found.corrected],
                "results": SearchHitSerializer(found.hits, many=True).data,
            }
        )
