"""Import of project descriptions (the layout of shared/data/projects) as practice drafts.

Columns: operator, year, application_no, org_name, inn, project, region, geography, amount_rub,
source_file. Each row becomes a draft (source «импорт»), keyed by operator|year|application_no so
that a re-import updates instead of duplicating; a key that repeats in the file (or an empty
application number) gets a fingerprint of the organization and project. The region is taken
from the registry organization (by ИНН), the `region` column, the ИНН's tax-office code, the
`geography` column or the organization's name, in that order (`regions_text.RegionMatcher`).
All or nothing by default: one rejected row and nothing is written; every rejected row is
reported with its number and reason. Drafts that already went further (submitted, reviewed)
are not touched by a re-import.
"""

import csv
import decimal
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.core.models import ChangeEntry
from konstruktor.core.search import index_bulk
from konstruktor.organizations.models import Organization
from konstruktor.practices.indexing import practice_document_spec
from konstruktor.practices.models import Practice, Source, Status
from konstruktor.practices.regions_text import RegionMatcher

COLUMNS = ("operator", "year", "application_no", "org_name", "inn", "project", "region", "geography", "amount_rub")
TITLE_MAX = 500
BATCH = 1000
DEFAULT_SOURCE = "регион по умолчанию, выбранный при загрузке"
UPDATED_FIELDS = ["title", "summary", "organization", "organization_name", "region", "started_year", "grant_amount"]


@dataclass(frozen=True)
class Rejected:
    number: int
    reason: str


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    kept: int = 0  # drafts already in the workflow, left as they are
    rejected: list[Rejected] = field(default_factory=list)
    region_sources: Counter[str] = field(default_factory=Counter)
    committed: bool = False

    @property
    def region_matched(self) -> int:
        return sum(n for how, n in self.region_sources.items() if how != DEFAULT_SOURCE)

    @property
    def sources(self) -> list[tuple[str, int]]:
        """How the regions were found, most frequent first (for templates: a Counter answers 0 to any key)."""
        return self.region_sources.most_common()

    @property
    def match_rate(self) -> float:
        return self.region_matched / self.total if self.total else 0.0

    def summary(self) -> str:
        head = (
            f"Строк: {self.total}; регион распознан: {self.region_matched} ({self.match_rate:.1%}); "
            f"отклонено: {len(self.rejected)}."
        )
        if not self.committed:
            return head + " Ничего не загружено: исправьте отклонённые строки или загрузите только подходящие."
        return head + f" Создано черновиков: {self.created}, обновлено: {self.updated}, уже в работе: {self.kept}."


@dataclass
class _Row:
    number: int
    key: str
    title: str
    summary: str
    organization: Organization | None
    organization_name: str
    region_id: int
    year: int | None
    amount: decimal.Decimal | None


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


_QUOTES = {"«": "»", "“": "”", "„": "“"}


