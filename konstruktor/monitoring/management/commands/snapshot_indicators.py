import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from konstruktor.monitoring.actions import MonitoringError, snapshots_compute


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Дата «{text}» — в виде ГГГГ-ММ-ДД.") from exc


class Command(BaseCommand):
    help = (
        "Рассчитать снимки показателей (накопленным итогом с начала года) за день или за период. "
        "Повторный запуск за те же дни заменяет их снимки целиком. Без параметров — за сегодня; "
        "из cron — раз в сутки."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="день ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--from", dest="day_from", help="начало периода ГГГГ-ММ-ДД")
        parser.add_argument("--to", dest="day_to", help="конец периода ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--indicator", action="append", help="только этот показатель (можно несколько)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"] and (options["day_from"] or options["day_to"]):
            raise CommandError("Укажите либо --date, либо --from/--to.")
        if options["day_from"]:
            day_from = _date(options["day_from"])
            day_to = _date(options["day_to"]) if options["day_to"] else today
        elif options["day_to"]:
            raise CommandError("--to без --from.")
        else:
            day_from = day_to = _date(options["date"]) if options["date"] else today
        try:
            report = snapshots_compute(day_from=day_from, day_to=day_to, codes=options["indicator"])
        except MonitoringError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Снимки показателей {day_from:%d.%m.%Y}–{day_to:%d.%m.%Y}: {report}.")
