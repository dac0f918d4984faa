from django.urls import path

from . import views

urlpatterns = [
    path("articles/", views.ArticleListApi.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailApi.as_view(), name="article-detail"),
]
