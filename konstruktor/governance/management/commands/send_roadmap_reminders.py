import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from konstruktor.governance.actions import roadmap_reminders_send


class Command(BaseCommand):
    help = (
        "Разослать ответственным сводку о просроченных мероприятиях дорожных карт и о тех, чей срок "
        "наступает в ближайшие рабочие дни. Запускать раз в день из cron; повторный запуск в тот же "
        "день писем не дублирует."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="дата рассылки ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--site-url", default="", help="адрес сайта для ссылок в письмах")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Дата — в виде ГГГГ-ММ-ДД.") from exc
        report = roadmap_reminders_send(today=today, site_url=options["site_url"])
        self.stdout.write(
            f"Напоминания: писем {report.sent} (мероприятий {report.items}); "
            f"уже отправлены сегодня — {report.skipped_already_sent}."
        )
