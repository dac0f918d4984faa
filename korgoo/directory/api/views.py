"""The public API of the directory of help: places with filters, and the catalogue of services.

Read-only, anonymous, the same selectors as the pages. The language of names comes from `lang`
(ky, ru, en), else from Accept-Language; a name in another language is marked `name_fallback`.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.core.pagination import NoCountPagination

from .. import selectors
from ..choices import PlaceKind, Spoken
from ..i18n import HELP_LANGUAGES, normal_language
from .throttle import HelpApiThrottle

LANG = OpenApiParameter(
    "lang",
    str,
    enum=list(HELP_LANGUAGES),
    description="Language of names and texts (default: Accept-Language, then ky).",
)


def api_language(request: Request) -> str:
    """The language asked with `lang`, else the request's language (from Accept-Language)."""
    return normal_language(request.query_params.get("lang") or getattr(request, "LANGUAGE_CODE", "ky"))


class HelpServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class HelpPlaceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField()
    kind = serializers.CharField(help_text="Kind of place: " + ", ".join(PlaceKind.values))
    kind_label = serializers.CharField()
    name = serializers.CharField(source="name.value")
    name_language = serializers.CharField(source="name.language")
    name_fallback = serializers.BooleanField(source="name.is_fallback")
    country = serializers.CharField()
    city = serializers.CharField(
        source="city_slug", allow_blank=True, help_text="City slug; empty: the whole country."
    )
    city_name = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    hours = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True, help_text="Only numbers of confirmed (or demo) entries.")
    email = serializers.CharField(allow_blank=True)
    website = serializers.CharField(allow_blank=True)
    whatsapp = serializers.CharField(allow_blank=True)
    telegram = serializers.CharField(allow_blank=True)
    languages = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    woman_available = serializers.BooleanField(allow_null=True)
    free_of_charge = serializers.BooleanField(allow_null=True)
    confirmed = serializers.BooleanField()
    is_demo = serializers.BooleanField()
    source_note = serializers.CharField(
        source="source", allow_blank=True, help_text="Where the facts come from."
    )
    checked_on = serializers.DateField(allow_null=True)

    def get_languages(self, card: selectors.PlaceCard) -> list[str]:
        return [code for code, _label in card.languages]

    @extend_schema_field(HelpServiceSerializer(many=True))
    def get_services(self, card: selectors.PlaceCard) -> list[dict[str, str]]:
        return [{"code": code, "name": name} for code, name in card.services]


class DirectoryFilterSerializer(serializers.Serializer):
    country = serializers.RegexField(
        r"^[A-Z]{2}$", required=False, help_text="ISO 3166-1 alpha-2, e.g. RU, KZ, KG."
    )
    city = serializers.SlugField(required=False)
    service = serializers.SlugField(required=False)
    language = serializers.RegexField(
        r"^[a-z]{2}$", required=False, help_text="A language spoken there: " + ", ".join(Spoken.values)
    )
    kind = serializers.RegexField(
        r"^[a-z_]+$", required=False, help_text="Kind of place: " + ", ".join(PlaceKind.values)
    )
    woman = serializers.BooleanField(required=False, default=False)


class DirectoryListApi(APIView):
    """Places of help, filtered like the worker's directory page."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HelpApiThrottle]

    @extend_schema(
        parameters=[DirectoryFilterSerializer, LANG, OpenApiParameter("page", int)],
        responses={200: HelpPlaceSerializer(many=True)},
        tags=["help"],
    )
    def get(self, request: Request) -> Response:
        params = DirectoryFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = selectors.PlaceFilters(
            **{k: v for k, v in params.validated_data.items() if v not in (None, "")}
        )
        language = api_language(request)
        paginator = NoCountPagination()
        paginator.page_size = 50
        page = paginator.paginate_queryset(selectors.place_list(filters=filters), request, self)
        with translation.override(language):  # labels of kinds and countries
            cards = [selectors.card(place, language) for place in page]
            return paginator.get_paginated_response(HelpPlaceSerializer(cards, many=True).data)


class ServiceListApi(APIView):
    """The shared catalogue of services (the services in use)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [HelpApiThrottle]

    @extend_schema(parameters=[LANG], responses={200: HelpServiceSerializer(many=True)}, tags=["help"])
    def get(self, request: Request) -> Response:
        rows = selectors.service_choices(language=api_language(request))
        return Response(HelpServiceSerializer([{"code": c, "name": n} for c, n in rows], many=True).data)
