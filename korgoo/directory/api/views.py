"""The public API of the directory of help: places with filters, and the catalogue of services.

Read-only, anonymous, the same selectors as the pages. The language of names comes from `lang`
(ky, ru, en), else from Accept-Language; a name in another language is marked `name_fallback`.
"""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.core.choices import Country
from korgoo.core.help_api import HelpApi, HelpQuery, api_language
from korgoo.core.pagination import NoCountPagination, PageQuery

from .. import selectors
from ..choices import PlaceKind, Spoken


class HelpServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class HelpPlaceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    key = serializers.CharField(help_text="The place's page: /<lang>/help/<key>/.")
    kind = serializers.ChoiceField(choices=PlaceKind.choices)
    kind_label = serializers.CharField()
    name = serializers.CharField(source="name.value")
    name_language = serializers.CharField(source="name.language")
    name_fallback = serializers.BooleanField(source="name.is_fallback")
    country = serializers.ChoiceField(choices=Country.choices)
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

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Spoken.choices)))
    def get_languages(self, card: selectors.PlaceCard) -> list[str]:
        return [code for code, _label in card.languages]

    @extend_schema_field(HelpServiceSerializer(many=True))
    def get_services(self, card: selectors.PlaceCard) -> list[dict[str, str]]:
        return [{"code": code, "name": name} for code, name in card.services]


class DirectoryQuery(PageQuery, HelpQuery):
    country = serializers.ChoiceField(choices=Country.choices, required=False, allow_blank=True)
    city = serializers.SlugField(
        required=False, max_length=100, help_text="A city slug (the `city` of a place): moscow, almaty, …"
    )
    service = serializers.SlugField(
        required=False, max_length=100, help_text="A service code from GET /api/v1/directory/services/."
    )
    language = serializers.ChoiceField(
        choices=Spoken.choices, required=False, help_text="A language spoken there."
    )
    kind = serializers.ChoiceField(choices=PlaceKind.choices, required=False)
    woman = serializers.BooleanField(
        required=False, help_text="true: only places where a woman can receive the worker."
    )


class DirectoryListApi(HelpApi):
    """Places of help, filtered like the worker's directory page; paginated. A city or service that no
    place has gives an empty list; a country, kind or language not in the lists is refused."""

    query_input = DirectoryQuery
    pagination_class = NoCountPagination

    @extend_schema(responses={200: HelpPlaceSerializer(many=True)}, tags=["help"])
    def get(self, request: Request) -> Response:
        chosen = {k: v for k, v in self.params.items() if k not in ("lang", "page") and v not in (None, "")}
        filters = selectors.PlaceFilters(**chosen)
        language = api_language(request, self.params)
        paginator = NoCountPagination()
        paginator.page_size = 50
        page = paginator.paginate_queryset(selectors.place_list(filters=filters), request, self)
        with translation.override(language):  # labels of kinds and countries
            cards = [selectors.card(place, language) for place in page]
            return paginator.get_paginated_response(HelpPlaceSerializer(cards, many=True).data)


class ServiceListApi(HelpApi):
    """The shared catalogue of services (the services in use); not paginated."""

    @extend_schema(responses={200: HelpServiceSerializer(many=True)}, tags=["help"])
    def get(self, request: Request) -> Response:
        rows = selectors.service_choices(language=api_language(request, self.params))
        return Response(HelpServiceSerializer([{"code": c, "name": n} for c, n in rows], many=True).data)
