"""Who sees and edits the handbook, checked from the outside: pages, API and POST."""

import pytest
from django.urls import reverse

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.knowledge.models import Article, ArticleVersion
from konstruktor.knowledge.queries import article_get_visible, article_suggest, article_visible
from konstruktor.knowledge.tests.factories import SectionFactory, make_article, ngo_member
from konstruktor.organizations.tests.factories import staff

pytestmark = pytest.mark.django_db


def test_anonymous_reads_a_public_article(client) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Сколько нужно учредителей для АНО?", body="Достаточно **одного** учредителя.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Сколько нужно учредителей для АНО?" in body and "<strong>одного</strong>" in body
    assert "Версия 1 от" in body and "история изменений" not in body


def test_anonymous_gets_404_on_an_internal_article_page_and_api(client) -> None:  # type: ignore[no-untyped-def]
    article = make_article(audience="internal")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/knowledge/articles/{article.pk}").status_code == 404


def test_draft_and_archived_articles_are_hidden_from_everyone_but_editors(client, perm_org, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    draft = make_article(status="draft")
    archived = make_article(status="archived")
    member = login(ngo_member(perm_org))
    for article in (draft, archived):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert member.get(article.get_absolute_url()).status_code == 404
        assert login(perm_consultant).get(article.get_absolute_url()).status_code == 200


def test_rc_staff_coordinator_and_experts_read_internal_articles(perm_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    article = make_article(audience="internal")
    expert = staff(Role.EXPERT, fns_code="59")
    for user in (perm_consultant, coordinator, expert):
        assert login(user).get(article.get_absolute_url()).status_code == 200
        assert article_get_visible(user=user, pk=article.pk) == article


def test_ngo_member_reads_public_articles_only(perm_org) -> None:  # type: ignore[no-untyped-def]
    public, internal = make_article(), make_article(audience="internal")
    member = ngo_member(perm_org)
    assert list(article_visible(user=member)) == [public]
    assert login(member).get(internal.get_absolute_url()).status_code == 404


def test_ngo_member_cannot_open_or_post_the_editor(perm_org) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    client = login(ngo_member(perm_org))
    assert client.get(reverse("knowledge:new")).status_code == 403
    response = client.post(reverse("knowledge:edit", args=[article.pk]), {"title": "Захвачено"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Захвачено"
    assert ArticleVersion.objects.filter(article=article).count() == 1


def test_anonymous_visitor_is_sent_to_login_from_the_editor(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("knowledge:manage"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_consultant_creates_and_edits_an_article(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    section = SectionFactory(slug="sozdanie-nko", title="Создание НКО")
    client = login(perm_consultant)
    response = client.post(
        reverse("knowledge:new"),
        {
            "section": section.pk, "slug": "gosposhlina", "title": "Сколько стоит регистрация НКО?",
            "body": "Госпошлина — 4 000 рублей.", "legal_basis": "НК РФ ст. 333.33", "valid_from": "2026-01-01",
            "tags_text": "госпошлина, регистрация", "audience": "public", "status": "published", "order": "1",
            "comment": "",
        },
    )  # fmt: skip
    article = Article.objects.get(slug="gosposhlina")
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert sorted(t.name for t in article.tags.all()) == ["госпошлина", "регистрация"]
    response = client.post(
        reverse("knowledge:edit", args=[article.pk]),
        {
            "section": section.pk, "title": "Сколько стоит регистрация НКО?", "body": "Госпошлина — 4 000 ₽.",
            "legal_basis": "НК РФ ст. 333.33 п. 1 пп. 3", "valid_from": "2026-01-01", "tags_text": "госпошлина",
            "audience": "public", "status": "published", "order": "1", "comment": "Уточнили подпункт",
        },
    )  # fmt: skip
    assert response.status_code == 302
    versions = list(article.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].author == perm_consultant and versions[1].comment == "Уточнили подпункт"


def test_article_suggest_offers_only_what_the_user_may_read(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    public = make_article(title="Как зарегистрировать АНО?")
    internal = make_article(title="Регистрация АНО: внутренняя памятка", audience="internal")
    make_article(title="Регистрация АНО: черновик", status="draft")
    question = "Подскажите, как нам зарегистрировать автономную некоммерческую организацию"
    assert {h.object_id for h in article_suggest(text=question, user=None)} == {public.pk}
    assert {h.object_id for h in article_suggest(text=question, user=perm_consultant)} == {public.pk, internal.pk}
