from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from konstruktor.documents.shipped.install import shipped_install


class Command(BaseCommand):
    help = (
        "Собрать шаблоны DOCX поставляемых пакетов документов из исходного текста и установить пакеты "
        "и параметры (повторный запуск ничего не меняет, если исходники не изменились)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="коды пакетов; по умолчанию — все")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="пересоздать анкеты из исходников (изменения редакторов в анкетах будут потеряны)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        shipped_install(slugs=options["slugs"] or None, reset=options["reset"], write=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Пакеты документов установлены."))
