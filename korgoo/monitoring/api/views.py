"""Monitoring over the API (/api/v1/monitoring/…): the same selectors and services as the pages, so
an API answer holds exactly the published figures, with suppressed cells as null."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from korgoo.core.downloads import attachment_response
from korgoo.core.errors import NotFound

from .. import selectors, services
from ..choices import AgeBand, Condition, ReportKind, Sex, Table
from ..selectors import Figure, TableData

FILTER_PARAMETERS = [
    OpenApiParameter(
        "period", str, description="First month (YYYY-MM) of a published 12-month period; default the latest."
    ),
    OpenApiParameter("country", str, description="Host country code (RU, KZ…); default all."),
    OpenApiParameter("kind", str, description="Kind of organisation; default all."),
    OpenApiParameter("category", str, description="Violation category; default all."),
]


def _value(figure: Figure) -> Any:
    if figure.value is None:
        return None
    if isinstance(figure.value, Decimal | float):
        return str(figure.value)
    return figure.value


def table_json(table: TableData, filters: selectors.Filters, info: selectors.Publication) -> dict[str, Any]:
    return {
        "table": table.name,
        "title": table.title,
        "period": {
            "first": filters.period,
            "last": selectors.add_months(filters.period, 11) if filters.period else "",
        },
        "filters": filters.as_params(),
        "threshold": info.threshold,
        "published_at": info.published_at,
        "columns": table.columns,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "total": row.total,
                "values": [_value(f) for f in row.figures],
                "suppressed": [f.value is None and not f.text for f in row.figures],
            }
            for row in table.rows
        ],
        "notes": table.notes,
    }


TableSerializer = inline_serializer(
    "MonitoringTable",
    {
        "table": serializers.CharField(),
        "title": serializers.CharField(),
        "period": inline_serializer(
            "MonitoringPeriodRef", {"first": serializers.CharField(), "last": serializers.CharField()}
        ),
        "filters": serializers.DictField(child=serializers.CharField()),
        "threshold": serializers.IntegerField(help_text="Cells counting fewer cases are suppressed (null)."),
        "published_at": serializers.DateTimeField(allow_null=True),
        "columns": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(
            child=inline_serializer(
                "MonitoringRow",
                {
                    "key": serializers.CharField(),
                    "label": serializers.CharField(),
                    "total": serializers.BooleanField(),
                    "values": serializers.ListField(
                        child=serializers.JSONField(allow_null=True),
                        help_text="One value per column: an integer, a decimal as a string, or null when suppressed.",
                    ),
                    "suppressed": serializers.ListField(child=serializers.BooleanField()),
                },
            )
        ),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)


class MonitoringPeriodsApi(APIView):
    """The published periods, the suppression threshold and the tables one may ask for."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringPeriods",
                {
                    "published_at": serializers.DateTimeField(allow_null=True),
                    "threshold": serializers.IntegerField(),
                    "periods": serializers.ListField(
                        child=serializers.DictField(child=serializers.CharField())
                    ),
                    "tables": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        info = selectors.publication_info(actor=actor)
        network = actor.has("monitoring.network")
        return Response(
            {
                "published_at": info.published_at,
                "threshold": info.threshold,
                "periods": [{"first": p.first, "last": p.last} for p in info.periods],
                "tables": [t for t in Table.values if network or t not in selectors.NETWORK_TABLES],
            }
        )


class MonitoringTableApi(APIView):
    """One published table for a period and filters. Tables per organisation
    (network_response_times, network_referrals) need monitoring.network."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if kwargs.get("table") not in Table.values:
            raise NotFound()

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={
            200: TableSerializer,
            403: OpenApiResponse(description="Permission denied"),
            404: OpenApiResponse(description="No such table"),
        },
        tags=["monitoring"],
    )
    def get(self, request: Request, table: str) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        info = selectors.publication_info(actor=actor)
        filters = selectors.clean_filters(info, request.query_params)
        data = selectors.table_get(actor=actor, name=table, filters=filters)
        return Response(table_json(data, filters, info))


class IndicatorListApi(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringIndicator",
                {
                    "code": serializers.CharField(),
                    "name": serializers.CharField(),
                    "definition": serializers.CharField(),
                    "source": serializers.CharField(),
                    "unit": serializers.CharField(),
                    "computed": serializers.BooleanField(),
                    "direction": serializers.CharField(),
                    "baseline": serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True),
                    "baseline_period": serializers.CharField(),
                    "target": serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True),
                    "target_period": serializers.CharField(),
                    "recommendations": serializers.ListField(child=serializers.CharField()),
                    "values": serializers.ListField(child=serializers.DictField()),
                },
                many=True,
            )
        },
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        items = selectors.indicators_list(actor=request.actor)  # type: ignore[attr-defined]
        return Response(
            [
                {
                    "code": i.code,
                    "name": i.display_name,
                    "definition": i.display_definition,
                    "source": i.display_source,
                    "unit": i.unit,
                    "computed": i.computed,
                    "direction": i.direction,
                    "baseline": None if i.baseline is None else str(i.baseline),
                    "baseline_period": i.baseline_period,
                    "target": None if i.target is None else str(i.target),
                    "target_period": i.target_period,
                    "recommendations": i.recommendations,
                    "values": [
                        {
                            "period": v.period,
                            "value": None if v.value is None else str(v.value),
                            "suppressed": v.suppressed,
                            "computed": v.computed,
                            "evidence": v.evidence,
                        }
                        for v in i.values.all()
                    ],
                }
                for i in items
            ]
        )


class InstrumentListApi(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringInstrument",
                {
                    "code": serializers.CharField(),
                    "kind": serializers.CharField(),
                    "title": serializers.CharField(),
                    "url": serializers.CharField(),
                    "status": serializers.DictField(child=serializers.DictField()),
                },
                many=True,
            )
        },
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        items = selectors.instruments_list(actor=request.actor)  # type: ignore[attr-defined]
        return Response(
            [
                {
                    "code": i.code,
                    "kind": i.kind,
                    "title": i.display_title,
                    "url": i.url,
                    "status": {
                        s.country: {
                            "status": s.status,
                            "since": s.since,
                            "confidence": s.confidence,
                            "since_confidence": s.since_confidence,
                            "note": s.display_note,
                            "source": s.source,
                        }
                        for s in i.statuses.all()
                    },
                }
                for i in items
            ]
        )


class RecommendationListApi(APIView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringRecommendation",
                {
                    "code": serializers.CharField(),
                    "section": serializers.CharField(),
                    "responsible": serializers.CharField(),
                    "text": serializers.CharField(),
                    "status": serializers.CharField(),
                    "evidence": serializers.CharField(),
                    "status_updated_at": serializers.DateTimeField(allow_null=True),
                },
                many=True,
            )
        },
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        items = selectors.recommendations_list(actor=request.actor)  # type: ignore[attr-defined]
        return Response(
            [
                {
                    "code": r.code,
                    "section": r.section,
                    "responsible": r.display_body,
                    "text": r.display_text,
                    "status": r.status,
                    "evidence": r.evidence,
                    "status_updated_at": r.status_updated_at,
                }
                for r in items
            ]
        )


class HealthTablesApi(APIView):
    """Published disease-incidence tables for a year (suppressed like every monitoring table)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", str),
            OpenApiParameter("country", str),
            OpenApiParameter("condition", str, enum=Condition.values),
        ],
        responses={
            200: inline_serializer(
                "MonitoringHealth",
                {
                    "year": serializers.CharField(),
                    "years": serializers.ListField(child=serializers.CharField()),
                    "tables": serializers.ListField(child=TableSerializer),
                },
            )
        },
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        years = selectors.health_years(actor=actor)
        filters = selectors.clean_health_filters(years, request.query_params)
        info = selectors.publication_info(actor=actor)
        tables = selectors.health_tables(actor=actor, filters=filters)
        empty = selectors.Filters(period="")
        return Response(
            {
                "year": filters.year,
                "years": years,
                "tables": [
                    {**table_json(t, empty, info), "period": {"first": filters.year, "last": filters.year}}
                    for t in tables
                ],
            }
        )


class MonitoringHealthRowSerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2)
    region = serializers.CharField(max_length=64)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    sex = serializers.ChoiceField(choices=Sex.values)
    age_band = serializers.ChoiceField(choices=AgeBand.values)
    condition = serializers.ChoiceField(choices=Condition.values)
    count = serializers.IntegerField(min_value=0)


class HealthStatsEnterApi(APIView):
    """A health facility or partner organisation records aggregated counts (health.enter): a
    count for the same cell replaces the earlier one."""

    @extend_schema(
        request=MonitoringHealthRowSerializer(many=True),
        responses={201: inline_serializer("HealthStatsEntered", {"rows": serializers.IntegerField()})},
        tags=["monitoring"],
    )
    def post(self, request: Request) -> Response:
        incoming = MonitoringHealthRowSerializer(data=request.data, many=True)
        incoming.is_valid(raise_exception=True)
        rows = [services.HealthRow(**row) for row in incoming.validated_data]
        count = services.health_stats_enter(actor=request.actor, rows=rows)  # type: ignore[attr-defined]
        return Response({"rows": count}, status=status.HTTP_201_CREATED)


JobSerializer = inline_serializer(
    "MonitoringReportJob",
    {
        "id": serializers.UUIDField(),
        "kind": serializers.CharField(),
        "status": serializers.CharField(),
        "progress": serializers.IntegerField(),
        "created_at": serializers.DateTimeField(),
        "finished_at": serializers.DateTimeField(allow_null=True),
        "expires_at": serializers.DateTimeField(allow_null=True),
        "size": serializers.IntegerField(),
    },
)


