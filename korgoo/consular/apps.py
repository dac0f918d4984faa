from django.apps import AppConfig


class ConsularConfig(AppConfig):
    name = "korgoo.consular"
    label = "consular"
    verbose_name = "Consular reception"
    default_auto_field = "django.db.models.BigAutoField"
