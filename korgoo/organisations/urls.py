from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("<uuid:export_id>/", views.export_download, name="download"),
]
