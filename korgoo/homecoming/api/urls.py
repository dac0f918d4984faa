"""Homecoming endpoints under /api/v1/: the return home, the hand-over, the claim kept abroad."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/<str:case_id>/return/", views.CaseReturnApi.as_view(), name="case-return"),
    path("cases/<str:case_id>/handover/", views.CaseHandoverApi.as_view(), name="case-handover"),
    path("cases/<str:case_id>/claim/", views.CaseClaimApi.as_view(), name="case-claim"),
]
