"""The benchmark CSV: real registry rows repeated to ROWS rows with fresh valid identifiers.

Rows come from the shared public data sets (buh_data, foundations, Minjust extract). Every
copy of a source row gets a « филиал N» suffix and a unique valid ОГРН, ИНН and КПП whose
region digits are the row's subject code. The file is written in the registry's own export
layout (EXPORT_COLUMNS, `;`, UTF-8 with BOM), as the registry's CSV export writes it.

Needs Django set up on a migrated database: region and legal-form names are matched with the
project's own functions, so the file holds the reference names an export would hold.
"""

import csv
import datetime
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.common import DATA_DIR, SOURCE_FILES

# Bump when the generated rows change, so that a cached file is rebuilt.
GENERATOR_VERSION = 3


@dataclass(frozen=True)
class SourceRow:
    name: str
    legal_form: str
    okopf: str
    state: str
    region: str
    registration_date: str
    municipality: str
    address: str
    main_activity: str
    minjust: bool


def _read(name: str, delimiter: str) -> Iterator[list[str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader)
        yield from reader


def source_rows() -> list[SourceRow]:
    rows: list[SourceRow] = []
    # ОГРН;Краткое наименование;Дата регистрации;Возраст;Статус;Регион;ОКАТО;Отрасль;ОПФ;...
    for cells in _read("sfds-buh_data.csv", ";"):
        if len(cells) < 9 or not cells[1].strip():
            continue
        rows.append(
            SourceRow(
                name=cells[1], legal_form=cells[8], okopf="", state=cells[4], region=cells[5],
                registration_date=cells[2], municipality=cells[6], address="",
                main_activity=cells[7], minjust=False,
            )
        )  # fmt: skip
    # name,ogrn,status,region,okopf,okopf_id
    for cells in _read("sfds-foundations_codes.csv", ","):
        if len(cells) < 6 or not cells[0].strip():
            continue
        rows.append(
            SourceRow(
                name=cells[0], legal_form=cells[4], okopf=cells[5], state=cells[2], region=cells[3],
                registration_date="", municipality="", address="", main_activity="", minjust=False,
            )
        )  # fmt: skip
    # registy uniqnum name ogrn ogrndate address orgform region status
    for cells in _read("ngodata-minjust-pravvooh-2014.tsv", "\t"):
        if len(cells) < 9 or not cells[2].strip():
            continue
        rows.append(
            SourceRow(
                name=cells[2], legal_form=cells[6], okopf="", state=cells[8], region=cells[7],
                registration_date=cells[4], municipality="", address=cells[5], main_activity="",
                minjust=True,
            )
        )  # fmt: skip
    return rows


def _signature(rows: int) -> dict[str, object]:
    files = {name: (DATA_DIR / name).stat().st_size for name in SOURCE_FILES}
    return {"version": GENERATOR_VERSION, "rows": rows, "files": files}


def dataset_build(path: Path, rows: int) -> dict[str, object]:
    """Write the CSV unless an identical one is cached; return a short description."""
    meta_path = path.with_suffix(".json")
    signature = _signature(rows)
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("signature") == signature:
            return {**meta, "cached": True}

    from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
    from konstruktor.organizations.importing import EXPORT_COLUMNS
    from konstruktor.organizations.importing.parsing import date_from_text, state_from_text
    from konstruktor.organizations.models import LegalForm, Organization
    from konstruktor.organizations.queries import legal_form_id_by_text
    from konstruktor.territories.models import Region
    from konstruktor.territories.queries import region_id_by_name

    started = time.monotonic()
    sources = source_rows()
    regions = {r.pk: r for r in Region.objects.all()}
    forms = {f.pk: f for f in LegalForm.objects.all()}
    form_by_okopf = {f.okopf: f for f in forms.values()}
    kind_label = str(Organization.Kind.NGO.label)
    unmatched_regions = 0
    unmatched_forms = 0

    def region_of(text: str) -> tuple[str, str]:
        region_id = region_id_by_name(text) if text.strip() else None
        if region_id is None:
            return text, "99"
        region = regions[region_id]
        return region.name, region.fns_code

    def form_of(text: str, okopf: str) -> tuple[str, str]:
        form = form_by_okopf.get(okopf.strip())
        if form is None and text.strip():
            form_id = legal_form_id_by_text(text)
            form = forms.get(form_id) if form_id else None
        return (form.name, form.okopf) if form else (text, "")

    # Resolve each source row once; copies differ only in name and identifiers.
    resolved = []
    for src in sources:
        region_name, fns = region_of(src.region)
        unmatched_regions += fns == "99"
        form_name, okopf = form_of(src.legal_form, src.okopf)
        unmatched_forms += bool(src.legal_form.strip()) and not okopf
        state = state_from_text(src.state) if src.state.strip() else None
        state_text = str(Organization.State(state).label) if state else src.state
        date = date_from_text(src.registration_date) if src.registration_date.strip() else None
        resolved.append((src, region_name, fns, form_name, okopf, state_text, date))

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    n = len(resolved)
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(EXPORT_COLUMNS)
        for i in range(rows):
            src, region_name, fns, form_name, okopf, state_text, date = resolved[i % n]
            copy = i // n
            if date is None:
                date = datetime.date(1995 + i % 27, 1 + i % 12, 1 + i % 28)
            # Unique by i: the tax-office digits hold i // 100 000, the record number i % 100 000.
            office = f"{90 + i // 100_000:02d}"
            record = f"{i % 100_000:05d}"
            ogrn = ogrn_with_check(f"1{date.year % 100:02d}{fns}{office}{record}")
            inn = inn_with_check(f"{fns}{office}{record}")
            suffix = f" филиал {copy}" if copy else ""
            name = " ".join(src.name.split()) + suffix
            writer.writerow(
                [
                    name if src.minjust else "",  # full name (Minjust rows have it)
                    "" if src.minjust else name,  # short name
                    form_name,
                    okopf,
                    inn,
                    ogrn,
                    f"{fns}{office}01001",  # КПП
                    f"{fns}{i:08d}" if src.minjust else "",  # учётный номер Минюста
                    date.strftime("%d.%m.%Y"),
                    state_text,
                    region_name,
                    src.municipality,
                    src.address,
                    f"+7 (9{i % 100:02d}) {i % 1000:03d}-{i % 100:02d}-{i % 97:02d}" if i % 2 else "",
                    f"info{i}@example.org" if i % 4 == 0 else "",
                    "",
                    src.main_activity,
                    kind_label,
                ]
            )
    tmp.replace(path)
    meta = {
        "signature": signature,
        "source_rows": n,
        "unmatched_region_sources": unmatched_regions,
        "unmatched_legal_form_sources": unmatched_forms,
        "seconds": round(time.monotonic() - started, 1),
        "bytes": path.stat().st_size,
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return {**meta, "cached": False}
