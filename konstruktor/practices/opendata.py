"""Open data of the federal catalog: published practices as CSV, JSON and XLSX, described by a
Frictionless Data Package (`datapackage.json`, profile tabular-data-package).

The two tables — practices and their outcomes with the per-outcome evidence — are built from
one column list each, so the CSV header, the XLSX sheets and the descriptor's schema cannot
drift apart. Rows are read in chunks and written as they come: 20 000 practices never sit in
memory at once. The leader's contact is published only with their consent (ст. 10.1 152-ФЗ).
"""

import datetime
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from konstruktor.organizations.models import ActivityArea, TargetGroup
from konstruktor.practices.models import (
    DecisionCategory,
    Evaluation,
    EvidenceFlag,
    EvidenceLevel,
    Outcome,
    Practice,
)
from konstruktor.practices.queries import CATALOG_Q, practice_public_contact
from konstruktor.territories.models import Region

CHUNK = 1000
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


CONSENT = "Только если лидер дал согласие на публикацию (ст. 10.1 Федерального закона № 152-ФЗ), иначе пусто"
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
    Column("contact_name", "string", "Лидер практики", CONSENT),
    Column("contact_email", "string", "E-mail лидера практики", CONSENT, format="email"),
    Column("contact_phone", "string", "Телефон лидера практики", CONSENT),
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


@dataclass
class _Related:
    """What a practice's record needs besides its row, read for a chunk of practices at once."""

    regions: list[str] = field(default_factory=list)
    areas: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    groups: list[tuple[str, str]] = field(default_factory=list)
    transferred: set[str] = field(default_factory=set)
    outcomes: list[dict[str, Any]] = field(default_factory=list)


def practice_record(practice: Practice, related: _Related, *, url: str) -> dict[str, Any]:
    """One practice as a flat record (typed values; the writers format them)."""
    organization = practice.organization
    contact = practice_public_contact(practice)
    areas = sorted(related.areas)
    groups = sorted(related.groups)
    return {
        "id": practice.pk,
        "url": url,
        "title": practice.title,
        "summary": practice.summary,
        "organization": str(organization) if organization is not None else practice.organization_name,
        "organization_inn": organization.inn if organization is not None else "",
        "region": practice.region.name,
        "region_code": practice.region.fns_code,
        "regions": _joined(sorted({practice.region.name, *related.regions})),
        "areas": _joined(name for _, name in areas),
        "area_codes": _joined(code for code, _ in areas),
        "target_groups": _joined(name for _, name in groups),
        "target_group_codes": _joined(code for code, _ in groups),
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_phone": contact.phone if contact else "",
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
        "transferred_to": _joined(sorted(related.transferred)),
    }


def _outcome_record(practice_id: int, number: int, row: tuple[Any, ...]) -> dict[str, Any]:
    name, indicator, unit, baseline, target, priority, level, flag, reasons = row
    return {
        "practice_id": practice_id,
        "number": number,
        "name": name,
        "indicator": indicator,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "is_priority": priority,
        "evidence_level": level,
        "evidence_level_name": str(LEVELS.get(level, "")),
        "evidence_flag": str(FLAGS.get(flag, "")) if flag else "",
        "evidence_reasons": " | ".join(str(r) for r in reasons or ()),
    }


OUTCOME_FIELDS = (
    "name", "indicator", "unit", "baseline", "target", "is_priority", "evidence_level", "evidence_flag",
    "evidence_reasons",
)  # fmt: skip
# Passport texts the open data leave out (they are on the practice page).
SKIPPED_TEXT = ("target_group_criteria", "logic_model", "resources", "prior_transfers", "decision_explanation")


