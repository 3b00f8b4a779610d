from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "konstruktor.practices"
    verbose_name = "База практик"
