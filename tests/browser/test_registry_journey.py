"""A РЦ consultant's day with the registry, end to end in a real browser."""

import csv
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from playwright.sync_api import expect

from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def search(page: Any, query: str) -> None:
    """Type into the registry search and submit; wait until htmx has swapped in the results."""
    page.get_by_label("Поиск", exact=True).fill(query)
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query])


def import_file(directory: Path) -> Path:
    """What a consultant might export from a spreadsheet: UTF-8, `;`, a header of their own.

    Two valid organizations of Пермский край and, in file row 4, an ОГРН with a wrong check digit.
    """
    bad_ogrn = ogrn_with_check("102590070003")
    bad_ogrn = bad_ogrn[:-1] + str((int(bad_ogrn[-1]) + 1) % 10)
    rows = [
        ["Полное наименование", "Сокращённое наименование", "ОПФ", "ИНН", "ОГРН", "Регион",
         "Населённый пункт"],
        ["Автономная некоммерческая организация содействия здоровому образу жизни "
         "«Движение Прикамья»", "АНО «Движение Прикамья»", "Автономная некоммерческая организация",
         inn_with_check("590700101"), ogrn_with_check("102590070001"), "Пермский край", "г. Пермь"],
        ["Региональная общественная организация «Соликамские волонтёры»",
         "РОО «Соликамские волонтёры»", "Общественная организация", inn_with_check("591900202"),
         ogrn_with_check("112591900202"), "Пермский край", "г. Соликамск"],
        ["Автономная некоммерческая организация «Опечатка»", "АНО «Опечатка»",
         "Автономная некоммерческая организация", inn_with_check("590400303"), bad_ogrn,
         "Пермский край", "г. Пермь"],
    ]  # fmt: skip
    path = directory / "организации-прикамья.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def test_consultant_finds_an_organization_reads_its_card_and_imports_a_file(
    page: Any, registry: Any, tmp_path: Path, settings: Any
) -> None:
    # On PostgreSQL the import runs in its background thread and the page polls its progress.
    # The SQLite test database is in memory with a shared cache, where a second writing thread
    # meets table locks that a file database in WAL mode never has: there it runs inline.
    settings.KONSTRUKTOR_TASKS_INLINE = connection.vendor == "sqlite"
    log_in(page, "perm.consultant")
    expect(page.locator(".user-name")).to_have_text("Белова Марина Сергеевна")

    nav = page.get_by_role("navigation", name="Основная навигация")
    nav.get_by_role("link", name="Реестр НКО").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр организаций")
    results = page.locator("#results")
    # Only the consultant's region: the Ugra organization is not listed at all.
    expect(results).to_contain_text("АНО «Радуга»")
    expect(results).not_to_contain_text("Опора Югры")
    page.screenshot(path="/tmp/konstruktor-registry.png", full_page=True)

    # A name fragment with the legal-form abbreviation: the fund of the same name stays out.
    search(page, "АНО опора")
    expect(results).to_contain_text("Найдено: 1")
    expect(results).to_contain_text("АНО «Опора»")
    expect(results).not_to_contain_text("БФ «Опора семьи»")

    # By ИНН.
    search(page, registry.opora.inn)
    expect(results).to_contain_text("Найдено: 1")
    expect(results).to_contain_text(registry.opora.inn)

    results.get_by_role("link", name="АНО «Опора»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(registry.opora.full_name)
    props = page.get_by_role("region", name="Сведения")
    expect(props).to_contain_text(registry.opora.inn)
    expect(props).to_contain_text(registry.opora.ogrn)
    expect(props).to_contain_text("Пермский край")
    history = page.get_by_role("region", name="История изменений")
    expect(history).to_contain_text("создание")
    expect(history).to_contain_text("изменение")
    expect(history).to_contain_text("opora-perm.example.ru")
    expect(history).to_contain_text("Белова Марина Сергеевна")
    support = page.get_by_role("region", name="История поддержки")
    expect(support).to_contain_text("Консультация по внесению изменений в устав")
    page.screenshot(path="/tmp/konstruktor-card.png", full_page=True)

    # Import from a file: upload, check the recognised columns, skip the bad row, start.
    page.get_by_role("link", name="← Реестр").click()
    page.get_by_role("link", name="Импорт из CSV / XLSX").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Импорт организаций из файла")
    page.get_by_label("Файл с организациями").set_input_files(import_file(tmp_path))
    page.get_by_role("button", name="Загрузить и проверить").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("проверьте столбцы")
    expect(page.get_by_role("region", name="Что распознано")).to_contain_text("точка с запятой")
    expect(page.get_by_label("ОГРН", exact=True)).to_have_value("ogrn")
    preview = page.get_by_role("region", name=re.compile("^Предпросмотр"))
    expect(preview.get_by_role("row").filter(has_text="АНО «Опечатка»")).to_contain_text("не будет загружена")
    page.get_by_label("Пропустить ошибочные строки").check()
    page.get_by_role("button", name="Запустить импорт").click()

    status = page.locator("#import-status")
    expect(status.get_by_role("heading", level=2)).to_have_text("Завершён", timeout=60_000)
    expect(status.locator("dt:text-is('Добавлено организаций') + dd")).to_have_text("2")
    expect(status.locator("dt:text-is('Отклонено строк') + dd")).to_have_text("1")
    rejected = status.get_by_role("row").filter(has_text="контрольное число ОГРН")
    expect(rejected).to_have_count(1)
    expect(rejected.get_by_role("cell").first).to_have_text("4")

    status.get_by_role("link", name="Перейти к реестру").click()
    search(page, "Движение Прикамья")
    expect(results).to_contain_text("Найдено: 1")
    expect(results).to_contain_text("АНО «Движение Прикамья»")
    expect(results).to_contain_text(inn_with_check("590700101"))
    search(page, "Опечатка")
    expect(results).to_contain_text("Найдено: 0")


def test_consultant_of_another_region_gets_404(page: Any, registry: Any) -> None:
    log_in(page, "perm.consultant")

    response = page.goto(f"/organizations/{registry.ugra_opora.pk}/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Опора Югры")
    expect(page.locator("body")).not_to_contain_text(registry.ugra_opora.inn)


def test_registry_list_passes_the_accessibility_smoke_check(page: Any, registry: Any) -> None:
    log_in(page, "perm.consultant")
    response = page.goto("/organizations/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр организаций")

    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML)"""
    )
    assert unlabelled == []
    expect(page.locator("header")).to_have_count(1)
    expect(page.locator("nav")).not_to_have_count(0)
    expect(page.locator("main")).to_have_count(1)
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
