"""Handbook articles suggested while a consultant reads a question, and the ones used in the answer."""

import pytest

from konstruktor.consultations import queries
from konstruktor.consultations.tests.factories import in_progress, public_question
from konstruktor.core.audit import change_history
from konstruktor.core.testing import login
from konstruktor.knowledge.tests.factories import make_article

pytestmark = pytest.mark.django_db

QUESTION = "Хотим зарегистрировать АНО. Сколько нужно учредителей и можно ли одного?"


@pytest.fixture
def articles():  # type: ignore[no-untyped-def]
    return {
        "founders": make_article(
            title="Сколько нужно учредителей для АНО?",
            body="Для автономной некоммерческой организации достаточно одного учредителя (7-ФЗ ст. 10).",
        ),
        "report": make_article(title="Как сдать отчёт в Минюст", body="Отчёт по форме ОН0001 сдаётся до 15 апреля."),
        "draft": make_article(title="Учредители АНО: черновик", body="Один учредитель.", status="draft"),
    }


def test_the_card_of_a_new_question_suggests_matching_articles_with_snippets(perm_consultant, articles) -> None:  # type: ignore[no-untyped-def]
    c = public_question(question=QUESTION)
    body = login(perm_consultant).get(c.get_absolute_url()).content.decode()
    panel = body[body.index('id="suggestions"') :]
    assert articles["founders"].title in panel
    assert "<mark>" in panel
    assert "Вставить в ответ" in panel
    assert f'data-article-id="{articles["founders"].pk}"' in panel
    assert f'data-url="http://testserver{articles["founders"].get_absolute_url()}"' in panel
    assert articles["report"].title not in panel
    assert articles["draft"].title not in panel  # suggestions come from published articles only


def test_suggestions_can_be_searched_with_other_words(perm_consultant, articles) -> None:  # type: ignore[no-untyped-def]
    c = public_question(question=QUESTION)
    body = login(perm_consultant).get(f"/consultations/{c.pk}/suggestions/?q=отчёт Минюст").content.decode()
    assert articles["report"].title in body and "<html" not in body


def test_suggestions_are_plain_data_with_a_text_excerpt(perm_consultant, articles) -> None:  # type: ignore[no-untyped-def]
    [first, *_] = queries.article_suggestions(text=QUESTION, user=perm_consultant)
    assert first.article_id == articles["founders"].pk
    assert "<" not in first.excerpt and first.excerpt


def test_the_answer_records_the_articles_used(perm_consultant, articles) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant, question=QUESTION)
    founders = articles["founders"]
    text = f"Достаточно одного учредителя.\n\n«{founders.title}»: http://testserver{founders.get_absolute_url()}"
    response = login(perm_consultant).post(
        f"/consultations/{c.pk}/answer/", {"answer": text, "articles_used": [founders.pk]}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert list(c.articles_used.all()) == [founders]
    assert founders.get_absolute_url() in c.answer
    assert change_history(c).filter(changes__has_key="статьи справочника").exists()
    card = login(perm_consultant).get(c.get_absolute_url()).content.decode()
    assert f'href="{founders.get_absolute_url()}"' in card


def test_an_unknown_article_makes_the_answer_invalid_and_nothing_is_written(perm_consultant, articles) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant, question=QUESTION)
    response = login(perm_consultant).post(
        f"/consultations/{c.pk}/answer/", {"answer": "Ответ", "articles_used": [999999]}
    )
    assert response.status_code == 400
    c.refresh_from_db()
    assert c.answer == "" and not c.articles_used.exists()
    assert "Ответ" in response.content.decode()  # the text typed so far is kept


def test_no_suggestions_once_answered(perm_consultant, articles) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.consultations import actions

    c = actions.consultation_answer(
        consultation=in_progress(perm_consultant, question=QUESTION), by=perm_consultant, answer="Ответ"
    )
    body = login(perm_consultant).get(c.get_absolute_url()).content.decode()
    assert 'id="suggestions"' not in body
