from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "konstruktor.monitoring"
    verbose_name = "Мониторинг: показатели программы"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.monitoring import module
        from konstruktor.monitoring.formulas import programme  # noqa: F401  (registers the shipped formulas)

        registry.register(module.MODULE)
