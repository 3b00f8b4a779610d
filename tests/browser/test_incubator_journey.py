"""From a white spot to a mentored initiative group, end to end in a real browser."""

import datetime
from typing import Any

from playwright.sync_api import expect

from konstruktor.incubator.models import InitiativeGroup, Partnership, Stage
from konstruktor.organizations.models import ActivityArea, OrganizationStatus, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, region
from konstruktor.territories.models import Municipality
from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_consultant_takes_a_group_from_a_white_spot_to_a_mentor_partnership(page: Any, perm_consultant: Any) -> None:
    perm = region("59")
    empty = Municipality.objects.create(
        oktmo="57626000", name="Кишертский муниципальный округ", region=perm, population=11000
    )
    care = ActivityArea.objects.get(code="31.1-01")
    mentor: Any = OrganizationFactory(
        full_name="Автономная некоммерческая организация социального обслуживания «Долголетие»",
        short_name="АНО «Долголетие»",
        region=perm,
        municipality="г. Пермь",
        registration_date=datetime.date(2014, 5, 20),
    )
    mentor.areas.set([care])
    OrganizationStatus.objects.create(
        organization=mentor, kind=OrganizationStatus.Kind.SONKO, since=datetime.date(2016, 1, 1)
    )

    log_in(page, "perm.consultant")
    page.goto(f"/regions/{perm.pk}/white-spots/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Пермский край")
    expect(page.get_by_text("Кишертский муниципальный округ").first).to_be_visible()

    # The white-spot row links to the incubator's create form with the municipality.
    page.goto(f"/incubator/new/?municipality={empty.pk}")
    expect(page.locator(".notice")).to_contain_text("«белое пятно»")
    page.get_by_label("Название группы").fill("Серебряная нить")
    page.get_by_label("Социальная проблема").fill("Одинокие пожилые люди в сёлах округа остались без помощи на дому.")
    page.get_by_label("Пожилые люди").check()
    page.get_by_label("Направления деятельности (7-ФЗ ст. 31.1)").select_option(str(care.pk))
    page.get_by_label("Следующий шаг").fill("Собрать будущих учредителей")
    page.get_by_role("button", name="Создать группу").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Серебряная нить")
    group = InitiativeGroup.objects.get(name="Серебряная нить")
    assert group.municipality_had_no_ngos

    # Three stages on the board: команда → консультации → документы.
    page.goto("/incubator/board/")
    for stage in (Stage.TEAM, Stage.CONSULTATIONS, Stage.DOCUMENTS):
        card = page.locator("article.inc-card", has_text="Серебряная нить")
        card.get_by_role("combobox").select_option(stage.value)
        card.get_by_role("button", name="Перевести").click()
        expect(page.locator(f"#col-{stage.value}").locator("..")).to_contain_text("Серебряная нить")
    group.refresh_from_db()
    assert group.stage == Stage.DOCUMENTS
    assert SupportRecord.objects.filter(recipient=group.organization, service="ngo_creation").count() == 4

    # The legal-form chooser from the group: saved on its card.
    page.goto(f"/incubator/{group.pk}/")
    page.get_by_role("link", name="Подобрать форму НКО").click()
    page.get_by_label("Сколько учредителей?").fill("2")
    page.locator("fieldset", has_text="Хотите войти в реестр поставщиков").get_by_label("Да").check()
    page.get_by_role("button", name="Сохранить рекомендацию в карточке группы").click()
    expect(
        page.get_by_role("heading", name="Рекомендованная форма: Автономная некоммерческая организация")
    ).to_be_visible()
    expect(page.get_by_text("442-ФЗ ст. 25").first).to_be_visible()

    # A mentor from the registry, with reasons; the partnership and its first meeting.
    page.get_by_role("link", name="Подобрать наставника").click()
    candidate = page.locator(".inc-candidates > li", has_text="АНО «Долголетие»")
    expect(candidate).to_contain_text("общие направления")
    candidate.get_by_text("Оформить наставничество").click()
    candidate.get_by_label("Цель наставничества").fill("Освоить надомное социальное обслуживание")
    candidate.get_by_label("План встреч").fill("Раз в месяц, полгода")
    candidate.get_by_role("button", name="Записать наставничество").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Наставничество")
    page.get_by_label("Тема").fill("Стандарты социальных услуг на дому")
    page.get_by_role("button", name="Записать встречу").click()
    expect(page.get_by_text("Встреча записана.")).to_be_visible()

    partnership = Partnership.objects.get()
    assert partnership.meetings.count() == 1
    assert SupportRecord.objects.filter(recipient=mentor, source_id=partnership.pk).count() == 2
