"""Court decisions over the API: the same services and selectors as the staff pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput, WebAddressField
from korgoo.core.openapi import errors, register_errors
from korgoo.core.pagination import NoCountPagination, PageQuery
from korgoo.core.parsers import JsonParser
from korgoo.organisations.permissions import Perm, ensure_permission

from .. import selectors, services
from ..choices import Expulsion, FieldName, Outcome, Proceeding
from ..models import Alert, Decision


class ArticleSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["KoAP_RU", "UK_RU", "TK_RU", "KoAP_KZ"])
    article = serializers.CharField()
    part = serializers.CharField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    court = serializers.CharField()
    region = serializers.CharField()
    country = serializers.CharField()
    case_number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    proceeding = serializers.ChoiceField(choices=Proceeding.choices)
    articles = ArticleSerializer(many=True)
    kyrgyz_citizen = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = serializers.SerializerMethodField()
    expulsion = serializers.ChoiceField(choices=Expulsion.choices)
    detention = serializers.BooleanField()
    interpreter = serializers.BooleanField(allow_null=True)
    awarded_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    needs_review = serializers.BooleanField()
    source_url = serializers.CharField()
    case = serializers.UUIDField(source="case_id", allow_null=True)
    created_at = serializers.DateTimeField()

    def get_currency(self, decision: Decision) -> str | None:
        return decision.currency or None


class FactSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=FieldName.choices)
    value = serializers.JSONField(allow_null=True)
    sentence = serializers.CharField()
    confidence = serializers.FloatField()
    status = serializers.CharField()
    needs_review = serializers.BooleanField(source="unsure")


class DecisionDetailSerializer(DecisionSerializer):
    text = serializers.CharField()
    facts = FactSerializer(many=True, source="facts.all")


class DecisionPageIn(JsonInput):
    """A saved decision page sent as JSON."""

    html = serializers.CharField(max_length=2_000_000, trim_whitespace=False, help_text="The page's HTML.")
    source_url = WebAddressField(required=False, allow_blank=True, max_length=1000)


class DecisionFileIn(serializers.Serializer):
    """A saved decision sent as the file itself (multipart): HTML, PDF, RTF or DOCX."""

    # An empty file is well formed; it is refused as a document that cannot be read.
    file = serializers.FileField(allow_empty_file=True)
    source_url = WebAddressField(required=False, allow_blank=True, max_length=1000)


register_errors(
    {
        "unreadable_document": (400, "the file is not a decision page Korgoo can read"),
        "unknown_case": (400, "no case of the organisation has that id or reference"),
        "invalid_value": (400, "the value is not one the field under review takes"),
    }
)


class DecisionQuery(PageQuery):
    court = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Part of the name."
    )
    region = serializers.CharField(required=False, allow_blank=True, max_length=16, help_text="e.g. RU-SVE.")
    proceeding = serializers.ChoiceField(choices=Proceeding.choices, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    expulsion = serializers.ChoiceField(choices=Expulsion.choices, required=False, allow_blank=True)
    article = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="e.g. 18.8.")
    kyrgyz_citizen = serializers.BooleanField(required=False, allow_null=True, default=None)
    detention = serializers.BooleanField(required=False, allow_null=True, default=None)
    needs_review = serializers.BooleanField(required=False, allow_null=True, default=None)
    decided_from = serializers.DateField(required=False, allow_null=True, default=None)
    decided_to = serializers.DateField(required=False, allow_null=True, default=None)


class AlertQuery(PageQuery):
    all = serializers.BooleanField(required=False, default=False, help_text="true: done alerts too.")


def filters_from(params: Any) -> selectors.DecisionFilters:
    """The list's filters from the query string already read through `DecisionQuery`."""
    return selectors.DecisionFilters(
        court=params.get("court", ""),
        region=params.get("region", ""),
        proceeding=params.get("proceeding", ""),
        outcome=params.get("outcome", ""),
        expulsion=params.get("expulsion", ""),
        article=params.get("article", ""),
        kyrgyz_citizen=params.get("kyrgyz_citizen"),
        detention=params.get("detention"),
        needs_review=params.get("needs_review"),
        decided_from=params.get("decided_from"),
        decided_to=params.get("decided_to"),
    )


