"""konstruktor import_organizations FILE [--mode all_or_nothing|skip_invalid] [--user U] [--layout L]"""

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from konstruktor.organizations.errors import OrganizationError
from konstruktor.organizations.importing import (
    LAYOUTS,
    TARGET_FIELDS,
    mapping_detect,
    organizations_import,
    source_sniff,
)
from konstruktor.organizations.importing.layouts import LAYOUTS_BY_NAME, layout_title
from konstruktor.organizations.importing.reading import DELIMITER_NAMES


class Command(BaseCommand):
    help = (
        "Импорт организаций из CSV или XLSX в реестр. Прогресс выводится в stderr, отчёт — в stdout. "
        "Код возврата 1, если импорт в режиме «всё или ничего» отменён из-за ошибочных строк."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="путь к файлу CSV/TSV/TXT/XLSX")
        parser.add_argument(
            "--mode",
            choices=["all_or_nothing", "skip_invalid"],
            default="all_or_nothing",
            help="всё или ничего (по умолчанию) / пропустить ошибочные строки",
        )
        parser.add_argument(
            "--user",
            help="от чьего имени импортировать (проверяется зона ответственности); "
            "без него — системный импорт во все регионы",
        )
        parser.add_argument(
            "--layout",
            choices=sorted(LAYOUTS_BY_NAME),
            help="известный формат файла, если он не распознан по заголовку: "
            + "; ".join(f"{layout.name} — {layout.title}" for layout in LAYOUTS),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        by = None
        if options["user"]:
            try:
                by = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Пользователь {options['user']} не найден.") from exc
        path = options["file"]
        try:
            info = source_sniff(path)
        except (OrganizationError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        layout, mapping = mapping_detect(info.header, options["layout"])
        err = self.stderr
        details = [f"формат {info.format.upper()}"]
        if info.encoding:
            details.append(f"кодировка {info.encoding}")
        if info.delimiter:
            details.append(f"разделитель — {DELIMITER_NAMES.get(info.delimiter, info.delimiter)}")
        err.write(f"{path}: {', '.join(details)}. {layout_title(layout)}.")
        for title, target in zip(info.header, mapping, strict=True):
            if target:
                err.write(f"  «{title}» → {TARGET_FIELDS[target]}")

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase == "running" and done:
                of = f" из ~{total}" if total else ""
                sys.stderr.write(f"\rОбработано строк: {done}{of}")
                sys.stderr.flush()

        try:
            report = organizations_import(
                path=path, mapping=mapping, mode=options["mode"], by=by, progress=progress, info=info
            )
        except OrganizationError as exc:
            raise CommandError(str(exc)) from exc
        sys.stderr.write("\n")
        out = self.stdout
        out.write(
            f"Строк: {report.rows}; добавлено: {report.created}; обновлено: {report.updated}; "
            f"без изменений: {report.unchanged}; отклонено: {report.rejected}. "
            f"Время: {report.seconds:.1f} с ({report.rows_per_second:.0f} строк/с)."
        )
        if report.rejections:
            out.write("Отклонённые строки (номер строки в файле, заголовок — строка 1):")
            for rejection in report.rejections:
                out.write(f"{rejection.row}\t{rejection.reason}")
        if report.rolled_back:
            raise CommandError(
                f"Ничего не записано: в режиме «всё или ничего» найдено {report.rejected} "
                f"ошибочных строк (строк без ошибок: {report.valid}). Исправьте их или запустите "
                "с --mode skip_invalid.",
                returncode=1,
            )
