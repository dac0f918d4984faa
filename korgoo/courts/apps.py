from django.apps import AppConfig


class CourtsConfig(AppConfig):
    name = "korgoo.courts"
    label = "courts"
    verbose_name = "Court decisions"
