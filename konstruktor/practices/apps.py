from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "konstruktor.practices"
    verbose_name = "База практик"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.practices import module

        registry.register(module.MODULE)
