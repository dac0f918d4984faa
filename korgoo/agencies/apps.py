from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "korgoo.agencies"
    label = "agencies"
    default_auto_field = "django.db.models.BigAutoField"
