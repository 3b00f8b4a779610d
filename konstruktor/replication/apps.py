from django.apps import AppConfig


class ReplicationConfig(AppConfig):
    name = "konstruktor.replication"
    verbose_name = "Подбор и тиражирование практик"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.practices.queries import register_practice_links
        from konstruktor.replication import module, queries

        registry.register(module.MODULE)
        # The practice page links to its transfers, requests and a new request.
        register_practice_links(queries.practice_links_for)
