from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("rights/", views.article_list, name="list"),
    path("rights/<slug:slug>/", views.article_detail, name="article"),
    path("rights/<slug:slug>/leaflet.pdf", views.article_leaflet, name="leaflet"),
    path("rights/<slug:slug>/poster.pdf", views.article_poster, name="poster"),
    path("staff/articles/", views.editor, name="editor"),
    path("staff/articles/new/", views.editor_new, name="editor_new"),
    path("staff/articles/<slug:slug>/", views.editor_article, name="editor_article"),
]