class DecisionListCreateApi(ApiView):
    """`GET`: the decisions the organisation brought in (and those its court alerts name), newest first,
    with filters. `POST`: bring in one saved decision page — JSON `{"html", "source_url"}` or a
    multipart `file` (HTML, PDF, RTF, DOCX); `201` with its extracted facts (`200` if the same page
    was brought in before). Needs `courts.monitor` (members of embassies and consulates)."""

    parser_classes = [JsonParser, MultiPartParser]
    query_input = DecisionQuery
    pagination_class = NoCountPagination

    @extend_schema(responses={200: DecisionSerializer(many=True)}, tags=["courts"])
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        actor = request.actor
        ensure_permission(actor, Perm.COURTS_MONITOR)
        decisions = selectors.decision_list_for(actor=actor, filters=filters_from(self.params))
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(decisions, request, view=self)
        return paginator.get_paginated_response(DecisionSerializer(page, many=True).data)

    @extend_schema(
        request={"application/json": DecisionPageIn, "multipart/form-data": DecisionFileIn},
        responses={201: DecisionSerializer, 200: DecisionSerializer},
        tags=["courts"],
    )
    @errors("permission_denied", "unreadable_document")
    def post(self, request: ApiRequest) -> Response:
        actor = request.actor
        ensure_permission(actor, Perm.COURTS_MONITOR)
        multipart = (request.content_type or "").startswith("multipart/")
        body = read_body(DecisionFileIn if multipart else DecisionPageIn, request)
        if multipart:
            upload = body["file"]
            data, filename = upload.read(), upload.name or ""
        else:
            data, filename = body["html"].encode("utf-8"), "page.html"
        result = services.decision_ingest(
            actor=actor, data=data, filename=filename, source_url=body.get("source_url", "")
        )
        return Response(
            DecisionSerializer(result.decision).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class DecisionDetailApi(ApiView):
    """One decision with its masked text and every fact with its sentence."""

    @extend_schema(responses={200: DecisionDetailSerializer}, tags=["courts"])
    def get(self, request: ApiRequest, decision_id: str) -> Response:
        decision = selectors.decision_get_for(actor=request.actor, decision_id=decision_id)
        return Response(DecisionDetailSerializer(decision).data)


class ReviewInSerializer(JsonInput):
    field = serializers.ChoiceField(choices=FieldName.choices)
    value = serializers.JSONField(required=False, allow_null=True)
    confirm = serializers.BooleanField(required=False, default=False)


class DecisionReviewApi(ApiView):
    """Confirm (`{"field", "confirm": true}`) or correct (`{"field", "value"}`) one extracted value."""

    @extend_schema(request=ReviewInSerializer, responses={200: DecisionSerializer}, tags=["courts"])
    @errors("permission_denied", "invalid_value")
    def post(self, request: ApiRequest, decision_id: str) -> Response:
        actor = request.actor
        decision = selectors.decision_get_for(actor=actor, decision_id=decision_id)
        body = read_body(ReviewInSerializer, request)
        services.fact_review(
            actor=actor,
            decision=decision,
            field=body["field"],
            value=body.get("value"),
            confirm=body["confirm"],
        )
        decision.refresh_from_db()
        return Response(DecisionSerializer(decision).data)


class LinkInSerializer(JsonInput):
    case = serializers.CharField(allow_null=True, allow_blank=True)


class DecisionLinkApi(ApiView):
    """Link the decision to a case the organisation holds (`{"case": null}` unlinks it)."""

    @extend_schema(request=LinkInSerializer, responses={200: DecisionSerializer}, tags=["courts"])
    @errors("permission_denied", "unknown_case")
    def post(self, request: ApiRequest, decision_id: str) -> Response:
        actor = request.actor
        decision = selectors.decision_get_for(actor=actor, decision_id=decision_id)
        body = read_body(LinkInSerializer, request)
        services.decision_link_case(actor=actor, decision=decision, case_id=body["case"])
        return Response(DecisionSerializer(decision).data)


class AlertSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    decision = DecisionSerializer()
    created_at = serializers.DateTimeField()


class AlertListApi(ApiView):
    """The court alerts addressed to the organisation (open ones unless `all=true`)."""

    query_input = AlertQuery
    pagination_class = NoCountPagination

    @extend_schema(responses={200: AlertSerializer(many=True)}, tags=["courts"])
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        actor = request.actor
        ensure_permission(actor, Perm.COURTS_MONITOR)
        alerts = selectors.alert_list_for(actor=actor, open_only=not self.params.get("all", False))
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(alerts, request, view=self)
        return paginator.get_paginated_response(AlertSerializer(page, many=True).data)


class AlertDoneApi(ApiView):
    """Mark a court alert done."""

    @extend_schema(request=None, responses={200: AlertSerializer}, tags=["courts"])
    def post(self, request: ApiRequest, alert_id: str) -> Response:
        actor = request.actor
        alert: Alert = selectors.alert_get_for(actor=actor, alert_id=alert_id)
        services.alert_close(actor=actor, alert=alert)
        return Response(AlertSerializer(alert).data)
