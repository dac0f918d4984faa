from django.urls import path

from . import views

urlpatterns = [
    path("consular/missions/", views.MissionListApi.as_view(), name="consular-missions"),
    path("consular/slots/", views.SlotListApi.as_view(), name="consular-slots"),
    path("consular/challenge/", views.ChallengeApi.as_view(), name="consular-challenge"),
    path("consular/phone-code/", views.PhoneCodeApi.as_view(), name="consular-phone-code"),
    path("consular/bookings/", views.BookingCreateApi.as_view(), name="consular-booking-create"),
    path("consular/bookings/cancel/", views.BookingCancelApi.as_view(), name="consular-booking-cancel"),
    path(
        "consular/bookings/reschedule/",
        views.BookingRescheduleApi.as_view(),
        name="consular-booking-reschedule",
    ),
]
