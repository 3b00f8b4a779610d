"""Reads of the handbook: who sees what, search, sections, versions and their diff.

Visibility: anyone reads published public articles; РЦ staff, the federal coordinator and
experts also read internal ones; editors (РЦ managers and consultants, the coordinator) also
see drafts and the archive. Search and suggestions cover published articles only.
"""

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.roles import Role
from konstruktor.core.search import DocumentSpec, Hit, SearchPage, search
from konstruktor.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleVersion,
    Audience,
    SearchMiss,
    Section,
    Status,
)
from konstruktor.knowledge.rendering import markdown_text

SEARCH_KIND = "article"


def handbook_can_edit(*, user: Any) -> bool:
    return scope_for(user).is_rc_staff


def handbook_sees_internal(*, user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_rc_staff or scope.has_role(Role.EXPERT)


def article_visible(*, user: Any) -> QuerySet[Article]:
    """The articles the user may open."""
    qs = Article.objects.select_related("section")
    if handbook_can_edit(user=user):
        return qs
    qs = qs.filter(status=Status.PUBLISHED)
    if not handbook_sees_internal(user=user):
        qs = qs.filter(audience=Audience.PUBLIC)
    return qs


def article_get_visible(*, user: Any, pk: int) -> Article:
    """The article, or 404 when it does not exist or the user may not see it."""
    return get_scoped_or_404(article_visible(user=user), pk=pk)


def article_get_by_slug_visible(*, user: Any, slug: str) -> Article:
    qs = article_visible(user=user).prefetch_related(
        "tags",
        "attachments",
        Prefetch("related", queryset=article_visible(user=user).order_by("section__order", "order")),
    )
    return get_scoped_or_404(qs, slug=slug)


def article_document_spec(article: Article) -> DocumentSpec:
    """How an article is described to the search index."""
    tags = [tag.name for tag in article.tags.all()]
    return DocumentSpec(
        kind=SEARCH_KIND,
        title=article.title,
        url=article.get_absolute_url(),
        body=markdown_text(article.body),
        keywords="\n".join([", ".join(tags), article.legal_basis]),
        category=article.section.slug,
        status=article.status,
        public=article.audience == Audience.PUBLIC,
        facets={"audience": article.audience},
    )


def article_search(
    *, user: Any, text: str, section: str = "", audience: str = "", limit: int = 10, offset: int = 0
) -> SearchPage:
    """Published articles matching a query, as the user may see them."""
    sees_internal = handbook_sees_internal(user=user)
    filters: dict[str, Any] = {"status": Status.PUBLISHED, "category": section or None}
    if sees_internal and audience in Audience.values:
        filters["public"] = audience == Audience.PUBLIC
    return search(text, kinds=[SEARCH_KIND], filters=filters, public_only=not sees_internal, limit=limit, offset=offset)


def article_suggest(*, text: str, user: Any, limit: int = 5) -> list[Hit]:
    """Articles answering a free-text question (a consultation request), visible to the user."""
    return article_search(user=user, text=text, limit=limit).results


@dataclass(frozen=True)
class SectionRow:
    section: Section
    articles: int

    @property
    def articles_label(self) -> str:
        n = self.articles
        if n % 10 == 1 and n % 100 != 11:
            word = "статья"
        elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            word = "статьи"
        else:
            word = "статей"
        return f"{n} {word}"


def section_list(*, user: Any) -> list[SectionRow]:
    """Sections in order with the number of published articles the user may read."""
    visible = article_visible(user=user).filter(status=Status.PUBLISHED)
    counts = dict(visible.values_list("section_id").annotate(n=Count("id")).order_by())
    return [SectionRow(section, counts.get(section.pk, 0)) for section in Section.objects.all()]


def section_get(*, slug: str) -> Section:
    return get_scoped_or_404(Section.objects.all(), slug=slug)


def section_articles(*, user: Any, section: Section) -> QuerySet[Article]:
    """The section's articles; editors also get drafts and the archive (marked on the page)."""
    return article_visible(user=user).filter(section=section).order_by("order", "title")


def article_editor_list(*, user: Any, text: str = "", status: str = "", section: str = "") -> QuerySet[Article]:
    """Every article for the editors' table, drafts and archive included."""
    qs = article_visible(user=user).order_by("section__order", "order", "title")
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(slug__icontains=text))
    if status:
        qs = qs.filter(status=status)
    if section:
        qs = qs.filter(section__slug=section)
    return qs


def article_versions(*, article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("-number")


def article_current_version(*, article: Article) -> ArticleVersion | None:
    return article.versions.select_related("author").order_by("-number").first()


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "equal", "insert", "delete"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.kind != "equal" for line in self.lines)


VERSION_FIELDS = (
    ("title", "Вопрос"),
    ("section", "Раздел"),
    ("legal_basis", "Правовое основание"),
    ("valid_from", "Действует с"),
    ("tags", "Метки"),
    ("audience", "Доступ"),
    ("status", "Статус"),
    ("body", "Ответ"),
)


def _version_value(version: ArticleVersion, name: str) -> str:
    if name == "tags":
        return ", ".join(version.tags)
    if name == "valid_from":
        return version.valid_from.strftime("%d.%m.%Y") if version.valid_from else ""
    if name == "audience":
        return Audience(version.audience).label
    if name == "status":
        return Status(version.status).label
    return str(getattr(version, name) or "")


def _line_diff(before: str, after: str) -> list[DiffLine]:
    old, new = before.splitlines(), after.splitlines()
    result: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            result.extend(DiffLine("equal", line) for line in old[i1:i2])
            continue
        result.extend(DiffLine("delete", line) for line in old[i1:i2])
        result.extend(DiffLine("insert", line) for line in new[j1:j2])
    return result


def version_diff(*, older: ArticleVersion, newer: ArticleVersion) -> list[FieldDiff]:
    """Line by line differences of every field between two versions of one article."""
    return [
        FieldDiff(label, _line_diff(_version_value(older, name), _version_value(newer, name)))
        for name, label in VERSION_FIELDS
    ]


def search_miss_list() -> QuerySet[SearchMiss]:
    return SearchMiss.objects.all()


def feedback_list(*, helpful: bool | None = None) -> QuerySet[ArticleFeedback]:
    qs = ArticleFeedback.objects.select_related("article__section", "user")
    if helpful is not None:
        qs = qs.filter(helpful=helpful)
    return qs


def feedback_summary(*, article: Article) -> dict[str, int]:
    row = article.feedback.aggregate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
    return {"helpful": row["yes"], "unhelpful": row["no"]}


def export_sections(
    *, user: Any, section: Section | None = None, include_internal: bool = True
) -> list[tuple[Section, list[Article]]]:
    """Sections with their published articles for the printable handbook, as the user may read them.

    Anonymous visitors get public articles only; staff may ask for those alone too.
    """
    qs = article_visible(user=user).filter(status=Status.PUBLISHED).prefetch_related("tags")
    if not include_internal:
        qs = qs.filter(audience=Audience.PUBLIC)
    sections = [section] if section is not None else list(Section.objects.all())
    by_section: dict[int, list[Article]] = {}
    for article in qs.order_by("section__order", "order", "title"):
        by_section.setdefault(article.section_id, []).append(article)
    return [(s, by_section[s.pk]) for s in sections if by_section.get(s.pk)]
