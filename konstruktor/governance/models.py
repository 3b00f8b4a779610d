"""Project groups, their meetings and roadmaps (goals → measures → items) with evidence.

Progress is never stored: it is computed from the tree on read (governance.progress), so a
number on a page can always be reproduced from the weights and statuses shown next to it.
"""

import datetime
import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from konstruktor.organizations.models import Organization, SupportRecord
from konstruktor.territories.models import Region


def _upload_to(folder: str, filename: str) -> str:
    """governance/<folder>/YYYY/MM/<random>.<ext>: the original name stays in the row, not on disk."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"governance/{folder}/{datetime.date.today():%Y/%m}/{secrets.token_hex(12)}{suffix}"


def _document_upload_to(instance: "GroupDocument", filename: str) -> str:
    return _upload_to("documents", filename)


def _evidence_upload_to(instance: "Evidence", filename: str) -> str:
    return _upload_to("evidence", filename)


class ProjectGroup(models.Model):
    """A project, working or coordination group at a regional or municipal body."""

    class Kind(models.TextChoices):
        PROJECT = "project", "Проектная группа"
        WORKING = "working", "Рабочая группа"
        COORDINATION = "coordination", "Координационная группа"

    class Level(models.TextChoices):
        REGIONAL = "regional", "Региональная"
        MUNICIPAL = "municipal", "Муниципальная"

    class BodyKind(models.TextChoices):
        MINISTRY = "ministry", "Министерство (орган исполнительной власти региона)"
        MUNICIPALITY = "municipality", "Администрация муниципального образования"
        COUNCIL = "council", "Совет (общественный, координационный)"
        OTHER = "other", "Иной орган"

    region = models.ForeignKey(Region, verbose_name="субъект РФ", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("уровень", max_length=16, choices=Level.choices, default=Level.REGIONAL)
    municipality = models.CharField("муниципальное образование", max_length=255, blank=True)
    kind = models.CharField("вид группы", max_length=16, choices=Kind.choices, default=Kind.PROJECT)
    name = models.CharField("наименование", max_length=300)
    body_kind = models.CharField("при каком органе", max_length=16, choices=BodyKind.choices)
    body_name = models.CharField("наименование органа", max_length=500)
    purpose = models.TextField("цель и задачи")
    basis = models.CharField(
        "акт о создании", max_length=500, blank=True, help_text="Например: приказ № 123 от 01.02.2026"
    )
    responsible_centre = models.ForeignKey(
        Organization,
        verbose_name="ответственный ресурсный центр",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.RESOURCE_CENTRE},
        help_text="От его имени участие НКО записывается в журнал поддержки.",
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="куратор от РЦ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "проектная группа"
        verbose_name_plural = "проектные группы"
        ordering = ["region__name", "name", "id"]
        indexes = [models.Index(fields=["region", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="regional") | ~Q(municipality=""), name="governance_group_municipal_has_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:group_detail", args=[self.pk])


class GroupMember(models.Model):
    class Category(models.TextChoices):
        OFFICIAL = "official", "Представитель органа власти"
        NGO = "ngo", "Представитель СОНКО"
        RC_STAFF = "rc_staff", "Сотрудник РЦ"
        EXPERT = "expert", "Эксперт"

    class Role(models.TextChoices):
        CHAIR = "chair", "Председатель"
        DEPUTY = "deputy", "Заместитель председателя"
        SECRETARY = "secretary", "Секретарь"
        MEMBER = "member", "Член группы"

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="members")
    category = models.CharField("кого представляет", max_length=16, choices=Category.choices)
    role = models.CharField("роль в группе", max_length=16, choices=Role.choices, default=Role.MEMBER)
    full_name = models.CharField("ФИО", max_length=255)
    position = models.CharField("должность", max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name="организация", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь платформы",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governance_memberships",
    )
    email = models.EmailField("e-mail", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "участник группы"
        verbose_name_plural = "участники групп"
        ordering = ["group", "role", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(user__isnull=False), name="governance_member_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display().lower()})"

    @property
    def contact_email(self) -> str:
        return self.email or (self.user.email if self.user else "")


class GroupDocument(models.Model):
    class Kind(models.TextChoices):
        REGULATION = "regulation", "Положение о группе"
        COMPOSITION = "composition", "Состав группы"
        PLAN = "plan", "План работы"
        MINUTES = "minutes", "Протокол (подписанный)"
        OTHER = "other", "Иной документ"

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("вид", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to=_document_upload_to, max_length=255, blank=True)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    size = models.PositiveIntegerField("размер, байт", default=0)
    url = models.URLField("ссылка", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "документ группы"
        verbose_name_plural = "документы групп"
        ordering = ["group", "kind", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="governance_document_file_or_url")
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Очно"
        ONLINE = "online", "Онлайн"
        MIXED = "mixed", "Смешанный формат"

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        HELD = "held", "Проведено"
        CANCELLED = "cancelled", "Отменено"

    group = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField("номер заседания")
    starts_at = models.DateTimeField("дата и время")
    place = models.CharField("место или ссылка", max_length=500)
    format = models.CharField("формат", max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField("прочее для протокола", blank=True)
    invitations_sent_at = models.DateTimeField("приглашения разосланы", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "заседание"
        verbose_name_plural = "заседания"
        ordering = ["group", "-starts_at"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="governance_meeting_unique_number")]

    def __str__(self) -> str:
        return f"Заседание № {self.number} от {self.starts_at:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField("№ п/п")
    title = models.CharField("вопрос повестки", max_length=500)
    speaker = models.ForeignKey(
        GroupMember, verbose_name="докладчик", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker_text = models.CharField(
        "докладчик (не член группы)", max_length=255, blank=True, help_text="ФИО и должность приглашённого."
    )
    heard = models.TextField("слушали (кратко)", blank=True)

    class Meta:
        verbose_name = "вопрос повестки"
        verbose_name_plural = "повестка"
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="governance_agenda_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def speaker_label(self) -> str:
        if self.speaker:
            return f"{self.speaker.full_name}{', ' + self.speaker.position if self.speaker.position else ''}"
        return self.speaker_text


class Attendance(models.Model):
    """A member's invitation to a meeting and whether they came."""

    class Status(models.TextChoices):
        EXPECTED = "expected", "Приглашён"
        PRESENT = "present", "Присутствовал"
        ABSENT = "absent", "Отсутствовал"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField("отметка", max_length=16, choices=Status.choices, default=Status.EXPECTED)
    invited_at = models.DateTimeField("приглашение отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "участие в заседании"
        verbose_name_plural = "участие в заседаниях"
        ordering = ["meeting", "member__role", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="governance_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_status_display()}"


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


class Decision(models.Model):
    """A decision recorded in the minutes; it may become a roadmap item in one step."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name="по вопросу",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    position = models.PositiveSmallIntegerField("№ п/п")
    text = models.TextField("решили")
    owner_organization = models.ForeignKey(
        Organization,
        verbose_name="ответственная организация",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_person = models.CharField("ответственное лицо", max_length=255, blank=True)
    deadline = models.DateField("срок", null=True, blank=True)
    roadmap_item = models.OneToOneField(
        RoadmapNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_decision"
    )

    class Meta:
        verbose_name = "решение"
        verbose_name_plural = "решения"
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="governance_decision_unique_position")
        ]

    def __str__(self) -> str:
        return f"Решение {self.position} заседания № {self.meeting.number}"


class Evidence(models.Model):
    """A file or a link that proves an item's result."""

    node = models.ForeignKey(RoadmapNode, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("описание", max_length=300)
    file = models.FileField("файл", upload_to=_evidence_upload_to, max_length=255, blank=True)
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
