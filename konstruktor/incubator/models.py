import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from konstruktor.organizations.models import Organization, TargetGroup


class Stage(models.TextChoices):
    IDEA = "idea", "Идея"
    TEAM = "team", "Команда"
    CONSULTATIONS = "consultations", "Консультации"
    FORM_CHOICE = "form_choice", "Выбор формы"
    DOCUMENTS = "documents", "Документы"
    SUBMITTED = "submitted", "Подача в Минюст"
    REGISTERED = "registered", "Зарегистрирована"
    FIRST_SERVICE = "first_service", "Первая услуга"
    PROVIDER_REGISTER = "provider_register", "В реестре поставщиков"


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class InitiativeGroup(models.Model):
    """An initiative group on its way to a registered NGO; its Organization carries the support log."""

    organization = models.OneToOneField(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="initiative_group"
    )
    name = models.CharField("название группы", max_length=500)
    social_problem = models.TextField("социальная проблема")
    target_groups = models.ManyToManyField(TargetGroup, verbose_name="целевые группы", blank=True)
    planned_services = models.TextField(
        "услуги, которые группа хочет оказывать", blank=True, help_text="По одной на строку."
    )
    stage = models.CharField("этап", max_length=24, choices=Stage.choices, default=Stage.IDEA)
    next_step = models.CharField("следующий шаг", max_length=500, blank=True)
    next_step_due = models.DateField("срок следующего шага", null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный за шаг",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_centre = models.ForeignKey(
        Organization,
        verbose_name="ответственный РЦ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubated_groups",
        limit_choices_to={"kind": Organization.Kind.RESOURCE_CENTRE},
    )
    # Fixed at creation: the indicator «НКО созданы в территориях без НКО» must not drift later.
    municipality_had_no_ngos = models.BooleanField("в муниципалитете не было НКО при создании", default=False)
    # Stages for which a support record was written: a stage revisited is not supported twice.
    supported_stages = models.JSONField("этапы с записью о поддержке", default=list, blank=True, editable=False)
    chooser_answers = models.JSONField("ответы подбора формы", default=dict, blank=True)
    chooser_result = models.JSONField("рекомендация формы", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "инициативная группа"
        verbose_name_plural = "инициативные группы"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["next_step_due"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubator:detail", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.next_step_due is not None and self.next_step_due < (today or datetime.date.today())

    @property
    def planned_service_list(self) -> list[str]:
        return [line.strip() for line in self.planned_services.splitlines() if line.strip()]


class MemberRole(models.TextChoices):
    LEADER = "leader", "Лидер"
    PARTICIPANT = "participant", "Участник"
    RELEASED_SOCIAL_WORKER = "released_social_worker", "Высвобождаемый социальный работник"
    VOLUNTEER = "volunteer", "Волонтёр"
    FOUNDER = "founder", "Будущий учредитель"
    PARTNER = "partner", "Представитель партнёра"


class GroupMember(models.Model):
    group = models.ForeignKey(InitiativeGroup, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("ФИО", max_length=255)
    role = models.CharField("роль", max_length=32, choices=MemberRole.choices, default=MemberRole.PARTICIPANT)
    institution = models.CharField(
        "учреждение", max_length=500, blank=True, help_text="Для высвобождаемых социальных работников."
    )
    contacts = models.CharField("контакты", max_length=255, blank=True, help_text="Персональные данные.")
    consent_text = models.CharField("согласие на обработку ПДн", max_length=500, blank=True)
    consent_at = models.DateTimeField("согласие получено", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "участник группы"
        verbose_name_plural = "участники группы"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_role_display()}"


class GroupNote(models.Model):
    group = models.ForeignKey(InitiativeGroup, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("заметка")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "заметка"
        verbose_name_plural = "заметки"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class Partnership(models.Model):
    """A production partnership: an experienced NGO mentors a group or a young NGO."""

    class Status(models.TextChoices):
        AGREED = "agreed", "Согласовано"
        ACTIVE = "active", "Идёт"
        COMPLETED = "completed", "Завершено"
        CANCELLED = "cancelled", "Прекращено"

    mentor = models.ForeignKey(
        Organization, verbose_name="наставник", on_delete=models.PROTECT, related_name="mentorships_given"
    )
    mentee = models.ForeignKey(
        Organization,
        verbose_name="подопечная организация",
        on_delete=models.PROTECT,
        related_name="mentorships_received",
    )
    aim = models.CharField("цель", max_length=500)
    plan = models.TextField("план встреч", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.AGREED)
    started = models.DateField("начало")
    ended = models.DateField("окончание", null=True, blank=True)
    results = models.TextField("результаты", blank=True)
    centre = models.ForeignKey(
        Organization, verbose_name="РЦ", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "наставническое партнёрство"
        verbose_name_plural = "наставнические партнёрства"
        ordering = ["-started", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="partnership_mentor_not_mentee"
            ),
        ]

    def __str__(self) -> str:
        return f"Наставничество: {self.mentor} → {self.mentee}"


class PartnershipMeeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField("дата")
    topic = models.CharField("тема", max_length=500)
    notes = models.TextField("заметки", blank=True)
    outcome = models.TextField("итог", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "встреча наставничества"
        verbose_name_plural = "встречи наставничества"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"Встреча {self.date}: {self.topic}"
