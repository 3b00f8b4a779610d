"""The handbook in the back office: every page opens, changes go through the actions (versions,
index), history is read-only, and only handbook editors change anything."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission

from konstruktor.core.models import SearchSynonym
from konstruktor.core.roles import Role
from konstruktor.core.search import search
from konstruktor.core.testing import UserFactory, login
from konstruktor.knowledge.actions import article_feedback_create, article_update, search_miss_record
from konstruktor.knowledge.models import Article, ArticleVersion, SearchMiss
from konstruktor.knowledge.tests.factories import SectionFactory, make_article
from konstruktor.organizations.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> Any:
    """A federal coordinator with back-office access: edits the handbook on the site and here."""
    user = staff(Role.FEDERAL_COORDINATOR, fns_code="77")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _form(article: Article, **changes: Any) -> dict[str, Any]:
    data = {
        "section": article.section_id, "order": article.order, "title": article.title, "body": article.body,
        "legal_basis": article.legal_basis, "valid_from": article.valid_from.isoformat() if article.valid_from else "",
        "audience": article.audience, "status": article.status,
        "tags_text": ", ".join(t.name for t in article.tags.all()), "comment": "",
        "related": [a.pk for a in article.related.all()],
        # The read-only inlines still send their management forms.
        "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(changes)
    return data


def test_every_handbook_page_of_the_back_office_opens(editor) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Сколько учредителей у АНО?")
    article_update(article=article, by=editor, body="Один или больше.")
    article_feedback_create(article=article, helpful=False, comment="Нет примера")
    search_miss_record(query="эндаумент")
    client = login(editor)
    version = article.versions.order_by("-number").first()
    for url in (
        "/admin/knowledge/section/",
        f"/admin/knowledge/section/{article.section_id}/change/",
        "/admin/knowledge/article/",
        "/admin/knowledge/article/?q=учредителей",
        "/admin/knowledge/article/add/",
        f"/admin/knowledge/article/{article.pk}/change/",
        "/admin/knowledge/articleversion/",
        f"/admin/knowledge/articleversion/{version.pk}/change/",
        "/admin/knowledge/articlefeedback/",
        "/admin/knowledge/searchmiss/",
        "/admin/core/searchsynonym/",
        "/admin/core/searchsynonym/add/",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/admin/knowledge/article/{article.pk}/change/").content.decode()
    assert "сравнить с версией 1" in page  # the version inline links to the site's diff
    assert "эндаумент" in client.get("/admin/knowledge/searchmiss/").content.decode()


def test_an_article_changed_in_the_admin_gets_a_version_and_is_searchable(editor) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Сколько стоит регистрация?", body="Госпошлина.")
    other = make_article(title="Куда подавать документы?")
    changes = {"title": "Сколько стоит регистрация АНО?", "tags_text": "госпошлина, АНО", "comment": "уточнили"}
    response = login(editor).post(
        f"/admin/knowledge/article/{article.pk}/change/", _form(article, related=[other.pk], **changes)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    latest = article.versions.order_by("-number").first()
    assert (latest.number, latest.author, latest.comment) == (2, editor, "уточнили")
    assert sorted(t.name for t in article.tags.all()) == ["АНО", "госпошлина"]
    assert [a.pk for a in article.related.all()] == [other.pk]
    assert [h.object_id for h in search("регистрация АНО").results][:1] == [article.pk]


def test_an_article_added_and_deleted_in_the_admin_enters_and_leaves_the_index(editor) -> None:  # type: ignore[no-untyped-def]
    section = SectionFactory()
    data = {
        "section": section.pk, "slug": "endaument", "order": 1, "title": "Что такое эндаумент?",
        "body": "Целевой капитал НКО.", "legal_basis": "275-ФЗ", "valid_from": "2026-01-01", "audience": "public",
        "status": "published", "tags_text": "целевой капитал", "comment": "",
        "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    }  # fmt: skip
    client = login(editor)
    assert client.post("/admin/knowledge/article/add/", data).status_code == 302
    article = Article.objects.get(slug="endaument")
    assert article.versions.get().author == editor
    assert [h.object_id for h in search("эндаумент").results] == [article.pk]
    response = client.post(f"/admin/knowledge/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert search("эндаумент").total == 0


def test_versions_feedback_and_misses_cannot_be_edited_in_the_admin(editor) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    version = article.versions.get()
    client = login(editor)
    response = client.post(f"/admin/knowledge/articleversion/{version.pk}/change/", {"title": "Подделка"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.title != "Подделка"
    assert client.get("/admin/knowledge/articleversion/add/").status_code == 403
    assert client.get(f"/admin/knowledge/articleversion/{version.pk}/delete/").status_code == 403
    assert client.get("/admin/knowledge/articlefeedback/add/").status_code == 403
    assert client.get("/admin/knowledge/searchmiss/add/").status_code == 403
    search_miss_record(query="эндаумент")
    miss = SearchMiss.objects.get()
    assert client.post(f"/admin/knowledge/searchmiss/{miss.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not SearchMiss.objects.exists()


def test_a_staff_user_who_is_no_handbook_editor_only_reads(perm_org) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    reader = UserFactory(is_staff=True)
    reader.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["knowledge", "core"]))
    client = login(reader)
    assert client.get(f"/admin/knowledge/article/{article.pk}/change/").status_code == 200  # view only
    response = client.post(f"/admin/knowledge/article/{article.pk}/change/", _form(article, title="Захвачено"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Захвачено"
    assert client.get("/admin/knowledge/article/add/").status_code == 403
    assert client.get("/admin/core/searchsynonym/add/").status_code == 403


def test_a_synonym_added_in_the_admin_takes_effect_and_a_bad_line_is_refused(editor) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Как найти грантодателя?")
    client = login(editor)
    assert search("донор проекта").total == 0
    response = client.post("/admin/core/searchsynonym/add/", {"line": "одно слово"})
    assert response.status_code == 200 and "хотя бы два" in response.content.decode()
    assert client.post("/admin/core/searchsynonym/add/", {"line": "грантодатель; донор проекта"}).status_code == 302
    synonym = SearchSynonym.objects.get()
    assert (synonym.line, synonym.created_by) == ("грантодатель, донор проекта", editor)
    assert [h.object_id for h in search("донор проекта").results] == [article.pk]
    response = client.post("/admin/core/searchsynonym/add/", {"line": "Грантодатель, донор проекта"})
    assert "уже есть" in response.content.decode()
    assert client.post(f"/admin/core/searchsynonym/{synonym.pk}/delete/", {"post": "yes"}).status_code == 302
    assert search("донор проекта").total == 0
    assert not ArticleVersion.objects.filter(article=article, number=2).exists()
