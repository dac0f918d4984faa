"""Broadcast endpoints under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [
    path("broadcasts/", views.BroadcastApi.as_view(), name="broadcasts"),
]
