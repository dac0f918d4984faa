"""The audit log in the API, for an organisation's administrators: their organisation's events."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.audit.models import AuditEvent
from korgoo.audit.selectors import AuditFilters, audit_events_for
from korgoo.core.errors import ApplicationError
from korgoo.core.pagination import NoCountPagination
from korgoo.organisations.permissions import Perm, ensure_permission


class AuditFilterSerializer(serializers.Serializer):
    action = serializers.CharField(required=False, allow_blank=True, max_length=64)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    member = serializers.IntegerField(required=False, min_value=1)
    page = serializers.IntegerField(required=False, min_value=1)


class AuditEventSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="actor_user_id", allow_null=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "action", "member", "object_type", "object_id", "details"]


class AuditEventListApi(APIView):
    """The events of the actor's organisation, newest first (`audit.view`: organisation
    administrators). Filters: `action` (a code or its beginning), `since`, `until` (days), `member`
    (a user id). Rows name objects by id and never hold the content of a case."""

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str),
            OpenApiParameter("since", str, description="YYYY-MM-DD"),
            OpenApiParameter("until", str, description="YYYY-MM-DD"),
            OpenApiParameter("member", int),
            OpenApiParameter("page", int),
        ],
        responses={200: AuditEventSerializer(many=True)},
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        ensure_permission(actor, Perm.AUDIT_VIEW)
        unknown = set(request.query_params) - set(AuditFilterSerializer().fields)
        filters = AuditFilterSerializer(data=request.query_params)
        if unknown or not filters.is_valid():
            fields = {
                name: [str(e) for e in errors] for name, errors in getattr(filters, "_errors", {}).items()
            }
            fields.update({name: ["Unknown parameter."] for name in unknown})
            raise ApplicationError("invalid_filters", "Some filters are not understood.", fields)
        d = filters.validated_data
        rows = audit_events_for(
            actor=actor,
            filters=AuditFilters(
                action=d.get("action", ""),
                since=d.get("since"),
                until=d.get("until"),
                user_id=d.get("member"),
            ),
        )
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(AuditEventSerializer(page, many=True).data)
