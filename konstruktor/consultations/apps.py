from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "konstruktor.consultations"
    verbose_name = "Консультационная линия"

    def ready(self) -> None:
        from konstruktor.consultations import module
        from konstruktor.core import registry

        registry.register(module.MODULE)
