"""Pages of the homecoming app: the worker's return and hand-over (with the receipt's session) and
the staff's forms on the case page."""

from django.urls import path

from . import views

app_name = "homecoming"

urlpatterns = [
    path("track/case/home/", views.case_home, name="case_home"),
    path("staff/cases/<uuid:case_id>/home/return/", views.staff_return, name="staff_return"),
    path("staff/cases/<uuid:case_id>/home/handover/", views.staff_handover, name="staff_handover"),
    path("staff/cases/<uuid:case_id>/home/claim/", views.staff_claim, name="staff_claim"),
]
