"""The consultation line end to end in a real browser: a visitor asks, a consultant answers from
the handbook, the visitor rates the answer by the link from the e-mail."""

import re
from typing import Any

from django.core import mail
from playwright.sync_api import expect

from konstruktor.consultations.models import Consultation, Status
from konstruktor.knowledge.tests.factories import make_article
from konstruktor.organizations.models import SupportRecord
from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

QUESTION = "Хотим зарегистрировать АНО помощи пожилым. Сколько нужно учредителей — можно ли одного?"


def test_a_visitors_question_is_answered_from_the_handbook_and_rated(
    page: Any, browser: Any, live_server: Any, perm_consultant: Any, settings: Any
) -> None:
    settings.CONSULTATIONS_MIN_SUBMIT_SECONDS = 1
    mail.outbox.clear()
    article = make_article(
        title="Сколько нужно учредителей для АНО?",
        body="Для автономной некоммерческой организации достаточно одного учредителя (7-ФЗ ст. 10).",
    )
    make_article(title="Как сдать отчёт в Минюст", body="Отчёт по форме ОН0001 сдаётся до 15 апреля.")
    centre = perm_consultant.memberships.get().organization

    # An anonymous visitor asks a question.
    page.goto("/")
    page.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Задать вопрос").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Задать вопрос ресурсному центру")
    page.get_by_label("Регион").select_option(label="Пермский край")
    consent = page.get_by_role("region", name="Согласие на обработку персональных данных")
    expect(consent).to_contain_text(centre.full_name)  # the operator is the region's РЦ
    page.get_by_label("Тема").select_option(label="Регистрация НКО")
    page.get_by_label("Ваш вопрос").fill(QUESTION)
    page.get_by_label("Частное лицо").check()
    page.get_by_label("Как к вам обращаться").fill("Анна Петрова")
    page.get_by_label("E-mail").fill("anna@example.ru")
    page.get_by_label("Я даю согласие на обработку персональных данных").check()
    page.screenshot(path="/tmp/konstruktor-consultation-ask.png", full_page=True)
    page.wait_for_timeout(1100)  # people take longer than the minimal fill time; a bot does not
    page.get_by_role("button", name="Отправить вопрос").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Спасибо, ваш вопрос принят")
    consultation = Consultation.objects.get()
    expect(page.locator("main")).to_contain_text(f"№ {consultation.pk}")
    expect(page.locator("main")).to_contain_text("не позднее")
    page.screenshot(path="/tmp/konstruktor-consultation-asked.png", full_page=True)

    # A consultant of that region finds it in the queue, with suggested articles on the card.
    staff_context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    staff_context.set_default_timeout(15_000)
    desk = staff_context.new_page()
    log_in(desk, "perm.consultant")
    desk.get_by_role("navigation", name="Основная навигация").get_by_role("link", name="Консультации").click()
    queue = desk.locator("#results")
    expect(queue).to_contain_text(QUESTION[:60])
    desk.screenshot(path="/tmp/konstruktor-consultation-queue.png", full_page=True)
    queue.get_by_role("link", name=f"№ {consultation.pk}").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(f"Консультация № {consultation.pk}")
    suggestions = desk.locator("#suggestions")
    expect(suggestions).to_contain_text(article.title)
    expect(suggestions).not_to_contain_text("Как сдать отчёт в Минюст")
    expect(suggestions.locator("mark").first).to_be_visible()

    desk.get_by_role("button", name="Взять в работу").click()
    expect(desk.locator(".messages")).to_contain_text("Консультация взята в работу")

    # The answer, with the article inserted where the cursor is.
    answer = desk.get_by_role("textbox", name="Ответ заявителю")
    answer.fill("Здравствуйте, Анна! Для АНО достаточно одного учредителя. Подробнее:")
    desk.locator("#suggestions").get_by_role("button", name=f"Вставить в ответ: {article.title}").click()
    expect(answer).to_have_value(
        re.compile(re.escape(f"«{article.title}»: {live_server.url}{article.get_absolute_url()}"))
    )
    expect(desk.get_by_role("checkbox", name=article.title)).to_be_checked()
    desk.screenshot(path="/tmp/konstruktor-consultation-answer.png", full_page=True)
    desk.get_by_role("button", name="Отправить ответ").click()
    expect(desk.locator(".messages")).to_contain_text("Ответ сохранён")
    expect(desk.locator(".messages")).to_contain_text("запись в журнал поддержки не создана")
    expect(desk.get_by_role("region", name="Ответ")).to_contain_text(article.title)
    staff_context.close()

    consultation.refresh_from_db()
    assert consultation.status == Status.ANSWERED
    assert list(consultation.articles_used.all()) == [article]
    assert not SupportRecord.objects.exists()  # a private person: nothing for the support log

    # The visitor opens the rating link from the e-mail and rates the answer.
    [message] = mail.outbox
    assert message.to == ["anna@example.ru"]
    link = re.search(r"https?://\S+/consultations/rate/\S+/", message.body)
    assert link is not None and link.group(0).startswith(live_server.url)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Оценка консультации № {consultation.pk}")
    page.get_by_label("5 — отлично").check()
    page.get_by_label("Комментарий").fill("Быстро и понятно, спасибо!")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator("main")).to_contain_text("Ваша оценка сохранена")

    consultation.refresh_from_db()
    assert (consultation.rating, consultation.rating_comment) == (5, "Быстро и понятно, спасибо!")
    page.goto(link.group(0))
    expect(page.locator("main")).to_contain_text("уже оценена")
