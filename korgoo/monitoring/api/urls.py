"""Monitoring endpoints, under /api/v1/monitoring/."""

from django.urls import path

from .views import (
    HealthStatsEnterApi,
    HealthTablesApi,
    IndicatorListApi,
    InstrumentListApi,
    MonitoringPeriodsApi,
    MonitoringTableApi,
    RecommendationListApi,
    ReportCreateApi,
    ReportFileApi,
    ReportStatusApi,
)

urlpatterns = [
    path("monitoring/periods/", MonitoringPeriodsApi.as_view(), name="monitoring-periods"),
    path("monitoring/tables/<str:table>/", MonitoringTableApi.as_view(), name="monitoring-table"),
    path("monitoring/indicators/", IndicatorListApi.as_view(), name="monitoring-indicators"),
    path("monitoring/instruments/", InstrumentListApi.as_view(), name="monitoring-instruments"),
    path("monitoring/recommendations/", RecommendationListApi.as_view(), name="monitoring-recommendations"),
    path("monitoring/health/", HealthTablesApi.as_view(), name="monitoring-health"),
    path("monitoring/health/entries/", HealthStatsEnterApi.as_view(), name="monitoring-health-enter"),
    path("monitoring/reports/", ReportCreateApi.as_view(), name="monitoring-report-create"),
    path("monitoring/reports/<str:job_id>/", ReportStatusApi.as_view(), name="monitoring-report"),
    path("monitoring/reports/<str:job_id>/file/", ReportFileApi.as_view(), name="monitoring-report-file"),
]
