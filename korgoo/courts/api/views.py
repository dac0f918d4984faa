"""Court decisions over the API: the same services and selectors as the staff pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.core.errors import ApplicationError
from korgoo.core.pagination import NoCountPagination
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


class DecisionInSerializer(serializers.Serializer):
    html = serializers.CharField(required=False, max_length=2_000_000, trim_whitespace=False)
    file = serializers.FileField(required=False)
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=1000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("html")) == bool(attrs.get("file")):
            raise serializers.ValidationError({"html": [_("Send either the page's HTML or a file.")]})
        return attrs


def _bool(value: str | None) -> bool | None:
    if not value:
        return None
    return value.lower() in ("1", "true", "yes", "on")


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(
            "invalid_filters", _("Please correct the marked fields."), {name: [_("Use the form YYYY-MM-DD.")]}
        ) from exc


def filters_from(params: Any) -> selectors.DecisionFilters:
    return selectors.DecisionFilters(
        court=params.get("court", "")[:200],
        region=params.get("region", "")[:16],
        proceeding=params.get("proceeding", "")[:16],
        outcome=params.get("outcome", "")[:32],
        expulsion=params.get("expulsion", "")[:24],
        article=params.get("article", "")[:12],
        kyrgyz_citizen=_bool(params.get("kyrgyz_citizen")),
        detention=_bool(params.get("detention")),
        needs_review=_bool(params.get("needs_review")),
        decided_from=_date(params.get("decided_from"), "decided_from"),
        decided_to=_date(params.get("decided_to"), "decided_to"),
    )


class DecisionListCreateApi(APIView):
    """`GET`: the decisions the organisation brought in (and those its court alerts name), newest first,
    with filters. `POST`: bring in one saved decision page — JSON `{"html", "source_url"}` or a
    multipart `file` (HTML, PDF, RTF, DOCX); `201` with its extracted facts (`200` if the same page
    was brought in before). Needs `courts.monitor` (members of embassies and consulates)."""

    parser_classes = [JsonParser, MultiPartParser]

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str)
            for name in (
                "court",
                "region",
                "proceeding",
                "outcome",
                "expulsion",
                "article",
                "kyrgyz_citizen",
                "detention",
                "needs_review",
                "decided_from",
                "decided_to",
                "page",
            )
        ],
        responses={200: DecisionSerializer(many=True)},
        tags=["courts"],
    )
    def get(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        ensure_permission(actor, Perm.COURTS_MONITOR)
        decisions = selectors.decision_list_for(actor=actor, filters=filters_from(request.query_params))
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(decisions, request, view=self)
        return paginator.get_paginated_response(DecisionSerializer(page, many=True).data)

    @extend_schema(request=DecisionInSerializer, responses={201: DecisionSerializer}, tags=["courts"])
    def post(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        ensure_permission(actor, Perm.COURTS_MONITOR)
        body = DecisionInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data.get("file")
        if upload is not None:
            data, filename = upload.read(), upload.name or ""
        else:
            data, filename = body.validated_data["html"].encode("utf-8"), "page.html"
        result = services.decision_ingest(
            actor=actor, data=data, filename=filename, source_url=body.validated_data.get("source_url", "")
        )
        return Response(
            DecisionSerializer(result.decision).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class DecisionDetailApi(APIView):
    """One decision with its masked text and every fact with its sentence."""

    @extend_schema(responses={200: DecisionDetailSerializer}, tags=["courts"])
    def get(self, request: Request, decision_id: str) -> Response:
        decision = selectors.decision_get_for(actor=request.actor, decision_id=decision_id)  # type: ignore[attr-defined]
        return Response(DecisionDetailSerializer(decision).data)


class ReviewInSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=FieldName.choices)
    value = serializers.JSONField(required=False, allow_null=True)
    confirm = serializers.BooleanField(required=False, default=False)


class DecisionReviewApi(APIView):
    """Confirm (`{"field", "confirm": true}`) or correct (`{"field", "value"}`) one extracted value."""

    @extend_schema(request=ReviewInSerializer, responses={200: DecisionSerializer}, tags=["courts"])
    def post(self, request: Request, decision_id: str) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        decision = selectors.decision_get_for(actor=actor, decision_id=decision_id)
        body = ReviewInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.fact_review(
            actor=actor,
            decision=decision,
            field=body.validated_data["field"],
            value=body.validated_data.get("value"),
            confirm=body.validated_data["confirm"],
        )
        decision.refresh_from_db()
        return Response(DecisionSerializer(decision).data)


class LinkInSerializer(serializers.Serializer):
    case = serializers.CharField(allow_null=True, allow_blank=True)


class DecisionLinkApi(APIView):
    """Link the decision to a case the organisation holds (`{"case": null}` unlinks it)."""

    @extend_schema(request=LinkInSerializer, responses={200: DecisionSerializer}, tags=["courts"])
    def post(self, request: Request, decision_id: str) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        decision = selectors.decision_get_for(actor=actor, decision_id=decision_id)
        body = LinkInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.decision_link_case(actor=actor, decision=decision, case_id=body.validated_data["case"])
        return Response(DecisionSerializer(decision).data)


class AlertSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    decision = DecisionSerializer()
    created_at = serializers.DateTimeField()


class AlertListApi(APIView):
    """The court alerts addressed to the organisation (open ones unless `all=true`)."""

    @extend_schema(
        parameters=[OpenApiParameter("all", bool)],
        responses={200: AlertSerializer(many=True)},
        tags=["courts"],
    )
    def get(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        ensure_permission(actor, Perm.COURTS_MONITOR)
        alerts = selectors.alert_list_for(actor=actor, open_only=not _bool(request.query_params.get("all")))
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(alerts, request, view=self)
        return paginator.get_paginated_response(AlertSerializer(page, many=True).data)


class AlertDoneApi(APIView):
    """Mark a court alert done."""

    @extend_schema(request=None, responses={200: AlertSerializer}, tags=["courts"])
    def post(self, request: Request, alert_id: str) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        alert: Alert = selectors.alert_get_for(actor=actor, alert_id=alert_id)
        services.alert_close(actor=actor, alert=alert)
        return Response(AlertSerializer(alert).data)