def title_from_project(text: str) -> str:
    """The first sentence (outside quotes) of a project description, at most 500 characters."""
    text = _spaces(text)
    depth: list[str] = []
    straight = False
    for i, ch in enumerate(text):
        if ch == '"':
            straight = not straight
        elif ch in _QUOTES:
            depth.append(_QUOTES[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in ".!?…" and not depth and not straight:
            rest = text[i + 1 :]
            if not rest or (rest[0] == " " and len(rest) > 1 and (rest[1].isupper() or rest[1] in '«"“')):
                text = text[: i + (0 if ch == "." else 1)]
                break
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _key(row: Mapping[str, str]) -> str:
    return "|".join(_spaces(row.get(c, "")) for c in ("operator", "year", "application_no"))


def _fingerprint(row: Mapping[str, str]) -> str:
    text = "|".join(_spaces(row.get(c, "")) for c in ("inn", "org_name", "project"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]  # a stable key, not a secret


def _org_key(name: str) -> str:
    return re.sub(r"[^а-яa-z0-9]+", " ", name.lower().replace("ё", "е")).strip()


def _int(value: str) -> int | None:
    value = _spaces(value)
    return int(value) if value else None


def _amount(value: str) -> decimal.Decimal | None:
    value = _spaces(value).replace(" ", "").replace(",", ".")
    return decimal.Decimal(value).quantize(decimal.Decimal("0.01")) if value else None


def read_csv(stream: IO[bytes] | IO[str]) -> Iterator[dict[str, str]]:
    """Rows of a UTF-8 (with or without BOM) CSV file with the project-descriptions header."""
    if isinstance(stream, io.TextIOBase):
        text: Any = stream
    else:
        text = io.TextIOWrapper(cast(IO[bytes], stream), encoding="utf-8-sig")
    reader = csv.DictReader(text)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError("В файле нет столбцов: " + ", ".join(missing) + ".")
    yield from reader


class _Parser:
    def __init__(self, by: Any, default_region: int | None = None) -> None:
        self.matcher = RegionMatcher()
        self.default_region = default_region
        scope = scope_for(by) if by is not None else None
        self.allowed = None if scope is None or scope.is_federal else scope.edit_region_ids
        self.learned: dict[str, int] = {}

    def learn(self, rows: Iterable[Mapping[str, str]], orgs: Mapping[str, Organization]) -> None:
        """Regions of organizations whose other applications (in the file or imported before) name one."""
        regions: dict[str, set[int]] = {}
        for raw in rows:
            region_id, _ = self.region(raw, orgs.get(_spaces(raw.get("inn", ""))))
            if region_id is not None:
                regions.setdefault(_org_key(raw.get("org_name", "")), set()).add(region_id)
        imported = Practice.objects.filter(source=Source.IMPORTED).exclude(organization_name="")
        for name, region_id in imported.values_list("organization_name", "region_id").iterator():
            regions.setdefault(_org_key(name), set()).add(region_id)
        self.learned = {k: next(iter(v)) for k, v in regions.items() if k and len(v) == 1}

    def region(self, raw: Mapping[str, str], org: Organization | None) -> tuple[int | None, str]:
        if org is not None:
            return org.region_id, "организация из реестра"
        text = _spaces(raw.get("region", ""))
        if text and (found := self.matcher.place(text)):
            return found, "столбец «регион»"
        inn = _spaces(raw.get("inn", ""))
        if len(inn) in (10, 12) and inn.isdigit() and (found := self.matcher.by_fns.get(inn[:2])):
            return found, "код региона в ИНН"
        if found := self.matcher.organization(_spaces(raw.get("org_name", ""))):
            return found, "название организации"
        geography = _spaces(raw.get("geography", ""))
        if geography and (found := self.matcher.place(geography)):
            return found, "столбец «география»"
        if found := self.learned.get(_org_key(raw.get("org_name", ""))):
            return found, "другая заявка той же организации"
        if found := self.matcher.project(_spaces(raw.get("project", ""))):
            return found, "текст проекта"
        if self.default_region is not None:
            return self.default_region, DEFAULT_SOURCE
        shown = text or geography or "не указан"
        return None, f"регион не распознан («{shown[:120]}»)"

    def parse(
        self, number: int, raw: Mapping[str, str], key: str, orgs: Mapping[str, Organization]
    ) -> tuple[_Row, str] | str:
        project = _spaces(raw.get("project", ""))
        if not project:
            return "нет описания проекта (столбец project)"
        org_name = _spaces(raw.get("org_name", ""))
        inn = _spaces(raw.get("inn", ""))
        if not org_name and not inn:
            return "не указана организация (org_name или inn)"
        try:
            year = _int(raw.get("year", ""))
        except ValueError:
            return f"год «{raw.get('year')}» не число"
        if year is not None and not 1990 <= year <= timezone.now().year:
            return f"год {year} вне диапазона 1990–{timezone.now().year}"
        try:
            amount = _amount(raw.get("amount_rub", ""))
        except decimal.InvalidOperation:
            return f"сумма «{raw.get('amount_rub')}» не число"
        org = orgs.get(inn)
        region_id, how = self.region(raw, org)
        if region_id is None:
            return how
        if self.allowed is not None and region_id not in self.allowed:
            return f"регион «{self.matcher.name(region_id)}» вне зоны вашего ресурсного центра"
        row = _Row(
            number=number,
            key=key,
            title=title_from_project(project),
            summary=project,
            organization=org,
            organization_name="" if org else org_name[:1000],
            region_id=region_id,
            year=year,
            amount=amount,
        )
        return row, how


def practices_import(
    *, rows: Iterable[Mapping[str, str]], by: Any, partial: bool = False, default_region: int | None = None
) -> ImportReport:
    """Create or update practice drafts from project descriptions; see the module docstring.

    `default_region` (a Region id chosen by the person loading the file) is used only for rows
    that name no place at all; the report counts such rows separately."""
    raw_rows = list(rows)
    report = ImportReport(total=len(raw_rows))
    keys = [_key(r) for r in raw_rows]
    repeated = {k for k, n in Counter(keys).items() if n > 1}
    keys = [
        f"{k}|{_fingerprint(r)}" if k in repeated or not _spaces(r.get("application_no", "")) else k
        for k, r in zip(keys, raw_rows, strict=True)
    ]
    inns = {_spaces(r.get("inn", "")) for r in raw_rows} - {""}
    orgs = {o.inn: o for o in Organization.objects.filter(inn__in=inns)} if inns else {}
    parser = _Parser(by)
    parser.learn(raw_rows, orgs)
    parser.default_region = default_region
    # A key already imported in a region outside the user's: the row may not reach that draft.
    foreign: dict[str, int] = {}
    if parser.allowed is not None:
        for i in range(0, len(keys), BATCH):
            found = Practice.objects.filter(source=Source.IMPORTED, source_key__in=keys[i : i + BATCH])
            foreign.update(found.exclude(region_id__in=parser.allowed).values_list("source_key", "region_id"))
    parsed: list[_Row] = []
    seen: dict[str, int] = {}
    for number, (raw, key) in enumerate(zip(raw_rows, keys, strict=True), start=2):
        if key in seen:
            report.rejected.append(Rejected(number, f"повтор строки {seen[key]} (та же заявка и тот же текст)"))
            continue
        seen[key] = number
        if key in foreign:
            report.rejected.append(
                Rejected(
                    number,
                    f"заявка уже загружена как практика другого региона («{parser.matcher.name(foreign[key])}»): "
                    "её меняет ресурсный центр того региона",
                )
            )
            continue
        result = parser.parse(number, raw, key, orgs)
        if isinstance(result, str):
            report.rejected.append(Rejected(number, result))
            continue
        row, how = result
        report.region_sources[how] += 1
        parsed.append(row)
    if report.rejected and not partial:
        return report
    _write(parsed, by, report)
    report.committed = True
    return report


def _write(rows: list[_Row], by: Any, report: ImportReport) -> None:
    actor = by if by is not None and by.is_authenticated else None
    with transaction.atomic():
        existing: dict[str, Practice] = {}
        all_keys = [r.key for r in rows]
        for i in range(0, len(all_keys), BATCH):
            for p in Practice.objects.filter(source=Source.IMPORTED, source_key__in=all_keys[i : i + BATCH]):
                existing[p.source_key] = p
        new: list[Practice] = []
        changed: list[Practice] = []
        now = timezone.now()
        for r in rows:
            practice = existing.get(r.key)
            if practice is not None and practice.status != Status.DRAFT:
                report.kept += 1
                continue
            practice = practice or Practice(source=Source.IMPORTED, source_key=r.key, created_by=actor)
            practice.title, practice.summary = r.title, r.summary
            practice.organization, practice.organization_name = r.organization, r.organization_name
            practice.region_id, practice.started_year, practice.grant_amount = r.region_id, r.year, r.amount
            practice.updated_at = now
            (changed if practice.pk else new).append(practice)
        Practice.objects.bulk_create(new, batch_size=BATCH)
        if any(p.pk is None for p in new):  # backends without RETURNING
            ids = dict(
                Practice.objects.filter(source=Source.IMPORTED, source_key__in=[p.source_key for p in new]).values_list(
                    "source_key", "pk"
                )
            )
            for p in new:
                p.pk = ids[p.source_key]
        Practice.objects.bulk_update(changed, [*UPDATED_FIELDS, "updated_at"], batch_size=BATCH)
        report.created, report.updated = len(new), len(changed)
        content_type = ContentType.objects.get_for_model(Practice)
        ChangeEntry.objects.bulk_create(
            [
                ChangeEntry(
                    content_type=content_type, object_id=p.pk, actor=actor, action="import", note=p.source_key[:255]
                )
                for p in (*new, *changed)
            ],
            batch_size=BATCH,
        )
        touched = [p.pk for p in (*new, *changed)]
        for i in range(0, len(touched), BATCH):
            chunk = (
                Practice.objects.filter(pk__in=touched[i : i + BATCH])
                .select_related("organization")
                .prefetch_related("target_groups", "areas", "regions")
            )
            index_bulk(((p, practice_document_spec(p)) for p in chunk), batch_size=500)
