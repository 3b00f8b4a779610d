"""Writing an import: rows are validated, matched to the registry and written in chunks.

The whole import is one transaction. Each chunk of rows costs one query to find the
organizations it matches (by ОГРН, else ИНН, else учётный номер Минюста), one multi-row insert
of new organizations (on SQLite, and one query to learn their ids; PostgreSQL returns them), one
multi-row update per set of changed fields and one multi-row insert of history entries. Inserts
and updates go below the ORM (`bulk`), whose per-value overhead dominated the import.
"""

import datetime
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from konstruktor.core.access import Scope, scope_for
from konstruktor.core.models import ChangeEntry
from konstruktor.organizations.errors import AccessDenied
from konstruktor.organizations.importing.bulk import (
    arrays_supported,
    bulk_cursor,
    insert_many,
    model_field,
    update_many,
)
from konstruktor.organizations.importing.layouts import TARGET_FIELDS, Mapping, mapping_errors
from konstruktor.organizations.importing.parsing import ImportContext, RowParser
from konstruktor.organizations.importing.reading import (
    ImportFileError,
    SourceInfo,
    source_rows,
    source_sniff,
)
from konstruktor.organizations.models import ImportJob, Organization
from konstruktor.organizations.queries import organization_search_text

CHUNK_ROWS = 2000
MODES = tuple(ImportJob.Mode.values)
_SEARCH_FIELDS = frozenset({"full_name", "short_name", "legal_form_id", "inn", "ogrn"})
_CONVERTED_IN_HISTORY = frozenset({"region_id", "legal_form_id", "registration_date"})
SYSTEM_SCOPE = Scope(authenticated=True, is_federal=True)

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Rejection:
    row: int  # the row number in the file as a spreadsheet shows it (header = row 1)
    reason: str


@dataclass
class ImportReport:
    mode: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    rolled_back: bool = False
    seconds: float = 0.0
    # Rows that passed every check (in an all-or-nothing import that was rolled back, too).
    valid: int = 0

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class RowPlan:
    """What one valid row would do: create an organization, or change an existing one."""

    row: int
    organization: Organization
    created: bool
    changes: dict[str, list[Any]]


@dataclass
class _Seen:
    """Identifiers met earlier in the file (and organizations already matched), with their row."""

    ogrn: dict[str, int] = field(default_factory=dict)
    inn: dict[str, int] = field(default_factory=dict)
    minjust_number: dict[str, int] = field(default_factory=dict)
    organization: dict[int, int] = field(default_factory=dict)

    def repeat(self, row: int, values: dict[str, Any]) -> str | None:
        for key, title in (("ogrn", "ОГРН"), ("inn", "ИНН"), ("minjust_number", "учётного номера Минюста")):
            value = values.get(key)
            if value and value in getattr(self, key):
                return f"повтор {title} из строки {getattr(self, key)[value]}"
        for key in ("ogrn", "inn", "minjust_number"):
            value = values.get(key)
            if value:
                getattr(self, key)[value] = row
        return None


# What matching and updating need of an existing organization (not its timestamps).
_MATCH_COLUMNS = tuple(
    f.attname for f in Organization._meta.concrete_fields if f.attname not in ("created_at", "updated_at")
)


