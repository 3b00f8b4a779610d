"""Every change of the handbook. Each function owns its transaction and keeps the index current."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from konstruktor.core.search import index_bulk, index_remove, index_update, indexed_object_ids, normalize
from konstruktor.knowledge.content import SECTIONS, ArticleFile, ContentError, article_file_parse, content_files
from konstruktor.knowledge.errors import AccessDenied, AttachmentRejected, KnowledgeError
from konstruktor.knowledge.models import (
    ALLOWED_ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    Article,
    ArticleFeedback,
    ArticleVersion,
    Attachment,
    Audience,
    SearchMiss,
    Section,
    Status,
    Tag,
)
from konstruktor.knowledge.queries import SEARCH_KIND, article_document_spec, handbook_can_edit

# What a version remembers; a save that changes none of these creates no version.
CONTENT_FIELDS = ("section", "order", "title", "body", "legal_basis", "valid_from", "audience", "status")


def _require_editor(by: Any) -> None:
    """`by=None` is the platform itself (content loading, demo data)."""
    if by is not None and not handbook_can_edit(user=by):
        raise AccessDenied("Изменять справочник могут сотрудники РЦ и федеральный координатор.")


def _actor(by: Any) -> Any:
    return by if by is not None and by.is_authenticated else None


def _tags(names: Iterable[str]) -> list[Tag]:
    result: list[Tag] = []
    for name in dict.fromkeys(" ".join(n.split())[:100] for n in names if n and n.strip()):
        tag, _ = Tag.objects.get_or_create(name=name)
        result.append(tag)
    return result


def _snapshot(article: Article, tags: Sequence[str]) -> dict[str, Any]:
    return {
        "section": article.section.title,
        "title": article.title,
        "body": article.body,
        "legal_basis": article.legal_basis,
        "valid_from": article.valid_from,
        "audience": article.audience,
        "status": article.status,
        "tags": list(tags),
    }


def _version_create(article: Article, tags: Sequence[str], *, by: Any, comment: str) -> ArticleVersion:
    last = article.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleVersion.objects.create(
        article=article, number=last + 1, author=_actor(by), comment=comment[:300], **_snapshot(article, tags)
    )


def article_index(article: Article) -> None:
    index_update(article, article_document_spec(article))


def article_create(
    *,
    by: Any,
    slug: str,
    section: Section,
    title: str,
    body: str,
    legal_basis: str = "",
    valid_from: datetime.date | None = None,
    tags: Sequence[str] = (),
    related: Iterable[Article] = (),
    audience: str = Audience.PUBLIC,
    status: str = Status.DRAFT,
    order: int = 0,
    comment: str = "Создание статьи",
) -> Article:
    _require_editor(by)
    if Article.objects.filter(slug=slug).exists():
        raise KnowledgeError(f"Статья с кодом «{slug}» уже есть.")
    with transaction.atomic():
        article = Article.objects.create(
            slug=slug, section=section, title=title, body=body, legal_basis=legal_basis, valid_from=valid_from,
            audience=audience, status=status, order=order,
        )  # fmt: skip
        tag_objects = _tags(tags)
        article.tags.set(tag_objects)
        article.related.set([r for r in related if r.pk != article.pk])
        _version_create(article, [t.name for t in tag_objects], by=by, comment=comment)
        article_index(article)
    return article


def article_update(
    *,
    article: Article,
    by: Any,
    comment: str = "",
    tags: Sequence[str] | None = None,
    related: Iterable[Article] | None = None,
    **changes: Any,
) -> Article:
    """Change an article; a change of its content makes a new version and refreshes the index.

    `changes` are model fields from CONTENT_FIELDS; `tags` are names, `related` articles.
    """
    _require_editor(by)
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise KnowledgeError(f"Неизвестные поля статьи: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("section").get(pk=article.pk)
        old_tags = [t.name for t in article.tags.order_by("name")]
        before = _snapshot(article, old_tags)
        before_order = article.order
        old_related = set(article.related.values_list("pk", flat=True))
        for name, value in changes.items():
            setattr(article, name, value)
        new_tags = old_tags
        if tags is not None:
            tag_objects = _tags(tags)
            new_tags = sorted(t.name for t in tag_objects)
        after = _snapshot(article, new_tags)
        related_list = None if related is None else [r for r in related if r.pk != article.pk]
        related_changed = related_list is not None and {r.pk for r in related_list} != old_related
        content_changed = before != after
        if not content_changed and not related_changed and before_order == article.order:
            return article
        article.save()
        if tags is not None:
            article.tags.set(tag_objects)
        if related_list is not None:
            article.related.set(related_list)
        if content_changed:
            _version_create(article, new_tags, by=by, comment=comment or "Изменение статьи")
            article_index(article)
    return article


def attachment_add(*, article: Article, upload: UploadedFile, title: str = "", by: Any) -> Attachment:
    _require_editor(by)
    name = upload.name or "файл"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_ATTACHMENT_TYPES:
        raise AttachmentRejected("Можно прикрепить PDF, DOCX, XLSX, ODT, PNG или JPG.")
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected("Файл больше 20 МБ.")
    if size == 0:
        raise AttachmentRejected("Файл пустой.")
    head = upload.read(8)
    upload.seek(0)
    if not _signature_matches(extension, head):
        raise AttachmentRejected("Содержимое файла не соответствует его расширению.")
    with transaction.atomic():
        return Attachment.objects.create(
            article=article, title=(title or name)[:200], file=upload, extension=extension, size=size,
            uploaded_by=_actor(by),
        )  # fmt: skip


_SIGNATURES = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def _signature_matches(extension: str, head: bytes) -> bool:
    return any(head.startswith(sig) for sig in _SIGNATURES[extension])


def attachment_delete(*, attachment: Attachment, by: Any) -> None:
    _require_editor(by)
    with transaction.atomic():
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name) if name else None)


def article_feedback_create(*, article: Article, helpful: bool, comment: str = "", user: Any = None) -> ArticleFeedback:
    with transaction.atomic():
        return ArticleFeedback.objects.create(
            article=article, helpful=helpful, comment=comment.strip()[:2000], user=_actor(user)
        )


def search_miss_record(*, query: str) -> None:
    """Count a search that found nothing (normalised, so «Отчёт» and «отчет» are one line)."""
    text = " ".join(normalize(query).split())[:300]
    if not text:
        return
    now = timezone.now()
    with transaction.atomic():
        updated = SearchMiss.objects.filter(query=text).update(count=F("count") + 1, last_seen=now)
        if not updated:
            SearchMiss.objects.get_or_create(query=text, defaults={"last_seen": now})


def search_miss_delete(*, miss: SearchMiss, by: Any) -> None:
    _require_editor(by)
    miss.delete()


def section_defaults_ensure() -> None:
    """Create the handbook's sections (titles in Russian) if they are missing."""
    with transaction.atomic():
        for slug, (title, order, description) in SECTIONS.items():
            Section.objects.get_or_create(
                slug=slug, defaults={"title": title, "order": order, "description": description}
            )


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Articles an editor changed after the last load: the file does not overwrite their work.
    kept: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"статей добавлено {self.created}, обновлено {self.updated}, без изменений {self.unchanged}"
        if self.kept:
            text += f", оставлены правки редакторов в {len(self.kept)}"
        return text + (f", ошибок {len(self.errors)}" if self.errors else "")


