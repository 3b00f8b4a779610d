from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "konstruktor.documents"
    verbose_name = "Пакеты документов"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.documents import module

        registry.register(module.MODULE)
