"""Reading CSV and XLSX files as a stream of rows of text cells.

The format is detected by content (an XLSX is a ZIP with `xl/workbook.xml`), the CSV encoding
(UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1251, else charset-normalizer's guess)
and the delimiter among `;` `,` tab and `|`. Rows are streamed; nothing holds the whole file.
"""

import codecs
import csv
import datetime
import io
import os
import zipfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from konstruktor.organizations.errors import OrganizationError

DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "точка с запятой", ",": "запятая", "\t": "табуляция", "|": "вертикальная черта"}
_SAMPLE_BYTES = 1024 * 1024
_SNIFF_LINES = 200
_MAX_FIELD = 1024 * 1024

csv.field_size_limit(_MAX_FIELD)


class ImportFileError(OrganizationError):
    """The file cannot be read as a table; the message tells the user what to do."""


@dataclass(frozen=True)
class SourceInfo:
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header: tuple[str, ...] = ()
    header_line: int = 1
    # A rough number of data rows (for progress), None when unknown.
    rows_estimate: int | None = None
    sheet: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, self.delimiter)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _is_blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


# --- format -----------------------------------------------------------------------------------


def _detect_format(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise ImportFileError("Файл пуст.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("Это файл Excel старого формата (XLS). Сохраните его как «Книга Excel (XLSX)» или CSV.")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise ImportFileError("Файл XLSX повреждён: его не удаётся открыть.") from exc
        if "xl/workbook.xml" not in names:
            raise ImportFileError("Файл — ZIP-архив, но не книга Excel (XLSX). Загрузите XLSX или CSV.")
        return "xlsx"
    return "csv"


# --- CSV ----------------------------------------------------------------------------------------


def _looks_russian(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    cyrillic = sum(1 for c in letters if "а" <= c.lower() <= "я" or c in "ёЁ")
    latin = sum(1 for c in letters if c.isascii())
    return (cyrillic + latin) / len(letters) > 0.97


def _detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        if _looks_russian(sample.decode("cp1251")):
            return "cp1251"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise ImportFileError("Не удалось определить кодировку файла. Сохраните его в UTF-8 или Windows-1251.")
    return str(best.encoding)


def _sample_lines(path: Path, encoding: str) -> list[str]:
    lines: list[str] = []
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        for line in handle:
            lines.append(line)
            if len(lines) >= _SNIFF_LINES:
                break
    return lines


def _detect_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the header into most columns consistently across rows."""
    text = "".join(lines)
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        # The last sampled row may be cut short.
        rows = rows[:-1] if len(rows) > 2 else rows
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(1 for r in rows[1:] if len(r) == width) / max(len(rows) - 1, 1)
        score = (round(consistent, 2), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_open(path: Path, info: SourceInfo) -> io.TextIOWrapper:
    return path.open(encoding=info.encoding, errors="strict", newline="")


def _csv_rows(path: Path, info: SourceInfo) -> Generator[tuple[int, list[str]], None, None]:
    with _csv_open(path, info) as handle:
        reader = csv.reader(handle, delimiter=info.delimiter)
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"Файл не читается в кодировке {info.encoding} после строки {reader.line_num}: "
                "сохраните его целиком в UTF-8 или Windows-1251."
            ) from exc
        except csv.Error as exc:
            raise ImportFileError(
                f"Строка {reader.line_num} файла не разбирается как CSV ({exc}). Проверьте кавычки в этой строке."
            ) from exc


def _csv_sniff(path: Path) -> SourceInfo:
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    encoding = _detect_encoding(sample)
    lines = _sample_lines(path, encoding)
    delimiter = _detect_delimiter(lines)
    info = SourceInfo(format="csv", encoding=encoding, delimiter=delimiter)
    header, header_line = _first_nonblank(_csv_rows(path, info))
    size = path.stat().st_size
    sampled = len("".join(lines[1:]).encode(encoding.replace("-sig", ""), errors="replace"))
    estimate = None
    if len(lines) > 1 and sampled:
        estimate = max(int((size - len(lines[0].encode("utf-8"))) / (sampled / (len(lines) - 1))), 1)
    return SourceInfo(
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        header_line=header_line,
        rows_estimate=estimate,
    )


# --- XLSX ---------------------------------------------------------------------------------------


@contextmanager
def _xlsx_open(path: Path) -> Iterator[Any]:
    """A read-only workbook, opened from a file object so that any extension is accepted."""
    from openpyxl import load_workbook

    with path.open("rb") as handle:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        try:
            yield workbook
        finally:
            workbook.close()


def _xlsx_rows(path: Path, info: SourceInfo) -> Generator[tuple[int, list[str]], None, None]:
    with _xlsx_open(path) as workbook:
        sheet = workbook[info.sheet] if info.sheet else workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]


def _xlsx_sniff(path: Path) -> SourceInfo:
    try:
        with _xlsx_open(path) as workbook:
            if not workbook.worksheets:
                raise ImportFileError("В книге нет листов.")
            sheet = workbook.worksheets[0]
            max_row = sheet.max_row
            title = sheet.title
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise ImportFileError("Файл XLSX не удаётся открыть: сохраните его в Excel заново.") from exc
    info = SourceInfo(format="xlsx", sheet=title)
    header, header_line = _first_nonblank(_xlsx_rows(path, info))
    estimate = max(max_row - header_line, 0) if max_row else None
    return SourceInfo(format="xlsx", sheet=title, header=header, header_line=header_line, rows_estimate=estimate)


# --- public -------------------------------------------------------------------------------------


def _first_nonblank(rows: Generator[tuple[int, list[str]], None, None]) -> tuple[tuple[str, ...], int]:
    try:
        for number, cells in rows:
            if not _is_blank(cells):
                # Trailing empty header cells (a trailing delimiter) are not columns.
                while cells and not cells[-1].strip():
                    cells.pop()
                return tuple(" ".join(c.split()) for c in cells), number
    finally:
        rows.close()
    raise ImportFileError("В файле нет ни одной строки с данными.")


def source_sniff(path: str | os.PathLike[str]) -> SourceInfo:
    """Detect the format, encoding, delimiter and header of a table file."""
    path = Path(path)
    file_format = _detect_format(path)
    info = _xlsx_sniff(path) if file_format == "xlsx" else _csv_sniff(path)
    if len(info.header) < 2:
        raise ImportFileError(
            "В первой строке файла найден только один столбец. Проверьте, что это таблица "
            "с заголовком, а столбцы разделены точкой с запятой, запятой или табуляцией."
        )
    return info


def source_rows(path: str | os.PathLike[str], info: SourceInfo) -> Generator[tuple[int, list[str]], None, None]:
    """Data rows after the header: (row number in the file, cells). Blank rows are skipped.

    The number is the row as a spreadsheet shows it: the header is row 1 (when it is the first
    line), the first data row is row 2.
    """
    path = Path(path)
    rows = _xlsx_rows(path, info) if info.format == "xlsx" else _csv_rows(path, info)
    for number, cells in rows:
        if number <= info.header_line or _is_blank(cells):
            continue
        yield number, cells
