from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from konstruktor.knowledge.actions import knowledge_content_sync
from konstruktor.knowledge.quality.evaluate import (
    baseline_available,
    postgres_baseline,
    quality_evaluate,
    quality_lines,
)


class Command(BaseCommand):
    help = "Оценить качество поиска по справочнику на наборе запросов (MRR@10, recall@5)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="показать ранг каждого запроса")

    def handle(self, *args: Any, **options: Any) -> None:
        knowledge_content_sync()
        for line in quality_lines(quality_evaluate(), all_rows=options["all"]):
            self.stdout.write(line)
        if baseline_available():
            self.stdout.write("PostgreSQL, конфигурация russian (базовая линия):")
            self.stdout.write(quality_lines(quality_evaluate(ranker=postgres_baseline))[-1])
