"""Worker pages of the consular reception, under the language prefix."""

from django.urls import path

from . import views

app_name = "consular"

urlpatterns = [
    path("consular/", views.home, name="home"),
    path("consular/booking/", views.manage, name="manage"),
    path("consular/hall/<uuid:mission_id>/", views.hall, name="hall"),
    path("consular/<uuid:mission_id>/<slug:service>/", views.book, name="book"),
]
