from django.urls import path

from . import views

urlpatterns = [
    path("agencies/check/", views.AgencyCheckApi.as_view(), name="agency-check"),
]
