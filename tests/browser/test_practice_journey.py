"""A practice from an NGO's draft to the federal catalog and the matches of a territory that lacks
such services, end to end in a real browser (issue #6): passport → moderation and screening →
a call with two experts → decision → publication → catalog search → matching."""

import datetime
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.expertise import actions as expertise_actions
from konstruktor.expertise.models import Assignment, AssignmentStatus, Call, CallEntry, EntryStatus
from konstruktor.organizations.models import ActivityArea, Membership, OrganizationStatus, TargetGroup
from konstruktor.organizations.tests.factories import OrganizationFactory, ResourceCentreFactory, region
from konstruktor.practices.models import DecisionCategory, EvidenceLevel, Practice, Status
from konstruktor.territories.models import Municipality
from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

TITLE = "Мобильная бригада помощи пожилым людям на дому"
# Another word form of two title words («мобильная бригада» → «мобильных бригад»): found by the
# Russian stemming of core.search, not by a substring.
QUERY = "мобильных бригад"
OUTCOME = "Пожилые люди остаются жить дома"
NA_CRITERION = "Новизна"  # both experts find it not applicable: the weights of the rest are renormalised


@dataclass(frozen=True)
class World:
    call: Call  # the open call of Пермский край, run by perm.manager
    empty: Municipality  # Новосибирская область: NGOs there work with children only


@pytest.fixture
def world(reference_data: None) -> World:
    perm, nsk = region("59"), region("54")
    ngo = OrganizationFactory(
        full_name="Автономная некоммерческая организация социальных услуг «Забота рядом»",
        short_name="АНО «Забота рядом»",
        region=perm,
        municipality="г. Пермь",
    )
    member = UserFactory(username="ngo.zabota", first_name="Ольга", last_name="Смирнова")
    Membership.objects.create(user=member, organization=ngo, role=Role.NGO_MEMBER)

    manager_centre = ResourceCentreFactory(region=perm)
    manager = UserFactory(username="perm.manager", first_name="Игорь", last_name="Кузнецов")
    Membership.objects.create(user=manager, organization=manager_centre, role=Role.RC_MANAGER)

    expert_perm = UserFactory(username="expert.perm", first_name="Анна", last_name="Лебедева")
    Membership.objects.create(user=expert_perm, organization=ResourceCentreFactory(region=perm), role=Role.EXPERT)
    expert_nsk = UserFactory(username="expert.nsk", first_name="Павел", last_name="Орлов")
    Membership.objects.create(user=expert_nsk, organization=ResourceCentreFactory(region=nsk), role=Role.EXPERT)

    nsk_consultant = UserFactory(username="nsk.consultant", first_name="Елена", last_name="Соколова")
    Membership.objects.create(
        user=nsk_consultant, organization=ResourceCentreFactory(region=nsk), role=Role.RC_CONSULTANT
    )

    # Test data: the code follows the ОКТМО pattern of the region (50…), the name is illustrative.
    empty = Municipality.objects.create(oktmo="50626000", name="Кыштовский район", region=nsk, population=9500)
    children_ngo: Any = OrganizationFactory(
        full_name="Местная общественная организация «Юные патриоты Кыштовки»",
        short_name="МОО «Юные патриоты»",
        region=nsk,
        municipality="с. Кыштовка",
        municipality_ref=empty,
    )
    children_ngo.target_groups.set([TargetGroup.objects.get(code="children")])
    children_ngo.areas.set([ActivityArea.objects.get(code="31.1-12")])
    OrganizationStatus.objects.create(
        organization=children_ngo, kind=OrganizationStatus.Kind.SONKO, since=datetime.date(2019, 3, 1)
    )

    # The open call of the region with the eight standard criteria, as the manager opens it.
    call = expertise_actions.call_create(by=manager, title="Региональный отбор практик 2026", region=perm)
    call = expertise_actions.call_open(call=call, by=manager)
    return World(call=call, empty=empty)


