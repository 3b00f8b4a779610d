import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region


class Topic(models.Model):
    """A subject of questions with its service-level target in working days."""

    name = models.CharField("тема", max_length=160, unique=True)
    sla_working_days = models.PositiveSmallIntegerField(
        "срок ответа, рабочих дней",
        default=5,
        help_text="Считается по производственному календарю со дня, следующего за днём поступления вопроса.",
    )
    order = models.PositiveSmallIntegerField("порядок", default=100)
    active = models.BooleanField("предлагается в формах", default=True)

    class Meta:
        verbose_name = "тема консультаций"
        verbose_name_plural = "темы консультаций"
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(condition=Q(sla_working_days__gte=1), name="topic_sla_positive")]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEB = "web", "Форма на сайте"
    PHONE = "phone", "Телефон"
    VISIT = "visit", "Личный приём"
    EMAIL = "email", "Электронная почта"


class Status(models.TextChoices):
    NEW = "new", "Новая"
    IN_PROGRESS = "in_progress", "В работе"
    WAITING = "waiting", "Ожидает ответа заявителя"
    ANSWERED = "answered", "Дан ответ"
    CLOSED = "closed", "Закрыта"


class RequesterKind(models.TextChoices):
    ORGANIZATION = "organization", "Организация (НКО)"
    INITIATIVE_GROUP = "initiative_group", "Инициативная группа"
    PERSON = "person", "Частное лицо"


# Statuses in which the service-level clock runs (a consultation can be overdue).
CLOCK_RUNNING = (Status.NEW, Status.IN_PROGRESS)
OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING)


class Consultation(models.Model):
    channel = models.CharField("канал", max_length=8, choices=Channel.choices)
    topic = models.ForeignKey(Topic, verbose_name="тема", on_delete=models.PROTECT)
    question = models.TextField("вопрос")
    region = models.ForeignKey(Region, verbose_name="субъект РФ", on_delete=models.PROTECT)
    requester_kind = models.CharField(
        "заявитель", max_length=20, choices=RequesterKind.choices, default=RequesterKind.PERSON
    )
    requester_organization = models.ForeignKey(
        Organization,
        verbose_name="организация заявителя",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    # What the requester wrote: kept even when an organization of the registry was matched.
    requester_organization_name = models.CharField(
        "организация или группа (со слов заявителя)", max_length=500, blank=True
    )
    requester_organization_identifier = models.CharField("ИНН или ОГРН (со слов заявителя)", max_length=15, blank=True)
    # Personal data (152-ФЗ): shown only to РЦ staff of the region, every view of the card is logged.
    requester_name = models.CharField("имя заявителя", max_length=255, blank=True)
    requester_email = models.EmailField("e-mail заявителя", blank=True)
    requester_phone = models.CharField("телефон заявителя", max_length=32, blank=True)
    consent_text = models.TextField("текст согласия на обработку персональных данных", blank=True)
    consent_version = models.CharField("редакция согласия", max_length=16, blank=True)
    consent_at = models.DateTimeField("согласие дано", null=True, blank=True)
    consent_ip = models.GenericIPAddressField("IP-адрес при согласии", null=True, blank=True)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="консультант",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations_assigned",
    )
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.NEW)
    received_at = models.DateTimeField("поступила", default=timezone.now)
    due_date = models.DateField("срок ответа")
    paused_at = models.DateTimeField("срок приостановлен с", null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField("срок продлён на рабочих дней (ожидание заявителя)", default=0)

    answer = models.TextField("ответ", blank=True)
    answered_at = models.DateTimeField("ответ дан", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations_answered",
    )
    working_days_to_answer = models.PositiveSmallIntegerField(
        "срок ответа фактически, рабочих дней (без ожидания заявителя)", null=True, blank=True
    )
    articles_used = models.ManyToManyField(
        "knowledge.Article", verbose_name="статьи справочника в ответе", blank=True, related_name="+"
    )

    rating = models.PositiveSmallIntegerField("оценка", null=True, blank=True)
    rating_comment = models.TextField("комментарий к оценке", blank=True)
    rated_at = models.DateTimeField("оценено", null=True, blank=True)
    rating_token = models.CharField(max_length=64, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="принял",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "консультация"
        verbose_name_plural = "консультации"
        ordering = ["due_date", "received_at", "id"]
        indexes = [
            models.Index(fields=["region", "status", "due_date"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["requester_organization", "-received_at"]),
            models.Index(fields=["received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="consultation_rating_1_5"
            ),
            models.UniqueConstraint(
                fields=["rating_token"], condition=~Q(rating_token=""), name="consultation_unique_rating_token"
            ),
        ]

    def __str__(self) -> str:
        return f"Консультация № {self.pk}: {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The clock runs and the due date has passed (waiting for the requester stops the clock)."""
        return self.status in CLOCK_RUNNING and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def answered_late(self) -> bool:
        return self.answered_at is not None and timezone.localdate(self.answered_at) > self.due_date

    @property
    def requester_label(self) -> str:
        if self.requester_organization_id:
            return str(self.requester_organization)
        return self.requester_organization_name or self.get_requester_kind_display()


class ConsultationNote(models.Model):
    """An internal note of the РЦ staff; never shown to the requester."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("заметка")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "внутренняя заметка"
        verbose_name_plural = "внутренние заметки"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Заметка к консультации № {self.consultation_id}"
