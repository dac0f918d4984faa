"""Case work over the API: the same selectors and services as the staff pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.cases import selectors, services
from korgoo.cases.exports import EXPORT_KIND, inbox_export
from korgoo.cases.suggestions import suggestions_of
from korgoo.core.actor import ApiRequest, request_actor
from korgoo.core.api import ApiView, read_body
from korgoo.core.downloads import attachment_response
from korgoo.core.openapi import errors, register_errors
from korgoo.core.pagination import NoCountPagination
from korgoo.organisations.permissions import Perm, ensure_permission
from korgoo.organisations.selectors import export_get_for
from korgoo.organisations.services import export_download

from .serializers import (
    BodyInSerializer,
    CaseDetailSerializer,
    CaseExportInSerializer,
    CaseExportOutSerializer,
    CaseListQuery,
    CaseSerializer,
    CloseInSerializer,
    CloseOutSerializer,
    CreatedSerializer,
    StatusInSerializer,
    StatusOutSerializer,
    SuggestionDecidedSerializer,
    SuggestionInSerializer,
    TriageInSerializer,
    TriageOutSerializer,
    inbox_filters_from,
)

register_errors(
    {
        "case_closed": (409, "the case is closed"),
        "currency_required": (400, "an amount of money recovered needs its currency"),
        "suggestion_decided": (409, "the suggestion was already accepted or refused"),
    }
)


class CaseListApi(ApiView):
    """Cases the actor's organisation holds, urgent first, then most recently active. An unknown
    value of a filter is refused (400, naming it), never dropped."""

    query_input = CaseListQuery
    pagination_class = NoCountPagination

    @extend_schema(responses={200: CaseSerializer(many=True)}, tags=["cases"])
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        actor = request.actor
        ensure_permission(actor, Perm.CASE_VIEW)
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(
            selectors.case_list_for(actor=actor, filters=inbox_filters_from(self.params)), request, view=self
        )
        return paginator.get_paginated_response(CaseSerializer(page, many=True).data)


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


class CaseDetailApi(ApiView):
    """One case as the caller may see it; each read is recorded in the audit log."""

    @extend_schema(responses={200: CaseDetailSerializer}, tags=["cases"])
    @errors("permission_denied")
    def get(self, request: ApiRequest, case_id: Any) -> Response:
        return Response(_detail(request.actor, case_id))


def _holder_case(actor: Any, case_id: Any) -> Any:
    view = selectors.case_get_for(actor=actor, case_id=case_id)
    return view.case


class CaseMessageApi(ApiView):
    """Write to the worker, who reads it with the receipt. The first message counts as the first
    response and moves a new case to in progress."""

    @extend_schema(request=BodyInSerializer, responses={201: CreatedSerializer}, tags=["cases"])
    @errors("permission_denied", "case_closed")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        case = _holder_case(actor, case_id)
        body = read_body(BodyInSerializer, request)["body"]
        message = services.case_message_to_worker(actor=actor, case=case, body=body)
        return Response({"id": str(message.pk)}, status=201)


class CaseNoteApi(ApiView):
    """Add an internal note (seen only by the actor's organisation)."""

    @extend_schema(request=BodyInSerializer, responses={201: CreatedSerializer}, tags=["cases"])
    @errors("permission_denied")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        case = _holder_case(actor, case_id)
        body = read_body(BodyInSerializer, request)["body"]
        note = services.case_note_add(actor=actor, case=case, body=body)
        return Response({"id": str(note.pk)}, status=201)


class CaseStatusApi(ApiView):
    """Move an open case between new, in progress, negotiation and court; closing has its own
    endpoint."""

    @extend_schema(request=StatusInSerializer, responses={200: StatusOutSerializer}, tags=["cases"])
    @errors("permission_denied", "case_closed")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        case = _holder_case(actor, case_id)
        status = read_body(StatusInSerializer, request)["status"]
        case = services.case_set_status(actor=actor, case=case, status=status)
        return Response({"status": case.status})


class CaseTriageApi(ApiView):
    """Correct the categories, the urgency and, when known, the kind of work."""

    @extend_schema(request=TriageInSerializer, responses={200: TriageOutSerializer}, tags=["cases"])
    @errors("permission_denied")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        case = _holder_case(actor, case_id)
        d = read_body(TriageInSerializer, request)
        case = services.case_triage(
            actor=actor, case=case, categories=d["categories"], urgent=d["urgent"], sector=d.get("sector")
        )
        return Response({"urgent": case.urgent, "sector": case.sector})


class CaseSuggestionApi(ApiView):
    """Accept or refuse one suggestion read from the worker's text (a category, or "urgent" to
    confirm or lower the urgency it raised), as the case page's buttons do."""

    @extend_schema(
        request=SuggestionInSerializer,
        responses={200: SuggestionDecidedSerializer},
        tags=["cases"],
    )
    @errors("permission_denied", "case_closed", "suggestion_decided")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        data_in = read_body(SuggestionInSerializer, request)
        d = data_in
        case = services.case_suggestion_decide(
            actor=actor, case=_holder_case(actor, case_id), subject=d["subject"], accept=d["accept"]
        )
        return Response(
            {"urgent": case.urgent, "categories": sorted(case.categories.values_list("category", flat=True))}
        )


class CaseCloseApi(ApiView):
    """Close a case with its outcome; the worker sees the outcome. Closing a closed case is a
    conflict (409)."""

    @extend_schema(request=CloseInSerializer, responses={200: CloseOutSerializer}, tags=["cases"])
    @errors("permission_denied", "case_closed", "currency_required")
    def post(self, request: ApiRequest, case_id: Any) -> Response:
        actor = request.actor
        case = _holder_case(actor, case_id)
        d = read_body(CloseInSerializer, request)
        case = services.case_close(
            actor=actor,
            case=case,
            outcome=d["outcome"],
            money_recovered=d.get("money_recovered"),
            money_currency=d.get("money_currency") or "",
            documents_returned=d["documents_returned"],
        )
        return Response({"status": case.status, "outcome": case.outcome})


class CaseExportCreateApi(ApiView):
    """Export the inbox as CSV or XLSX (permission `case.export_csv` or `case.export_xlsx`). The file
    is sealed in a ZIP archive encrypted with AES-256; the answer carries the archive's password,
    shown this once and kept nowhere, and a download URL that works once, for the same member, for
    `KORGOO_EXPORT_TTL_SECONDS` (600 by default)."""

    @extend_schema(request=CaseExportInSerializer, responses={201: CaseExportOutSerializer}, tags=["cases"])
    @errors("permission_denied")
    def post(self, request: ApiRequest) -> Response:
        actor = request.actor
        d = read_body(CaseExportInSerializer, request)
        sealed = inbox_export(actor=actor, filters=inbox_filters_from(d), file_format=d["format"])
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


class CaseExportDownloadApi(ApiView):
    """The encrypted archive of an export, once: the export is deleted as it is handed over. Any
    export but the caller's own, an expired one or one already downloaded answers 404, whatever the
    method. GET only: HEAD would spend the download."""

    http_method_names = ["get"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        export_get_for(actor=request_actor(request), export_id=kwargs.get("export_id"), kind=EXPORT_KIND)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                description="A ZIP archive encrypted with AES-256 (WinZip AE-2) holding the CSV or XLSX file"
            )
        },
        tags=["cases"],
    )
    def get(self, request: ApiRequest, export_id: str) -> Any:
        filename, data = export_download(actor=request.actor, export_id=export_id, kind=EXPORT_KIND)
        return attachment_response(data, filename)
