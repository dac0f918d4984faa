"""Broadcasts over the API: a network coordinator's alert to every chat that asked for the network's
alerts for a country or one of its cities, and the history of those sent; the same service and
selector as the staff page, with its permission (`routing.network`) and its hourly limit."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from korgoo.broadcasts.choices import AlertKind
from korgoo.broadcasts.models import Broadcast
from korgoo.broadcasts.selectors import broadcast_history
from korgoo.broadcasts.services import MAX_TEXT, broadcast_send
from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput
from korgoo.core.choices import Country
from korgoo.core.errors import ApplicationError
from korgoo.core.openapi import errors, register_errors
from korgoo.core.pagination import NoCountPagination, PageQuery
from korgoo.organisations.permissions import Perm, ensure_permission

register_errors(
    {
        "unknown_city": (400, "the city is not one of the gazetteer's places of that country"),
        "empty_alert": (400, "the alert has no text in any language"),
        "unknown_country": (400, "an alert is for one country, not `other`"),
    }
)


class BroadcastInSerializer(JsonInput):
    kind = serializers.ChoiceField(choices=AlertKind.choices)
    country = serializers.ChoiceField(
        choices=Country.choices, help_text="Not `other`: an alert is for a country."
    )
    locality_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="A city of that country (GET /api/v1/directory/ names places by these ids); "
        "none for the whole country.",
    )
    text_ky = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    text_ru = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    text_en = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class BroadcastSerializer(serializers.ModelSerializer):
    class Meta:
        model = Broadcast
        fields = [
            "id",
            "kind",
            "country",
            "locality_id",
            "text_ky",
            "text_ru",
            "text_en",
            "sent_at",
            "show_until",
            "queued",
            "held_back",
        ]


class BroadcastApi(ApiView):
    """The network's alerts: `GET` lists those sent, newest first; `POST` sends one. Each chat that
    asked for alerts for reports of that country (and city) gets it in its worker's language, after
    the worker's quiet hours; the worker home page shows it for a week."""

    query_input = PageQuery
    pagination_class = NoCountPagination

    @extend_schema(responses={200: BroadcastSerializer(many=True)}, tags=["broadcasts"])
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        ensure_permission(request.actor, Perm.ROUTING_NETWORK)
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(broadcast_history(actor=request.actor), request, view=self)
        return paginator.get_paginated_response(BroadcastSerializer(page, many=True).data)

    @extend_schema(request=BroadcastInSerializer, responses={201: BroadcastSerializer}, tags=["broadcasts"])
    @errors("permission_denied", "unknown_country", "unknown_city", "empty_alert")
    def post(self, request: ApiRequest) -> Response:
        ensure_permission(request.actor, Perm.ROUTING_NETWORK)
        d = read_body(BroadcastInSerializer, request)
        try:
            sent = broadcast_send(
                actor=request.actor,
                kind=d["kind"],
                country=d["country"],
                locality_id=d["locality_id"],
                texts={code: d[f"text_{code}"] for code in ("ky", "ru", "en")},
            )
        except ApplicationError as error:
            if "city" in error.fields:  # the staff page's form names the city `city`; this body `locality_id`
                error.fields = {"locality_id": error.fields["city"]}
            raise
        return Response(BroadcastSerializer(sent).data, status=201)
