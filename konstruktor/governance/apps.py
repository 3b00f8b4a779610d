from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "konstruktor.governance"
    verbose_name = "Проектное управление: группы, заседания, дорожные карты"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.governance import module

        registry.register(module.MODULE)
