"""Staff pages of the consular reception, under /<lang>/staff/."""

from django.urls import path

from . import views

app_name = "consular_staff"

urlpatterns = [
    path("consular/", views.desk, name="desk"),
    path("cases/<uuid:case_id>/consular/", views.emergency, name="emergency"),
]
