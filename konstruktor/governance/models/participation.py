"""NGO participation written to the support log once, and the sent reminder digests."""

from django.db import models
from django.db.models import Q

from konstruktor.governance.models.groups import Meeting, ProjectGroup
from konstruktor.governance.models.roadmaps import RoadmapNode
from konstruktor.organizations.models import Organization, SupportRecord


class Participation(models.Model):
    """One NGO's participation in project management, written once per source object and kind.

    Each row points at the support-log record it produced (7-ФЗ ст. 31.2 register), so the same
    ownership, attendance or delivery never counts twice.
    """

    class Kind(models.TextChoices):
        OWNER = "owner", "Ответственный исполнитель мероприятия"
        CO_OWNER = "co_owner", "Соисполнитель мероприятия"
        ATTENDANCE = "attendance", "Участие в заседании"
        DELIVERY = "delivery", "Выполнение мероприятия"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    node = models.ForeignKey(
        RoadmapNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="participations")
    date = models.DateField()
    support_record = models.ForeignKey(
        SupportRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "участие СОНКО"
        verbose_name_plural = "участие СОНКО"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "node"],
                condition=Q(node__isnull=False),
                name="governance_participation_node_once",
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "meeting"],
                condition=Q(meeting__isnull=False),
                name="governance_participation_meeting_once",
            ),
        ]
        indexes = [models.Index(fields=["group", "organization"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_kind_display()}"


class ReminderDigest(models.Model):
    """A reminder digest sent to one address on one day: the daily cron run is safe to repeat."""

    email = models.EmailField()
    sent_on = models.DateField()
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "рассылка напоминаний"
        verbose_name_plural = "рассылки напоминаний"
        constraints = [models.UniqueConstraint(fields=["email", "sent_on"], name="governance_digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.email} {self.sent_on}"
