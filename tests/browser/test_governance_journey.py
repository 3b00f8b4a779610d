"""Project management end to end in a real browser: a РЦ manager creates a group and holds a
meeting whose decision becomes a roadmap item owned by an NGO; the NGO member uploads evidence
and marks it done; the public roadmap page and the dashboards show it."""

import datetime
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.organizations.models import Membership, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, region, staff
from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("link", name="Войти")).to_be_visible()


def test_a_meeting_decision_becomes_an_ngo_item_that_is_delivered_and_shown_to_the_public(
    page: Any, browser: Any, live_server: Any, reference_data: None, tmp_path: Path
) -> None:
    manager = staff(Role.RC_MANAGER, fns_code="59", username="perm.manager")
    manager.first_name, manager.last_name = "Андрей", "Кузнецов"
    manager.save(update_fields=["first_name", "last_name"])
    ngo = OrganizationFactory(
        region=region("59"), full_name="Автономная некоммерческая организация «Опора»", short_name="АНО «Опора»"
    )
    member = UserFactory(username="ngo.member", first_name="Екатерина", last_name="Орлова", email="orlova@example.ru")
    Membership.objects.create(user=member, organization=ngo, role=Role.NGO_MEMBER)
    meeting_day = timezone.localdate() - datetime.timedelta(days=1)
    deadline = timezone.localdate() + datetime.timedelta(days=60)

    # --- the РЦ manager creates the group -------------------------------------------------------
    log_in(page, "perm.manager")
    page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Проектное управление").click()
    page.get_by_role("link", name="Создать группу").click()
    page.get_by_label("Наименование *", exact=True).fill("Проектная группа по доступу СОНКО к услугам")
    page.get_by_label("Вид группы").select_option(label="Проектная группа")
    page.get_by_label("При каком органе").select_option(label="Министерство (орган исполнительной власти региона)")
    page.get_by_label("Наименование органа").fill("Министерство социального развития Пермского края")
    page.get_by_label("Цель и задачи").fill("Расширить доступ СОНКО к предоставлению социальных услуг")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проектная группа по доступу СОНКО к услугам")

    # The form is open while the group has no members.
    page.get_by_label("Кого представляет").select_option(label="Представитель СОНКО")
    page.get_by_label("Логин на платформе").fill("ngo.member")
    # The NGO is not in the group yet, so it is found by its ИНН.
    page.get_by_label("или ИНН организации").fill(ngo.inn)
    page.get_by_role("button", name="Добавить участника").click()
    expect(page.get_by_role("region", name="Состав группы")).to_contain_text("Орлова Екатерина")

    # --- a public roadmap with a goal and a measure -------------------------------------------
    page.get_by_role("link", name="Новая дорожная карта").click()
    page.get_by_label("Название").fill("Дорожная карта доступа СОНКО к услугам")
    page.get_by_label("Публиковать ход исполнения").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("link", name="+ Цель").click()
    page.get_by_label("Наименование").fill("Доступ СОНКО к услугам")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("link", name="+ мера").click()
    page.get_by_label("Наименование").fill("Реестр поставщиков социальных услуг")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".gov-root")).to_contain_text("Реестр поставщиков социальных услуг")

    # --- the meeting: agenda, attendance, a decision → roadmap item ---------------------------
    page.get_by_role("link", name="Проектная группа по доступу СОНКО к услугам").click()
    page.get_by_role("link", name="Назначить заседание").click()
    page.get_by_label("Дата и время").fill(f"{meeting_day:%Y-%m-%d}T11:00")
    page.get_by_label("Место или ссылка").fill("г. Пермь, зал заседаний министерства")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Заседание № 1 от {meeting_day:%d.%m.%Y}")

    page.get_by_label("Вопрос повестки").fill("О включении СОНКО в реестр поставщиков")
    page.get_by_role("button", name="Добавить в повестку").click()
    page.get_by_label("Отметка: Орлова Екатерина").select_option(label="Присутствовал")
    page.get_by_role("button", name="Сохранить отметки").click()
    expect(page.get_by_text("Присутствие отмечено.")).to_be_visible()

    page.get_by_label("Решили").fill("Подготовить пакет документов для включения в реестр поставщиков")
    page.get_by_label("Ответственная организация").select_option(label=f"АНО «Опора» (ИНН {ngo.inn})")
    page.get_by_label("Срок").fill(f"{deadline:%Y-%m-%d}")
    page.get_by_role("button", name="Записать решение").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Протокол (DOCX)").click()
    minutes = Document(download.value.path())
    assert "ПРОТОКОЛ № 1" in "\n".join(p.text for p in minutes.paragraphs)
    page.get_by_label("Мера дорожной карты").select_option(index=0)
    page.get_by_role("button", name="В дорожную карту").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "1.1.1. Подготовить пакет документов для включения в реестр поставщиков"
    )
    expect(page.get_by_role("region", name="Сведения")).to_contain_text("АНО «Опора»")
    log_out(page)

    # --- the NGO member uploads evidence and marks the item done ------------------------------
    log_in(page, "ngo.member")
    page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Проектное управление").click()
    tasks = page.get_by_role("region", name="Мои задачи")
    tasks.get_by_role("link", name="1.1.1. Подготовить пакет документов для включения в реестр поставщиков").click()
    evidence = tmp_path / "заявление в реестр.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Что подтверждает").fill("Заявление о включении в реестр")
    page.get_by_label("Файл").set_input_files(str(evidence))
    page.get_by_role("button", name="Приложить подтверждение").click()
    expect(page.get_by_role("region", name="Подтверждения")).to_contain_text("Заявление о включении в реестр")
    page.get_by_label("Статус").select_option(label="Выполнено")
    page.get_by_label("Комментарий", exact=True).fill("Документы поданы в министерство")
    page.get_by_role("button", name="Сохранить исполнение").click()
    expect(page.get_by_text("Исполнение отмечено.")).to_be_visible()
    expect(page.locator(".gov-progress").first).to_contain_text("100 %")
    log_out(page)

    # The NGO's ownership, attendance and delivery are in the support log, once each.
    kinds = sorted(SupportRecord.objects.filter(recipient=ngo).values_list("description", flat=True))
    assert len(kinds) == 3 and any("выполнено мероприятие 1.1.1" in k for k in kinds)

    # --- the public sees execution on the roadmap page ----------------------------------------
    public = browser.new_context(base_url=live_server.url, locale="ru-RU")
    visitor = public.new_page()
    visitor.goto("/governance/roadmaps/")
    visitor.get_by_role("link", name="Дорожная карта доступа СОНКО к услугам").click()
    summary = visitor.get_by_role("region", name="Исполнение")
    expect(summary).to_contain_text("100 %")
    expect(summary).to_contain_text("единственный вложенный элемент")
    item = visitor.locator(".gov-level-3").first
    expect(item).to_contain_text("Выполнено")
    expect(item).to_contain_text("выполнено → 100 %")
    expect(item.get_by_role("link", name="Заявление о включении в реестр")).to_be_visible()
    participation = visitor.get_by_role("region", name="Участие СОНКО")
    expect(participation.get_by_role("row", name="АНО «Опора» 1 0 1 1")).to_be_visible()
    expect(visitor.locator("main")).not_to_contain_text("Орлова")
    visitor.screenshot(path="/tmp/konstruktor-roadmap-public.png", full_page=True)

    # --- the nightly snapshot, then the dashboards ----------------------------------------------
    call_command("snapshot_indicators")
    visitor.goto("/indicators/")
    card = visitor.locator(".mon-card", has_text="СОНКО участвуют в проектном управлении")
    expect(card.locator(".mon-value")).to_contain_text("1")
    expect(visitor.locator(".mon-card", has_text="НКО получили поддержку").locator(".mon-value")).to_contain_text("1")
    public.close()

    log_in(page, "perm.manager")
    page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Мониторинг").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Показатели: Пермский край")
    card = page.locator(".mon-card", has_text="СОНКО участвуют в проектном управлении")
    card.get_by_role("link", name="1").click()
    expect(page.get_by_role("main")).to_contain_text("разных получателей: 1")
    expect(page.get_by_role("main")).to_contain_text("выполнено мероприятие 1.1.1")
    page.screenshot(path="/tmp/konstruktor-dashboard-drill.png", full_page=True)
    # Let the browser finish its last requests (favicon) before the live server is torn down.
    page.wait_for_load_state("networkidle")
