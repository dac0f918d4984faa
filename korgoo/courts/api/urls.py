from django.urls import path

from . import views

urlpatterns = [
    path("courts/decisions/", views.DecisionListCreateApi.as_view(), name="court-decision-list"),
    path(
        "courts/decisions/<str:decision_id>/", views.DecisionDetailApi.as_view(), name="court-decision-detail"
    ),
    path(
        "courts/decisions/<str:decision_id>/review/",
        views.DecisionReviewApi.as_view(),
        name="court-decision-review",
    ),
    path(
        "courts/decisions/<str:decision_id>/link/",
        views.DecisionLinkApi.as_view(),
        name="court-decision-link",
    ),
    path("courts/alerts/", views.AlertListApi.as_view(), name="court-alert-list"),
    path("courts/alerts/<str:alert_id>/done/", views.AlertDoneApi.as_view(), name="court-alert-done"),
]
