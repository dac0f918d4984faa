from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "korgoo.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The help apps tell the index what changed; they cannot import this app (it is above them).
        from korgoo.core.indexing import listen

        from .services import on_content_changed

        listen(on_content_changed)
