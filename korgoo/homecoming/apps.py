from django.apps import AppConfig


class HomecomingConfig(AppConfig):
    name = "korgoo.homecoming"
    label = "homecoming"
    default_auto_field = "django.db.models.BigAutoField"
