from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from konstruktor.territories.actions import KINDS, territories_import
from konstruktor.territories.errors import TerritoryError


class Command(BaseCommand):
    help = (
        "Загрузить справочник территорий и численность населения из файла. Форматы: "
        + "; ".join(f"{k} — {v}" for k, v in KINDS.items())
        + ". Повторная загрузка обновляет записи по коду ОКТМО и не создаёт дублей; "
        "при ошибке не записывается ничего."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV (hflabs, ru-cities) или XLSX Росстата")
        parser.add_argument("--kind", choices=sorted(KINDS), help="формат файла (по умолчанию — по заголовку)")
        parser.add_argument("--year", type=int, help="год численности, если его нет в заголовке таблицы Росстата")
        parser.add_argument("--sheet", help="лист книги Росстата (по умолчанию — первый с кодами ОКТМО)")
        parser.add_argument("--limit", type=int, default=50, help="сколько пропущенных строк вывести (50)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = territories_import(
                path=options["file"], kind=options["kind"], year=options["year"], sheet=options["sheet"]
            )
        except TerritoryError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.summary_lines(limit=options["limit"]):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Загрузка завершена."))
