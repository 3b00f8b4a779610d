"""A consultant fills the общественная организация package in a real browser, end to end."""

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import expect

from konstruktor.documents.rendering import CACHE
from konstruktor.documents.shipped.install import shipped_install
from konstruktor.organizations.models import Organization
from konstruktor.organizations.tests.factories import OrganizationFactory, region
from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

ORG_NAME = "Региональная общественная организация помощи семьям с детьми-инвалидами «Особое детство»"
FOUNDERS = [
    ("Иванов", "Иван", "Иванович", "1980-05-14"),
    ("Петрова", "Мария", "Олеговна", "1985-09-01"),
    ("Сидоров", "Олег", "Павлович", "1978-12-20"),
]


@pytest.fixture
def oo_package(settings: Any, tmp_path: Path, reference_data: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    CACHE.clear()
    shipped_install(slugs=["oo-registration"], write=lambda _: None)


@pytest.fixture
def group(reference_data: None) -> Organization:
    return OrganizationFactory(
        kind=Organization.Kind.INITIATIVE_GROUP,
        full_name="Инициативная группа родителей детей-инвалидов «Особое детство»",
        short_name="ИГ «Особое детство»",
        region=region("59"),
        inn="",
        ogrn="",
        legal_form=None,
    )


def field(scope: Any, label: str) -> Any:
    """An input by its label; required fields show «*» after the label text."""
    return scope.get_by_label(re.compile("^" + re.escape(label) + r"(\s*\*)?$"))


def settle(page: Any) -> None:
    """Let the autosave of the last edited field finish before leaving the page, as a person would
    pause before pressing «Далее» (the test server shares one SQLite connection between threads)."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    expect(page.locator("form.wizard")).not_to_have_class(re.compile(r"htmx-request"))


def next_step(page: Any, title: str) -> None:
    settle(page)
    page.get_by_role("button", name="Далее →").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(title)


def fill_person(scope: Any, last: str, first: str, middle: str, birth: str, series: str) -> None:
    field(scope, "Фамилия").fill(last)
    field(scope, "Имя").fill(first)
    field(scope, "Отчество (при наличии)").fill(middle)
    field(scope, "Дата рождения").fill(birth)
    field(scope, "Место рождения").fill("г. Пермь")
    field(scope, "Гражданство").fill("Российская Федерация")
    field(scope, "Серия паспорта").fill(series)
    field(scope, "Номер паспорта").fill("123456")
    field(scope, "Кем выдан паспорт").fill("ГУ МВД России по Пермскому краю")
    field(scope, "Дата выдачи паспорта").fill("2015-06-01")
    field(scope, "Адрес регистрации по месту жительства").fill("614000, г. Пермь, ул. Ленина, д. 1, кв. 5")


def add_founder(page: Any, number: int) -> Any:
    settle(page)
    founders = page.locator("#q-founders")
    founders.get_by_role("button", name="+ Добавить учредителя").click()
    item = page.locator(f"#q-founders-{number - 1}")
    expect(item).to_be_visible()
    expect(item.locator("legend").first).to_have_text(f"Учредитель {number}")
    return item


def test_consultant_builds_the_public_organization_package_and_downloads_the_zip(
    page: Any, perm_consultant: Any, oo_package: None, group: Organization, tmp_path: Path
) -> None:
    log_in(page, "perm.consultant")
    page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Документы").click()
    page.get_by_role("link", name="Регистрация региональной или местной общественной организации").click()
    page.get_by_label("Для какой организации или инициативной группы").select_option(label=str(group))
    page.get_by_role("button", name="Заполнить анкету").click()

    # 1. The organization: the region was filled from the group's card.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Организация")
    expect(field(page, "Территория: субъект РФ или муниципальное образование")).to_have_value("Пермский край")
    field(page, "Полное наименование").fill(ORG_NAME)
    field(page, "Сокращённое наименование (при наличии)").fill("РОО «Особое детство»")
    field(page, "Место нахождения (населённый пункт)").fill("г. Пермь")
    field(page, "Цели деятельности").fill("помощь семьям, воспитывающим детей-инвалидов")
    field(page, "Виды деятельности для достижения целей").fill("консультации родителей\nгруппы взаимной поддержки")
    page.get_by_label("Социальное обслуживание и поддержка").check()
    next_step(page, "Учредители")

    # 2. Founders: two are not enough for a public organization — the problem shows at the question.
    fill_person(page.locator("#q-founders-0"), *FOUNDERS[0][:3], FOUNDERS[0][3], "5701")
    second = add_founder(page, 2)
    fill_person(second, *FOUNDERS[1][:3], FOUNDERS[1][3], "5702")
    problems = page.locator("#p-founders")
    expect(problems).to_contain_text("F1")
    expect(problems).to_contain_text("блокирует формирование")
    expect(problems).to_contain_text("не менее 3 граждан-учредителей, указано 2")
    page.screenshot(path="/tmp/konstruktor-documents-founders.png", full_page=True)

    third = add_founder(page, 3)
    fill_person(third, *FOUNDERS[2][:3], FOUNDERS[2][3], "5703")
    expect(problems).not_to_contain_text("F1")
    page.get_by_role("group", name="Учредители проверены по перечню Росфинмониторинга").get_by_label("Да").check()
    next_step(page, "Решение о создании")

    # 3. The founding meeting.
    field(page, "Дата решения о создании (собрания учредителей)").fill("2026-03-02")
    field(page, "Место принятия решения").fill("г. Пермь, ул. Ленина, д. 10")
    field(page, "Председатель собрания (фамилия, имя, отчество)").fill("Иванов Иван Иванович")
    field(page, "Секретарь собрания (фамилия, имя, отчество)").fill("Петрова Мария Олеговна")
    next_step(page, "Правление и ревизионная комиссия")

    # 4. Governing and audit bodies.
    page.locator("#q-board-members-0").get_by_label("Фамилия, имя, отчество").fill("Иванов Иван Иванович")
    page.get_by_role("group", name="Контрольно-ревизионный орган").get_by_label("Ревизор").check()
    audit = page.locator("#q-audit-members")
    settle(page)
    audit.get_by_role("button", name="+ Добавить члена комиссии").click()
    page.locator("#q-audit-members-0").get_by_label("Фамилия, имя, отчество").fill("Сидоров Олег Павлович")
    next_step(page, "Руководитель")

    # 5. The head of the organization.
    fill_person(page.locator("#q-director"), "Петрова", "Мария", "Олеговна", "1985-09-01", "5702")
    next_step(page, "Адрес")

    # 6. Address and the premises.
    address = page.locator("#q-address")
    field(address, "Почтовый индекс").fill("614000")
    field(address, "Населённый пункт").fill("г. Пермь")
    field(address, "Улица").fill("ул. Ленина")
    field(address, "Дом (строение, корпус)").fill("10")
    page.get_by_label("Нежилое помещение: гарантийное письмо собственника").check()
    field(page, "Собственник помещения (наименование организации или ФИО)").fill("ООО «Прикамье»")
    field(page, "Документ о праве собственности на помещение").fill("выписка из ЕГРН от 10.02.2026")
    next_step(page, "Подача документов")

    # 7. Filing through Госуслуги.
    page.get_by_label("Через Госуслуги (электронно)").check()
    field(page, "Планируемая дата подачи").fill("2026-03-16")
    field(page, "Основной код ОКВЭД 2").fill("88.99")
    settle(page)
    page.get_by_role("button", name="К проверке и формированию →").click()

    # The summary: no blocking problems remain, the package is generated and downloaded.
    expect(page.get_by_role("heading", level=2)).to_have_text("Проверка и формирование")
    expect(page.get_by_text("Блокирующих: 0")).to_be_visible()
    page.get_by_role("button", name="Сформировать пакет").click()
    expect(page.locator(".messages")).to_contain_text("Пакет сформирован: версия 1.")
    page.screenshot(path="/tmp/konstruktor-documents-summary.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать ZIP").click()
    path = tmp_path / "package.zip"
    download_info.value.save_as(path)

    archive = zipfile.ZipFile(path)
    assert archive.namelist()[0] == "00 Содержание пакета.docx"
    charter = docx.Document(io.BytesIO(archive.read("01 Устав.docx")))
    assert ORG_NAME in [p.text for p in charter.paragraphs]
    protocol = docx.Document(io.BytesIO(archive.read("02 Протокол учредительного собрания.docx")))
    assert any("Сидоров Олег Павлович" in p.text for p in protocol.paragraphs)
