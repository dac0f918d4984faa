from django.urls import path

from . import views

app_name = "courts"

urlpatterns = [
    path("staff/courts/", views.decision_list, name="list"),
    path("staff/courts/upload/", views.upload, name="upload"),
    path("staff/courts/review/", views.review_queue, name="review_queue"),
    path("staff/courts/alerts/", views.alerts, name="alerts"),
    path("staff/courts/alerts/<str:alert_id>/done/", views.alert_done, name="alert_done"),
    path("staff/courts/<str:decision_id>/", views.detail, name="detail"),
    path("staff/courts/<str:decision_id>/review/", views.review, name="review"),
    path("staff/courts/<str:decision_id>/link/", views.link, name="link"),
]
