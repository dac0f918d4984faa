"""Case work over the API: the same selectors and services as the staff pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.cases import selectors, services
from korgoo.cases.suggestions import suggestions_of
from korgoo.core.pagination import NoCountPagination
from korgoo.organisations.permissions import Perm, ensure_permission

from .serializers import (
    BodyInSerializer,
    CaseDetailSerializer,
    CaseExportInSerializer,
    CaseExportOutSerializer,
    CaseListSerializer,
    CloseInSerializer,
    StatusInSerializer,
    SuggestionInSerializer,
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
        "files": selectors.case_attachments_for(view=view),
        "suggestions": suggestions_of(view.case) if view.is_holder else [],
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
            actor=actor,
            case=_holder_case(actor, case_id),
            categories=d["categories"],
            urgent=d["urgent"],
            sector=d.get("sector"),
        )
        return Response({"urgent": case.urgent, "sector": case.sector})


class CaseSuggestionApi(APIView):
    """Accept or refuse one suggestion read from the worker's text (a category, or "urgent" to
    confirm or lower the urgency it raised), as the case page's buttons do."""

    @extend_schema(
        request=SuggestionInSerializer,
        responses={
            200: inline_serializer(
                "SuggestionDecided",
                {
                    "urgent": serializers.BooleanField(),
                    "categories": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
        tags=["cases"],
    )
    def post(self, request: Request, case_id: Any) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        data_in = SuggestionInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        d = data_in.validated_data
        case = services.case_suggestion_decide(
            actor=actor, case=_holder_case(actor, case_id), subject=d["subject"], accept=d["accept"]
        )
        return Response(
            {"urgent": case.urgent, "categories": sorted(case.categories.values_list("category", flat=True))}
        )


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


class CaseExportCreateApi(APIView):
    """Export the inbox as CSV or XLSX (permission `case.export_csv` or `case.export_xlsx`). The file
    is sealed in a ZIP archive encrypted with AES-256; the answer carries the archive's password,
    shown this once and kept nowhere, and a download URL that works once, for the same member, for
    `KORGOO_EXPORT_TTL_SECONDS` (600 by default)."""

    @extend_schema(
        request=CaseExportInSerializer,
        responses={201: CaseExportOutSerializer},
        tags=["cases"],
    )
    def post(self, request: Request) -> Response:
        from django.urls import reverse

        from korgoo.cases.exports import inbox_export

        actor = request.actor  # type: ignore[attr-defined]
        data_in = CaseExportInSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        d = data_in.validated_data
        filters = selectors.InboxFilters(
            status=d["status"], category=d["category"], urgent=d["urgent"], overdue=d["overdue"], q=d["q"]
        )
        sealed = inbox_export(actor=actor, filters=filters, file_format=d["format"])
        export = sealed.export
        url = request.build_absolute_uri(reverse("api:case-export-download", args=[export.pk]))
        body = {
            "id": export.pk,
            "format": export.file_format,
            "filename": export.filename,
            "rows": export.rows,
            "password": sealed.password,
            "download_url": url,
            "expires_at": export.expires_at,
        }
        return Response(CaseExportOutSerializer(body).data, status=201)


class CaseExportDownloadApi(APIView):
    """The encrypted archive of an export, once: the export is deleted as it is handed over. Any
    export but the caller's own, an expired one or one already downloaded answers 404, whatever the
    method. GET only: HEAD would spend the download."""

    http_method_names = ["get"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        from korgoo.cases.exports import EXPORT_KIND
        from korgoo.organisations.selectors import export_get_for

        super().initial(request, *args, **kwargs)
        export_get_for(actor=request.actor, export_id=kwargs.get("export_id"), kind=EXPORT_KIND)  # type: ignore[attr-defined]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                description="A ZIP archive encrypted with AES-256 (WinZip AE-2) holding the CSV or XLSX file"
            )
        },
        tags=["cases"],
    )
    def get(self, request: Request, export_id: str) -> Any:
        from korgoo.cases.exports import EXPORT_KIND
        from korgoo.core.downloads import attachment_response
        from korgoo.organisations.services import export_download

        filename, data = export_download(actor=request.actor, export_id=export_id, kind=EXPORT_KIND)  # type: ignore[attr-defined]
        return attachment_response(data, filename)
