"""A roadmap as one XLSX sheet, a row per node, in the same layout for export and import.

Export → import of an unchanged file changes nothing (the test proves it). Import validates every
row first and reports each bad one with its row number and reason (actions.exchange).
"""

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from konstruktor.governance.models import ItemStatus, NodeLevel, Roadmap, RoadmapNode
from konstruktor.governance.queries import roadmap_nodes
from konstruktor.organizations.models import Organization

COLUMNS = [
    "Уровень",
    "Код",
    "Наименование",
    "Вес, %",
    "ИНН ответственной организации",
    "Ответственное лицо",
    "Срок (дд.мм.гггг)",
    "Ожидаемый результат",
    "Единица измерения",
    "Базовое значение",
    "Целевое значение",
    "Фактическое значение",
    "Статус",
    "Соисполнители (ИНН через «;»)",
]
WIDTHS = [14, 10, 60, 8, 16, 28, 14, 50, 14, 12, 12, 12, 14, 28]
SHEET_TITLE = "Дорожная карта"
LEVEL_LABELS = {level.value: str(level.label) for level in NodeLevel}
LEVEL_BY_TEXT = {**{label.lower(): value for value, label in LEVEL_LABELS.items()}, "1": 1, "2": 2, "3": 3}
STATUS_BY_TEXT = {**{str(s.label).lower(): s.value for s in ItemStatus}, **{s.value: s.value for s in ItemStatus}}
CODE_RE = re.compile(r"^[1-9]\d*(\.[1-9]\d*){0,2}$")
# An organization without ИНН (an initiative group) is written as its registry number.
REGISTRY_RE = re.compile(r"^№\s*(\d+)$")
DECIMAL_PLACES = Decimal("0.0001")


def organization_ref(org: Organization) -> str:
    return org.inn or f"№ {org.pk}"


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    normalized = value.normalize()
    return int(normalized) if normalized == normalized.to_integral_value() else float(value)


def export_rows(roadmap: Roadmap) -> Iterator[list[Any]]:
    nodes = roadmap_nodes(roadmap=roadmap)
    children: dict[int | None, list[RoadmapNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)

    def walk(parent_id: int | None) -> Iterator[RoadmapNode]:
        for n in sorted(children.get(parent_id, []), key=lambda n: (n.position, n.pk)):
            yield n
            yield from walk(n.pk)

    for n in walk(None):
        item = n.is_item
        yield [
            LEVEL_LABELS[n.level],
            n.code,
            n.title,
            _number(n.weight),
            organization_ref(n.owner_organization) if item and n.owner_organization else None,
            n.owner_person if item else None,
            n.deadline.strftime("%d.%m.%Y") if item and n.deadline else None,
            n.expected_result if item else None,
            n.indicator_unit if item else None,
            _number(n.indicator_baseline) if item else None,
            _number(n.indicator_target) if item else None,
            _number(n.indicator_actual) if item else None,
            str(ItemStatus(n.status).label) if item else None,
            "; ".join(sorted(organization_ref(o) for o in n.co_owners.all())) if item else None,
        ]


def roadmap_export_xlsx(roadmap: Roadmap) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in export_rows(roadmap):
        sheet.append(row)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    levels = DataValidation(type="list", formula1='"Цель,Мера,Мероприятие"', allow_blank=False)
    statuses = DataValidation(
        type="list", formula1='"' + ",".join(str(s.label) for s in ItemStatus) + '"', allow_blank=True
    )
    sheet.add_data_validation(levels)
    sheet.add_data_validation(statuses)
    levels.add("A2:A2000")
    statuses.add("M2:M2000")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ------------------------------------------------------------------------------------


@dataclass
class Row:
    """One validated row of the file."""

    number: int
    level: int
    code: str
    title: str
    weight: Decimal | None
    owner_organization: Organization | None = None
    owner_person: str = ""
    deadline: datetime.date | None = None
    expected_result: str = ""
    indicator_unit: str = ""
    indicator_baseline: Decimal | None = None
    indicator_target: Decimal | None = None
    indicator_actual: Decimal | None = None
    status: str = ItemStatus.PLANNED
    co_owners: list[Organization] = field(default_factory=list)

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any, name: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"«{name}»: ожидается число")
    try:
        number = Decimal(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"«{name}»: «{value}» — не число") from exc
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ValueError(f"«{name}»: «{value}» — недопустимое число")
    return number.quantize(DECIMAL_PLACES)


def _date(value: Any) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(str(value).strip(), "%d.%m.%Y").date()
    except ValueError as exc:
        raise ValueError(f"срок «{value}»: ожидается дата в виде дд.мм.гггг") from exc


