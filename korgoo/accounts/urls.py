from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/two-factor/", views.enrol, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
]
