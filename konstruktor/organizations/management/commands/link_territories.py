from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from konstruktor.organizations.actions import organizations_link_territories


class Command(BaseCommand):
    help = (
        "Привязать организации к муниципальным образованиям и населённым пунктам справочника "
        "по адресу или названию места (ОКАТО) и вывести, что не удалось сопоставить."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="сопоставить заново все организации, в том числе уже привязанные (найденное заменяет привязку)",
        )
        parser.add_argument("--limit", type=int, default=50, help="сколько несопоставленных строк вывести (50)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = organizations_link_territories(only_unlinked=not options["all"])
        self.stdout.write(
            f"Просмотрено организаций: {report.total}; привязано: {report.matched} "
            f"(к населённому пункту: {report.to_settlement}); не сопоставлено: {len(report.unmatched)}."
        )
        for pk, text in report.unmatched[: options["limit"]]:
            self.stdout.write(f"  №{pk}: {text or '(нет адреса и названия места)'}")
        if len(report.unmatched) > options["limit"]:
            self.stdout.write(f"  … и ещё {len(report.unmatched) - options['limit']}.")
