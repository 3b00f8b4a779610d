from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _search_index_ensure(using: str = "default", **kwargs: Any) -> None:
    """SQLite drops a table's triggers when Django rebuilds the table in a migration."""
    from konstruktor.organizations.search_index import search_index_ensure

    search_index_ensure(connections[using])


class OrganizationsConfig(AppConfig):
    name = "konstruktor.organizations"
    verbose_name = "Реестр НКО и журнал поддержки"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.core.access import register_scope_provider
        from konstruktor.organizations import module, queries

        register_scope_provider(queries.scope_compute)
        registry.register(module.MODULE)
        post_migrate.connect(_search_index_ensure, sender=self, dispatch_uid="organizations_search_index")
