"""The audit log in the API, for an organisation's administrators: their organisation's events."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from korgoo.audit.models import AuditEvent
from korgoo.audit.selectors import AuditFilters, audit_events_for
from korgoo.core.actor import ApiRequest
from korgoo.core.api import ApiView
from korgoo.core.api_input import MAX_QUERY_INTEGER
from korgoo.core.openapi import errors
from korgoo.core.pagination import NoCountPagination, PageQuery
from korgoo.organisations.permissions import Perm, ensure_permission


class AuditQuery(PageQuery):
    action = serializers.CharField(
        required=False, allow_blank=True, max_length=64, help_text="An action code, or its beginning."
    )
    since = serializers.DateField(required=False, help_text="From this day (YYYY-MM-DD).")
    until = serializers.DateField(required=False, help_text="Up to this day (YYYY-MM-DD).")
    member = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_QUERY_INTEGER, help_text="A member's user id."
    )


class AuditEventSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="actor_user_id", allow_null=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "action", "member", "object_type", "object_id", "details"]


class AuditEventListApi(ApiView):
    """The events of the actor's organisation, newest first (`audit.view`: organisation
    administrators). Filters: `action` (a code or its beginning), `since`, `until` (days), `member`
    (a user id); a filter not understood answers `400 invalid` naming it. Rows name objects by id and
    never hold the content of a case."""

    query_input = AuditQuery
    pagination_class = NoCountPagination

    @extend_schema(responses={200: AuditEventSerializer(many=True)}, tags=["audit"])
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        actor = request.actor
        ensure_permission(actor, Perm.AUDIT_VIEW)
        rows = audit_events_for(
            actor=actor,
            filters=AuditFilters(
                action=self.params.get("action", ""),
                since=self.params.get("since"),
                until=self.params.get("until"),
                user_id=self.params.get("member"),
            ),
        )
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(AuditEventSerializer(page, many=True).data)
