"""Replication: recipient fit, regional priorities, requests and tracked transfers of practices.

The practice passport lives in `practices`; this app reads it and writes results back through
`practices.actions` (a completed transfer with comparison data becomes an evaluation there).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.practices.models import Component, Effect, Evaluation, LaunchStep, Outcome, Practice
from konstruktor.territories.models import Municipality, Region, Settlement

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class RegionalPriority(models.Model):
    """A priority target group or area of activity of a region, kept by the region's РЦ manager."""

    region = models.ForeignKey(Region, verbose_name="субъект РФ", on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey(
        TargetGroup, verbose_name="целевая группа", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        ActivityArea,
        verbose_name="направление (ст. 31.1 7-ФЗ)",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    basis = models.CharField(
        "основание",
        max_length=500,
        blank=True,
        help_text="Госпрограмма, стратегия или решение, где закреплён приоритет.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "приоритет региона"
        verbose_name_plural = "приоритеты регионов"
        ordering = ["region", "target_group", "area", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_group__isnull=False, area__isnull=True)
                | Q(target_group__isnull=True, area__isnull=False),
                name="regional_priority_one_kind",
            ),
            models.UniqueConstraint(
                fields=["region", "target_group"],
                condition=Q(target_group__isnull=False),
                name="regional_priority_unique_group",
            ),
            models.UniqueConstraint(
                fields=["region", "area"], condition=Q(area__isnull=False), name="regional_priority_unique_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.target_group or self.area}"


class FitAssessment(models.Model):
    """One team member's Hexagon ratings (1–5) of a practice for a recipient organization or territory."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="fit_assessments")
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация-получатель",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    settlement = models.ForeignKey(
        Settlement, verbose_name="населённый пункт", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто оценил", on_delete=models.CASCADE, related_name="+"
    )
    need = models.PositiveSmallIntegerField("потребность", validators=RATING)
    fit = models.PositiveSmallIntegerField("соответствие приоритетам и ценностям", validators=RATING)
    resources = models.PositiveSmallIntegerField("ресурсы", validators=RATING)
    capacity = models.PositiveSmallIntegerField("потенциал команды", validators=RATING)
    comment = models.TextField("комментарий", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "оценка соответствия (Hexagon)"
        verbose_name_plural = "оценки соответствия (Hexagon)"
        ordering = ["practice", "-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, municipality__isnull=True, settlement__isnull=True)
                | Q(organization__isnull=True, municipality__isnull=False, settlement__isnull=True)
                | Q(organization__isnull=True, municipality__isnull=True, settlement__isnull=False),
                name="fit_assessment_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(need__gte=1, need__lte=5, fit__gte=1, fit__lte=5)
                & Q(resources__gte=1, resources__lte=5, capacity__gte=1, capacity__lte=5),
                name="fit_assessment_ratings_1_5",
            ),
            models.UniqueConstraint(
                fields=["practice", "organization", "assessor"],
                condition=Q(organization__isnull=False),
                name="fit_assessment_unique_org",
            ),
            models.UniqueConstraint(
                fields=["practice", "municipality", "assessor"],
                condition=Q(municipality__isnull=False),
                name="fit_assessment_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["practice", "settlement", "assessor"],
                condition=Q(settlement__isnull=False),
                name="fit_assessment_unique_settlement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.organization or self.municipality or self.settlement}"


class RequestStatus(models.TextChoices):
    NEW = "new", "Новая"
    ACCEPTED = "accepted", "Принята"
    DECLINED = "declined", "Отклонена"


class ReplicationRequest(models.Model):
    """A request from a region's РЦ or an NGO to transfer a practice to an organization or territory."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="replication_requests")
    requester = models.ForeignKey(
        Organization, verbose_name="кто подал (РЦ или НКО)", on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        Organization,
        verbose_name="организация-получатель",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name="регион получателя", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settlement = models.ForeignKey(
        Settlement, verbose_name="населённый пункт", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    motivation = models.TextField("зачем нужна практика")
    status = models.CharField(
        "статус", max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW, db_index=True
    )
    decision_comment = models.TextField("комментарий к решению", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("дата решения", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("подана", auto_now_add=True)

    class Meta:
        verbose_name = "заявка на тиражирование"
        verbose_name_plural = "заявки на тиражирование"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"Заявка №{self.pk}: «{self.practice}»"

    def get_absolute_url(self) -> str:
        return reverse("replication:request_detail", args=[self.pk])

    @property
    def place(self) -> Settlement | Municipality | Region:
        return self.settlement or self.municipality or self.region


class Stage(models.TextChoices):
    ACQUAINTANCE = "acquaintance", "Знакомство"
    INTERNSHIP = "internship", "Стажировка"
    ADAPTATION = "adaptation", "Адаптация"
    PILOT = "pilot", "Пилот"
    IMPLEMENTATION = "implementation", "Внедрение"
    EVALUATION = "evaluation", "Оценка"


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)
# Stages at which the recipient runs the components: each needs a fidelity check before it is passed.
CHECKED_STAGES = frozenset({Stage.ADAPTATION, Stage.PILOT, Stage.IMPLEMENTATION, Stage.EVALUATION})


class TransferStatus(models.TextChoices):
    ACTIVE = "active", "Идёт"
    COMPLETED = "completed", "Завершён"
    STOPPED = "stopped", "Прекращён"


class Transfer(models.Model):
    """A practice carried from its leader (mentor) to a recipient organization, stage by stage."""

    request = models.OneToOneField(
        ReplicationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="transfer"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="transfers")
    mentor = models.ForeignKey(
        Organization,
        verbose_name="наставник (ведущая организация практики)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mentor_contact = models.CharField("лидер практики", max_length=300, blank=True)
    recipient = models.ForeignKey(
        Organization, verbose_name="организация-получатель", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="регион получателя", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality, verbose_name="муниципалитет", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settlement = models.ForeignKey(
        Settlement, verbose_name="населённый пункт", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    centre = models.ForeignKey(
        Organization, verbose_name="ресурсный центр региона", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("этап", max_length=16, choices=Stage.choices, default=Stage.ACQUAINTANCE)
    status = models.CharField(
        "состояние", max_length=16, choices=TransferStatus.choices, default=TransferStatus.ACTIVE, db_index=True
    )
    started_on = models.DateField("начало")
    finished_on = models.DateField("окончание", null=True, blank=True)
    result_summary = models.TextField("итог", blank=True)
    has_comparison = models.BooleanField("есть данные группы сравнения", default=False)
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name="оценка в паспорте практики",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "трансфер практики"
        verbose_name_plural = "трансферы практик"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"Трансфер «{self.practice}» → {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("replication:transfer_detail", args=[self.pk])

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    @property
    def is_active(self) -> bool:
        return self.status == TransferStatus.ACTIVE


class TransferStep(models.Model):
    """A step of the transfer plan, instantiated from the practice's launch step."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="steps")
    launch_step = models.ForeignKey(LaunchStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("шаг", max_length=300)
    description = models.TextField("что сделать", blank=True)
    responsible = models.CharField("кто выполняет (по паспорту)", max_length=200, blank=True)
    owner = models.ForeignKey(
        Organization, verbose_name="ответственная организация", null=True, on_delete=models.PROTECT, related_name="+"
    )
    duration_days = models.PositiveSmallIntegerField("длительность, рабочих дней", default=10)
    starts_on = models.DateField("начало")
    due_on = models.DateField("срок")
    done_on = models.DateField("выполнен", null=True, blank=True)

    class Meta:
        verbose_name = "шаг плана трансфера"
        verbose_name_plural = "план трансфера"
        ordering = ["transfer", "order", "id"]

    def __str__(self) -> str:
        return self.title


class FidelityItem(models.Model):
    """A core component of the practice, as an item of the transfer's fidelity checklist."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="fidelity_items")
    component = models.ForeignKey(Component, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField("ключевой компонент", max_length=300)
    description = models.TextField("как в модели", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "пункт чек-листа соответствия"
        verbose_name_plural = "чек-лист соответствия"
        ordering = ["transfer", "order", "id"]

    def __str__(self) -> str:
        return self.title


class FidelityCheck(models.Model):
    """A checkpoint: each core component marked; the index is the share implemented as specified."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="fidelity_checks")
    stage = models.CharField("этап", max_length=16, choices=Stage.choices)
    checked_on = models.DateField("дата проверки")
    index = models.DecimalField("индекс соответствия, %", max_digits=5, decimal_places=1)
    comment = models.TextField("комментарий", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "проверка соответствия модели"
        verbose_name_plural = "проверки соответствия модели"
        ordering = ["transfer", "checked_on", "id"]

    def __str__(self) -> str:
        return f"Проверка {self.checked_on:%d.%m.%Y}: {self.index} %"


class Fidelity(models.TextChoices):
    AS_SPECIFIED = "as_specified", "Реализован как в модели"
    ADAPTED = "adapted", "Реализован с изменениями"
    NOT_IMPLEMENTED = "not_implemented", "Не реализован"


class FidelityMark(models.Model):
    fidelity_check = models.ForeignKey(FidelityCheck, on_delete=models.CASCADE, related_name="marks")
    item = models.ForeignKey(FidelityItem, on_delete=models.CASCADE, related_name="marks")
    status = models.CharField("как реализован", max_length=16, choices=Fidelity.choices)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    class Meta:
        verbose_name = "отметка чек-листа"
        verbose_name_plural = "отметки чек-листа"
        ordering = ["fidelity_check", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["fidelity_check", "item"], name="fidelity_mark_unique")]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"


class Adaptation(models.Model):
    """What the recipient changed and why; a change of a core component needs a justification."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="adaptations")
    stage = models.CharField("этап", max_length=16, choices=Stage.choices)
    component = models.ForeignKey(
        Component, verbose_name="компонент", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    component_title = models.CharField("компонент (как был назван)", max_length=300, blank=True)
    changes_core = models.BooleanField("меняет ключевой компонент", default=False)
    what_changed = models.TextField("что изменено")
    reason = models.TextField("почему")
    justification = models.TextField("обоснование изменения ключевого компонента", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "адаптация"
        verbose_name_plural = "журнал адаптаций"
        ordering = ["transfer", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(changes_core=False) | ~Q(justification=""), name="adaptation_core_needs_justification"
            )
        ]

    def __str__(self) -> str:
        return self.what_changed[:80]


class TransferOutcome(models.Model):
    """An outcome indicator of the practice, measured in the transfer."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("результат", max_length=500)
    indicator = models.CharField("показатель", max_length=500, blank=True)
    unit = models.CharField("единица", max_length=60, blank=True)
    baseline = models.CharField("исходное значение", max_length=100, blank=True)
    target = models.CharField("целевое значение", max_length=100, blank=True)
    actual = models.CharField("достигнуто", max_length=100, blank=True)
    comparison = models.CharField("в группе сравнения", max_length=100, blank=True)
    effect = models.CharField("эффект", max_length=16, choices=Effect.choices, blank=True)
    sustained_months = models.PositiveSmallIntegerField("эффект сохранялся, месяцев", default=0)

    class Meta:
        verbose_name = "показатель трансфера"
        verbose_name_plural = "показатели трансфера"
        ordering = ["transfer", "order", "id"]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("было", max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField("стало", max_length=16, choices=Stage.choices, blank=True)
    status = models.CharField("состояние", max_length=16, choices=TransferStatus.choices)
    comment = models.TextField("комментарий", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "смена этапа"
        verbose_name_plural = "история этапов"
        ordering = ["transfer", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display() or self.get_status_display()}"
