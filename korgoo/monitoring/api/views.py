"""Monitoring over the API (/api/v1/monitoring/…): the same selectors and services as the pages, so
an API answer holds exactly the published figures, with suppressed cells as null."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from korgoo.cases.choices import Category
from korgoo.core.actor import ApiRequest, request_actor
from korgoo.core.api import ApiView, read_body
from korgoo.core.api_input import JsonInput, JsonListInput, QueryInput
from korgoo.core.choices import Country, OrganisationKind
from korgoo.core.downloads import attachment_response
from korgoo.core.errors import ApplicationError, NotFound
from korgoo.core.openapi import errors, register_errors

from .. import selectors, services
from ..choices import (
    QUEUE,
    AgeBand,
    Condition,
    Confidence,
    Direction,
    InstrumentKind,
    JobStatus,
    Position,
    RecommendationSection,
    RecommendationStatus,
    ReportKind,
    Sex,
    Table,
    Unit,
)
from ..selectors import Figure, TableData

register_errors(
    {
        "unknown_period": (400, "`period` is not the first month of a published period"),
        "unknown_year": (400, "`year` is not a year with published health statistics"),
    }
)

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
MONTH_OR_EMPTY = r"^([0-9]{4}-(0[1-9]|1[0-2]))?$"
KINDS = [*OrganisationKind.choices, (QUEUE, "the coordinators' queue (not yet placed)")]


class FiltersQuery(QueryInput):
    """The filters of a table; empty or left out means all (and the latest period). A value not in
    the lists is refused, never read as "all"."""

    period = serializers.RegexField(
        MONTH_OR_EMPTY,
        required=False,
        allow_blank=True,
        help_text="The first month (YYYY-MM) of a published 12-month period (GET /api/v1/monitoring/periods/); "
        "the latest by default.",
    )
    country = serializers.ChoiceField(
        choices=Country.choices, required=False, allow_blank=True, help_text="Host country; all by default."
    )
    kind = serializers.ChoiceField(
        choices=KINDS, required=False, allow_blank=True, help_text="Kind of organisation; all by default."
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, help_text="Violation; all by default."
    )


def published_filters(info: selectors.Publication, chosen: dict[str, Any]) -> selectors.Filters:
    """The filters asked for; a period that is not published is refused, naming it."""
    period = chosen.get("period") or ""
    if period and period not in {p.first for p in info.periods}:
        message = _("This period is not published. Choose one from GET /api/v1/monitoring/periods/.")
        raise ApplicationError("unknown_period", message, {"period": [str(message)]})
    return selectors.clean_filters(info, chosen)


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
        "table": serializers.CharField(help_text="The table's name; health tables too."),
        "title": serializers.CharField(),
        "period": inline_serializer(
            "MonitoringPeriodRef", {"first": serializers.CharField(), "last": serializers.CharField()}
        ),
        "filters": serializers.DictField(child=serializers.CharField(), help_text="The filters applied."),
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


class PeriodSerializer(serializers.Serializer):
    first = serializers.CharField(help_text="YYYY-MM")
    last = serializers.CharField(help_text="YYYY-MM")


class MonitoringPeriodsApi(ApiView):
    """The published periods, the suppression threshold and the tables one may ask for."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringPeriods",
                {
                    "published_at": serializers.DateTimeField(allow_null=True),
                    "threshold": serializers.IntegerField(),
                    "periods": PeriodSerializer(many=True),
                    "tables": serializers.ListField(child=serializers.ChoiceField(choices=Table.choices)),
                },
            )
        },
        tags=["monitoring"],
    )
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        actor = request.actor
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


class MonitoringTableApi(ApiView):
    """One published table for a period and filters. Tables per organisation
    (network_response_times, network_referrals) need monitoring.network; an unknown table is 404."""

    query_input = FiltersQuery

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if kwargs.get("table") not in Table.values:
            raise NotFound()

    @extend_schema(
        parameters=[OpenApiParameter("table", str, OpenApiParameter.PATH, enum=Table.values)],
        responses={200: TableSerializer},
        tags=["monitoring"],
    )
    @errors("permission_denied", "unknown_period")
    def get(self, request: ApiRequest, table: str) -> Response:
        actor = request.actor
        info = selectors.publication_info(actor=actor)
        filters = published_filters(info, self.params)
        data = selectors.table_get(actor=actor, name=table, filters=filters)
        return Response(table_json(data, filters, info))


class IndicatorValueSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Null when suppressed."
    )
    suppressed = serializers.BooleanField()
    computed = serializers.BooleanField()
    evidence = serializers.CharField(allow_blank=True)


class IndicatorListApi(ApiView):
    """The indicators with their values per period."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringIndicator",
                {
                    "code": serializers.CharField(),
                    "name": serializers.CharField(),
                    "definition": serializers.CharField(),
                    "source": serializers.CharField(),
                    "unit": serializers.ChoiceField(choices=Unit.choices),
                    "computed": serializers.BooleanField(),
                    "direction": serializers.ChoiceField(
                        choices=Direction.choices, help_text="Which way is better."
                    ),
                    "baseline": serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True),
                    "baseline_period": serializers.CharField(allow_blank=True),
                    "target": serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True),
                    "target_period": serializers.CharField(allow_blank=True),
                    "recommendations": serializers.ListField(child=serializers.CharField()),
                    "values": IndicatorValueSerializer(many=True),
                },
                many=True,
            )
        },
        tags=["monitoring"],
    )
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        items = selectors.indicators_list(actor=request.actor)
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


class InstrumentStatusSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # `source` names a field here, not the attribute DRF fields use: declared in get_fields.
        return {
            "status": serializers.ChoiceField(choices=Position.choices),
            "since": serializers.CharField(allow_blank=True),
            "confidence": serializers.ChoiceField(choices=Confidence.choices),
            "since_confidence": serializers.ChoiceField(choices=Confidence.choices, allow_blank=True),
            "note": serializers.CharField(allow_blank=True),
            "source": serializers.CharField(allow_blank=True),
        }


class InstrumentListApi(ApiView):
    """The international instruments, with where Kyrgyzstan and the host countries stand."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringInstrument",
                {
                    "code": serializers.CharField(),
                    "kind": serializers.ChoiceField(choices=InstrumentKind.choices),
                    "title": serializers.CharField(),
                    "url": serializers.CharField(allow_blank=True),
                    "status": serializers.DictField(
                        child=InstrumentStatusSerializer(), help_text="By country code (KG, RU, KZ, …)."
                    ),
                },
                many=True,
            )
        },
        tags=["monitoring"],
    )
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        items = selectors.instruments_list(actor=request.actor)
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


