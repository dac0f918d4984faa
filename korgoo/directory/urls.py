from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("help/", views.place_list, name="list"),
    path("help/<slug:slug>/", views.place_detail, name="place"),
    path("staff/directory/entry/", views.own_entry, name="own_entry"),
    path("staff/directory/coverage/", views.coverage, name="coverage"),
    path("staff/directory/entries/", views.editor, name="editor"),
    path("staff/directory/entries/<slug:slug>/", views.editor_entry, name="editor_entry"),
    path("staff/directory/services/new/", views.service_edit, name="service_new"),
    path("staff/directory/services/<slug:slug>/", views.service_edit, name="service_edit"),
]
