from django.apps import AppConfig


class ExpertiseConfig(AppConfig):
    name = "konstruktor.expertise"
    verbose_name = "Экспертный отбор практик"

    def ready(self) -> None:
        from konstruktor.core import registry
        from konstruktor.expertise import module, queries
        from konstruktor.practices.queries import register_assigned_practices, register_practice_links

        registry.register(module.MODULE)
        # Experts read the passports of the practices assigned to them (after the COI declaration).
        register_assigned_practices(queries.assigned_practice_ids)
        # The practice page links to its expert reviews.
        register_practice_links(queries.practice_links_for)
