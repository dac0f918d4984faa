from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "korgoo.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
