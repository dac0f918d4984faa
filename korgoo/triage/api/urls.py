"""Triage endpoints under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("triage/", views.TriageApi.as_view(), name="triage"),
]