def read_sheet(source: IO[bytes] | str) -> tuple[list[tuple[int, list[Any]]], list[tuple[int, str]]]:
    """Rows of the first sheet (with their numbers) and header errors."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:
        return [], [(0, f"файл не читается как книга Excel (XLSX): {type(exc).__name__}")]
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    if [h.lower() for h in header[: len(COLUMNS)]] != [c.lower() for c in COLUMNS]:
        workbook.close()
        return [], [(1, "заголовок не совпадает с шаблоном выгрузки: " + " | ".join(COLUMNS))]
    data = []
    for number, values in enumerate(rows, start=2):
        cells = list(values[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(values))
        if all(_text(v) == "" for v in cells):
            continue
        data.append((number, cells))
    workbook.close()
    return data, []


class _Organizations:
    """ИНН / «№ id» → organization, one query for the whole file."""

    def __init__(self, rows: list[tuple[int, list[Any]]]) -> None:
        refs = set()
        for _, cells in rows:
            refs.add(_text(cells[4]))
            refs.update(r.strip() for r in _text(cells[13]).split(";"))
        refs.discard("")
        ids = [int(m.group(1)) for r in refs if (m := REGISTRY_RE.match(r))]
        inns = [r for r in refs if r.isdigit()]
        found = Organization.objects.filter(inn__in=inns) | Organization.objects.filter(pk__in=ids)
        self._by_ref = {organization_ref(o): o for o in found}
        self._by_ref.update({o.inn: o for o in found if o.inn})
        self._by_ref.update({f"№ {o.pk}": o for o in found})

    def get(self, ref: str) -> Organization:
        m = REGISTRY_RE.match(ref)
        key = f"№ {m.group(1)}" if m else ref
        if key not in self._by_ref:
            raise ValueError(f"организация «{ref}» не найдена в реестре (укажите ИНН)")
        return self._by_ref[key]


def parse_rows(rows: list[tuple[int, list[Any]]]) -> tuple[list[Row], list[tuple[int, str]]]:
    """Validate every row on its own and the tree as a whole; all errors, not the first."""
    organizations = _Organizations(rows)
    parsed: list[Row] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        problems: list[str] = []
        level_text = _text(cells[0]).lower()
        level = LEVEL_BY_TEXT.get(level_text)
        if level is None:
            problems.append(f"уровень «{_text(cells[0])}»: ожидается Цель, Мера или Мероприятие")
        code = _text(cells[1]).rstrip(".")
        if not CODE_RE.match(code):
            problems.append(f"код «{code}»: ожидается вида 1, 1.2 или 1.2.3")
        elif level is not None and code.count(".") + 1 != level:
            problems.append(f"код «{code}» не соответствует уровню «{LEVEL_LABELS[level]}»")
        elif code in seen:
            problems.append(f"код «{code}» уже встречался в строке {seen[code]}")
        title = _text(cells[2])
        if not title:
            problems.append("не указано наименование")
        elif len(title) > 500:
            problems.append("наименование длиннее 500 знаков")
        row = Row(number=number, level=level or 0, code=code, title=title, weight=None)
        try:
            row.weight = _decimal(cells[3], "Вес, %")
            if row.weight is not None and row.weight <= 0:
                problems.append("вес должен быть больше нуля (пустой вес — равные веса)")
            elif row.weight is not None and row.weight > 100:
                problems.append("вес больше 100 %")
            elif row.weight is not None and row.weight != row.weight.quantize(Decimal("0.01")):
                problems.append("вес — не более двух знаков после запятой")
            elif row.weight is not None:
                row.weight = row.weight.quantize(Decimal("0.01"))
        except ValueError as exc:
            problems.append(str(exc))
        item_cells = [cells[i] for i in range(4, 14)]
        if level == NodeLevel.ITEM:
            owner = _text(cells[4])
            try:
                row.owner_organization = organizations.get(owner) if owner else None
            except ValueError as exc:
                problems.append(str(exc))
            row.owner_person = _text(cells[5])[:255]
            row.expected_result = _text(cells[7])
            row.indicator_unit = _text(cells[8])[:64]
            for index, name, attr in (
                (10 - 1, "Базовое значение", "indicator_baseline"),
                (11 - 1, "Целевое значение", "indicator_target"),
                (12 - 1, "Фактическое значение", "indicator_actual"),
            ):
                try:
                    setattr(row, attr, _decimal(cells[index], name))
                except ValueError as exc:
                    problems.append(str(exc))
            try:
                row.deadline = _date(cells[6])
            except ValueError as exc:
                problems.append(str(exc))
            status = _text(cells[12]).lower()
            if status:
                if status not in STATUS_BY_TEXT:
                    problems.append(
                        f"статус «{_text(cells[12])}»: ожидается " + ", ".join(str(s.label) for s in ItemStatus)
                    )
                else:
                    row.status = STATUS_BY_TEXT[status]
            for ref in (r.strip() for r in _text(cells[13]).split(";")):
                if ref:
                    try:
                        row.co_owners.append(organizations.get(ref))
                    except ValueError as exc:
                        problems.append(str(exc))
        elif level is not None and any(_text(v) for v in item_cells):
            problems.append("ответственные, сроки, показатели и статус указываются только у мероприятий")
        if problems:
            errors.append((number, "; ".join(problems)))
        elif code:
            seen[code] = number
        parsed.append(row)
    if errors:
        return parsed, errors
    errors.extend(_tree_errors(parsed))
    return parsed, errors


def _tree_errors(rows: list[Row]) -> list[tuple[int, str]]:
    from konstruktor.governance.progress import WeightError, weights_validate

    errors: list[tuple[int, str]] = []
    codes = {r.code for r in rows}
    siblings: dict[str | None, list[Row]] = {}
    for r in rows:
        if r.parent_code is not None and r.parent_code not in codes:
            errors.append((r.number, f"нет строки родителя с кодом «{r.parent_code}»"))
        siblings.setdefault(r.parent_code, []).append(r)
    for parent_code, group in siblings.items():
        weights = [r.weight for r in group]
        if all(w is None for w in weights):
            continue
        try:
            weights_validate(weights, equal=False)
        except WeightError as exc:
            where = f"у элементов «{parent_code}»" if parent_code else "у целей"
            errors.append((group[0].number, f"веса {where}: {exc} (или оставьте вес пустым у всех — равные веса)"))
    return errors
