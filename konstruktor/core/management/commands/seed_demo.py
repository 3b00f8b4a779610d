from typing import Any

from django.core.management.base import BaseCommand

from konstruktor.core import registry


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные всех модулей (повторный запуск ничего не меняет)."

    def handle(self, *args: Any, **options: Any) -> None:
        for module in registry.seeds():
            assert module.seed is not None
            module.seed(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Демо-данные загружены."))
