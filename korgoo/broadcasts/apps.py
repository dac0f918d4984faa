from django.apps import AppConfig


class BroadcastsConfig(AppConfig):
    name = "korgoo.broadcasts"
    label = "broadcasts"
    default_auto_field = "django.db.models.BigAutoField"