def _identifier_rows(*, ogrn: set[str], inn: set[str], minjust_number: set[str]) -> list[tuple[Any, ...]]:
    """_MATCH_COLUMNS of the organizations holding any of these identifiers, in one query: a
    UNION of index lookups (an OR would make SQLite scan the table, because the unique indexes
    are partial). Plain SQL: the ORM spends more on preparing thousands of IN values than the
    lookups cost; PostgreSQL gets each set as one array parameter."""
    meta = Organization._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model_field(Organization, name).column) for name in _MATCH_COLUMNS)
    arrays = arrays_supported()
    parts: list[str] = []
    params: list[Any] = []
    for name, values in (("ogrn", ogrn), ("inn", inn), ("minjust_number", minjust_number)):
        if not values:
            continue
        column = quote(name)
        if arrays:
            condition = f"{column} = ANY(%b::text[])"
            params.append(list(values))
        else:
            condition = f"{column} IN ({', '.join(['%s'] * len(values))})"
            params.extend(values)
        if name != "minjust_number":  # the partial unique index of ОГРН / ИНН
            condition += f" AND NOT ({column} = '')"
        parts.append(f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {condition}")
    if not parts:
        return []
    with bulk_cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        return cursor.fetchall()


def organizations_by_identifiers(*, ogrn: set[str], inn: set[str], minjust_number: set[str]) -> list[Organization]:
    """Existing organizations for a chunk, built straight from value rows: Model.__init__ for
    thousands of rows per chunk would cost as much as the rest of the matching."""
    rows = _identifier_rows(ogrn=ogrn, inn=inn, minjust_number=minjust_number)
    alias = connection.alias
    orgs = []
    for values in rows:
        org = Organization.__new__(Organization)
        org.__dict__.update(zip(_MATCH_COLUMNS, values, strict=True))
        org._state = ModelState()
        org._state.adding = False
        org._state.db = alias
        orgs.append(org)
    return orgs


class _Planner:
    """Validates rows and matches them to the registry, without writing anything."""

    def __init__(self, *, mapping: Mapping, header: tuple[str, ...], scope: Scope) -> None:
        self.context = ImportContext.load(scope)
        self.parser = RowParser(mapping=mapping, header=header, context=self.context)
        self.seen = _Seen()
        self.region_mapped = "region" in mapping
        # New organizations are built from the field defaults without Model.__init__ (which
        # costs more than the rest of a row's work); the instances are only inserted in bulk.
        self.defaults = {f.attname: f.get_default() for f in Organization._meta.concrete_fields if not f.primary_key}

    def chunk(self, rows: Iterable[tuple[int, list[str]]]) -> tuple[list[RowPlan], list[Rejection]]:
        rejections: list[Rejection] = []
        parsed: list[tuple[int, dict[str, Any]]] = []
        for number, cells in rows:
            values, errors = self.parser.parse(cells)
            if not errors:
                repeat = self.seen.repeat(number, values)
                if repeat:
                    errors.append(repeat)
            if errors:
                rejections.append(Rejection(number, "; ".join(errors)))
            else:
                parsed.append((number, values))
        existing = self._existing(values for _, values in parsed)
        plans: list[RowPlan] = []
        for number, values in parsed:
            plan, reason = self._plan(number, values, existing)
            if reason:
                rejections.append(Rejection(number, reason))
            elif plan:
                plans.append(plan)
        rejections.sort(key=lambda r: r.row)
        return plans, rejections

    @staticmethod
    def _existing(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], Organization]:
        identifiers: dict[str, set[str]] = {"ogrn": set(), "inn": set(), "minjust_number": set()}
        for values in rows:
            for key, wanted in identifiers.items():
                if key in values:
                    wanted.add(values[key])
        index: dict[tuple[str, str], Organization] = {}
        orgs = organizations_by_identifiers(
            ogrn=identifiers["ogrn"], inn=identifiers["inn"], minjust_number=identifiers["minjust_number"]
        )
        for org in orgs:
            for key in identifiers:
                value = getattr(org, key)
                if value:
                    index.setdefault((key, value), org)
        return index

    def _plan(
        self, number: int, values: dict[str, Any], existing: dict[tuple[str, str], Organization]
    ) -> tuple[RowPlan | None, str]:
        by_ogrn = existing.get(("ogrn", values["ogrn"])) if "ogrn" in values else None
        by_inn = existing.get(("inn", values["inn"])) if "inn" in values else None
        number_key = values.get("minjust_number")
        by_number = existing.get(("minjust_number", number_key)) if number_key else None
        target = by_ogrn or by_inn or by_number
        if target is None:
            return self._plan_create(number, values)
        if by_inn is not None and by_inn.pk != target.pk:
            return None, (
                f"ИНН {values['inn']} в реестре принадлежит другой организации (ОГРН {by_inn.ogrn or 'не указан'})"
            )
        if "ogrn" in values and target.ogrn and target.ogrn != values["ogrn"]:
            found = f"ИНН {target.inn}" if target is by_inn else f"учётному номеру Минюста {number_key}"
            return None, f"по {found} в реестре найдена организация с другим ОГРН ({target.ogrn})"
        if "inn" in values and target.inn and target.inn != values["inn"] and target is not by_ogrn:
            return None, (
                f"по учётному номеру Минюста {number_key} в реестре найдена организация с другим ИНН ({target.inn})"
            )
        if by_number is not None and by_number.pk != target.pk:
            return None, (
                f"учётный номер Минюста {number_key} в реестре записан у другой организации "
                f"(ОГРН {by_number.ogrn or 'не указан'})"
            )
        if not self.context.scope.can_edit_region(target.region_id):
            region = self.context.region_names.get(target.region_id, "")
            return None, (f"организация уже есть в реестре в регионе «{region}», он вне вашей зоны ответственности")
        first = self.seen.organization.get(target.pk)
        if first is not None:
            return None, f"эта организация уже обновлена строкой {first}"
        self.seen.organization[target.pk] = number
        changes: dict[str, list[Any]] = {}
        for name, value in values.items():
            before = getattr(target, name)
            if before != value:
                changes[name] = [before, value]
                setattr(target, name, value)
        if changes and _SEARCH_FIELDS & changes.keys():
            target.search_text = self._search_text(target)
        return RowPlan(number, target, created=False, changes=changes), ""

    def _plan_create(self, number: int, values: dict[str, Any]) -> tuple[RowPlan | None, str]:
        reasons = []
        if "region_id" not in values:
            if self.region_mapped:
                reasons.append("не указан субъект РФ — без него организацию не добавить")
            else:
                key = "ОГРН " + values["ogrn"] if "ogrn" in values else "ИНН " + values.get("inn", "")
                reasons.append(
                    f"организации с {key} нет в реестре, а субъекта РФ в файле нет — "
                    "добавить её нельзя, можно только дополнить сведения о существующей"
                )
        if not (values.get("full_name") or values.get("short_name")):
            reasons.append("не указано наименование организации")
        if reasons:
            return None, "; ".join(reasons)
        org = Organization.__new__(Organization)
        org.__dict__.update(self.defaults)
        org.__dict__.update(values)
        org._state = ModelState()
        org.pk = None
        if not org.full_name:
            org.full_name = org.short_name
        org.search_text = self._search_text(org)
        changes = {name: [None, value] for name, value in values.items()}
        return RowPlan(number, org, created=True, changes=changes), ""

    def _search_text(self, org: Organization) -> str:
        return organization_search_text(
            full_name=org.full_name,
            short_name=org.short_name,
            legal_form=self.context.legal_forms.get(org.legal_form_id) if org.legal_form_id else None,
        )

    def history_changes(self, changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
        """field → [before, after] as the change history stores it (like core.audit)."""
        out: dict[str, list[Any]] = {}
        for name, pair in changes.items():
            if name in _CONVERTED_IN_HISTORY:
                out[_history_field(name)] = [self.history_value(name, v) for v in pair]
            else:
                out[name] = pair
        return out

    def history_value(self, name: str, value: Any) -> Any:
        """A value as the change history stores it (names for references, ISO dates)."""
        if value is None:
            return None
        if name == "region_id":
            return self.context.region_names.get(value, value)
        if name == "legal_form_id":
            form = self.context.legal_forms.get(value)
            return form.name if form else value
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def display_value(self, name: str, value: Any) -> str:
        """A value as a person reads it (Russian labels, dd.mm.yyyy dates)."""
        if name == "state":
            return str(Organization.State(value).label)
        if name == "kind":
            return str(Organization.Kind(value).label)
        if isinstance(value, datetime.date):
            return value.strftime("%d.%m.%Y")
        return str(self.history_value(name, value))


def _chunks(rows: Iterator[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        yield chunk


def _history_field(name: str) -> str:
    return name.removesuffix("_id")


_ORG_COLUMNS = tuple(f.attname for f in Organization._meta.concrete_fields if not f.primary_key)
_KEY_COLUMNS = ("id", "ogrn", "inn", "minjust_number")
_ENTRY_COLUMNS = ("content_type_id", "object_id", "actor_id", "action", "note", "changes", "created_at")


def _organizations_create(orgs: list[Organization], now: datetime.datetime) -> None:
    """Insert new organizations and set their primary keys, matched by identifier to the rows
    the insert returned (PostgreSQL) or to the rows after the largest id before the insert
    (SQLite: the import's transaction holds the write lock, so those rows are all its own)."""
    for org in orgs:
        org.created_at = org.updated_at = now
    rows = ([o.__dict__[c] for c in _ORG_COLUMNS] for o in orgs)
    found: Iterable[tuple[Any, ...]]
    if arrays_supported():
        found = insert_many(Organization, _ORG_COLUMNS, rows, returning=_KEY_COLUMNS)
    else:
        table = connection.ops.quote_name(Organization._meta.db_table)
        with bulk_cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            (last_id,) = cursor.fetchone()
            insert_many(Organization, _ORG_COLUMNS, rows)
            cursor.execute(f"SELECT id, ogrn, inn, minjust_number FROM {table} WHERE id > %s", [last_id])
            found = cursor.fetchall()
    keyed: dict[tuple[str, str], Organization] = {}
    for org in orgs:
        key = next((k, getattr(org, k)) for k in ("ogrn", "inn", "minjust_number") if getattr(org, k))
        keyed[key] = org
    for pk, ogrn, inn, number in sorted(found):
        for key in (("ogrn", ogrn), ("inn", inn), ("minjust_number", number)):
            new = keyed.get(key)
            if new is not None and new.pk is None and (key[0] != "minjust_number" or not (ogrn or inn)):
                new.pk = pk
                break
    missing = [o for o in orgs if o.pk is None]
    if missing:  # cannot happen: every new organization has an identifier no other one holds
        raise RuntimeError(f"{len(missing)} imported organizations were not found after insert")


def _write(plans: list[RowPlan], planner: _Planner, *, actor: Any, note: str) -> tuple[int, int]:
    now = timezone.now()
    to_create = [p.organization for p in plans if p.created]
    to_update = [p for p in plans if not p.created and p.changes]
    if to_create:
        _organizations_create(to_create, now)
    groups: dict[tuple[str, ...], list[Organization]] = {}
    for plan in to_update:
        plan.organization.updated_at = now
        groups.setdefault(tuple(sorted(plan.changes)), []).append(plan.organization)
    for changed, orgs in groups.items():
        update_many(Organization, (*changed, "search_text", "updated_at"), orgs)
    content_type_id = ContentType.objects.get_for_model(Organization).pk
    actor_id = actor.pk if actor is not None else None
    history = planner.history_changes
    insert_many(
        ChangeEntry,
        _ENTRY_COLUMNS,
        (
            (
                content_type_id,
                plan.organization.pk,
                actor_id,
                ChangeEntry.Action.IMPORT.value,
                note,
                history(plan.changes),
                now,
            )
            for plan in plans
            if plan.created or plan.changes
        ),
    )
    return len(to_create), len(to_update)


def _import_scope(by: Any) -> Scope:
    if by is None:
        return SYSTEM_SCOPE
    scope = scope_for(by)
    if not scope.is_rc_staff:
        raise AccessDenied("Импортировать организации может только сотрудник РЦ или координатор.")
    return scope


def organizations_import(
    *,
    path: str | Path,
    mapping: Mapping,
    mode: str,
    by: Any,
    job: ImportJob | None = None,
    progress: Progress | None = None,
    info: SourceInfo | None = None,
) -> ImportReport:
    """Import organizations from a CSV/XLSX file in one transaction.

    `by` is the importing user (None: a system import with every region allowed). In
    "all_or_nothing" mode any rejected row rolls everything back, but every row is still
    checked and reported. Re-importing a file updates the organizations it matches.
    """
    if mode not in MODES:
        raise ValueError(f"unknown import mode {mode!r}")
    started = time.monotonic()
    info = info or source_sniff(path)
    problems = mapping_errors(mapping, info.header)
    if problems:
        raise ImportFileError(" ".join(problems))
    scope = _import_scope(by)
    actor = by if by is not None and by.is_authenticated else None
    note = f"Импорт №{job.pk}" if job is not None else f"Импорт из файла {Path(path).name}"[:255]
    report = ImportReport(mode=mode)
    total = info.rows_estimate
    if progress:
        progress("running", 0, total)
    with transaction.atomic():
        planner = _Planner(mapping=mapping, header=info.header, scope=scope)
        writing = True
        for chunk in _chunks(source_rows(path, info), CHUNK_ROWS):
            plans, rejections = planner.chunk(chunk)
            report.rows += len(chunk)
            report.valid += len(plans)
            report.rejections.extend(rejections)
            if rejections and mode == "all_or_nothing":
                writing = False  # everything will be rolled back: only keep checking
            if writing:
                created, updated = _write(plans, planner, actor=actor, note=note)
                report.created += created
                report.updated += updated
                report.unchanged += len(plans) - created - updated
            if progress:
                progress("running", report.rows, max(total or 0, report.rows))
        if report.rejections and mode == "all_or_nothing":
            transaction.set_rollback(True)
            report.rolled_back = True
            report.created = report.updated = report.unchanged = 0
    report.seconds = time.monotonic() - started
    if progress:
        progress("done", report.rows, report.rows)
    return report


@dataclass(frozen=True)
class PreviewRow:
    row: int
    values: dict[str, str]
    action: str  # "create", "update", "unchanged" or "reject"
    errors: str


def import_preview(
    *, path: str | Path, info: SourceInfo, mapping: Mapping, by: Any, limit: int = 10
) -> list[PreviewRow]:
    """The first rows of a file as they would be imported, with their errors. Writes nothing."""
    scope = _import_scope(by)
    planner = _Planner(mapping=mapping, header=info.header, scope=scope)
    rows = list(islice(source_rows(path, info), limit))
    plans, rejections = planner.chunk(rows)
    by_row = {p.row: p for p in plans}
    reasons = {r.row: r.reason for r in rejections}
    preview: list[PreviewRow] = []
    parser = planner.parser
    for number, cells in rows:
        values, _ = parser.parse(cells)
        shown = {}
        for name, index in parser.columns.items():
            if index < len(cells):
                shown[name] = " ".join(cells[index].split())
        plan = by_row.get(number)
        if plan is not None:
            org = plan.organization
            for name in values:
                shown_name = _history_field(name)
                if shown_name in TARGET_FIELDS:
                    shown[shown_name] = planner.display_value(name, getattr(org, name))
            if "municipality" in values:
                shown["municipality"] = org.municipality
            action = "create" if plan.created else ("update" if plan.changes else "unchanged")
        else:
            action = "reject"
        preview.append(PreviewRow(number, shown, action, reasons.get(number, "")))
    return preview
