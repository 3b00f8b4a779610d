"""The practice passport: what a practice is, where it runs, what it achieves and with what evidence.

Selection (calls, expert reviews, decisions) lives in `expertise`, replication (fit, matching,
transfers) in `replication`; both write their results back through `practices.actions` so that
the passport carries the current evidence level, readiness and decision the catalog shows.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.territories.models import Municipality, Region


class Status(models.TextChoices):
    DRAFT = "draft", "Черновик"
    MODERATION = "moderation", "На модерации"
    REWORK = "rework", "На доработке"
    REVIEW = "review", "На экспертизе"
    DECIDED = "decided", "Решение принято"
    PUBLISHED = "published", "Опубликована"
    WITHDRAWN = "withdrawn", "Снята с публикации"


class EvidenceLevel(models.IntegerChoices):
    """Rule-based levels (ANCHORS §5.5 step 3: CEBC, Title IV-E, ESSA, EIF)."""

    L0 = 0, "Недостаточно данных"
    L1 = 1, "Обоснованная"
    L2 = 2, "Перспективная"
    L3 = 3, "Доказанная"
    L4 = 4, "Подтверждена в нескольких регионах"


class EvidenceFlag(models.TextChoices):
    NONE = "", "—"
    NO_EFFECT = "no_effect", "Нет эффекта"
    HARM = "harm", "Вред"


class DecisionCategory(models.TextChoices):
    RECOMMENDED = "recommended", "Рекомендована к тиражированию"
    PROMISING = "promising", "Перспективная"
    NEEDS_WORK = "needs_work", "Требует доработки"
    NOT_RECOMMENDED = "not_recommended", "Не рекомендована"


class Source(models.TextChoices):
    SUBMITTED = "submitted", "Подана НКО"
    ENTERED = "entered", "Внесена РЦ"
    IMPORTED = "imported", "Импорт описаний проектов"


class Practice(models.Model):
    title = models.CharField("название практики", max_length=500)
    summary = models.TextField("краткое описание", blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="ведущая организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
    )
    # Imported descriptions may name an organization that is not in the registry yet.
    organization_name = models.CharField("ведущая организация (как указано)", max_length=1000, blank=True)
    contact_name = models.CharField("лидер практики, контактное лицо", max_length=300, blank=True)
    contact_email = models.EmailField("e-mail контакта", blank=True)
    contact_phone = models.CharField("телефон контакта", max_length=64, blank=True)
    # Personal data (152-ФЗ): outside the organization and the region's РЦ the leader's name, e-mail
    # and phone are shown only with the leader's consent to publication (ст. 10.1 152-ФЗ).
    contact_public = models.BooleanField(
        "контакты лидера можно публиковать",
        default=False,
        help_text="Отметьте, только если лидер практики дал согласие на публикацию своего имени, e-mail и "
        "телефона в открытом каталоге (ст. 10.1 Федерального закона № 152-ФЗ «О персональных данных»). "
        "Без отметки контакты видят только организация и ресурсный центр региона.",
    )
    region = models.ForeignKey(
        Region, verbose_name="регион ведущей организации", on_delete=models.PROTECT, related_name="+"
    )
    regions = models.ManyToManyField(Region, verbose_name="регионы, где работает", blank=True, related_name="practices")
    municipalities = models.ManyToManyField(
        Municipality, verbose_name="муниципалитеты, где работает", blank=True, related_name="practices"
    )
    social_problem = models.TextField("социальная проблема", blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="целевые группы", blank=True, related_name="practices"
    )
    target_group_criteria = models.TextField("критерии включения благополучателей", blank=True)
    areas = models.ManyToManyField(
        ActivityArea, verbose_name="направления (ст. 31.1 7-ФЗ)", blank=True, related_name="practices"
    )
    logic_model = models.TextField("логическая модель", blank=True)
    resources = models.TextField("необходимые ресурсы", blank=True)
    cost_per_beneficiary = models.DecimalField(
        "затраты на одного благополучателя, руб.", max_digits=12, decimal_places=2, null=True, blank=True
    )
    beneficiaries_per_year = models.PositiveIntegerField("благополучателей в год", null=True, blank=True)
    started_year = models.PositiveSmallIntegerField("год начала", null=True, blank=True)
    prior_transfers = models.TextField("где уже тиражировалась (до платформы)", blank=True)
    grant_amount = models.DecimalField("сумма поддержки, руб.", max_digits=14, decimal_places=2, null=True, blank=True)

    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.CharField("источник", max_length=16, choices=Source.choices, default=Source.ENTERED)
    # Import key (operator/year/application number) so that a re-import updates, never duplicates.
    source_key = models.CharField("ключ источника", max_length=200, blank=True, db_index=True)
    version_number = models.PositiveIntegerField("текущая версия", default=0)
    is_demo = models.BooleanField("демонстрационные данные", default=False)

    # Written back by expertise and replication through practices.actions; shown in the catalog.
    evidence_level = models.PositiveSmallIntegerField(
        "уровень доказанности", choices=EvidenceLevel.choices, default=EvidenceLevel.L0
    )
    evidence_flag = models.CharField(
        "флаг доказанности", max_length=16, choices=EvidenceFlag.choices, default=EvidenceFlag.NONE, blank=True
    )
    merit_score = models.DecimalField("экспертная оценка, 0–100", max_digits=5, decimal_places=1, null=True, blank=True)
    readiness_score = models.DecimalField(
        "готовность к тиражированию, 0–4", max_digits=3, decimal_places=2, null=True, blank=True
    )
    decision_category = models.CharField(
        "решение", max_length=20, choices=DecisionCategory.choices, blank=True, db_index=True
    )
    decided_at = models.DateTimeField("дата решения", null=True, blank=True)
    # The steps by which the decision was reached, as the practice page shows them:
    # [{"title": str, "detail": str}, ...], written by expertise with the decision.
    decision_explanation = models.JSONField("как получено решение", default=list, blank=True)
    published_at = models.DateTimeField("опубликована", null=True, blank=True)
    # A published practice sent to re-rating is «на экспертизе» again but stays in the catalog with
    # its last published decision until the new one (ANCHORS §5.5 step 10); see Practice.is_public.
    listed_during_review = models.BooleanField("остаётся в каталоге на время повторной экспертизы", default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "практика"
        verbose_name_plural = "практики"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "region"], name="practice_status_region"),
            models.Index(fields=["status", "evidence_level", "decision_category"], name="practice_catalog_facets"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("practices:public_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """In the federal catalog: published, or published before and being re-rated now
        (the same rule as `practices.queries.CATALOG_Q`)."""
        return self.status == Status.PUBLISHED or (self.status == Status.REVIEW and self.listed_during_review)


class Outcome(models.Model):
    """An intended outcome with its indicator; evidence is rated per outcome."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField("результат", max_length=500)
    indicator = models.CharField("показатель", max_length=500, blank=True)
    unit = models.CharField("единица", max_length=60, blank=True)
    baseline = models.CharField("исходное значение", max_length=100, blank=True)
    target = models.CharField("целевое значение", max_length=100, blank=True)
    is_priority = models.BooleanField("приоритетный результат", default=True)
    evidence_level = models.PositiveSmallIntegerField(
        "уровень доказанности", choices=EvidenceLevel.choices, default=EvidenceLevel.L0
    )
    evidence_flag = models.CharField(
        "флаг", max_length=16, choices=EvidenceFlag.choices, default=EvidenceFlag.NONE, blank=True
    )
    evidence_reasons = models.JSONField("как получен уровень", default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "результат практики"
        verbose_name_plural = "результаты практики"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Component(models.Model):
    """A component of the practice: core ones form the fidelity checklist of a transfer."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="components")
    title = models.CharField("компонент", max_length=300)
    description = models.TextField("описание", blank=True)
    is_core = models.BooleanField("ключевой (не меняется при переносе)", default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "компонент практики"
        verbose_name_plural = "компоненты практики"
        ordering = ["-is_core", "order", "id"]

    def __str__(self) -> str:
        return self.title


class LaunchStep(models.Model):
    """A step of the launch plan; a transfer's roadmap is instantiated from these."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="launch_steps")
    title = models.CharField("шаг", max_length=300)
    description = models.TextField("что сделать", blank=True)
    duration_days = models.PositiveSmallIntegerField("длительность, рабочих дней", default=10)
    responsible = models.CharField("кто выполняет", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "шаг запуска"
        verbose_name_plural = "шаги запуска"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class MaterialKind(models.TextChoices):
    MANUAL = "manual", "Методическое пособие (руководство)"
    TEMPLATES = "templates", "Шаблоны документов"
    TRAINING = "training", "Программа обучения"
    FIDELITY = "fidelity", "Чек-лист соответствия модели"
    PRESENTATION = "presentation", "Презентация"
    OTHER = "other", "Другое"


class Material(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("вид", max_length=16, choices=MaterialKind.choices, default=MaterialKind.OTHER)
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to="practices/%Y/", blank=True)
    url = models.URLField("ссылка", blank=True)
    description = models.TextField("описание", blank=True)

    class Meta:
        verbose_name = "материал практики"
        verbose_name_plural = "материалы практики"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.title


class EvaluationDesign(models.TextChoices):
    RCT = "rct", "Рандомизированное контролируемое исследование"
    QED = "qed", "Квазиэксперимент с группой сравнения"
    PREPOST = "prepost", "Замеры до и после валидированным инструментом"
    MONITORING = "monitoring", "Данные мониторинга"
    OPINION = "opinion", "Мнение экспертов и благополучателей"


class EvaluationQuality(models.TextChoices):
    HIGH = "high", "Высокое"
    MODERATE = "moderate", "Среднее"
    LOW = "low", "Низкое"


class Evaluation(models.Model):
    """An evaluation done of the practice (or a replication with comparison data)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField("оценка", max_length=300)
    design = models.CharField("дизайн", max_length=16, choices=EvaluationDesign.choices)
    quality = models.CharField(
        "качество исполнения", max_length=16, choices=EvaluationQuality.choices, default=EvaluationQuality.LOW
    )
    sample = models.CharField("выборка", max_length=300, blank=True)
    period_start = models.DateField("период с", null=True, blank=True)
    period_end = models.DateField("период по", null=True, blank=True)
    results = models.TextField("результаты", blank=True)
    has_comparison = models.BooleanField("есть данные группы сравнения", default=False)
    region = models.ForeignKey(
        Region, verbose_name="регион", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A completed transfer with comparison data counts as an independent replication.
    independent_replication = models.BooleanField("независимое тиражирование", default=False)
    source_label = models.CharField("основание", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "оценка эффективности"
        verbose_name_plural = "оценки эффективности"
        ordering = ["-period_end", "id"]

    def __str__(self) -> str:
        return self.title


class Effect(models.TextChoices):
    POSITIVE = "positive", "Положительный эффект"
    NONE = "none", "Нет эффекта"
    HARM = "harm", "Вред"
    UNCLEAR = "unclear", "Неясно"


class EvaluationResult(models.Model):
    """What an evaluation found for one outcome."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results_by_outcome")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="evaluation_results")
    effect = models.CharField("эффект", max_length=16, choices=Effect.choices, default=Effect.POSITIVE)
    sustained_months = models.PositiveSmallIntegerField("эффект сохранялся, месяцев", default=0)

    class Meta:
        verbose_name = "результат оценки по показателю"
        verbose_name_plural = "результаты оценки по показателям"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "outcome"], name="practices_evaluation_outcome_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.get_effect_display()}"


