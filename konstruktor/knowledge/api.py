"""Handbook API: search and articles, with the same visibility as the pages."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from konstruktor.api.auth import OptionalAuth
from konstruktor.knowledge import actions, queries
from konstruktor.knowledge.rendering import markdown_html

router = Router(tags=["Справочник"])


class SearchParams(Schema):
    q: str = Field("", max_length=300, description="вопрос своими словами")
    section: str = Field("", description="код раздела, например sozdanie-nko")
    limit: int = Field(10, ge=1, le=50)


class HitOut(Schema):
    id: int
    title: str
    url: str = Field(..., description="страница статьи")
    snippet: str = Field(..., description="фрагмент ответа, совпадения в <mark>, HTML экранирован")
    score: float


class SearchOut(Schema):
    count: int
    results: list[HitOut]


class ArticleOut(Schema):
    id: int
    slug: str
    section: str
    section_title: str
    title: str
    body: str = Field(..., description="Markdown")
    body_html: str
    legal_basis: str
    valid_from: datetime.date | None
    tags: list[str]
    audience: str
    status: str
    version: int | None
    url: str


@router.get("/search", auth=OptionalAuth(), response=SearchOut, summary="Поиск по справочнику")
def article_search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    text = params.q.strip()
    if not text:
        return SearchOut(count=0, results=[])
    page = queries.article_search(user=request.user, text=text, section=params.section, limit=params.limit)
    if not page.total:
        actions.search_miss_record(query=text)
    return SearchOut(
        count=page.total,
        results=[
            HitOut(id=h.object_id, title=h.title, url=h.url, snippet=h.snippet, score=h.score) for h in page.results
        ],
    )


@router.get("/articles/{int:pk}", auth=OptionalAuth(), response=ArticleOut, summary="Статья справочника")
def article_detail(request: HttpRequest, pk: int) -> ArticleOut:
    article = queries.article_get_visible(user=request.user, pk=pk)
    version = queries.article_current_version(article=article)
    return ArticleOut(
        id=article.pk, slug=article.slug, section=article.section.slug, section_title=article.section.title,
        title=article.title, body=article.body, body_html=markdown_html(article.body),
        legal_basis=article.legal_basis, valid_from=article.valid_from,
        tags=[t.name for t in article.tags.all()], audience=article.audience, status=article.status,
        version=version.number if version else None, url=article.get_absolute_url(),
    )  # fmt: skip
