from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from konstruktor.knowledge.actions import knowledge_content_sync, knowledge_reindex


class Command(BaseCommand):
    help = "Загрузить статьи справочника из Markdown-файлов (повторный запуск меняет только изменённое)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, help="папка с разделами (по умолчанию knowledge/content)")
        parser.add_argument("--reindex", action="store_true", help="заново построить поисковый индекс справочника")

    def handle(self, *args: Any, **options: Any) -> None:
        report = knowledge_content_sync(directory=options["directory"])
        for error in report.errors:
            self.stderr.write(f"  {error}")
        for slug in report.kept:
            self.stdout.write(f"  {slug}: изменена редактором после загрузки — файл не применён")
        if options["reindex"]:
            self.stdout.write(f"Проиндексировано статей: {knowledge_reindex()}")
        self.stdout.write(self.style.SUCCESS(f"Справочник: {report}."))