class PracticeVersion(models.Model):
    """A frozen passport: every screening, review and decision refers to one version."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("номер версии")
    data = models.JSONField("паспорт")
    comment = models.CharField("комментарий", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "версия паспорта"
        verbose_name_plural = "версии паспорта"
        ordering = ["practice", "-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practices_version_unique")]

    def __str__(self) -> str:
        return f"{self.practice} — версия {self.number}"


class StatusChange(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("было", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("стало", max_length=16, choices=Status.choices)
    version_number = models.PositiveIntegerField("версия", default=0)
    comment = models.TextField("комментарий", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "смена статуса"
        verbose_name_plural = "история статусов"
        ordering = ["practice", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class Screening(models.Model):
    """Staff check of the gates; a failed gate sends the practice back with reasons, not a score."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="screenings")
    version = models.ForeignKey(PracticeVersion, on_delete=models.PROTECT, related_name="screenings")
    # {gate_code: {"passed": bool, "comment": str}} for the gates in practices.screening.GATES
    gates = models.JSONField("фильтры")
    passed = models.BooleanField("пройден")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "первичный отбор"
        verbose_name_plural = "первичный отбор"
        ordering = ["practice", "-at"]

    def __str__(self) -> str:
        return f"{self.practice}: {'пройден' if self.passed else 'не пройден'}"