def _published(*, with_outcomes: bool) -> Iterator[tuple[Practice, _Related]]:
    """Published practices in id order, a chunk at a time: the rows, then their regions, areas,
    groups, replications and outcomes by plain value queries — no model instance per link, and
    never more than one chunk in memory."""
    region_names = dict(Region.objects.values_list("pk", "name"))
    area_refs = {pk: (code, name) for pk, code, name in ActivityArea.objects.values_list("pk", "code", "short_name")}
    group_refs = {pk: (code, name) for pk, code, name in TargetGroup.objects.values_list("pk", "code", "name")}
    last = 0
    while True:
        chunk = list(
            Practice.objects.filter(CATALOG_Q, pk__gt=last)
            .select_related("region", "organization")
            .defer(*SKIPPED_TEXT)
            .order_by("pk")[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1].pk
        related = {p.pk: _Related() for p in chunk}
        links = (
            (Practice.regions.through, "region_id", lambda r, v: r.regions.append(region_names[v])),
            (Practice.areas.through, "activityarea_id", lambda r, v: r.areas.append(area_refs[v])),
            (Practice.target_groups.through, "targetgroup_id", lambda r, v: r.groups.append(group_refs[v])),
        )
        for through, column, add in links:
            for practice_id, value in through.objects.filter(practice_id__in=related).values_list(
                "practice_id", column
            ):
                add(related[practice_id], value)
        replications = Evaluation.objects.filter(
            practice_id__in=related, independent_replication=True, region__isnull=False
        ).values_list("practice_id", "region__name")
        for practice_id, name in replications:
            related[practice_id].transferred.add(name)
        if with_outcomes:
            outcomes = (
                Outcome.objects.filter(practice_id__in=related)
                .order_by("practice_id", "order", "id")
                .values_list("practice_id", *OUTCOME_FIELDS)
            )
            for practice_id, *row in outcomes:
                found = related[practice_id].outcomes
                found.append(_outcome_record(practice_id, len(found) + 1, tuple(row)))
        yield from ((p, related[p.pk]) for p in chunk)


def _url_of(base_url: str) -> Any:
    """practice id → absolute page address, without a reverse() per row."""
    marker = 987654321
    template = base_url.rstrip("/") + reverse("practices:public_detail", args=[marker])
    head, tail = template.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _outcome_rows() -> Iterator[dict[str, Any]]:
    """The outcomes table straight from one query, numbered within each practice as the
    practices' own records number them (the outcomes' order)."""
    rows = (
        Outcome.objects.filter(practice__in=Practice.objects.filter(CATALOG_Q))
        .order_by("practice_id", "order", "id")
        .values_list("practice_id", *OUTCOME_FIELDS)
    )
    current, number = None, 0
    for practice_id, *row in rows.iterator(chunk_size=CHUNK):
        number = number + 1 if practice_id == current else 1
        current = practice_id
        yield _outcome_record(practice_id, number, tuple(row))


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
    url = _url_of(base_url)
    records = (
        (practice_record(p, r, url=url(p.pk)) for p, r in _published(with_outcomes=False))
        if table == "practices"
        else _outcome_rows()
    )
    for record in records:
        yield writer.writerow([cell_text(c, record[c.name]) for c in columns])


def json_chunks(*, base_url: str) -> Iterator[str]:
    """A JSON array of practices with their outcomes, one practice per chunk."""
    yield "[\n"
    first = True
    url = _url_of(base_url)
    for practice, related in _published(with_outcomes=True):
        record = practice_record(practice, related, url=url(practice.pk))
        item = {c.name: json_value(c, record[c.name]) for c in PRACTICE_COLUMNS}
        item["outcomes"] = [
            {c.name: json_value(c, r[c.name]) for c in OUTCOME_COLUMNS if c.name != "practice_id"}
            for r in related.outcomes
        ]
        yield ("" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _xlsx_write(target: IO[bytes], *, base_url: str) -> None:
    """The workbook (sheets «Практики» and «Результаты»), rows written as they are read."""
    workbook = Workbook(write_only=True)
    practices_sheet = workbook.create_sheet("Практики")
    outcomes_sheet = workbook.create_sheet("Результаты")
    practices_sheet.append([c.title for c in PRACTICE_COLUMNS])
    outcomes_sheet.append([c.title for c in OUTCOME_COLUMNS])
    url = _url_of(base_url)
    for practice, related in _published(with_outcomes=True):
        record = practice_record(practice, related, url=url(practice.pk))
        practices_sheet.append([_xlsx_value(c, record[c.name]) for c in PRACTICE_COLUMNS])
        for outcome in related.outcomes:
            outcomes_sheet.append([_xlsx_value(c, outcome[c.name]) for c in OUTCOME_COLUMNS])
    workbook.save(target)


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


# --- files on disk ------------------------------------------------------------------------------


STALE_SECONDS = 3600


def opendata_file(name: str, *, base_url: str, version: str) -> Path:
    """The file `name` of this catalog version, written once into VAR_DIR/opendata and served
    from there: asking again costs a file read, not 20 000 rows. Rows are written as they are
    read, so memory stays flat; other versions are removed an hour after they were written."""
    folder = Path(settings.VAR_DIR) / "opendata"
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{version}|{base_url}".encode()).hexdigest()[:16]
    target = folder / f"{key}-{name}"
    if target.exists():
        return target
    partial = folder / f".{key}-{os.getpid()}-{name}"
    if name.endswith(".xlsx"):
        with partial.open("wb") as binary:
            _xlsx_write(binary, base_url=base_url)
    else:
        if name.endswith(".json"):
            chunks = json_chunks(base_url=base_url)
        else:
            chunks = csv_lines(name.removesuffix(".csv"), base_url=base_url)
        with partial.open("w", encoding="utf-8", newline="") as text:
            text.writelines(chunks)
    os.replace(partial, target)
    now = time.time()
    for old in folder.glob(f"*-{name}"):
        if old != target and now - old.stat().st_mtime > STALE_SECONDS:
            old.unlink(missing_ok=True)
    return target


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
    found: datetime.datetime | None = Practice.objects.filter(CATALOG_Q).aggregate(last=Max("updated_at"))["last"]
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
