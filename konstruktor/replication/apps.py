from django.apps import AppConfig


class ReplicationConfig(AppConfig):
    name = "konstruktor.replication"
    verbose_name = "Подбор и тиражирование практик"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.replication import module

        registry.register(module.MODULE)