class RecommendationListApi(ApiView):
    """The recommendations of the monitoring report and how far each is implemented."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "MonitoringRecommendation",
                {
                    "code": serializers.CharField(),
                    "section": serializers.ChoiceField(choices=RecommendationSection.choices),
                    "responsible": serializers.CharField(),
                    "text": serializers.CharField(),
                    "status": serializers.ChoiceField(choices=RecommendationStatus.choices),
                    "evidence": serializers.CharField(allow_blank=True),
                    "status_updated_at": serializers.DateTimeField(allow_null=True),
                },
                many=True,
            )
        },
        tags=["monitoring"],
    )
    @errors("permission_denied")
    def get(self, request: ApiRequest) -> Response:
        items = selectors.recommendations_list(actor=request.actor)
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


class HealthQuery(QueryInput):
    year = serializers.RegexField(
        r"^([0-9]{4})?$",
        required=False,
        allow_blank=True,
        help_text="A year with published statistics; the latest by default.",
    )
    country = serializers.ChoiceField(choices=Country.choices, required=False, allow_blank=True)
    condition = serializers.ChoiceField(choices=Condition.choices, required=False, allow_blank=True)


class HealthTablesApi(ApiView):
    """Published disease-incidence tables for a year (suppressed like every monitoring table)."""

    query_input = HealthQuery

    @extend_schema(
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
    @errors("permission_denied", "unknown_year")
    def get(self, request: ApiRequest) -> Response:
        actor = request.actor
        years = selectors.health_years(actor=actor)
        year = self.params.get("year")
        if year and year not in years:
            message = _("There are no published statistics for this year.")
            raise ApplicationError("unknown_year", message, {"year": [str(message)]})
        filters = selectors.clean_health_filters(years, self.params)
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


class MonitoringHealthRowSerializer(JsonInput):
    country = serializers.ChoiceField(choices=Country.choices)
    region = serializers.CharField(max_length=64)
    year = serializers.IntegerField(min_value=2000, help_text="From 2000 to this year.")
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    condition = serializers.ChoiceField(choices=Condition.choices)
    count = serializers.IntegerField(min_value=0, max_value=1_000_000)

    class Meta:
        list_serializer_class = JsonListInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "This year" is read at each request, so the description names it too.
        self.fields["year"] = serializers.IntegerField(
            min_value=2000, max_value=timezone.localdate().year, help_text="From 2000 to this year."
        )


class HealthStatsEnterApi(ApiView):
    """A health facility or partner organisation records aggregated counts (health.enter): a
    count for the same cell replaces the earlier one. The body is a list of at least one row."""

    @extend_schema(
        request=MonitoringHealthRowSerializer(many=True, allow_empty=False, max_length=10_000),
        responses={201: inline_serializer("HealthStatsEntered", {"rows": serializers.IntegerField()})},
        tags=["monitoring"],
    )
    @errors("permission_denied")
    def post(self, request: ApiRequest) -> Response:
        incoming = MonitoringHealthRowSerializer(
            data=request.data, many=True, allow_empty=False, max_length=10_000
        )
        incoming.is_valid(raise_exception=True)
        rows = [services.HealthRow(**row) for row in incoming.validated_data]
        count = services.health_stats_enter(actor=request.actor, rows=rows)
        return Response({"rows": count}, status=status.HTTP_201_CREATED)


JobSerializer = inline_serializer(
    "MonitoringReportJob",
    {
        "id": serializers.UUIDField(),
        "kind": serializers.ChoiceField(choices=ReportKind.choices),
        "status": serializers.ChoiceField(choices=JobStatus.choices),
        "progress": serializers.IntegerField(help_text="0 to 100."),
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


class MonitoringReportInSerializer(JsonInput):
    """A report and the filters of the tables it holds; a filter left out or empty means all (and
    the latest period). A value not in the lists, or a period not published, is refused."""

    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period = serializers.RegexField(
        MONTH, required=False, allow_blank=True, help_text="YYYY-MM: a published period."
    )
    country = serializers.ChoiceField(choices=Country.choices, required=False, allow_blank=True)
    kind_of_organisation = serializers.ChoiceField(choices=KINDS, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)


class ReportCreateApi(ApiView):
    """Ask for a PDF report (export.pdf); it is prepared in the background."""

    @extend_schema(request=MonitoringReportInSerializer, responses={202: JobSerializer}, tags=["monitoring"])
    @errors("permission_denied", "unknown_period")
    def post(self, request: ApiRequest) -> Response:
        actor = request.actor
        data = read_body(MonitoringReportInSerializer, request)
        info = selectors.publication_info(actor=actor)
        filters = published_filters(
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


class _OwnJobApi(ApiView):
    """Views on one report job: any job but the caller's own answers 404, whatever the method,
    exactly like a job that does not exist."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.job = selectors.report_job_for(actor=request_actor(request), job_id=kwargs.get("job_id"))


class ReportStatusApi(_OwnJobApi):
    """Where a report stands; ask again until `status` is done (or failed)."""

    @extend_schema(responses={200: JobSerializer}, tags=["monitoring"])
    def get(self, request: ApiRequest, job_id: str) -> Response:
        return Response(job_json(self.job))


class ReportFileApi(_OwnJobApi):
    """The finished PDF, once (the file is deleted as it is handed over)."""

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            )
        },
        tags=["monitoring"],
    )
    def get(self, request: ApiRequest, job_id: str) -> Any:
        filename, data = services.report_download(actor=request.actor, job_id=job_id)
        return attachment_response(data, filename)
