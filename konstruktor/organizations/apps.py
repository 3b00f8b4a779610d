from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "konstruktor.organizations"
    verbose_name = "Реестр НКО и журнал поддержки"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.core.access import register_scope_provider
        from konstruktor.organizations import module, queries

        register_scope_provider(queries.scope_compute)
        registry.register(module.MODULE)
