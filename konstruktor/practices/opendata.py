"""Open data of the federal catalog: published practices as CSV, JSON and XLSX, described by a
Frictionless Data Package (`datapackage.json`, profile tabular-data-package).

The two tables — practices and their outcomes with the per-outcome evidence — are built from
one column list each, so the CSV header, the XLSX sheets and the descriptor's schema cannot
drift apart. Rows are read in chunks and written as they come: 20 000 practices never sit in
memory at once. Contacts of people (e-mail, phone) are not published.
"""

import datetime
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from openpyxl import Workbook

from konstruktor.practices.catalog import catalog_transferred_to
from konstruktor.practices.models import DecisionCategory, EvidenceFlag, EvidenceLevel, Practice, Status

CHUNK = 500
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
PACKAGE_NAME = "konstruktor-practices"
FILES = {
    "practices.csv": "text/csv",
    "outcomes.csv": "text/csv",
    "practices.json": "application/json",
    "practices.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LEVELS = dict(EvidenceLevel.choices)
FLAGS = dict(EvidenceFlag.choices)
DECISIONS = dict(DecisionCategory.choices)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema types: string, integer, number, boolean, date, datetime
    title: str
    description: str
    required: bool = False
    format: str = "default"
    enum: tuple[str, ...] = ()


PRACTICE_COLUMNS = (
    Column("id", "integer", "Идентификатор", "Номер практики в каталоге; не меняется", required=True),
    Column("url", "string", "Страница в каталоге", "Адрес страницы практики", required=True, format="uri"),
    Column("title", "string", "Название", "Название практики", required=True),
    Column("summary", "string", "Краткое описание", "Суть практики в нескольких предложениях"),
    Column("organization", "string", "Ведущая организация", "НКО — автор и лидер практики"),
    Column("organization_inn", "string", "ИНН ведущей организации", "Если организация есть в реестре платформы"),
    Column("region", "string", "Регион ведущей организации", "Субъект РФ", required=True),
    Column("region_code", "string", "Код региона", "Код субъекта РФ (как в ИНН и КЛАДР), две цифры"),
    Column("regions", "string", "Где работает", "Субъекты РФ, где практика реализуется, через «; »"),
    Column("areas", "string", "Направления деятельности", "Виды деятельности по ст. 31.1 7-ФЗ, через «; »"),
    Column("area_codes", "string", "Коды направлений", "Коды видов деятельности платформы, через «; »"),
    Column("target_groups", "string", "Целевые группы", "Для кого практика, через «; »"),
    Column("target_group_codes", "string", "Коды целевых групп", "Коды справочника целевых групп, через «; »"),
    Column("social_problem", "string", "Социальная проблема", "Какую проблему решает практика"),
    Column("started_year", "integer", "Год начала", "Год, с которого практика реализуется"),
    Column("beneficiaries_per_year", "integer", "Благополучателей в год", "Сколько человек получают помощь за год"),
    Column("cost_per_beneficiary", "number", "Затраты на благополучателя, руб.", "По данным паспорта практики"),
    Column(
        "evidence_level",
        "integer",
        "Уровень доказанности (0–4)",
        "0 — недостаточно данных, 1 — обоснованная, 2 — перспективная, 3 — доказанная, "
        "4 — подтверждена в нескольких регионах; наибольший уровень среди приоритетных результатов",
        required=True,
    ),
    Column("evidence_level_name", "string", "Уровень доказанности", "Название уровня", required=True),
    Column("evidence_flag", "string", "Флаг доказанности", "«Нет эффекта» или «Вред»: отменяет уровень"),
    Column(
        "decision",
        "string",
        "Код решения",
        "Категория по итогам экспертного отбора",
        enum=tuple(str(v) for v in DecisionCategory.values),
    ),
    Column("decision_name", "string", "Решение экспертизы", "Название категории"),
    Column("merit_score", "number", "Экспертная оценка, 0–100", "Взвешенная сумма оценок экспертов по критериям"),
    Column(
        "readiness_score",
        "number",
        "Готовность к тиражированию, 0–4",
        "Среднее по материалам, обучению, чек-листу соответствия и данным о затратах",
    ),
    Column("decided_at", "date", "Дата решения", "Когда принято решение по итогам отбора"),
    Column("published_at", "datetime", "Опубликована", "Дата и время публикации в каталоге (UTC)"),
    Column("transferred_to", "string", "Тиражирована в регионах", "Регионы независимых тиражирований, через «; »"),
)

OUTCOME_COLUMNS = (
    Column("practice_id", "integer", "Идентификатор практики", "Ссылка на таблицу practices", required=True),
    Column("number", "integer", "Номер результата", "Порядковый номер результата в практике", required=True),
    Column("name", "string", "Результат", "Ожидаемый результат практики", required=True),
    Column("indicator", "string", "Показатель", "Как измеряется результат"),
    Column("unit", "string", "Единица измерения", ""),
    Column("baseline", "string", "Исходное значение", ""),
    Column("target", "string", "Целевое значение", ""),
    Column("is_priority", "boolean", "Приоритетный", "Учитывается в уровне доказанности практики", required=True),
    Column("evidence_level", "integer", "Уровень доказанности (0–4)", "Уровень по этому результату", required=True),
    Column("evidence_level_name", "string", "Уровень доказанности", "Название уровня", required=True),
    Column("evidence_flag", "string", "Флаг доказанности", "«Нет эффекта» или «Вред»"),
    Column("evidence_reasons", "string", "Как получен уровень", "Шаги правил, через « | »"),
)


def _joined(values: Any) -> str:
    return "; ".join(str(v) for v in values)


def practice_record(practice: Practice, *, base_url: str) -> dict[str, Any]:
    """One practice as a flat record (typed values; the writers format them)."""
    organization = practice.organization
    regions = sorted({practice.region.name, *(r.name for r in practice.regions.all())})
    areas = list(practice.areas.all())
    groups = list(practice.target_groups.all())
    return {
        "id": practice.pk,
        "url": base_url.rstrip("/") + practice.get_public_url(),
        "title": practice.title,
        "summary": practice.summary,
        "organization": str(organization) if organization is not None else practice.organization_name,
        "organization_inn": organization.inn if organization is not None else "",
        "region": practice.region.name,
        "region_code": practice.region.fns_code,
        "regions": _joined(regions),
        "areas": _joined(a.short_name for a in areas),
        "area_codes": _joined(a.code for a in areas),
        "target_groups": _joined(t.name for t in groups),
        "target_group_codes": _joined(t.code for t in groups),
        "social_problem": practice.social_problem,
        "started_year": practice.started_year,
        "beneficiaries_per_year": practice.beneficiaries_per_year,
        "cost_per_beneficiary": practice.cost_per_beneficiary,
        "evidence_level": practice.evidence_level,
        "evidence_level_name": str(LEVELS.get(practice.evidence_level, "")),
        "evidence_flag": str(FLAGS.get(practice.evidence_flag, "")) if practice.evidence_flag else "",
        "decision": practice.decision_category,
        "decision_name": str(DECISIONS.get(practice.decision_category, "")) if practice.decision_category else "",
        "merit_score": practice.merit_score,
        "readiness_score": practice.readiness_score,
        "decided_at": timezone.localdate(practice.decided_at) if practice.decided_at else None,
        "published_at": practice.published_at,
        "transferred_to": _joined(catalog_transferred_to(practice)),
    }


def outcome_records(practice: Practice) -> list[dict[str, Any]]:
    return [
        {
            "practice_id": practice.pk,
            "number": number,
            "name": outcome.name,
            "indicator": outcome.indicator,
            "unit": outcome.unit,
            "baseline": outcome.baseline,
            "target": outcome.target,
            "is_priority": outcome.is_priority,
            "evidence_level": outcome.evidence_level,
            "evidence_level_name": str(LEVELS.get(outcome.evidence_level, "")),
            "evidence_flag": str(FLAGS.get(outcome.evidence_flag, "")) if outcome.evidence_flag else "",
            "evidence_reasons": " | ".join(str(r) for r in outcome.evidence_reasons or ()),
        }
        for number, outcome in enumerate(practice.outcomes.all(), start=1)
    ]


def published_practices() -> QuerySet[Practice]:
    return (
        Practice.objects.filter(status=Status.PUBLISHED)
        .select_related("region", "organization")
        .prefetch_related("regions", "areas", "target_groups", "outcomes", "evaluations__region")
        .order_by("pk")
    )


def _practices() -> Iterator[Practice]:
    return published_practices().iterator(chunk_size=CHUNK)


# --- formatting ---------------------------------------------------------------------------------


def cell_text(column: Column, value: Any) -> str:
    """A value as Table Schema expects it in CSV (the default formats of each type)."""
    if value is None or value == "":
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "datetime":
        moment = value.astimezone(datetime.UTC) if isinstance(value, datetime.datetime) else value
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if column.type == "date":
        return value.isoformat()
    if column.type == "number":
        return format(Decimal(value).normalize(), "f") if isinstance(value, Decimal) else str(value)
    return str(value)


def json_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None if column.type != "string" else ""
    if column.type in ("date", "datetime"):
        return cell_text(column, value)
    if column.type == "number":
        return float(value)
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(table: str, *, base_url: str) -> Iterator[str]:
    """CSV (RFC 4180, comma, UTF-8, header row) of one table, line by line."""
    import csv

    writer = csv.writer(_Echo(), lineterminator="\r\n")
    columns = PRACTICE_COLUMNS if table == "practices" else OUTCOME_COLUMNS
    yield writer.writerow([c.name for c in columns])
    for practice in _practices():
        records = [practice_record(practice, base_url=base_url)] if table == "practices" else outcome_records(practice)
        for record in records:
            yield writer.writerow([cell_text(c, record[c.name]) for c in columns])


def json_chunks(*, base_url: str) -> Iterator[str]:
    """A JSON array of practices with their outcomes, one practice per chunk."""
    yield "[\n"
    first = True
    for practice in _practices():
        record = practice_record(practice, base_url=base_url)
        item = {c.name: json_value(c, record[c.name]) for c in PRACTICE_COLUMNS}
        item["outcomes"] = [
            {c.name: json_value(c, r[c.name]) for c in OUTCOME_COLUMNS if c.name != "practice_id"}
            for r in outcome_records(practice)
        ]
        yield ("" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


def xlsx_file(*, base_url: str) -> IO[bytes]:
    """The workbook (sheets «Практики» and «Результаты») in a temporary file, written row by row."""
    workbook = Workbook(write_only=True)
    practices_sheet = workbook.create_sheet("Практики")
    outcomes_sheet = workbook.create_sheet("Результаты")
    practices_sheet.append([c.title for c in PRACTICE_COLUMNS])
    outcomes_sheet.append([c.title for c in OUTCOME_COLUMNS])
    for practice in _practices():
        record = practice_record(practice, base_url=base_url)
        practices_sheet.append([_xlsx_value(c, record[c.name]) for c in PRACTICE_COLUMNS])
        for outcome in outcome_records(practice):
            outcomes_sheet.append([_xlsx_value(c, outcome[c.name]) for c in OUTCOME_COLUMNS])
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 — the response closes it
    workbook.save(target)
    target.seek(0)
    return target


def _xlsx_value(column: Column, value: Any) -> Any:
    if value is None:
        return ""
    if column.type == "boolean":
        return "да" if value else "нет"
    if column.type == "datetime":
        return timezone.localtime(value).replace(tzinfo=None)
    if column.type == "number":
        return float(value)
    return value


# --- the descriptor -----------------------------------------------------------------------------


def _field(column: Column) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "title": column.title,
        "description": column.description,
    }
    if column.format != "default":
        described["format"] = column.format
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.name == "evidence_level":
        constraints.update({"minimum": 0, "maximum": 4})
    if constraints:
        described["constraints"] = constraints
    return described


def _resource(name: str, title: str, description: str, columns: tuple[Column, ...], **schema: Any) -> dict[str, Any]:
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": f"{name}.csv",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True, "lineTerminator": "\r\n"},
        "schema": {"fields": [_field(c) for c in columns], "missingValues": [""], **schema},
    }


