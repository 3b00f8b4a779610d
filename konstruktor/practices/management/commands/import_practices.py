"""konstruktor import_practices FILE [--partial] [--user U] [--default-region NAME]"""

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from konstruktor.practices.importing import practices_import, read_csv
from konstruktor.territories.models import Region


class Command(BaseCommand):
    help = (
        "Импорт описаний проектов (operator, year, application_no, org_name, inn, project, region, geography, "
        "amount_rub) как черновиков практик. По умолчанию «всё или ничего»: при отклонённых строках ничего не "
        "загружается и команда завершается с кодом 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="путь к файлу CSV в UTF-8")
        parser.add_argument(
            "--partial", action="store_true", help="загрузить подходящие строки, отклонённые пропустить"
        )
        parser.add_argument("--user", help="от чьего имени (проверяется регион РЦ); без него — системный импорт")
        parser.add_argument(
            "--default-region", help="регион для строк, где место не указано совсем (точное название субъекта)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        by = None
        if options["user"]:
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"Пользователь {options['user']} не найден.")
        default_region = None
        if options["default_region"]:
            region = Region.objects.filter(name=options["default_region"]).first()
            if region is None:
                raise CommandError(f"Регион «{options['default_region']}» не найден.")
            default_region = region.pk
        started = time.perf_counter()
        try:
            with open(options["file"], "rb") as stream:
                rows = list(read_csv(stream))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Файл не прочитан: {exc}") from exc
        report = practices_import(rows=rows, by=by, partial=options["partial"], default_region=default_region)
        for rejected in report.rejected:
            self.stdout.write(f"строка {rejected.number}: {rejected.reason}")
        for how, count in report.region_sources.most_common():
            self.stdout.write(f"регион определён — {how}: {count}")
        self.stdout.write(report.summary() + f" Время: {time.perf_counter() - started:.1f} с.")
        if not report.committed:
            raise SystemExit(1)
