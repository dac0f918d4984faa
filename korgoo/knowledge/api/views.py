"""The public API of the knowledge base: the published articles, and one article.

Read-only and anonymous. Texts come in the language asked (`lang`, else Accept-Language), or the
fallback, which `fallback` tells. An article's body is given as the knowledge base's Markdown and as
the HTML the pages show (every character escaped).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound as DrfNotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.core.errors import NotFound
from korgoo.directory.api.throttle import HelpApiThrottle
from korgoo.directory.api.views import LANG, api_language

from .. import selectors
from ..choices import Topic


class ArticleSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    country = serializers.CharField(help_text="RU, KZ or ALL (every country).")
    topic = serializers.CharField(help_text="The topic's code, e.g. unpaid-wages.")
    topic_label = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField(help_text="The language of title and summary.")
    fallback = serializers.BooleanField(
        source="is_fallback", help_text="True when not in the language asked."
    )
    checked_on = serializers.DateField(help_text="The date the article's facts were last checked.")


class ArticleSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    confirmed = serializers.BooleanField(help_text="False: to be confirmed.")


class ArticleTextSerializer(ArticleSummarySerializer):
    body = serializers.CharField(help_text="The text in the knowledge base's Markdown subset.")
    html = serializers.CharField(help_text="The text as HTML, every character escaped.")
    sources = ArticleSourceSerializer(many=True)
    languages = serializers.ListField(child=serializers.CharField(), help_text="Published languages.")


class ArticleFilterSerializer(serializers.Serializer):
    country = serializers.RegexField(
        r"^(RU|KZ|ALL)$",
        required=False,
        help_text="RU, KZ or ALL; RU and KZ also include the articles for every country.",
    )
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, help_text="A topic's code.")


class ArticleListApi(APIView):
    """The published articles of the knowledge base, in order."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HelpApiThrottle]

    @extend_schema(
        parameters=[ArticleFilterSerializer, LANG],
        responses={200: ArticleSummarySerializer(many=True)},
        tags=["help"],
    )
    def get(self, request: Request) -> Response:
        params = ArticleFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        language = api_language(request)
        with translation.override(language):  # labels of topics and countries
            cards = selectors.article_list(
                language=language,
                country=params.validated_data.get("country", ""),
                topic=params.validated_data.get("topic", ""),
            )
            return Response(ArticleSummarySerializer(cards, many=True).data)


class ArticleDetailApi(APIView):
    """One published article with its text and sources."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HelpApiThrottle]

    @extend_schema(
        parameters=[LANG, OpenApiParameter("slug", str, OpenApiParameter.PATH)],
        responses={200: ArticleTextSerializer},
        tags=["help"],
    )
    def get(self, request: Request, slug: str) -> Response:
        language = api_language(request)
        try:
            with translation.override(language):
                page = selectors.article_page(slug=slug, language=language)
        except NotFound:
            raise DrfNotFound from None
        data = ArticleSummarySerializer(page.card).data
        data.update(
            {
                "body": page.body,
                "html": str(page.html),
                "sources": ArticleSourceSerializer(page.sources, many=True).data,
                "languages": page.languages,
            }
        )
        return Response(data)
