from django.apps import AppConfig


class IncubatorConfig(AppConfig):
    name = "konstruktor.incubator"
    verbose_name = "Инкубатор инициативных групп"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.incubator import module

        registry.register(module.MODULE)
