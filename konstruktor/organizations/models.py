import datetime
from collections.abc import Collection

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from konstruktor.core.identifiers import validate_inn, validate_kpp, validate_ogrn
from konstruktor.core.roles import Role
from konstruktor.territories.models import Municipality, Region, Settlement


class LegalForm(models.Model):
    """Организационно-правовая форма with its ОКОПФ code (ОК 028-2012)."""

    okopf = models.CharField("код ОКОПФ", max_length=5, unique=True)
    name = models.CharField("наименование", max_length=160)
    short_name = models.CharField("сокращение", max_length=16, blank=True)
    aliases = models.TextField(
        "другие написания", blank=True, help_text="По одному на строку; используются при импорте."
    )
    code_uncertain = models.BooleanField("код требует проверки", default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = "организационно-правовая форма"
        verbose_name_plural = "организационно-правовые формы"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityArea(models.Model):
    """A socially oriented activity type (7-ФЗ ст. 31.1 п. 1) or a regional addition."""

    code = models.CharField("код", max_length=16, unique=True)
    name = models.CharField("наименование", max_length=400)
    short_name = models.CharField("краткое наименование", max_length=120)
    law_reference = models.CharField("основание", max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name="регион (для региональных видов)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    valid_from = models.DateField("действует с", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = "вид социально ориентированной деятельности"
        verbose_name_plural = "виды социально ориентированной деятельности"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.short_name


class TargetGroup(models.Model):
    """Who services are for: one controlled list for organizations, initiative groups and practices."""

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=200)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = "целевая группа"
        verbose_name_plural = "целевые группы"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", "НКО"
        RESOURCE_CENTRE = "resource_centre", "Ресурсный центр"
        INITIATIVE_GROUP = "initiative_group", "Инициативная группа"
        AUTHORITY = "authority", "Орган власти или местного самоуправления"

    class State(models.TextChoices):
        ACTIVE = "active", "Действующая"
        LIQUIDATING = "liquidating", "В процессе ликвидации"
        LIQUIDATED = "liquidated", "Ликвидирована / исключена"
        UNKNOWN = "unknown", "Нет сведений"

    kind = models.CharField("тип", max_length=20, choices=Kind.choices, default=Kind.NGO)
    full_name = models.CharField("полное наименование", max_length=1000)
    short_name = models.CharField("сокращённое наименование", max_length=500, blank=True)
    legal_form = models.ForeignKey(
        LegalForm,
        verbose_name="организационно-правовая форма",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    inn = models.CharField("ИНН", max_length=12, blank=True, validators=[validate_inn])
    ogrn = models.CharField("ОГРН", max_length=13, blank=True, validators=[validate_ogrn])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[validate_kpp])
    minjust_number = models.CharField("учётный номер Минюста", max_length=10, blank=True, db_index=True)
    registration_date = models.DateField("дата регистрации", null=True, blank=True)
    state = models.CharField("состояние по ЕГРЮЛ", max_length=16, choices=State.choices, default=State.ACTIVE)
    region = models.ForeignKey(Region, verbose_name="субъект РФ", on_delete=models.PROTECT)
    municipality = models.CharField("муниципальное образование / населённый пункт", max_length=255, blank=True)
    address = models.CharField("адрес", max_length=500, blank=True)
    # Links to the territorial reference; set by hand or matched from the address (white spots).
    municipality_ref = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование (справочник)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settlement = models.ForeignKey(
        Settlement,
        verbose_name="населённый пункт (справочник)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField("телефон", max_length=64, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.CharField("сайт", max_length=255, blank=True)
    contact_person = models.CharField(
        "контактное лицо", max_length=255, blank=True, help_text="Персональные данные: укажите с согласия."
    )
    main_activity = models.CharField("основной вид деятельности (ОКВЭД)", max_length=500, blank=True)
    areas = models.ManyToManyField(ActivityArea, verbose_name="направления деятельности", blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="целевые группы", blank=True, related_name="organizations"
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ogrn"], condition=~Q(ogrn=""), name="organization_unique_ogrn"),
            models.UniqueConstraint(fields=["inn"], condition=~Q(inn=""), name="organization_unique_inn"),
        ]
        indexes = [
            models.Index(fields=["full_name", "id"], name="organization_name_order"),
            models.Index(fields=["region", "full_name"]),
            models.Index(fields=["inn"]),
            # White spots group NGOs by subject, municipality and settlement: these cover the
            # counts and the joins to statuses and areas without reading the wide rows.
            models.Index(
                fields=["region", "kind", "state", "municipality_ref", "settlement", "id"], name="org_whitespots_region"
            ),
            models.Index(fields=["municipality_ref", "kind", "state", "id"], name="org_whitespots_municipality"),
            models.Index(fields=["settlement", "kind", "state", "id"], name="org_whitespots_settlement"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.full_name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # ОГРН/ИНН uniqueness is enforced by the actions, which name and link the existing card.
        super().validate_constraints(exclude={*(exclude or ()), "ogrn", "inn"})


class OrganizationStatus(models.Model):
    """A status with its dates: СОНКО, registers, ИОПУ, charitable organisation."""

    class Kind(models.TextChoices):
        SONKO = "sonko", "СОНКО"
        SONKO_REGISTER = "sonko_register", "В реестре СОНКО (ПП РФ № 1290)"
        SOCIAL_PROVIDER = "social_provider", "В реестре поставщиков социальных услуг (442-ФЗ)"
        IOPU = "iopu", "Исполнитель общественно полезных услуг (ИОПУ)"
        CHARITABLE = "charitable", "Благотворительная организация (135-ФЗ)"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="statuses")
    kind = models.CharField("статус", max_length=20, choices=Kind.choices)
    since = models.DateField("с", null=True, blank=True)
    until = models.DateField("по", null=True, blank=True)
    note = models.CharField("основание / примечание", max_length=255, blank=True)

    class Meta:
        verbose_name = "статус организации"
        verbose_name_plural = "статусы организаций"
        ordering = ["kind", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=models.F("since")),
                name="organization_status_dates_ordered",
            )
        ]
        indexes = [models.Index(fields=["kind", "organization"])]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or datetime.date.today()
        return (self.since is None or self.since <= on) and (self.until is None or self.until >= on)


class Membership(models.Model):
    """A user's role in an organization; РЦ staff act for the region of their РЦ."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("роль", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "членство"
        verbose_name_plural = "членства"
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class SupportForm(models.TextChoices):
    """Forms of support, 7-ФЗ ст. 31.1 п. 3."""

    FINANCIAL = "financial", "Финансовая"
    PROPERTY = "property", "Имущественная"
    INFORMATION = "information", "Информационная"
    CONSULTATION = "consultation", "Консультационная"
    TRAINING = "training", "Подготовка, переподготовка и повышение квалификации"
    METHODICAL = "methodical", "Методическая"
    OTHER = "other", "Иная"


class SupportService(models.TextChoices):
    """The resource centre's service through which support was given."""

    NGO_CREATION = "ngo_creation", "Создание НКО"
    PRACTICE_TRANSFER = "practice_transfer", "Трансфер практик"
    PROJECT_MANAGEMENT = "project_management", "Участие в проектном управлении"
    CONSULTATION = "consultation", "Консультационная линия"
    DOCUMENTS = "documents", "Пакеты документов"
    LEARNING = "learning", "Обучение"
    EVENTS = "events", "Мероприятия"
    OTHER = "other", "Иное"


class SupportRecord(models.Model):
    """One act of support; also an entry of the register of supported СОНКО (7-ФЗ ст. 31.2)."""

    provider = models.ForeignKey(
        Organization, verbose_name="кто оказал (РЦ)", on_delete=models.PROTECT, related_name="support_given"
    )
    recipient = models.ForeignKey(
        Organization, verbose_name="получатель", on_delete=models.PROTECT, related_name="support_received"
    )
    date = models.DateField("дата оказания / решения", db_index=True)
    form = models.CharField("форма поддержки", max_length=16, choices=SupportForm.choices)
    service = models.CharField("услуга РЦ", max_length=32, choices=SupportService.choices)
    description = models.TextField("содержание поддержки")
    amount = models.DecimalField("размер поддержки, руб.", max_digits=14, decimal_places=2, null=True, blank=True)
    term_until = models.DateField("срок оказания поддержки (по)", null=True, blank=True)
    violations = models.TextField("информация о нарушениях, связанных с использованием поддержки", blank=True)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_label = models.CharField("основание (объект модуля)", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "запись о поддержке"
        verbose_name_plural = "журнал поддержки"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-date"]),
            models.Index(fields=["provider", "-date"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="support_amount_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_service_display()} — {self.recipient}"


def _import_upload_to(instance: "ImportJob", filename: str) -> str:
    """imports/YYYY/MM/<random>.<ext>: the original name is kept on the job, not on disk."""
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:8]
    return f"imports/{datetime.date.today():%Y/%m}/{secrets.token_hex(12)}{suffix}"


class ImportJob(models.Model):
    """One upload of a CSV/XLSX file into the registry: its settings, state and report."""

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", "Всё или ничего"
        SKIP_INVALID = "skip_invalid", "Пропустить ошибочные строки"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Загружен, ждёт запуска"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Завершён"
        FAILED = "failed", "Прерван из-за ошибки"

    file = models.FileField("файл", upload_to=_import_upload_to, max_length=255)
    original_name = models.CharField("имя файла", max_length=255)
    file_format = models.CharField("формат", max_length=8)
    encoding = models.CharField("кодировка", max_length=32, blank=True)
    delimiter = models.CharField("разделитель", max_length=4, blank=True)
    sheet = models.CharField("лист книги", max_length=64, blank=True)
    header = models.JSONField("заголовок", default=list, blank=True)
    layout = models.CharField("распознанный формат", max_length=32, blank=True)
    mapping = models.JSONField("сопоставление столбцов", default=list, blank=True)
    mode = models.CharField("режим", max_length=16, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.UPLOADED)
    rows_total = models.PositiveIntegerField("строк обработано", default=0)
    created_count = models.PositiveIntegerField("добавлено", default=0)
    updated_count = models.PositiveIntegerField("обновлено", default=0)
    unchanged_count = models.PositiveIntegerField("без изменений", default=0)
    rejected_count = models.PositiveIntegerField("отклонено", default=0)
    rolled_back = models.BooleanField("отменён целиком", default=False)
    # {"rejected": [[row, reason], ...] (first 5 000), "rejected_total": N, "error": "..."}
    report = models.JSONField("отчёт", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто загрузил",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    started_at = models.DateTimeField("запущен", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "импорт организаций"
        verbose_name_plural = "импорты организаций"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"Импорт №{self.pk}: {self.original_name}"
