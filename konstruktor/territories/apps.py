from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "konstruktor.territories"
    verbose_name = "Территории"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.territories import views

        registry.register(views.MODULE)
