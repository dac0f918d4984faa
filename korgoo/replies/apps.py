from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "korgoo.replies"
    label = "replies"
    default_auto_field = "django.db.models.BigAutoField"
