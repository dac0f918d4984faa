from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "korgoo.channels"
    label = "channels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
