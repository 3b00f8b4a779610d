"""Every content change makes a version with its author; editors compare two versions."""

import pytest
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.knowledge.actions import article_update
from konstruktor.knowledge.errors import AccessDenied
from konstruktor.knowledge.queries import version_diff
from konstruktor.knowledge.tests.factories import make_article
from konstruktor.organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_content_change_makes_a_new_version_with_its_author(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article(body="Первая строка.\nВторая строка.")
    article_update(article=article, by=perm_consultant, body="Первая строка.\nНовая вторая строка.", comment="Правка")
    latest = article.versions.order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.author, latest.comment) == (2, perm_consultant, "Правка")
    assert latest.body == "Первая строка.\nНовая вторая строка."


def test_saving_without_changes_makes_no_version(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    article_update(article=article, by=perm_consultant, title=article.title, tags=[])
    assert article.versions.count() == 1


def test_tags_are_part_of_the_version(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article(tags=["устав"])
    article_update(article=article, by=perm_consultant, tags=["устав", "Минюст"])
    assert article.versions.order_by("-number").first().tags == ["Минюст", "устав"]  # type: ignore[union-attr]


def test_a_user_without_editor_rights_cannot_update_through_the_action() -> None:
    article = make_article()
    with pytest.raises(AccessDenied):
        article_update(article=article, by=UserFactory(), title="Захвачено")
    article.refresh_from_db()
    assert article.title != "Захвачено" and article.versions.count() == 1


def test_diff_marks_removed_and_added_lines(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article(body="Одна строка.\nУдаляемая строка.\nПоследняя.")
    article_update(article=article, by=perm_consultant, body="Одна строка.\nДобавленная строка.\nПоследняя.")
    older, newer = article.versions.order_by("number")
    body = next(f for f in version_diff(older=older, newer=newer) if f.label == "Ответ")
    assert [(line.kind, line.text) for line in body.lines] == [
        ("equal", "Одна строка."),
        ("delete", "Удаляемая строка."),
        ("insert", "Добавленная строка."),
        ("equal", "Последняя."),
    ]
    title = next(f for f in version_diff(older=older, newer=newer) if f.label == "Вопрос")
    assert not title.changed


def test_history_and_diff_pages_show_versions_to_an_editor(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article(body="Старый <текст>.")
    article_update(article=article, by=perm_consultant, body="Новый текст.", comment="Переписали")
    client = login(perm_consultant)
    history = client.get(reverse("knowledge:history", args=[article.pk])).content.decode()
    assert "Переписали" in history and perm_consultant.display_name() in history
    diff = client.get(reverse("knowledge:diff", args=[article.pk]) + "?a=1&b=2").content.decode()
    assert '<del class="diff-line">Старый &lt;текст&gt;.</del>' in diff
    assert '<ins class="diff-line">Новый текст.</ins>' in diff
    assert client.get(reverse("knowledge:diff", args=[article.pk]) + "?a=1&b=9").status_code == 404


def test_article_page_links_editors_to_the_history(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    body = login(perm_consultant).get(article.get_absolute_url()).content.decode()
    assert reverse("knowledge:history", args=[article.pk]) in body
