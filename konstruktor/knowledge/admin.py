"""The handbook in the back office: sections, articles (with their versions, read-only), feedback
and searches that found nothing. Synonyms live with the search engine (core.admin).

Every change of an article goes through the actions, as on the site: it makes a version with the
administrator as its author and refreshes the search index. Only those who may edit the handbook
on the site (РЦ staff, the federal coordinator) may change it here; other staff users read.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from konstruktor.knowledge import actions
from konstruktor.knowledge.errors import KnowledgeError
from konstruktor.knowledge.models import Article, ArticleFeedback, ArticleVersion, Attachment, SearchMiss, Section
from konstruktor.knowledge.queries import handbook_can_edit

ADMIN_COMMENT = "Изменение в администрировании"


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the site (feedback, misses, versions): looked at and, where allowed, removed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "order", "articles_count")
    list_editable = ("order",)
    search_fields = ("title", "slug")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        return super().get_queryset(request).annotate(articles_total=Count("articles"))

    @admin.display(description="статей", ordering="articles_total")
    def articles_count(self, section: Any) -> int:
        return section.articles_total

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The code is in every article's address and in the search index's section filter.
        return ("slug",) if obj is not None else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and handbook_can_edit(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and handbook_can_edit(user=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A section with articles cannot go (PROTECT); an empty one may.
        return super().has_delete_permission(request, obj) and handbook_can_edit(user=request.user)


class VersionInline(admin.TabularInline):
    model = ArticleVersion
    extra = 0
    fields = ("number", "created_at", "author", "comment", "status", "audience", "title", "diff")
    readonly_fields = fields
    ordering = ("-number",)
    show_change_link = True

    @admin.display(description="изменения")
    def diff(self, version: ArticleVersion) -> str:
        if version.number <= 1:
            return "—"
        url = reverse("knowledge:diff", args=[version.article_id])
        return format_html(
            '<a href="{}?a={}&amp;b={}">сравнить с версией {}</a>',
            url,
            version.number - 1,
            version.number,
            version.number - 1,
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    """Files are added on the site's editor, which checks their type and content."""

    model = Attachment
    extra = 0
    fields = ("title", "file", "extension", "size", "uploaded_by", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    tags_text = forms.CharField(
        label="метки", required=False, help_text="Через запятую: «учредители, АНО».", max_length=1000
    )
    comment = forms.CharField(
        label="комментарий к версии", required=False, max_length=300, help_text="Попадёт в историю изменений."
    )

    class Meta:
        model = Article
        fields = (
            "section", "slug", "order", "title", "body", "legal_basis", "valid_from", "audience", "status", "related",
        )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.order_by("name"))
        related = self.fields.get("related")
        if isinstance(related, forms.ModelMultipleChoiceField):
            related.queryset = Article.objects.select_related("section").order_by("title")

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("tags_text", "").split(",") if name.strip()]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ("title", "section", "status", "audience", "valid_from", "updated_at", "versions_count", "open")
    list_filter = ("status", "audience", "section")
    list_select_related = ("section",)
    search_fields = ("title", "slug", "body", "legal_basis")
    date_hierarchy = "updated_at"
    filter_horizontal = ("related",)
    inlines = (VersionInline, AttachmentInline)
    fieldsets = (
        (None, {"fields": ("section", "slug", "order", "title", "body")}),
        ("Основание и доступ", {"fields": ("legal_basis", "valid_from", "audience", "status", "tags_text")}),
        ("Связанные статьи", {"fields": ("related",)}),
        ("Версия", {"fields": ("comment",)}),
    )
    actions = ("publish", "archive")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(versions_total=Count("versions"))

    @admin.display(description="версий", ordering="versions_total")
    def versions_count(self, article: Any) -> int:
        return article.versions_total

    @admin.display(description="на сайте")
    def open(self, article: Article) -> str:
        return format_html('<a href="{}">открыть</a>', article.get_absolute_url())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The code is the article's address; the site's editor does not change it either.
        return ("slug",) if obj is not None else ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and handbook_can_edit(user=request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and handbook_can_edit(user=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and handbook_can_edit(user=request.user)

    def save_model(self, request: HttpRequest, obj: Article, form: ArticleAdminForm, change: bool) -> None:
        data = form.cleaned_data
        comment = data.get("comment") or ADMIN_COMMENT
        if change:
            changes = {name: data[name] for name in actions.CONTENT_FIELDS if name in data}
            actions.article_update(
                article=obj, by=request.user, comment=comment, tags=form.tag_names(), related=data["related"],
                **changes,
            )  # fmt: skip
            return
        article = actions.article_create(
            by=request.user, slug=data["slug"], section=data["section"], title=data["title"], body=data["body"],
            legal_basis=data["legal_basis"], valid_from=data["valid_from"], audience=data["audience"],
            status=data["status"], order=data["order"], tags=form.tag_names(), related=data["related"],
            comment=data.get("comment") or "Создание статьи в администрировании",
        )  # fmt: skip
        obj.pk = article.pk
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Tags and related articles were set by the action (with the version); the inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # An article takes its history with it (as on the site); a version alone is never deleted.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(ArticleVersion._meta.verbose_name))
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        actions.article_delete(article=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            actions.article_delete(article=article, by=request.user)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Article], status: str, done: str) -> None:
        changed = 0
        for article in queryset:
            try:
                before = article.status
                actions.article_update(article=article, by=request.user, comment=ADMIN_COMMENT, status=status)
                changed += before != status
            except KnowledgeError as exc:
                self.message_user(request, f"{article}: {exc}", messages.ERROR)
        self.message_user(request, f"{done}: {changed}.", messages.SUCCESS)

    @admin.action(description="Опубликовать выбранные статьи", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._set_status(request, queryset, "published", "Опубликовано статей")

    @admin.action(description="Отправить выбранные статьи в архив", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._set_status(request, queryset, "archived", "Отправлено в архив статей")


@admin.register(ArticleVersion)
class ArticleVersionAdmin(_ReadOnlyAdmin):
    list_display = ("article", "number", "author", "created_at", "comment", "status")
    list_filter = ("status", "audience")
    list_select_related = ("article", "author")
    search_fields = ("article__title", "title", "comment", "author__username", "author__last_name")
    date_hierarchy = "created_at"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history is what editors and auditors rely on


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(_ReadOnlyAdmin):
    list_display = ("created_at", "article", "helpful", "comment", "user")
    list_filter = ("helpful", "article__section")
    list_select_related = ("article", "user")
    search_fields = ("comment", "article__title")
    date_hierarchy = "created_at"


@admin.register(SearchMiss)
class SearchMissAdmin(_ReadOnlyAdmin):
    """What visitors looked for and did not find: the editors' list of articles to write next."""

    list_display = ("query", "count", "first_seen", "last_seen")
    search_fields = ("query",)
    date_hierarchy = "last_seen"
