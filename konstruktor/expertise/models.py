"""Expert selection of practices: calls with criteria and thresholds, assignments, reviews, decisions.

The rules that turn reviews into a decision are pure functions in `rules.py`; these models keep
what the rules read (criteria, weights, thresholds, scores) and what they produced (decisions
with their explanation), so that every result can be shown and re-checked later.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from konstruktor.expertise import rules
from konstruktor.practices.models import DecisionCategory, EvidenceLevel, Practice, PracticeVersion
from konstruktor.territories.models import Region


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"
    OPEN = "open", "Идёт отбор"
    CLOSED = "closed", "Завершён"


class Call(models.Model):
    """A selection round (конкурс/отбор) with its published criteria, weights and thresholds."""

    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name="регион (пусто — федеральный отбор)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("статус", max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    opens_on = models.DateField("начало приёма", null=True, blank=True)
    closes_on = models.DateField("окончание экспертизы", null=True, blank=True)

    # Thresholds are settings of the call, not code (ANCHORS §5.5 step 6).
    recommended_evidence = models.PositiveSmallIntegerField(
        "«Рекомендована»: уровень доказанности не ниже",
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.L2,
    )
    recommended_merit = models.DecimalField(
        "«Рекомендована»: экспертная оценка не ниже",
        max_digits=4,
        decimal_places=1,
        default=Decimal("70"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recommended_readiness = models.DecimalField(
        "«Рекомендована»: готовность не ниже",
        max_digits=3,
        decimal_places=2,
        default=Decimal("2.5"),
        validators=[MinValueValidator(0), MaxValueValidator(4)],
    )
    promising_evidence = models.PositiveSmallIntegerField(
        "«Перспективная»: уровень доказанности не ниже", choices=EvidenceLevel.choices, default=EvidenceLevel.L1
    )
    promising_merit = models.DecimalField(
        "«Перспективная»: экспертная оценка не ниже",
        max_digits=4,
        decimal_places=1,
        default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    not_recommended_merit = models.DecimalField(
        "«Не рекомендована»: экспертная оценка ниже",
        max_digits=4,
        decimal_places=1,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    disagreement_points = models.PositiveSmallIntegerField(
        "расхождение: разница оценок по критерию, баллов",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    disagreement_total = models.DecimalField(
        "расхождение: разница итогов, п. п.",
        max_digits=4,
        decimal_places=1,
        default=Decimal("20"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    experts_per_entry = models.PositiveSmallIntegerField(
        "экспертов на практику", default=2, validators=[MinValueValidator(2), MaxValueValidator(7)]
    )
    experts_top_category = models.PositiveSmallIntegerField(
        "экспертов для высшей категории", default=3, validators=[MinValueValidator(2), MaxValueValidator(7)]
    )
    is_demo = models.BooleanField("демонстрационные данные", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "отбор практик"
        verbose_name_plural = "отборы практик"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(experts_top_category__gte=models.F("experts_per_entry")),
                name="expertise_call_top_experts_not_fewer",
                violation_error_message="Для высшей категории экспертов нужно не меньше, чем для обычной оценки.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("expertise:call_detail", args=[self.pk])

    def get_results_url(self) -> str:
        return reverse("expertise:call_results", args=[self.pk])

    @property
    def is_federal(self) -> bool:
        return self.region_id is None

    @property
    def scope_label(self) -> str:
        return "федеральный" if self.region is None else self.region.name

    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(
            recommended_evidence=self.recommended_evidence,
            recommended_merit=float(self.recommended_merit),
            recommended_readiness=float(self.recommended_readiness),
            promising_evidence=self.promising_evidence,
            promising_merit=float(self.promising_merit),
            not_recommended_merit=float(self.not_recommended_merit),
            disagreement_points=self.disagreement_points,
            disagreement_total=float(self.disagreement_total),
            experts_min=self.experts_per_entry,
            experts_top=self.experts_top_category,
        )


class Criterion(models.Model):
    """A criterion of the call with anchored descriptors for every point of the 0–4 scale."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField("код", max_length=40)
    name = models.CharField("критерий", max_length=200)
    description = models.TextField("что оценивается", blank=True)
    weight = models.DecimalField(
        "вес, %",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    anchor_0 = models.TextField("0 баллов")
    anchor_1 = models.TextField("1 балл")
    anchor_2 = models.TextField("2 балла")
    anchor_3 = models.TextField("3 балла")
    anchor_4 = models.TextField("4 балла")
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "критерий отбора"
        verbose_name_plural = "критерии отбора"
        ordering = ["call", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="expertise_criterion_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(i, getattr(self, f"anchor_{i}")) for i in range(rules.SCALE_MAX + 1)]

    def spec(self) -> rules.CriterionSpec:
        return rules.CriterionSpec(code=self.code, name=self.name, weight=float(self.weight))


class EntryStatus(models.TextChoices):
    REVIEW = "review", "На экспертизе"
    DECIDED = "decided", "Решение принято"
    WITHDRAWN = "withdrawn", "Снята с отбора"


class CallEntry(models.Model):
    """A practice taken into a call; the reviews rate the version frozen at entry."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="entries")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="call_entries")
    version = models.ForeignKey(
        PracticeVersion, verbose_name="версия паспорта", on_delete=models.PROTECT, related_name="call_entries"
    )
    status = models.CharField("статус", max_length=16, choices=EntryStatus.choices, default=EntryStatus.REVIEW)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "практика в отборе"
        verbose_name_plural = "практики в отборе"
        ordering = ["call", "id"]
        # A practice re-rated on new evidence enters the same call again with its new version.
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="expertise_entry_version_unique")]

    def __str__(self) -> str:
        return f"{self.practice} — {self.call}"

    def get_absolute_url(self) -> str:
        return reverse("expertise:entry_detail", args=[self.pk])


class AssignmentStatus(models.TextChoices):
    AWAITING_DECLARATION = "awaiting", "Ждёт декларации"
    CONFLICT = "conflict", "Конфликт интересов — отвод"
    IN_PROGRESS = "in_progress", "Оценивает"
    SUBMITTED = "submitted", "Оценка отправлена"


class Assignment(models.Model):
    """An expert assigned to a practice; they see the passport only after the COI declaration."""

    entry = models.ForeignKey(CallEntry, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_assignments")
    status = models.CharField(
        "статус", max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.AWAITING_DECLARATION
    )
    is_tiebreak = models.BooleanField("третий эксперт при расхождении", default=False)
    coi_text = models.TextField("декларация о конфликте интересов", blank=True)
    coi_declared_at = models.DateTimeField("декларация подана", null=True, blank=True)
    has_conflict = models.BooleanField("конфликт интересов есть", default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "назначение эксперта"
        verbose_name_plural = "назначения экспертов"
        ordering = ["entry", "assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "expert"], name="expertise_assignment_unique")]
        indexes = [models.Index(fields=["expert", "status"], name="expertise_assignment_queue")]

    def __str__(self) -> str:
        return f"{self.expert} — {self.entry.practice}"

    def get_absolute_url(self) -> str:
        return reverse("expertise:assignment", args=[self.pk])

    @property
    def can_review(self) -> bool:
        return self.status in (AssignmentStatus.IN_PROGRESS, AssignmentStatus.SUBMITTED)


class Recommendation(models.TextChoices):
    YES = "yes", "Рекомендую"
    MAYBE = "maybe", "Рекомендую после доработки"
    NO = "no", "Не рекомендую"


def _readiness_field(label: str) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(rules.SCALE_MAX)]
    )


class Review(models.Model):
    """One expert's review: a score per criterion, readiness items, a recommendation and a summary."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    recommendation = models.CharField("рекомендация", max_length=8, choices=Recommendation.choices, blank=True)
    summary = models.TextField("общее заключение", blank=True)
    readiness_materials = _readiness_field("материалы (руководство, шаблоны)")
    readiness_training = _readiness_field("обучение и наставничество")
    readiness_fidelity = _readiness_field("чек-лист соответствия модели")
    readiness_cost = _readiness_field("данные о затратах")
    submitted_at = models.DateTimeField("отправлена", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "экспертная оценка"
        verbose_name_plural = "экспертные оценки"

    def __str__(self) -> str:
        return str(self.assignment)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def readiness(self) -> dict[str, int | None]:
        return {code: getattr(self, f"readiness_{code}") for code, _ in rules.READINESS_ITEMS}


class ScoreValue(models.TextChoices):
    S0 = "0", "0"
    S1 = "1", "1"
    S2 = "2", "2"
    S3 = "3", "3"
    S4 = "4", "4"
    NA = rules.NA, "н/п"
    MORE_INFO = rules.MORE_INFO, "Нужно больше информации"


def score_value(text: str) -> rules.Value | None:
    """The stored text as the rules read it: 0–4, "na", "more_info" or None (not given)."""
    if text == rules.NA:
        return rules.NA
    if text == rules.MORE_INFO:
        return rules.MORE_INFO
    return int(text) if text.isdigit() else None


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.CharField("оценка", max_length=10, choices=ScoreValue.choices, blank=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "оценка по критерию"
        verbose_name_plural = "оценки по критериям"
        ordering = ["review", "criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="expertise_score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_value_display()}"


class ResolutionKind(models.TextChoices):
    THIRD_EXPERT = "third_expert", "Назначен третий эксперт"
    CONSENSUS = "consensus", "Консенсусное обсуждение"


class Resolution(models.Model):
    """How a disagreement (or a request for more information) was resolved, with the minutes."""

    entry = models.ForeignKey(CallEntry, on_delete=models.CASCADE, related_name="resolutions")
    kind = models.CharField("способ", max_length=16, choices=ResolutionKind.choices)
    # {criterion code: "0".."4" | "na"} — the agreed scores of a consensus.
    scores = models.JSONField("согласованные оценки", default=dict, blank=True)
    minutes = models.TextField("протокол")
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="третий эксперт",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "разрешение расхождения"
        verbose_name_plural = "разрешения расхождений"
        ordering = ["entry", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.entry}"


class Decision(models.Model):
    """The computed decision on one version of a practice, with the steps that produced it."""

    entry = models.ForeignKey(CallEntry, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(PracticeVersion, on_delete=models.PROTECT, related_name="expert_decisions")
    category = models.CharField("категория", max_length=20, choices=DecisionCategory.choices)
    evidence_level = models.PositiveSmallIntegerField("уровень доказанности", choices=EvidenceLevel.choices)
    merit = models.DecimalField("экспертная оценка, 0–100", max_digits=5, decimal_places=1, null=True)
    readiness = models.DecimalField("готовность, 0–4", max_digits=3, decimal_places=2, null=True)
    flags = models.JSONField("флаги", default=list, blank=True)
    explanation = models.JSONField("как получено решение", default=list)
    strengths = models.TextField("сильные стороны", blank=True)
    weaknesses = models.TextField("слабые стороны", blank=True)
    comment = models.TextField("комментарий", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("дата решения", auto_now_add=True)

    class Meta:
        verbose_name = "решение по практике"
        verbose_name_plural = "решения по практикам"
        ordering = ["entry", "-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entry.practice}: {self.get_category_display()}"
