"""The consultant handbook: sections, articles with versions, attachments, feedback, misses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

# URL segments of the handbook that a section slug must not take.
RESERVED_SLUGS = frozenset({"search", "manage", "export"})


class Section(models.Model):
    slug = models.SlugField("код", max_length=100, unique=True)
    title = models.CharField("название", max_length=200)
    order = models.PositiveIntegerField("порядок", default=0)
    description = models.TextField("описание", blank=True)

    class Meta:
        verbose_name = "раздел справочника"
        verbose_name_plural = "разделы справочника"
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:section", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "Этот код занят адресами справочника, выберите другой."})


class Tag(models.Model):
    name = models.CharField("метка", max_length=100, unique=True)

    class Meta:
        verbose_name = "метка"
        verbose_name_plural = "метки"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    PUBLIC = "public", "Открытая"
    INTERNAL = "internal", "Для сотрудников РЦ"


class Status(models.TextChoices):
    DRAFT = "draft", "Черновик"
    PUBLISHED = "published", "Опубликована"
    ARCHIVED = "archived", "В архиве"


class Article(models.Model):
    slug = models.SlugField("код", max_length=150, unique=True)
    section = models.ForeignKey(Section, verbose_name="раздел", on_delete=models.PROTECT, related_name="articles")
    order = models.PositiveIntegerField("порядок в разделе", default=0)
    title = models.CharField("вопрос", max_length=300)
    body = models.TextField("ответ (Markdown)")
    legal_basis = models.TextField("правовое основание", blank=True)
    valid_from = models.DateField("действует с", null=True, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name="метки", blank=True, related_name="articles")
    related = models.ManyToManyField("self", verbose_name="связанные статьи", blank=True, symmetrical=False)
    audience = models.CharField("доступ", max_length=16, choices=Audience.choices, default=Audience.PUBLIC)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "статья справочника"
        verbose_name_plural = "статьи справочника"
        ordering = ["section__order", "order", "title"]
        indexes = [models.Index(fields=["status", "audience"], name="knowledge_article_visibility")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", args=[self.section.slug, self.slug])

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC and self.status == Status.PUBLISHED


class ArticleVersion(models.Model):
    """A snapshot of an article after one change, with who made it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("номер")
    title = models.CharField("вопрос", max_length=300)
    body = models.TextField("ответ")
    legal_basis = models.TextField("правовое основание", blank=True)
    valid_from = models.DateField("действует с", null=True, blank=True)
    tags = models.JSONField("метки", default=list, blank=True)
    section = models.CharField("раздел", max_length=200, blank=True)
    audience = models.CharField("доступ", max_length=16, choices=Audience.choices)
    status = models.CharField("статус", max_length=16, choices=Status.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    comment = models.CharField("комментарий", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "версия статьи"
        verbose_name_plural = "версии статей"
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="knowledge_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


ALLOWED_ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class Attachment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("название", max_length=200)
    file = models.FileField("файл", upload_to="knowledge/attachments/%Y/%m/")
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField("размер, байт")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "вложение"
        verbose_name_plural = "вложения"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def content_type(self) -> str:
        return ALLOWED_ATTACHMENT_TYPES.get(self.extension, "application/octet-stream")


class ArticleFeedback(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField("помогла")
    comment = models.TextField("комментарий", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "отзыв о статье"
        verbose_name_plural = "отзывы о статьях"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.article_id}: {'помогла' if self.helpful else 'не помогла'}"


class SearchMiss(models.Model):
    """A search of the handbook that found nothing: what editors should write next."""

    query = models.CharField("запрос", max_length=300, unique=True)
    count = models.PositiveIntegerField("сколько раз", default=1)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField("последний раз", db_index=True)

    class Meta:
        verbose_name = "поиск без результатов"
        verbose_name_plural = "поиски без результатов"
        ordering = ["-count", "-last_seen"]

    def __str__(self) -> str:
        return self.query
