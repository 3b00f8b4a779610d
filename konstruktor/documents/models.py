"""Document packages: questionnaires, DOCX templates with versions, parameters, drafts, results."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region


class PackageDefinition(models.Model):
    """A package of document forms with one guided questionnaire."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Государственная регистрация НКО"
        STATUS = "status", "Статусы и реестры"
        REPORTING = "reporting", "Отчётность"
        PARTICIPATION = "participation", "Участие в проектном управлении"

    slug = models.SlugField("код", max_length=64, unique=True)
    title = models.CharField("название", max_length=255)
    description = models.TextField("описание", blank=True)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    legal_basis = models.TextField("правовое основание", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)
    is_active = models.BooleanField("доступен пользователям", default=True)
    is_shipped = models.BooleanField("поставляется с платформой", default=False, editable=False)
    # Ids of the legal rules (F1, N6, …) checked for this package; editors switch them.
    rules = models.JSONField("правила проверки", default=list, blank=True)
    # Answers fixed by the package itself, e.g. {"legal_form": "ano"}: conditions, rules and
    # templates read them like answers, the user is never asked.
    constants = models.JSONField("постоянные значения", default=dict, blank=True)
    # Bumped by every change of the questionnaire: caches of the parsed questionnaire key on it.
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "пакет документов"
        verbose_name_plural = "пакеты документов"
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:package", args=[self.slug])


