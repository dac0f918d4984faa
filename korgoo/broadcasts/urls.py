"""The network coordinators' broadcasts page."""

from django.urls import path

from . import views

app_name = "broadcasts"

urlpatterns = [
    path("staff/broadcasts/", views.broadcasts, name="list"),
]
