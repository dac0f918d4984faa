from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("cases/<uuid:case_id>/", views.detail, name="detail"),
    path("cases/<uuid:case_id>/triage/", views.triage, name="triage"),
    path("cases/<uuid:case_id>/suggestion/", views.suggestion, name="suggestion"),
    path("cases/<uuid:case_id>/assign/", views.assign, name="assign"),
    path("cases/<uuid:case_id>/status/", views.status, name="status"),
    path("cases/<uuid:case_id>/close/", views.close, name="close"),
    path("cases/<uuid:case_id>/reopen/", views.reopen, name="reopen"),
    path("cases/<uuid:case_id>/deadline/", views.deadline, name="deadline"),
    path("cases/<uuid:case_id>/notes/", views.note, name="note"),
    path("cases/<uuid:case_id>/messages/", views.message, name="message"),
    path("cases/<uuid:case_id>/files/", views.file_upload, name="file_upload"),
    path("cases/<uuid:case_id>/files/<uuid:file_id>/", views.file_download, name="file_download"),
    path(
        "cases/<uuid:case_id>/files/<uuid:file_id>/original/",
        views.file_download,
        {"original": True},
        name="file_original",
    ),
    path("cases/<uuid:case_id>/files/<uuid:file_id>/delete/", views.file_delete, name="file_delete"),
    path("queue/", views.queue, name="queue"),
    path("queue/<uuid:case_id>/", views.queue_place, name="queue_place"),
    path("routing/", views.routing, name="routing"),
    path("routing/ours/", views.routing_ours, name="routing_ours"),
    path("routing/<int:rule_id>/delete/", views.routing_delete, name="routing_delete"),
]
