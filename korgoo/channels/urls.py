"""Pages of the channels app under the language prefix: the simulated chat, the worker's linked
chats, channel health for coordinators. The providers' webhooks are in `webhook_urls`."""

from django.urls import path

from . import views

app_name = "channels"

urlpatterns = [
    path("chat-simulation/", views.simulator, name="simulator"),
    path("track/case/chats/", views.case_chats, name="case_chats"),
    path("staff/channels/", views.health, name="health"),
]
