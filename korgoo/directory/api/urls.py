from django.urls import path

from . import views

urlpatterns = [
    path("directory/", views.DirectoryListApi.as_view(), name="directory-list"),
    path("directory/services/", views.ServiceListApi.as_view(), name="directory-services"),
]
