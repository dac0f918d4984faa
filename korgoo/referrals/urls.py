from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("cases/<uuid:case_id>/", views.case_referrals, name="case"),
    path("<uuid:referral_id>/accept/", views.accept, name="accept"),
    path("<uuid:referral_id>/decline/", views.decline, name="decline"),
    path("<uuid:referral_id>/revoke/", views.revoke, name="revoke"),
]