def job_json(job: Any) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "size": job.size,
    }


class MonitoringReportInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.values)
    period = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True)
    kind_of_organisation = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)


class ReportCreateApi(APIView):
    """Ask for a PDF report (export.pdf); it is prepared in the background."""

    @extend_schema(request=MonitoringReportInSerializer, responses={202: JobSerializer}, tags=["monitoring"])
    def post(self, request: Request) -> Response:
        actor = request.actor  # type: ignore[attr-defined]
        incoming = MonitoringReportInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        info = selectors.publication_info(actor=actor)
        filters = selectors.clean_filters(
            info,
            {
                "period": data.get("period"),
                "country": data.get("country"),
                "kind": data.get("kind_of_organisation"),
                "category": data.get("category"),
            },
        )
        job = services.report_request(actor=actor, kind=data["kind"], filters=filters)
        job.refresh_from_db()
        return Response(job_json(job), status=status.HTTP_202_ACCEPTED)


class _OwnJobApi(APIView):
    """Views on one report job: any job but the caller's own answers 404, whatever the method,
    exactly like a job that does not exist."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.job = selectors.report_job_for(actor=request.actor, job_id=kwargs.get("job_id"))  # type: ignore[attr-defined]


class ReportStatusApi(_OwnJobApi):
    @extend_schema(responses={200: JobSerializer}, tags=["monitoring"])
    def get(self, request: Request, job_id: str) -> Response:
        return Response(job_json(self.job))


class ReportFileApi(_OwnJobApi):
    """The finished PDF, once (the file is deleted as it is handed over)."""

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(bytes, description="The PDF file")},
        tags=["monitoring"],
    )
    def get(self, request: Request, job_id: str) -> Any:
        filename, data = services.report_download(actor=request.actor, job_id=job_id)  # type: ignore[attr-defined]
        return attachment_response(data, filename)
