"""Case work over the API: the same selectors and services as the staff pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.cases import selectors, services
from korgoo.core.pagination import NoCountPagination
from korgoo.organisations.permissions import Perm, ensure_permission

from .serializers import (
    BodyInSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CloseInSerializer,
    StatusInSerializer,
    TriageInSerializer,
)


class CaseListApi(APIView):
    """Cases the actor's organisation holds, urgent first. Filters: status (or `open`), category,
    urgent, overdue, q."""

    @extend_schema(
        responses={200: CaseListSerializer(many=True)},
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("category", str),
            OpenApiParameter("urgent", bool),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("q", str),
            OpenApiParameter("page", int),
        ],
        tags=["cases"],
    )
    def get(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        ensure_permission(actor, Perm.CASE_VIEW)
        params = request.query_params
        urgent = params.get("urgent")
        filters = selectors.InboxFilters(
            status=params.get("status", ""),
            category=params.get("category", ""),
            urgent=None if not urgent else urgent.lower() in ("1", "true"),
            overdue=params.get("overdue", "").lower() in ("1", "true"),
            q=params.get("q", "")[:200],
        )
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(
            selectors.case_list_for(actor=actor, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(CaseListSerializer(page, many=True).data)


def _detail(actor: Any, case_id: Any) -> dict[str, Any]:
    view = services.case_read(actor=actor, case_id=case_id)
    context = {
        "messages": [
            {"id": m.id, "sender": m.sender, "body": m.body, "at": m.at}
            for m in selectors.case_messages_for(view=view)
        ],
        "events": list(selectors.case_events_for(view=view)),
    }
    return CaseDetailSerializer(view, context=context).data


class CaseDetailApi(APIView):
    @extend_schema(
        responses={200: inline_serializer("CaseDetail", {"id": serializers.UUIDField()})}, tags=["cases"]
    )
    def get(self, request: Request, case_id: Any) -> Response:
        return Response(_detail(request.actor, case_id))  # type: ignore[attr-defined]


def _holder_case(actor: Any, case_id: Any) -> Any:
    view = selectors.case_get_for(actor=actor, case_id=case_id)
    return view.case


class CaseMessageApi(APIView):
    """Write to the worker."""

    @extend_schema(
        request=BodyInSerializer,
        responses={201: inline_serializer("MessageSent", {"id": serializers.UUIDField()})},
        tags=["cases"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = BodyInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        message = services.case_message_to_worker(
            actor=actor, case=_holder_case(actor, case_id), body=data_in.validated_data["body"]
        )
        return Response({"id": str(message.pk)}, status=201)


class CaseNoteApi(APIView):
    """Add an internal note (seen only by the actor's organisation)."""

    @extend_schema(
        request=BodyInSerializer,
        responses={201: inline_serializer("NoteAdded", {"id": serializers.UUIDField()})},
        tags=["cases"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = BodyInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        note = services.case_note_add(
            actor=actor, case=_holder_case(actor, case_id), body=data_in.validated_data["body"]
        )
        return Response({"id": str(note.pk)}, status=201)


class CaseStatusApi(APIView):
    @extend_schema(
        request=StatusInSerializer,
        responses={200: inline_serializer("StatusOut", {"status": serializers.CharField()})},
        tags=["cases"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = StatusInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        case = services.case_set_status(
            actor=actor, case=_holder_case(actor, case_id), status=data_in.validated_data["status"]
        )
        return Response({"status": case.status})


class CaseTriageApi(APIView):
    @extend_schema(
        request=TriageInSerializer,
        responses={200: inline_serializer("TriageOut", {"urgent": serializers.BooleanField()})},
        tags=["cases"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = TriageInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        d = data_in.validated_data
        case = services.case_triage(
            actor=actor, case=_holder_case(actor, case_id), categories=d["categories"], urgent=d["urgent"]
        )
        return Response({"urgent": case.urgent})


class CaseCloseApi(APIView):
    @extend_schema(
        request=CloseInSerializer,
        responses={
            200: inline_serializer(
                "CloseOut", {"status": serializers.CharField(), "outcome": serializers.CharField()}
            )
        },
        tags=["cases"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = CloseInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        d = data_in.validated_data
        case = services.case_close(
            actor=actor,
            case=_holder_case(actor, case_id),
            outcome=d["outcome"],
            money_recovered=d.get("money_recovered"),
            money_currency=d.get("money_currency") or "",
            documents_returned=d["documents_returned"],
        )
        return Response({"status": case.status, "outcome": case.outcome})