def last_change() -> datetime.datetime | None:
    """When the published catalog last changed (the descriptor's `created`, the files' version)."""
    found: datetime.datetime | None = Practice.objects.filter(status=Status.PUBLISHED).aggregate(
        last=Max("updated_at")
    )["last"]
    return found


def datapackage(*, homepage: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the catalog's open data."""
    created = last_change() or timezone.now()
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Федеральный каталог практик социально ориентированных НКО",
        "description": (
            "Опубликованные практики СОНКО, прошедшие экспертный отбор на платформе «Конструктор»: "
            "паспорт практики, уровень доказанности по правилам с разбором по каждому результату, "
            "решение экспертизы. Таблица outcomes ссылается на practices по practice_id."
        ),
        "homepage": homepage,
        "version": "1.0.0",
        "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": "ru",
        "keywords": ["СОНКО", "практики", "тиражирование", "доказательность", "открытые данные"],
        "licenses": [LICENSE],
        "sources": [{"title": "Платформа «Конструктор»: паспорта практик, экспертиза и решения", "path": homepage}],
        "resources": [
            _resource(
                "practices",
                "Практики",
                "Одна строка — одна опубликованная практика.",
                PRACTICE_COLUMNS,
                primaryKey=["id"],
            ),
            _resource(
                "outcomes",
                "Результаты практик и уровень доказанности по каждому",
                "Одна строка — один ожидаемый результат практики.",
                OUTCOME_COLUMNS,
                primaryKey=["practice_id", "number"],
                foreignKeys=[{"fields": ["practice_id"], "reference": {"resource": "practices", "fields": ["id"]}}],
            ),
        ],
    }
