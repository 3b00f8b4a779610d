import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models


class User(AbstractUser):
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    phone = models.CharField("телефон", max_length=32, blank=True)

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    def display_name(self) -> str:
        parts = [self.last_name, self.first_name, self.middle_name]
        return " ".join(p for p in parts if p) or self.username


class ChangeEntry(models.Model):
    """One change of one object: who, when, what (field → [before, after])."""

    class Action(models.TextChoices):
        CREATE = "create", "создание"
        UPDATE = "update", "изменение"
        DELETE = "delete", "удаление"
        IMPORT = "import", "импорт"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=16, choices=Action.choices)
    note = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "запись истории изменений"
        verbose_name_plural = "история изменений"
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.content_type_id}:{self.object_id}"


class AccessLog(models.Model):
    """Who opened personal data (152-ФЗ): the object, the user and the time."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    purpose = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "запись журнала доступа к персональным данным"
        verbose_name_plural = "журнал доступа к персональным данным"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.content_type_id}:{self.object_id} ({self.purpose})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("название", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-токен"
        verbose_name_plural = "API-токены"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_raw_key() -> str:
        return secrets.token_urlsafe(32)


class CalendarDay(models.Model):
    """An exception to the five-day week: a holiday or day off, or a working weekend day.

    The Russian production calendar changes every year by a Government decree; editors enter
    the year's days off and transferred working days here (see core/workdays.py).
    """

    date = models.DateField("дата", unique=True)
    is_working = models.BooleanField("рабочий день")
    note = models.CharField("основание", max_length=255, blank=True)

    class Meta:
        verbose_name = "день производственного календаря"
        verbose_name_plural = "производственный календарь"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {'рабочий' if self.is_working else 'выходной'}"


class SearchDocument(models.Model):
    """One indexed object of any module (core.search): its text, facets and where it opens."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField("вид", max_length=32)
    title = models.CharField("заголовок", max_length=500)
    keywords = models.TextField("ключевые слова", blank=True)
    body = models.TextField("текст", blank=True)
    url = models.CharField("адрес", max_length=500)
    category = models.CharField("раздел", max_length=100, blank=True)
    status = models.CharField("статус", max_length=32, blank=True)
    region = models.PositiveIntegerField("регион", null=True, blank=True)
    public = models.BooleanField("открыт всем", default=True)
    facets = models.JSONField("прочие признаки", default=dict, blank=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "документ поискового индекса"
        verbose_name_plural = "поисковый индекс"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="core_searchdocument_unique_object")
        ]
        indexes = [models.Index(fields=["kind", "status", "public", "category"], name="core_searchdoc_facets")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class SearchTerm(models.Model):
    """Inverted index: a term of a document and its field-weighted BM25 impact."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        verbose_name = "термин поискового индекса"
        verbose_name_plural = "термины поискового индекса"
        constraints = [models.UniqueConstraint(fields=["document", "term"], name="core_searchterm_unique")]
        # Covering index: a query reads a term's postings best first without touching the table.
        indexes = [models.Index(fields=["term", "-weight", "document"], name="core_searchterm_lookup")]

    def __str__(self) -> str:
        return f"{self.term} → {self.document_id}"


class SearchSynonym(models.Model):
    """A line of equivalent terms maintained by editors: «соцуслуги, социальные услуги»."""

    line = models.CharField("синонимы через запятую", max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "строка синонимов"
        verbose_name_plural = "синонимы поиска"
        ordering = ["line"]

    def __str__(self) -> str:
        return self.line
