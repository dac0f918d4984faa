"""The public API of the knowledge base: the published articles, and one article.

Read-only and anonymous. Texts come in the language asked (`lang`, else Accept-Language), or the
fallback, which `fallback` tells. An article's body is given as the knowledge base's Markdown and as
the HTML the pages show (every character escaped).
"""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.core.help_api import HelpApi, HelpQuery, api_language
from korgoo.core.i18n import HELP_LANGUAGES

from .. import selectors
from ..choices import ArticleCountry, Topic


class ArticleSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    country = serializers.ChoiceField(choices=ArticleCountry.choices, help_text="ALL: every country.")
    topic = serializers.ChoiceField(choices=Topic.choices)
    topic_label = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.ChoiceField(choices=HELP_LANGUAGES, help_text="The language of title and summary.")
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
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=HELP_LANGUAGES), help_text="Published languages."
    )


class ArticleQuery(HelpQuery):
    country = serializers.ChoiceField(
        choices=ArticleCountry.choices,
        required=False,
        help_text="RU or KZ (each includes the articles for every country), or ALL for those alone.",
    )
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)


class ArticleListApi(HelpApi):
    """The published articles of the knowledge base, in their reading order; not paginated."""

    query_input = ArticleQuery

    @extend_schema(responses={200: ArticleSummarySerializer(many=True)}, tags=["help"])
    def get(self, request: Request) -> Response:
        language = api_language(request, self.params)
        with translation.override(language):  # labels of topics and countries
            cards = selectors.article_list(
                language=language, country=self.params.get("country", ""), topic=self.params.get("topic", "")
            )
            return Response(ArticleSummarySerializer(cards, many=True).data)


class ArticleDetailApi(HelpApi):
    """One published article with its text and sources; an unknown or unpublished slug is 404."""

    @extend_schema(
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)],
        responses={200: ArticleTextSerializer},
        tags=["help"],
    )
    def get(self, request: Request, slug: str) -> Response:
        language = api_language(request, self.params)
        with translation.override(language):
            page = selectors.article_page(slug=slug, language=language)
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