def field(container: Any, label: str) -> Any:
    """The input labelled exactly `label` (a required field's label ends with « *»)."""
    return container.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def switch_user(page: Any, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def message(page: Any, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def ngo_writes_and_submits_the_passport(page: Any) -> Practice:
    switch_user(page, "ngo.zabota")
    page.goto("/practices/")
    page.get_by_role("link", name="Внести практику").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Новая практика")
    page.get_by_label("Ведущая организация").select_option(label="АНО «Забота рядом»")
    page.get_by_label("Название практики").fill(TITLE)
    page.get_by_label("Краткое описание").fill(
        "Бригада из социального работника, медсестры и водителя объезжает сёла и помогает пожилым людям "
        "по хозяйству, с лекарствами и документами."
    )
    page.get_by_label("Лидер практики, контактное лицо").fill("Смирнова Ольга Петровна")
    page.get_by_label("Социальная проблема").fill(
        "Одинокие пожилые люди в отдалённых сёлах не получают помощь на дому и раньше времени "
        "переезжают в дома-интернаты."
    )
    page.get_by_label("Пожилые люди").check()
    page.get_by_label("Критерии включения благополучателей").fill(
        "Жители сёл старше 65 лет, которые живут одни и частично утратили способность к самообслуживанию."
    )
    page.get_by_label("Социальное обслуживание и поддержка").check()
    page.get_by_label("Логическая модель").fill(
        "Выезды бригады дважды в неделю → помощь по дому и с лекарствами → пожилой человек справляется сам "
        "→ остаётся жить дома, а не в интернате."
    )
    page.get_by_label("Затраты на одного благополучателя, руб.").fill("18500")

    outcome = page.locator("#outcomes .formset-row").first
    field(outcome, "Результат").fill(OUTCOME)
    field(outcome, "Показатель").fill("Доля подопечных, оставшихся жить дома через год")
    field(outcome, "Единица").fill("%")
    outcome.get_by_label("Исходное значение").fill("70")
    outcome.get_by_label("Целевое значение").fill("90")
    component = page.locator("#components .formset-row").first
    field(component, "Компонент").fill("Выезды бригады дважды в неделю")
    expect(component.get_by_label("Ключевой (не меняется при переносе)")).to_be_checked()
    step = page.locator("#launch_steps .formset-row").first
    field(step, "Шаг").fill("Собрать бригаду и договориться с больницей о медсестре")
    step.get_by_label("Длительность, рабочих дней").fill("15")
    material = page.locator("#materials .formset-row").first
    material.get_by_label("Вид").select_option(label="Методическое пособие (руководство)")
    field(material, "Название").fill("Руководство мобильной бригады")
    material.get_by_label("Ссылка").fill("https://zabota-ryadom.example.ru/rukovodstvo.pdf")
    page.get_by_role("button", name="Сохранить паспорт").click()

    message(page, "Паспорт практики сохранён как черновик.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".summary")).to_contain_text("Черновик")
    expect(page.locator(".summary")).to_contain_text("Подана НКО")

    # The evaluation is added once the outcome is saved: its effect is given per outcome.
    page.get_by_role("link", name="Изменить паспорт").click()
    evaluation = page.locator("#evaluations .formset-row").first
    field(evaluation, "Оценка").fill("Мониторинг подопечных за 2024 год")
    evaluation.get_by_label("Дизайн").select_option(label="Данные мониторинга")
    evaluation.get_by_label("Качество исполнения").select_option(label="Среднее")
    evaluation.get_by_label(f"Эффект: {OUTCOME}").select_option(label="Положительный эффект")
    evaluation.get_by_label("сохранялся, мес.").fill("12")
    page.get_by_role("button", name="Сохранить паспорт").click()
    message(page, "Изменения паспорта сохранены.")
    expect(page.locator(".summary")).to_contain_text("Обоснованная")

    page.get_by_role("button", name="Отправить на модерацию").click()
    message(page, "Практика отправлена на модерацию; сохранена новая версия паспорта.")
    expect(page.locator(".summary")).to_contain_text("На модерации · версия 1")
    expect(page.get_by_role("button", name="Отправить на модерацию")).to_have_count(0)
    expect(page.get_by_role("link", name="Изменить паспорт")).to_have_count(0)

    practice = Practice.objects.get(title=TITLE)
    assert practice.status == Status.MODERATION
    assert practice.evidence_level == EvidenceLevel.L1
    assert practice.outcomes.count() == practice.components.count() == practice.launch_steps.count() == 1
    assert practice.materials.get().kind == "manual"
    return practice


def manager_moderates_screens_and_assigns(page: Any, practice: Practice, world: World) -> CallEntry:
    switch_user(page, "perm.manager")
    page.goto("/practices/?status=moderation")
    row = page.locator("#results tr", has_text=TITLE)
    expect(row).to_contain_text("На модерации")
    row.get_by_role("link", name=TITLE).click()
    expect(page.locator(".summary")).to_contain_text("На модерации")
    page.get_by_role("link", name="Провести первичный отбор").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Первичный отбор")
    gates = page.locator("main form fieldset")
    expect(gates).to_have_count(5)
    for i in range(5):
        gates.nth(i).get_by_label("Пройден", exact=True).check()
    page.get_by_role("button", name="Записать результат отбора").click()
    message(page, "Все фильтры пройдены: практика передана на экспертизу.")
    expect(page.locator(".summary")).to_contain_text("На экспертизе")
    expect(page.get_by_role("heading", name="Первичный отбор")).to_contain_text("пройден")

    page.goto(world.call.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Региональный отбор практик 2026")
    expect(page.locator(".lead")).to_contain_text("Идёт отбор")
    page.get_by_label("Практика «на экспертизе»").select_option(label=f"{TITLE} — Пермский край")
    page.get_by_role("button", name="Включить в отбор").click()
    message(page, "Практика включена в отбор. Назначьте экспертов.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    for name in ("Лебедева Анна", "Орлов Павел"):
        field(page, "Эксперт").select_option(label=name)
        page.get_by_role("button", name="Назначить", exact=True).click()
        message(page, f"Эксперт {name} назначен. Он увидит паспорт после декларации.")
    # The first table lists the assigned experts, the second one whom else the manager may assign.
    experts = (
        page.locator("section", has=page.get_by_role("heading", name="Эксперты", exact=True)).locator("table").first
    )
    expect(experts.locator("tbody tr")).to_have_count(2)
    expect(experts.locator("tr", has_text="Орлов Павел")).to_contain_text("другой регион")
    expect(experts.locator("tr", has_text="Лебедева Анна")).to_contain_text("Ждёт декларации")
    return CallEntry.objects.get(call=world.call, practice=practice)


def expert_declares_and_scores(page: Any, username: str, scores: dict[str, str]) -> None:
    switch_user(page, username)
    page.goto("/expertise/my/")
    row = page.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("Ждёт декларации")
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Декларация о конфликте интересов")
    # Blind until the declaration: the passport is not shown yet.
    expect(page.get_by_role("heading", name="Паспорт практики")).to_have_count(0)
    page.get_by_label("Конфликта интересов нет").check()
    page.get_by_label("Подтверждаю, что сведения верны").check()
    page.get_by_role("button", name="Подать декларацию").click()
    message(page, "Декларация подана. Паспорт практики открыт для оценки.")
    expect(page.get_by_role("heading", name="Паспорт практики")).to_be_visible()
    expect(page.locator(".exp-passport")).to_contain_text(OUTCOME)

    criteria = page.locator("fieldset.exp-criterion")
    expect(criteria).to_have_count(8)
    for name, value in scores.items():
        criterion = criteria.filter(has=page.locator("legend", has_text=name))
        if value == "na":
            criterion.get_by_role("radio", name="н/п", exact=True).check()
            criterion.get_by_label("Комментарий").fill(
                "Практика не претендует на новизну: оценивается как проверенный подход."
            )
        else:
            criterion.locator(f"input[type=radio][value='{value}']").check()
    for item in ("Материалы (руководство, шаблоны)", "Обучение и наставничество", "Чек-лист соответствия модели"):
        page.get_by_label(item).select_option("2")
    page.get_by_label("Данные о затратах").select_option("3")
    page.get_by_label("Рекомендую", exact=True).check()
    page.get_by_label("Общее заключение").fill(
        "Понятная логическая модель, затраты посчитаны, мониторинг показывает результат; для переноса нужен "
        "чек-лист соответствия модели."
    )
    # Blind review: other experts' scores appear only after the expert submits their own.
    expect(page.get_by_role("heading", name="Оценки всех экспертов")).to_have_count(0)
    page.get_by_role("button", name="Отправить оценку").click()
    message(page, "Оценка отправлена.")
    expect(page.locator(".lead")).to_contain_text("оценка отправлена")
    expect(page.get_by_role("heading", name="Оценки всех экспертов")).to_be_visible()
    expect(page.get_by_role("button", name="Отправить оценку")).to_have_count(0)


SCORES_PERM = {
    "Актуальность и обоснованность потребности": "3",
    "Результативность": "3",
    "Эффективность (затраты на одного благополучателя)": "3",
    "Устойчивость": "3",
    "Тиражируемость": "3",
    "Доступность и инклюзивность": "3",
    "Участие и партнёрство": "3",
    NA_CRITERION: "na",
}
SCORES_NSK = {**SCORES_PERM, "Актуальность и обоснованность потребности": "4", "Устойчивость": "2"}


def manager_decides_and_publishes(page: Any, entry: CallEntry) -> None:
    switch_user(page, "perm.manager")
    page.goto(entry.get_absolute_url())
    experts = (
        page.locator("section", has=page.get_by_role("heading", name="Эксперты", exact=True)).locator("table").first
    )
    expect(experts.locator("tbody tr", has_text="Оценка отправлена")).to_have_count(2)
    decision = page.locator("section", has=page.get_by_role("heading", name="Решение", exact=True))
    expect(decision).to_contain_text("По правилам отбора получается: Перспективная")
    expect(decision).to_contain_text("Готова к тиражированию? Нет: нет чек-листа соответствия модели")
    page.get_by_label("Сильные стороны").fill("Бригада доходит до самых отдалённых сёл; затраты посчитаны.")
    page.get_by_label("Слабые стороны и что доработать").fill("Нет чек-листа соответствия модели для переноса.")
    page.get_by_role("button", name="Принять решение «Перспективная»").click()
    message(page, "Решение принято: Перспективная.")
    expect(page.locator(".lead")).to_contain_text("Решение принято")
    page.get_by_role("button", name="Опубликовать в федеральном каталоге").click()
    message(page, "Практика опубликована в федеральном каталоге.")
    expect(page.get_by_role("button", name="Опубликовать в федеральном каталоге")).to_have_count(0)

    page.get_by_role("link", name="паспорт практики").click()
    expect(page.locator(".summary")).to_contain_text("Опубликована")
    expect(page.locator(".summary")).to_contain_text("Перспективная")


def test_an_ngo_practice_goes_through_two_experts_to_the_catalog_and_the_matches_of_a_territory_without_such_services(
    page: Any, world: World
) -> None:
    practice = ngo_writes_and_submits_the_passport(page)

    # Not public yet: an anonymous visitor does not find it.
    page.context.clear_cookies()
    page.goto(f"/practices/catalog/?q={quote(QUERY)}")
    expect(page.locator(".catalog-results")).to_contain_text(f"По запросу «{QUERY}» практик не нашлось.")

    entry = manager_moderates_screens_and_assigns(page, practice, world)
    expert_declares_and_scores(page, "expert.perm", SCORES_PERM)
    expert_declares_and_scores(page, "expert.nsk", SCORES_NSK)
    assert Assignment.objects.filter(entry=entry, status=AssignmentStatus.SUBMITTED).count() == 2
    manager_decides_and_publishes(page, entry)

    entry.refresh_from_db()
    practice.refresh_from_db()
    assert entry.status == EntryStatus.DECIDED
    assert practice.status == Status.PUBLISHED
    assert practice.decision_category == DecisionCategory.PROMISING
    assert practice.merit_score is not None and practice.merit_score >= 60

    # An anonymous visitor finds it by other word forms and reads how the result was obtained.
    page.context.clear_cookies()
    page.goto("/practices/catalog/")
    page.get_by_label("Что ищете").fill(QUERY)
    page.get_by_role("button", name="Найти").click()
    card = page.locator(".practice-card", has_text=TITLE)
    expect(page.locator(".catalog-total")).to_contain_text("Найдено практик: 1")
    expect(card.locator(".badge", has_text=re.compile("перспективная", re.IGNORECASE))).to_be_visible()
    expect(card.locator(".badge", has_text=re.compile("обоснованная", re.IGNORECASE))).to_be_visible()
    card.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Как получена оценка")).to_be_visible()
    explanation = page.locator("ol.explanation")
    expect(explanation).to_contain_text("Уровень доказанности")
    expect(explanation).to_contain_text("Решение: Перспективная")
    expect(explanation).to_contain_text("отметили «н/п»")
    expect(explanation).to_contain_text("Сильные стороны")
    expect(page.locator("ul.reasons")).to_contain_text("Логическая модель описана в паспорте.")
    expect(page.locator("ul.reasons")).to_contain_text("Мониторинг подопечных за 2024 год")

    # The matches of a municipality of another region whose NGOs work with children only.
    switch_user(page, "nsk.consultant")
    page.goto(f"/transfers/matches/territory/{world.empty.oktmo}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Подбор практик: Кыштовский район")
    match = page.locator("article.rep-match", has_text=TITLE)
    expect(match).to_be_visible()
    expect(match).to_contain_text("АНО «Забота рядом» · Пермский край")
    need = match.locator("tr", has=page.get_by_role("rowheader", name="Потребность", exact=True))
    expect(need).to_contain_text(
        "в муниципалитете «Кыштовский район» 0 НКО и 0 СОНКО работают с группой «Пожилые люди» "
        "или по направлению «Социальное обслуживание и поддержка»"
    )
    readiness = match.locator("tr", has=page.get_by_role("rowheader", name="Готовность к тиражированию"))
    expect(readiness).to_contain_text("решение экспертизы — «Перспективная»")
