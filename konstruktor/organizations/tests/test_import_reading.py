"""Reading import files: format, encoding and delimiter detection, layouts, header guessing."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from konstruktor.organizations.importing import (
    EXPORT_COLUMNS,
    ImportFileError,
    layout_detect,
    mapping_detect,
    mapping_errors,
    mapping_guess,
    source_rows,
    source_sniff,
)

HEADER_RU = ["Наименование", "ИНН", "ОГРН", "Регион", "Адрес", "Телефон"]
ROW_RU = ["Фонд «Ёлка»", "5902000011", "1025900000011", "Пермский край", "г. Пермь, ул. Ленина, 1", "+7 342 000-00-00"]


def _write_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_cp1251_semicolon_file_is_detected(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "a.csv", [HEADER_RU, ROW_RU, ROW_RU], encoding="cp1251", delimiter=";")
    info = source_sniff(path)
    assert (info.format, info.encoding, info.delimiter) == ("csv", "cp1251", ";")
    assert info.header == tuple(HEADER_RU)
    rows = list(source_rows(path, info))
    assert rows[0] == (2, ROW_RU)
    assert [number for number, _ in rows] == [2, 3]


def test_utf8_bom_comma_file_is_detected_and_bom_is_not_in_the_header(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "b.csv", [HEADER_RU, ROW_RU], encoding="utf-8-sig", delimiter=",")
    info = source_sniff(path)
    assert (info.encoding, info.delimiter) == ("utf-8-sig", ",")
    assert info.header[0] == "Наименование"
    assert next(iter(source_rows(path, info)))[1][0] == "Фонд «Ёлка»"


def test_utf8_tab_and_pipe_files(tmp_path: Path) -> None:
    tab = _write_csv(tmp_path / "c.tsv", [HEADER_RU, ROW_RU], encoding="utf-8", delimiter="\t")
    pipe = _write_csv(tmp_path / "d.txt", [HEADER_RU, ROW_RU], encoding="utf-8", delimiter="|")
    assert (source_sniff(tab).encoding, source_sniff(tab).delimiter) == ("utf-8", "\t")
    assert source_sniff(pipe).delimiter == "|"


def test_semicolon_wins_over_commas_inside_values(tmp_path: Path) -> None:
    header = ["Регистрационный номер", "2019, Доходы, RUB", "2020, Доходы, RUB"]
    rows = [header, *[["1027700000001", "1,5", "4 532 000,00"] for _ in range(5)]]
    path = _write_csv(tmp_path / "e.csv", rows, encoding="utf-8", delimiter=";")
    assert source_sniff(path).delimiter == ";"


def test_xlsx_is_detected_by_content_and_cells_become_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER_RU, "Дата регистрации"])
    sheet.append([ROW_RU[0], 5902000011, 1025900000011.0, *ROW_RU[3:], datetime.datetime(2002, 10, 18)])
    path = tmp_path / "renamed.csv"  # the extension lies: the content decides
    workbook.save(path)
    info = source_sniff(path)
    assert info.format == "xlsx"
    assert info.header[-1] == "Дата регистрации"
    ((number, cells),) = list(source_rows(path, info))
    assert number == 2
    assert cells[1:3] == ["5902000011", "1025900000011"]
    assert cells[-1] == "18.10.2002"


def test_old_xls_and_empty_files_are_refused_in_russian(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ImportFileError, match="XLSX"):
        source_sniff(xls)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="пуст"):
        source_sniff(empty)


def test_known_layouts_are_recognised_from_the_header() -> None:
    foundations = ["name", "ogrn", "status", "region", "okopf", "okopf_id"]
    minjust = ["registy", "uniqnum", "name", "ogrn", "ogrndate", "address", "orgform", "region", "status"]
    websites = ["ogrn", "shortName", "website", "vk"]
    buh = [
        "Регистрационный номер", "Краткое наименование", "Дата регистрации", "Возраст компании, лет",
        "Статус", "Регион регистрации", "Наименование ОКАТО", "Вид деятельности/отрасль",
        "Организационно-правовая форма", "2019, Доходы, RUB",
    ]  # fmt: skip
    assert mapping_detect(foundations) == (
        "egrul_foundations",
        ["short_name", "ogrn", "state", "region", "legal_form", "okopf"],
    )
    layout, mapping = mapping_detect(minjust)
    assert layout == "minjust"
    assert mapping[1] == "minjust_number" and mapping[0] == ""
    assert mapping_detect(websites) == ("websites", ["ogrn", "short_name", "website", ""])
    layout, mapping = mapping_detect(buh)
    assert layout == "fns_buh"
    assert mapping[6] == "municipality" and mapping[-1] == ""
    layout, mapping = mapping_detect(list(EXPORT_COLUMNS))
    assert layout == "export"
    assert mapping[:2] == ["full_name", "short_name"]
    assert mapping_errors(mapping, list(EXPORT_COLUMNS)) == []


def test_unknown_header_is_guessed_from_synonyms_and_each_field_used_once() -> None:
    header = ["№", "Наименование организации", "ИНН", "ОГРН", "Субъект РФ", "Юридический адрес",
              "Телефон", "Эл. почта", "Название"]  # fmt: skip
    assert layout_detect(header) is None
    assert mapping_guess(header) == ["", "full_name", "inn", "ogrn", "region", "address", "phone", "email", ""]


def test_mapping_errors_are_explained() -> None:
    header = ["A", "B"]
    assert any("ОГРН или ИНН" in e for e in mapping_errors(["full_name", ""], header))
    assert any("двух столбцов" in e for e in mapping_errors(["ogrn", "ogrn"], header))
