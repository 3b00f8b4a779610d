"""Feedback on articles, the search page, searches that found nothing, the synonyms editor."""

import pytest
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.knowledge.models import ArticleFeedback, SearchMiss
from konstruktor.knowledge.tests.factories import SectionFactory, make_article

pytestmark = pytest.mark.django_db


def test_anonymous_feedback_is_recorded_through_htmx(client) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    url = reverse("knowledge:feedback_add", args=[article.section.slug, article.slug])
    response = client.post(url, {"helpful": "0", "comment": "Нет про сроки"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Спасибо за отзыв" in response.content.decode()
    feedback = ArticleFeedback.objects.get()
    assert (feedback.article, feedback.helpful, feedback.comment, feedback.user) == (
        article,
        False,
        "Нет про сроки",
        None,
    )


def test_invalid_feedback_writes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    url = reverse("knowledge:feedback_add", args=[article.section.slug, article.slug])
    response = client.post(url, {"comment": "без оценки"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_an_internal_article_from_anonymous_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    article = make_article(audience="internal")
    url = reverse("knowledge:feedback_add", args=[article.section.slug, article.slug])
    assert client.post(url, {"helpful": "1"}).status_code == 404
    assert not ArticleFeedback.objects.exists()


def test_editors_see_feedback_list(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Про устав")
    ArticleFeedback.objects.create(article=article, helpful=False, comment="Устарело")
    body = login(perm_consultant).get(reverse("knowledge:feedback") + "?helpful=0").content.decode()
    assert "Про устав" in body and "Устарело" in body


def test_search_page_shows_highlighted_results(client) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Сколько нужно учредителей для АНО?", body="Для АНО достаточно одного учредителя.")
    body = client.get(
        reverse("knowledge:search"), {"q": "учредители автономной некоммерческой организации"}
    ).content.decode()
    assert "<mark>учредителей</mark>" in body and "<mark>АНО</mark>" in body


def test_a_search_that_finds_nothing_is_recorded_once_per_query(client) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Про устав")
    for query in ("Краудфандинг для НКО", "краудфандинг   для нко"):
        body = client.get(reverse("knowledge:search"), {"q": query}).content.decode()
        assert "ничего не нашлось" in body
    miss = SearchMiss.objects.get()
    assert (miss.query, miss.count) == ("краудфандинг для нко", 2)


def test_a_search_with_results_records_no_miss(client) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Про устав")
    client.get(reverse("knowledge:search"), {"q": "устав"})
    assert not SearchMiss.objects.exists()


def test_staff_filter_search_by_section_and_audience(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    one, two = SectionFactory(), SectionFactory()
    public = make_article(section=one, title="Гранты для НКО")
    internal = make_article(section=one, title="Гранты: памятка", audience="internal")
    other = make_article(section=two, title="Гранты региона")
    client = login(perm_consultant)
    body = client.get(reverse("knowledge:search"), {"q": "гранты", "section": one.slug}).content.decode()
    assert public.get_absolute_url() in body and internal.get_absolute_url() in body
    assert other.get_absolute_url() not in body
    body = client.get(reverse("knowledge:search"), {"q": "гранты", "audience": "internal"}).content.decode()
    assert internal.get_absolute_url() in body and public.get_absolute_url() not in body


def test_editors_see_misses_and_maintain_synonyms(perm_consultant, client) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Как найти грантодателя?")
    client.get(reverse("knowledge:search"), {"q": "донор проекта"})
    editor = login(perm_consultant)
    assert "донор проекта" in editor.get(reverse("knowledge:misses")).content.decode()
    response = editor.post(reverse("knowledge:synonyms"), {"line": "грантодатель, донор проекта"})
    assert response.status_code == 302
    body = client.get(reverse("knowledge:search"), {"q": "донор проекта"}).content.decode()
    assert "Как найти <mark>грантодателя</mark>?" in body


def test_a_synonym_line_needs_two_phrases(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).post(reverse("knowledge:synonyms"), {"line": "одно"})
    assert "хотя бы два" in response.content.decode()


def test_handbook_index_lists_sections_with_counts(client) -> None:  # type: ignore[no-untyped-def]
    section = SectionFactory(title="Отчётность")
    make_article(section=section)
    make_article(section=section)
    make_article(section=section, audience="internal")
    body = client.get(reverse("knowledge:index")).content.decode()
    assert "Отчётность" in body and "2 статьи" in body
