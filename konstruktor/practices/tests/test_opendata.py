"""Open data: the CSV files validate against their own datapackage.json; JSON and XLSX agree."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from konstruktor.practices.models import Status
from konstruktor.practices.tests.catalog_helpers import published
from konstruktor.practices.tests.factories import practice

pytestmark = pytest.mark.django_db
BASE = "/practices/catalog/open-data/"


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _cell_errors(field: dict[str, Any], value: str) -> list[str]:
    """Table Schema checks of one cell (default formats; "" is the missing value)."""
    name, kind = field["name"], field["type"]
    constraints = field.get("constraints", {})
    if value == "":
        return [f"{name}: обязательное поле пусто"] if constraints.get("required") else []
    try:
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise ValueError
            number: Any = int(value)
        elif kind == "number":
            number = Decimal(value)
        elif kind == "boolean":
            if value not in ("true", "false"):
                raise ValueError
        elif kind == "date":
            datetime.date.fromisoformat(value)
        elif kind == "datetime":
            datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
        elif kind != "string":
            return [f"{name}: неизвестный тип {kind}"]
    except (ValueError, InvalidOperation):
        return [f"{name}: «{value}» не {kind}"]
    errors = []
    if "enum" in constraints and value not in constraints["enum"]:
        errors.append(f"{name}: «{value}» не из списка")
    if "minimum" in constraints and number < constraints["minimum"]:
        errors.append(f"{name}: меньше минимума")
    if "maximum" in constraints and number > constraints["maximum"]:
        errors.append(f"{name}: больше максимума")
    if field.get("format") == "uri" and not value.startswith(("http://", "https://")):
        errors.append(f"{name}: не адрес")
    return errors


def _validate(resource: dict[str, Any], text: str) -> tuple[list[dict[str, str]], list[str]]:
    dialect = resource["dialect"]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=dialect["delimiter"]))
    fields = resource["schema"]["fields"]
    errors = []
    if rows[0] != [f["name"] for f in fields]:
        errors.append(f"заголовок {rows[0]} не совпадает с полями схемы")
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            errors.append(f"строка {number}: {len(row)} ячеек вместо {len(fields)}")
            continue
        for field, value in zip(fields, row, strict=True):
            errors.extend(f"строка {number}, {e}" for e in _cell_errors(field, value))
        records.append(dict(zip([f["name"] for f in fields], row, strict=True)))
    key = resource["schema"]["primaryKey"]
    keys = [tuple(r[k] for k in key) for r in records]
    if len(set(keys)) != len(keys):
        errors.append("первичный ключ повторяется")
    return records, errors


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def catalog() -> list[Any]:
    return [
        published("Семейный клуб «Вместе», ч. 1; для приёмных семей", causal_study=True, cost=4500, regions=["16"]),
        published("Социальное такси", fns_code="16"),
    ]


def test_csv_files_validate_against_their_own_datapackage(catalog: list[Any]) -> None:
    client = Client()
    package = client.get(BASE + "datapackage.json").json()
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["created"].endswith("Z")
    tables = {}
    for resource in package["resources"]:
        assert resource["path"] in ("practices.csv", "outcomes.csv") and resource["mediatype"] == "text/csv"
        assert all(f["title"] and f["type"] for f in resource["schema"]["fields"])
        response = client.get(BASE + resource["path"])
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        records, errors = _validate(resource, _content(response).decode(resource["encoding"]))
        assert errors == []
        tables[resource["name"]] = records
    assert sorted(int(r["id"]) for r in tables["practices"]) == sorted(p.pk for p in catalog)
    # the foreign key of outcomes points at practices
    ids = {r["id"] for r in tables["practices"]}
    assert tables["outcomes"] and all(r["practice_id"] in ids for r in tables["outcomes"])
    club = next(r for r in tables["practices"] if r["title"].startswith("Семейный клуб"))
    assert (
        club["regions"] == "Пермский край; Республика Татарстан (Татарстан)" and club["cost_per_beneficiary"] == "4500"
    )


def test_unpublished_practices_and_contacts_without_consent_stay_out_of_open_data(catalog: list[Any]) -> None:
    practice(title="Черновик", status=Status.REVIEW, contact_email="draft@example.ru", contact_public=True)
    published("Без согласия", contact_email="kept@example.ru", contact_phone="+79990001122")
    published("С согласием", contact_name="Петрова Мария", contact_email="shown@example.ru", contact_public=True)
    client = Client()
    for name in ("practices.csv", "practices.json"):
        text = _content(client.get(BASE + name)).decode()
        assert "Черновик" not in text and "draft@" not in text
        assert "kept@example.ru" not in text and "+7999" not in text
        assert "shown@example.ru" in text and "Петрова Мария" in text


def test_json_has_the_same_practices_with_outcomes_nested(catalog: list[Any]) -> None:
    data = json.loads(_content(Client().get(BASE + "practices.json")))
    assert sorted(item["id"] for item in data) == sorted(p.pk for p in catalog)
    club = next(item for item in data if item["title"].startswith("Семейный клуб"))
    assert club["cost_per_beneficiary"] == 4500.0 and club["evidence_level"] >= 2
    assert club["outcomes"][0]["evidence_reasons"]


def test_xlsx_has_a_sheet_of_practices_and_a_sheet_of_outcomes(catalog: list[Any]) -> None:
    response = Client().get(BASE + "practices.xlsx")
    workbook = load_workbook(io.BytesIO(_content(response)), read_only=True)
    assert workbook.sheetnames == ["Практики", "Результаты"]
    rows = list(workbook["Практики"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Идентификатор", "Страница в каталоге", "Название") and len(rows) == 3


def test_unchanged_files_answer_not_modified_and_are_written_once(catalog: list[Any], tmp_path: Any) -> None:
    client = Client()
    first = client.get(BASE + "practices.csv")
    body = _content(first)
    again = client.get(BASE + "practices.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert _content(client.get(BASE + "practices.csv")) == body
    assert len(list((tmp_path / "opendata").glob("*-practices.csv"))) == 1


def test_a_change_in_the_catalog_gives_new_files(catalog: list[Any]) -> None:
    client = Client()
    before = client.get(BASE + "practices.csv")
    assert "Новая практика" not in _content(before).decode()
    published("Новая практика", fns_code="16")
    after = client.get(BASE + "practices.csv", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "Новая практика" in _content(after).decode()


def test_unknown_file_is_404_and_the_page_explains_the_fields(catalog: list[Any]) -> None:
    client = Client()
    assert client.get(BASE + "secrets.csv").status_code == 404
    html = client.get(BASE).content.decode()
    assert (
        "datapackage.json" in html and "<code>evidence_level</code>" in html and "Creative Commons Attribution" in html
    )
