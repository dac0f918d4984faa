"""Monitoring pages, under /<language>/staff/monitoring/."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:table>.csv", views.table_export, {"fmt": "csv"}, name="export_csv"),
    path("export/<str:table>.xlsx", views.table_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("reports/", views.reports, name="reports"),
    path("reports/<str:job_id>/", views.report_job, name="report_job"),
    path("reports/<str:job_id>/download/", views.report_download, name="report_download"),
    path("indicators/", views.indicators, name="indicators"),
    path("instruments/", views.instruments, name="instruments"),
    path("treaties-and-law/", views.findings, name="findings"),
    path("staff/", views.staff, name="staff"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("health/", views.health, name="health"),
    path("consular/", views.consular, name="consular"),
    path("courts/", views.courts, name="courts"),
    path("returns/", views.returns, name="returns"),
    path("health/enter/", views.health_enter, name="health_enter"),
    path("health/import/", views.health_import, name="health_import"),
]
