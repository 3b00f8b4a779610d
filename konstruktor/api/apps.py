from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "konstruktor.api"
    verbose_name = "API"
