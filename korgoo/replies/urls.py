from django.urls import path

from . import views

app_name = "replies"

urlpatterns = [
    path("", views.template_list, name="templates"),
    path("new/", views.template_edit, name="new"),
    path("<slug:slug>/", views.template_edit, name="edit"),
]