def _sync_one(parsed: ArticleFile, sections: dict[str, Section], report: SyncReport) -> Article | None:
    section = sections.get(parsed.section)
    if section is None:
        report.errors.append(f"{parsed.path.name}: неизвестный раздел «{parsed.section}»")
        return None
    fields: dict[str, Any] = {
        "section": section, "order": parsed.order, "title": parsed.title, "body": parsed.body,
        "legal_basis": parsed.legal_basis, "valid_from": parsed.valid_from, "audience": parsed.audience,
        "status": Status.PUBLISHED,
    }  # fmt: skip
    comment = f"Загрузка из файла {parsed.path.parent.name}/{parsed.path.name}"
    existing = Article.objects.filter(slug=parsed.slug).select_related("section").first()
    if existing is None:
        report.created += 1
        return article_create(by=None, slug=parsed.slug, tags=parsed.tags, comment=comment, **fields)
    last = existing.versions.order_by("-number").first()
    if last is not None and last.author_id is not None:
        report.kept.append(parsed.slug)
        return existing
    versions_before = existing.versions.count()
    article = article_update(article=existing, by=None, tags=parsed.tags, comment=comment, **fields)
    if article.versions.count() > versions_before:
        report.updated += 1
    else:
        report.unchanged += 1
    return article


def knowledge_content_sync(*, directory: Path | None = None) -> SyncReport:
    """Load the Markdown articles into the handbook and publish them.

    Idempotent: articles are matched by slug and get a new version only when their content
    changed. A broken file is reported and skipped; the others still load.
    """
    parsed_files: list[ArticleFile] = []
    report = SyncReport()
    for path in content_files(directory):
        try:
            parsed_files.append(article_file_parse(path))
        except ContentError as exc:
            report.errors.append(str(exc))
    # One transaction: a reload is all or nothing, and costs one commit instead of hundreds.
    with transaction.atomic():
        section_defaults_ensure()
        sections = {s.slug: s for s in Section.objects.all()}
        loaded: list[tuple[Article, list[str]]] = []
        for parsed in parsed_files:
            article = _sync_one(parsed, sections, report)
            if article is not None:
                loaded.append((article, parsed.related))
        by_slug = dict(Article.objects.values_list("slug", "pk"))
        for article, related_slugs in loaded:
            missing = [s for s in related_slugs if s not in by_slug]
            if missing:
                report.errors.append(f"{article.slug}: нет статей {', '.join(missing)} из списка related")
            related = list(Article.objects.filter(slug__in=related_slugs))
            article_update(article=article, by=None, related=related)
        knowledge_reindex(only_missing=True)
    return report


def knowledge_reindex(*, only_missing: bool = False) -> int:
    """Rebuild the handbook's part of the search index; returns the number of articles indexed."""
    qs = Article.objects.select_related("section").prefetch_related("tags")
    if only_missing:
        qs = qs.exclude(pk__in=indexed_object_ids(kind=SEARCH_KIND))
    return index_bulk((article, article_document_spec(article)) for article in qs.iterator(chunk_size=200))


def article_delete(*, article: Article, by: Any) -> None:
    _require_editor(by)
    with transaction.atomic():
        index_remove(article)
        article.delete()
