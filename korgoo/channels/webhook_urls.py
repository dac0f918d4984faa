"""The providers' webhooks, outside the language prefix (`/channels/…`)."""

from django.urls import path

from . import views

app_name = "channel_hooks"

urlpatterns = [
    path("telegram/webhook/", views.telegram_webhook, name="telegram"),
    path("whatsapp/webhook/", views.whatsapp_webhook, name="whatsapp"),
]
