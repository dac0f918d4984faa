"""The public search API: one query over articles, places of help and agencies, in ky, ru or en."""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.agencies.choices import Verdict
from korgoo.core.help_api import HelpApi, HelpQuery, api_language
from korgoo.core.i18n import HELP_LANGUAGES

from .. import selectors
from ..models import DocumentKind


class SearchQuery(HelpQuery):
    q = serializers.CharField(max_length=200, help_text="The words as a worker types them, in any script.")
    kind = serializers.ListField(
        child=serializers.ChoiceField(choices=DocumentKind.choices),
        required=False,
        max_length=len(DocumentKind.values),
        help_text="Only these kinds (repeat the parameter for several).",
    )


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    key = serializers.CharField(help_text="Article slug, place key or agency id.")
    title = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True)
    language = serializers.ChoiceField(
        choices=HELP_LANGUAGES, allow_blank=True, help_text="Language of title and snippet; empty for names."
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


class SearchApi(HelpApi):
    """Search the help content. Russian words are matched in all their forms, common Kyrgyz endings
    are ignored, small typos are forgiven, and Latin letters are read as Cyrillic where it helps."""

    query_input = SearchQuery

    @extend_schema(responses={200: SearchResultsSerializer}, tags=["help"])
    def get(self, request: Request) -> Response:
        kinds = sorted(set(self.params.get("kind") or []))
        language = api_language(request, self.params)
        with translation.override(language):  # the pages' addresses carry the language
            found = selectors.search(query=self.params["q"], language=language, kinds=kinds or None)
        return Response(
            {
                "query": found.query,
                "corrected": [{"typed": t, "read_as": r} for t, r in found.corrected],
                "results": SearchHitSerializer(found.hits, many=True).data,
            }
        )
