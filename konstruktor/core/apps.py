from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "konstruktor.core"
    verbose_name = "Ядро платформы"
