"""GET /api/v1/knowledge/search and /articles/{id}: shape, visibility, working urls."""

import pytest

from konstruktor.core.testing import login
from konstruktor.knowledge.models import SearchMiss
from konstruktor.knowledge.tests.factories import SectionFactory, make_article

pytestmark = pytest.mark.django_db


def test_search_returns_count_and_results_with_id_title_url_snippet_score(client) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Как стать поставщиком социальных услуг?", body="Подайте заявление в министерство.")
    data = client.get("/api/v1/knowledge/search", {"q": "как стать поставщиком соцуслуг"}).json()
    assert data["count"] == 1
    (hit,) = data["results"]
    assert set(hit) == {"id", "title", "url", "snippet", "score"}
    assert hit["id"] == article.pk and hit["title"] == article.title and hit["score"] > 0


def test_anonymous_search_finds_only_public_published_articles_and_each_url_opens(client) -> None:  # type: ignore[no-untyped-def]
    public = make_article(title="Реестр СОНКО получателей поддержки")
    make_article(title="Реестр СОНКО: внутренняя памятка", audience="internal")
    make_article(title="Реестр СОНКО: черновик", status="draft")
    data = client.get("/api/v1/knowledge/search", {"q": "реестр сонко"}).json()
    assert [r["id"] for r in data["results"]] == [public.pk]
    for result in data["results"]:
        assert client.get(result["url"]).status_code == 200


def test_logged_in_staff_search_also_finds_internal_articles(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Реестр СОНКО получателей поддержки")
    make_article(title="Реестр СОНКО: внутренняя памятка", audience="internal")
    assert login(perm_consultant).get("/api/v1/knowledge/search?q=реестр").json()["count"] == 2


def test_search_filters_by_section_and_limits(client) -> None:  # type: ignore[no-untyped-def]
    one, two = SectionFactory(), SectionFactory()
    for i in range(3):
        make_article(section=one, title=f"Грант номер {i}")
    make_article(section=two, title="Грант другого раздела")
    data = client.get("/api/v1/knowledge/search", {"q": "грант", "section": one.slug, "limit": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 2


def test_empty_result_is_recorded_as_a_miss(client) -> None:  # type: ignore[no-untyped-def]
    make_article(title="Про устав")
    assert client.get("/api/v1/knowledge/search", {"q": "краудфандинг"}).json() == {"count": 0, "results": []}
    assert SearchMiss.objects.filter(query="краудфандинг").exists()


def test_article_endpoint_returns_the_article_and_hides_internal_ones(client, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    article = make_article(title="Вопрос?", body="**Ответ**", tags=["устав"])
    internal = make_article(audience="internal")
    data = client.get(f"/api/v1/knowledge/articles/{article.pk}").json()
    assert data["title"] == "Вопрос?" and data["body_html"] == "<p><strong>Ответ</strong></p>"
    assert data["tags"] == ["устав"] and data["version"] == 1 and data["url"] == article.get_absolute_url()
    assert client.get(f"/api/v1/knowledge/articles/{internal.pk}").status_code == 404
    assert login(perm_consultant).get(f"/api/v1/knowledge/articles/{internal.pk}").status_code == 200
