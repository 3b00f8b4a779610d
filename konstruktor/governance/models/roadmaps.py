"""Roadmaps: a tree of goals → measures → items with owners, deadlines, indicators and evidence.

Progress is never stored: it is computed from the tree on read (governance.progress), so a
number on a page can always be reproduced from the weights and statuses shown next to it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from konstruktor.governance.models.files import evidence_upload_to
from konstruktor.governance.models.groups import ProjectGroup
from konstruktor.organizations.models import Organization


class Roadmap(models.Model):
    group = models.ForeignKey(ProjectGroup, verbose_name="группа", on_delete=models.PROTECT, related_name="roadmaps")
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    is_public = models.BooleanField(
        "публиковать ход исполнения", default=False, help_text="Страница дорожной карты будет открыта без входа."
    )
    goals_equal_weights = models.BooleanField("цели равного веса", default=True)
    at_risk_days = models.PositiveSmallIntegerField(
        "«под угрозой» за, рабочих дней",
        default=5,
        help_text="Мероприятие под угрозой срыва, если до срока осталось столько рабочих дней или меньше.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:roadmap_detail", args=[self.pk])


class NodeLevel(models.IntegerChoices):
    GOAL = 1, "Цель"
    MEASURE = 2, "Мера"
    ITEM = 3, "Мероприятие"


class ItemStatus(models.TextChoices):
    PLANNED = "planned", "Не начато"
    IN_PROGRESS = "in_progress", "В работе"
    DONE = "done", "Выполнено"


class RoadmapNode(models.Model):
    """A goal, a measure or an item of a roadmap; only items carry owners, deadlines and statuses."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField("уровень", choices=NodeLevel.choices)
    code = models.CharField("код", max_length=32, help_text="1 — цель, 1.2 — мера, 1.2.3 — мероприятие")
    position = models.PositiveIntegerField("порядок", default=0)
    title = models.CharField("наименование", max_length=500)
    weight = models.DecimalField(
        "вес, %", max_digits=5, decimal_places=2, null=True, blank=True, help_text="Доля в прогрессе родителя."
    )
    children_equal_weights = models.BooleanField("вложенные равного веса", default=True)
    owner_organization = models.ForeignKey(
        Organization,
        verbose_name="ответственная организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_person = models.CharField("ответственное лицо", max_length=255, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный на платформе",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Ему приходят напоминания о сроках.",
    )
    co_owners = models.ManyToManyField(Organization, verbose_name="соисполнители", blank=True, related_name="+")
    deadline = models.DateField("срок", null=True, blank=True)
    expected_result = models.TextField("ожидаемый результат", blank=True)
    indicator_unit = models.CharField("единица измерения показателя", max_length=64, blank=True)
    indicator_baseline = models.DecimalField("базовое значение", max_digits=16, decimal_places=4, null=True, blank=True)
    indicator_target = models.DecimalField("целевое значение", max_digits=16, decimal_places=4, null=True, blank=True)
    indicator_actual = models.DecimalField(
        "фактическое значение", max_digits=16, decimal_places=4, null=True, blank=True
    )
    status = models.CharField("статус", max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    done_on = models.DateField("дата выполнения", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "элемент дорожной карты"
        verbose_name_plural = "элементы дорожных карт"
        ordering = ["roadmap", "level", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "code"], name="governance_node_unique_code"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | (Q(weight__gt=0) & Q(weight__lte=100)),
                name="governance_node_weight_positive",
            ),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="governance_node_goal_is_root",
            ),
        ]
        indexes = [
            models.Index(fields=["roadmap", "parent", "position"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["owner_organization", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:node_detail", args=[self.pk])

    @property
    def is_item(self) -> bool:
        return self.level == NodeLevel.ITEM

    @property
    def is_done(self) -> bool:
        return self.status == ItemStatus.DONE


class Evidence(models.Model):
    """A file or a link that proves an item's result."""

    node = models.ForeignKey(RoadmapNode, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("описание", max_length=300)
    file = models.FileField("файл", upload_to=evidence_upload_to, max_length=255, blank=True)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    size = models.PositiveIntegerField("размер, байт", default=0)
    url = models.URLField("ссылка", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "подтверждение исполнения"
        verbose_name_plural = "подтверждения исполнения"
        ordering = ["node", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="governance_evidence_file_or_url")
        ]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    node = models.ForeignKey(RoadmapNode, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("комментарий")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "комментарий"
        verbose_name_plural = "комментарии"
        ordering = ["node", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
