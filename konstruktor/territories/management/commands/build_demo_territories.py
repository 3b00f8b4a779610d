from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from konstruktor.territories.actions import DEMO_CSV
from konstruktor.territories.queries import demo_territory_rows


class Command(BaseCommand):
    help = (
        "Собрать файл демонстрационных территорий (data/demo_territories.csv) из справочника, "
        "загруженного из hflabs-city и ru-cities. Для разработчиков платформы."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regions", default="59,86,54", help="коды ФНС субъектов через запятую (59,86,54)")
        parser.add_argument("--out", default=str(DEMO_CSV), help="куда записать CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        import csv

        rows = demo_territory_rows(fns_codes=[c.strip() for c in options["regions"].split(",") if c.strip()])
        path = Path(options["out"])
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(row)
        self.stdout.write(f"Записано строк: {len(rows) - 1} → {path}")
