from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("agencies/", views.check, name="check"),
    path("staff/agencies/", views.monitor, name="monitor"),
    path("staff/agencies/<str:agency_id>/merge/", views.merge, name="merge"),
    path("staff/agencies/<str:agency_id>/dismiss/", views.dismiss, name="dismiss"),
]
