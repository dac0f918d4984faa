from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("track/", views.track, name="track"),
    path("track/case/", views.case, name="case"),
    path("track/case/message/", views.case_message, name="case_message"),
    path("track/case/add/", views.case_add, name="case_add"),
    path("track/case/consent/", views.case_consent, name="case_consent"),
    path("track/case/restore/", views.case_restore, name="case_restore"),
    path("track/case/close/", views.case_close, name="case_close"),
    path("exit/", views.quick_exit, name="exit"),
]