class Step(models.Model):
    package = models.ForeignKey(PackageDefinition, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("порядок", default=100)
    title = models.CharField("название шага", max_length=255)
    help_text = models.TextField("пояснение", blank=True)
    condition = models.CharField("условие показа", max_length=500, blank=True)

    class Meta:
        verbose_name = "шаг анкеты"
        verbose_name_plural = "шаги анкеты"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Строка"
        TEXTAREA = "textarea", "Текст в несколько строк"
        DATE = "date", "Дата"
        CHOICE = "choice", "Выбор одного варианта"
        MULTICHOICE = "multichoice", "Выбор нескольких вариантов"
        BOOLEAN = "boolean", "Да / нет"
        NUMBER = "number", "Число"
        PERSON = "person", "Гражданин (ФИО, паспорт, адрес)"
        ORGANIZATION = "organization", "Организация (наименование, ОГРН, ИНН)"
        ADDRESS = "address", "Адрес"
        GROUP = "group", "Повторяющаяся группа"

    package = models.ForeignKey(PackageDefinition, on_delete=models.CASCADE, related_name="questions")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="questions")
    parent = models.ForeignKey(
        "self",
        verbose_name="группа",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text="Для вопросов внутри повторяющейся группы (например, учредителей).",
    )
    key = models.CharField(
        "переменная",
        max_length=64,
        help_text="Латиницей: под этим именем ответ доступен в шаблонах и условиях.",
    )
    kind = models.CharField("тип", max_length=16, choices=Kind.choices)
    label = models.CharField("вопрос", max_length=500)
    help_text = models.TextField("подсказка", blank=True)
    legal_basis = models.CharField("правовое основание", max_length=500, blank=True)
    required = models.BooleanField("обязательный", default=True)
    # [[value, label], ...] for choice and multichoice questions.
    choices = models.JSONField("варианты", default=list, blank=True)
    condition = models.CharField("условие показа", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)
    min_items = models.PositiveSmallIntegerField("не менее элементов", null=True, blank=True)
    max_items = models.PositiveSmallIntegerField("не более элементов", null=True, blank=True)
    # {"prefill": "owner"} for an organization question filled from the draft's organization,
    # {"default": ...} for an initial answer.
    options = models.JSONField("дополнительно", default=dict, blank=True)

    class Meta:
        verbose_name = "вопрос анкеты"
        verbose_name_plural = "вопросы анкеты"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "key"], condition=Q(parent__isnull=True), name="question_unique_top_key"
            ),
            models.UniqueConstraint(
                fields=["parent", "key"], condition=Q(parent__isnull=False), name="question_unique_child_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label}"


class DocumentTemplate(models.Model):
    """One document of a package; its DOCX lives in versions (federal and regional)."""

    package = models.ForeignKey(PackageDefinition, on_delete=models.CASCADE, related_name="templates")
    title = models.CharField("название документа", max_length=255)
    filename = models.CharField("имя файла", max_length=120, help_text="Без расширения, например «Устав».")
    condition = models.CharField(
        "условие включения", max_length=500, blank=True, help_text="Пусто — документ входит в пакет всегда."
    )
    order = models.PositiveSmallIntegerField("порядок", default=100)
    copies = models.PositiveSmallIntegerField("экземпляров при подаче на бумаге", default=1)
    note = models.TextField("примечание для консультанта", blank=True)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "шаблон документа"
        verbose_name_plural = "шаблоны документов"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


def _template_upload_to(instance: "TemplateVersion", filename: str) -> str:
    return f"documents/templates/{datetime.date.today():%Y/%m}/{secrets.token_hex(10)}.docx"


class TemplateVersion(models.Model):
    """A checked DOCX of a template. Region set = that region's variant of the federal one."""

    template = models.ForeignKey(DocumentTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("версия")
    region = models.ForeignKey(
        Region, verbose_name="региональный вариант для", null=True, blank=True, on_delete=models.PROTECT
    )
    file = models.FileField("файл DOCX", upload_to=_template_upload_to, max_length=255)
    original_name = models.CharField("исходное имя файла", max_length=255, blank=True)
    variables = models.JSONField("переменные шаблона", default=list, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    comment = models.CharField("что изменено", max_length=500, blank=True)
    is_current = models.BooleanField("действующая", default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "версия шаблона"
        verbose_name_plural = "версии шаблонов"
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_unique_number")]
        indexes = [models.Index(fields=["template", "region", "is_current"])]

    def __str__(self) -> str:
        where = f", {self.region}" if self.region_id else ""
        return f"{self.template} — версия {self.number}{where}"


class ParameterValue(models.Model):
    """An amount, term or form version with the date it takes effect (never hard-coded)."""

    class Confidence(models.TextChoices):
        HIGH = "H", "подтверждено источником"
        MEDIUM = "M", "по профессиональной практике"
        LOW = "L", "требует проверки"

    key = models.CharField("параметр", max_length=64, db_index=True)
    value = models.CharField("значение", max_length=500)
    valid_from = models.DateField("действует с")
    source = models.CharField("источник", max_length=500, blank=True)
    note = models.TextField("примечание", blank=True)
    confidence = models.CharField("достоверность", max_length=1, choices=Confidence.choices, default="M")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "значение параметра"
        verbose_name_plural = "параметры (суммы, сроки, формы)"
        ordering = ["key", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="parameter_unique_key_date")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} с {self.valid_from:%d.%m.%Y}"


class PackageDraft(models.Model):
    """Answers to a package's questionnaire for one organization or initiative group."""

    package = models.ForeignKey(PackageDefinition, on_delete=models.PROTECT, related_name="drafts")
    organization = models.ForeignKey(
        Organization, verbose_name="организация / инициативная группа", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("название", max_length=500)
    answers = models.JSONField(default=dict, blank=True)
    # Indexes of the steps the user has left: their missing answers are reported.
    steps_seen = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="document_drafts"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "черновик пакета"
        verbose_name_plural = "черновики пакетов"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["organization", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:draft", args=[self.pk])


def _generated_upload_to(instance: "GeneratedPackage", filename: str) -> str:
    suffix = ".zip"
    return f"documents/generated/{datetime.date.today():%Y/%m}/{secrets.token_hex(12)}{suffix}"


class GeneratedPackage(models.Model):
    """One generated version of a draft: the ZIP, the answers it was built from, what changed."""

    draft = models.ForeignKey(PackageDraft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("версия")
    answers = models.JSONField(default=dict)
    problems = models.JSONField("замечания (не блокирующие)", default=list, blank=True)
    # [[label, before, after], ...] against the previous version.
    changes = models.JSONField("что изменилось", default=list, blank=True)
    # [{"title", "filename", "copies", "template_version"}, ...] in ZIP order.
    documents = models.JSONField(default=list)
    file = models.FileField("архив ZIP", upload_to=_generated_upload_to, max_length=255)
    pdf_file = models.FileField("архив PDF", upload_to=_generated_upload_to, max_length=255, blank=True)
    size = models.PositiveIntegerField("размер, байт", default=0)
    render_ms = models.PositiveIntegerField("время формирования, мс", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "сформированный пакет"
        verbose_name_plural = "сформированные пакеты"
        ordering = ["draft", "-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="generated_package_unique_number")]

    def __str__(self) -> str:
        return f"{self.draft.title}, версия {self.number}"
