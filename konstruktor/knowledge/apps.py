from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "konstruktor.knowledge"
    verbose_name = "Справочник консультанта"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.knowledge import module

        registry.register(module.MODULE)
