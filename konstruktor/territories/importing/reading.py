"""Reading the supported files: CSV with a header (hflabs, ru-cities) and Rosstat's XLSX workbook."""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from konstruktor.core.text import normalize
from konstruktor.territories.codes import digits
from konstruktor.territories.errors import TerritoryError

KINDS = {
    "hflabs-city": "hflabs/city: города России (ОКТМО, население разных лет)",
    "ru-cities": "epogrebnyak/ru-cities: города, население Росстата на 01.01.2020 в тысячах",
    "hflabs-region": "hflabs/region: субъекты РФ (коды ОКАТО, ОКТМО, ISO)",
    "rosstat-municipal": "Росстат: «Численность населения РФ по муниципальным образованиям» (XLSX)",
}
_XLSX = (".xlsx", ".xlsm")


def _delimiter_of(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_header(path: Path) -> tuple[list[str], str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    delimiter = _delimiter_of(first)
    return [h.strip() for h in next(csv.reader([first], delimiter=delimiter), [])], delimiter


def kind_detect(path: Path) -> str | None:
    """The format by the file's header; None when it is none of the supported ones."""
    if path.suffix.lower() in _XLSX:
        return "rosstat-municipal"
    try:
        header = set(_csv_header(path)[0])
    except (UnicodeDecodeError, OSError):
        return None
    if {"city_type", "oktmo", "fias_level"} <= header:
        return "hflabs-city"
    if {"city", "population", "oktmo", "region_name"} <= header:
        return "ru-cities"
    if {"name_with_type", "iso_code", "oktmo"} <= header and "city" not in header:
        return "hflabs-region"
    return None


def csv_rows(path: Path, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, row); the header is row 1."""
    header, delimiter = _csv_header(path)
    missing = required - set(header)
    if missing:
        raise TerritoryError(f"В файле нет столбцов: {', '.join(sorted(missing))}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            yield number, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}


# --- Rosstat's workbook -------------------------------------------------------------------------

_CODE_HEADER = re.compile(r"октмо|терсон")
_NAME_HEADER = re.compile(r"наименовани|муниципальн|территори|образовани")
_POPULATION_HEADER = re.compile(r"всего|численност|населени|человек")
_YEAR = re.compile(r"на 1 января (\d{4})")
HEADER_SCAN_ROWS = 40


@dataclass
class RosstatRow:
    row: int
    code: str
    name: str
    population: int | None
    raw_population: Any


@dataclass
class RosstatTable:
    sheet: str
    year: int | None
    rows: list[RosstatRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).replace("\xa0", " ").split())


def population_value(value: Any) -> int | None:
    """1234, 1234.0, «1 234», «1 234»; None for «-», «…», empty."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value)
    text = _text(value).replace(" ", "")
    if re.fullmatch(r"\d+([.,]0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    return None


def _find_columns(rows: list[tuple[Any, ...]]) -> tuple[int, int, int, int | None, int] | None:
    """(header row index, code column, name column, population column or None, first data row)."""
    for index, cells in enumerate(rows):
        texts = [normalize(_text(c)) for c in cells]
        code_cols = [i for i, t in enumerate(texts) if _CODE_HEADER.search(t)]
        if not code_cols:
            continue
        code_col = code_cols[0]
        # A header may span a few rows (merged «Численность населения» over «всего | городское …»).
        below = [[normalize(_text(c)) for c in r] for r in rows[index + 1 : index + 4]]

        def header_text(col: int, texts: list[str] = texts, below: list[list[str]] = below) -> str:
            parts = [texts[col] if col < len(texts) else ""]
            parts.extend(r[col] for r in below if col < len(r) and not r[col].replace(" ", "").isdigit())
            return " ".join(parts)

        width = max(len(cells), *(len(r) for r in below)) if below else len(cells)
        name_cols = [i for i in range(width) if i != code_col and _NAME_HEADER.search(header_text(i))]
        name_col = name_cols[0] if name_cols else (0 if code_col != 0 else 1)
        population_col = None
        for i in range(width):
            if i in (code_col, name_col):
                continue
            text = header_text(i)
            if _POPULATION_HEADER.search(text) and "городск" not in text and "сельск" not in text:
                population_col = i
                break
        if population_col is None:
            for i in range(width):
                if i not in (code_col, name_col) and "всего" in header_text(i):
                    population_col = i
                    break
        return index, code_col, name_col, population_col, index + 1
    return None


def rosstat_read(path: Path, *, sheet: str | None = None, year: int | None = None) -> RosstatTable:
    """The first sheet (or the named one) whose header has an ОКТМО / ТЕРСОН-МО code column."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise TerritoryError(f"Не удалось открыть книгу Excel: {exc}") from exc
    try:
        names = [sheet] if sheet else workbook.sheetnames
        if sheet and sheet not in workbook.sheetnames:
            raise TerritoryError(f"В книге нет листа «{sheet}». Листы: {', '.join(workbook.sheetnames)}.")
        for name in names:
            ws = workbook[name]
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            found = _find_columns(rows[:HEADER_SCAN_ROWS])
            if found is None:
                continue
            header_row, code_col, name_col, population_col, first_data = found
            if population_col is None:
                raise TerritoryError(
                    f"Лист «{name}»: найден столбец кода ОКТМО, но не найден столбец численности населения "
                    "(заголовок со словами «всего», «численность» или «население»)."
                )
            title = " ".join(normalize(_text(c)) for r in rows[: header_row + 4] for c in r if c is not None)
            found_year = _YEAR.search(title + " " + normalize(name) + " " + normalize(path.stem))
            table = RosstatTable(sheet=name, year=year or (int(found_year.group(1)) if found_year else None))
            for offset, cells in enumerate(rows[first_data:], start=first_data + 1):
                code = digits(cells[code_col] if code_col < len(cells) else None)
                label = _text(cells[name_col] if name_col < len(cells) else None)
                raw = cells[population_col] if population_col < len(cells) else None
                if not code:
                    if label and population_value(raw) is not None:
                        table.skipped.append((offset, f"«{label[:80]}»: нет кода ОКТМО"))
                    continue
                if len(code) < 7 and offset <= header_row + 4:
                    continue  # a row of column numbers under the header («1 | 2 | 3»)
                table.rows.append(RosstatRow(offset, code, label, population_value(raw), raw))
            return table
    finally:
        workbook.close()
    raise TerritoryError(
        "В книге не найден лист со столбцом кода ОКТМО или ТЕРСОН-МО. Нужна таблица Росстата "
        "«Численность населения Российской Федерации по муниципальным образованиям» с кодами."
    )
