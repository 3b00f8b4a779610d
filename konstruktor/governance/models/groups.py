"""Project groups, their members, documents, meetings with agenda, attendance and decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from konstruktor.governance.models.files import document_upload_to
from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region


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
    file = models.FileField("файл", upload_to=document_upload_to, max_length=255, blank=True)
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
        "governance.RoadmapNode", null=True, blank=True, on_delete=models.SET_NULL, related_name="source_decision"
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
