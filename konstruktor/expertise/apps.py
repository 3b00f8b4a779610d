from django.apps import AppConfig


class ExpertiseConfig(AppConfig):
    name = "konstruktor.expertise"
    verbose_name = "Экспертный отбор практик"