class PracticeDecision(models.Model):
    """Every decision on the practice, one per rated version; the passport keeps only the last one.

    Written by `practices.actions.practice_record_decision` (expertise records its detailed
    reviews itself); the practice page shows the whole list as the history of its ratings."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(
        PracticeVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="practice_decisions"
    )
    version_number = models.PositiveIntegerField("версия паспорта", default=0)
    category = models.CharField("решение", max_length=20, choices=DecisionCategory.choices)
    merit_score = models.DecimalField("экспертная оценка, 0–100", max_digits=5, decimal_places=1, null=True)
    readiness_score = models.DecimalField("готовность к тиражированию, 0–4", max_digits=3, decimal_places=2, null=True)
    evidence_level = models.PositiveSmallIntegerField("уровень доказанности", choices=EvidenceLevel.choices)
    evidence_flag = models.CharField("флаг доказанности", max_length=16, choices=EvidenceFlag.choices, blank=True)
    explanation = models.JSONField("как получено решение", default=list, blank=True)
    source_label = models.CharField("основание", max_length=300, blank=True)
    comment = models.TextField("комментарий", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("дата решения")

    class Meta:
        verbose_name = "решение по практике"
        verbose_name_plural = "история решений по практике"
        ordering = ["practice", "-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_category_display()} (версия {self.version_number})"
