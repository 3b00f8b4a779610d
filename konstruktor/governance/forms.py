"""HTML input shapes of project management; rules live in the actions."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from konstruktor.governance.models import (
    AgendaItem,
    Attendance,
    GroupDocument,
    GroupMember,
    ItemStatus,
    Meeting,
    ProjectGroup,
    Roadmap,
    RoadmapNode,
)
from konstruktor.governance.uploads import ALLOWED_LABEL
from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region

ACCEPT = ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def group_organizations(group: ProjectGroup) -> QuerySet[Organization]:
    """Organizations offered in a group's selects: its members', the region's РЦ and authorities,
    and those already owning items — not the region's whole registry (thousands). Any other
    organization is added by its ИНН."""
    nodes = RoadmapNode.objects.filter(roadmap__group=group)
    return Organization.objects.filter(
        Q(pk__in=group.members.exclude(organization=None).values("organization_id"))
        | Q(region_id=group.region_id, kind__in=[Organization.Kind.RESOURCE_CENTRE, Organization.Kind.AUTHORITY])
        | Q(pk__in=nodes.exclude(owner_organization=None).values("owner_organization_id"))
        | Q(pk__in=nodes.filter(co_owners__isnull=False).values("co_owners"))
    ).order_by("short_name", "full_name")


def organization_by_inn(text: str) -> Organization | None:
    inn = "".join(ch for ch in text if ch.isdigit())
    if not text.strip():
        return None
    found = Organization.objects.filter(inn=inn).first() if inn else None
    if found is None:
        raise forms.ValidationError(
            f"Организации с ИНН «{text.strip()}» нет в реестре: сначала добавьте её в реестр НКО."
        )
    return found


def _inn_field(label: str = "или ИНН организации") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=12, help_text="Если организации нет в списке.")


class OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} (ИНН {obj.inn})" if obj.inn else str(obj)


class OrganizationMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} (ИНН {obj.inn})" if obj.inn else str(obj)


class GroupForm(forms.ModelForm):
    class Meta:
        model = ProjectGroup
        fields = [
            "name", "kind", "region", "level", "municipality", "body_kind", "body_name", "purpose", "basis",
            "responsible_centre",
        ]  # fmt: skip
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, regions: QuerySet[Region], centres: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["responsible_centre"].queryset = centres  # type: ignore[attr-defined]
        if centres.count() == 1:
            self.fields["responsible_centre"].initial = centres.first()
        if regions.count() == 1:
            self.fields["region"].initial = regions.first()


class MemberForm(forms.Form):
    category = forms.ChoiceField(label="Кого представляет", choices=GroupMember.Category.choices)
    role = forms.ChoiceField(label="Роль в группе", choices=GroupMember.Role.choices, initial=GroupMember.Role.MEMBER)
    username = forms.CharField(
        label="Логин на платформе", required=False, max_length=150,
        help_text="Если у участника есть учётная запись: он увидит группу, заседания и свои задачи.",
    )  # fmt: skip
    full_name = forms.CharField(
        label="ФИО", required=False, max_length=255, help_text="Можно не заполнять, если указан логин."
    )
    position = forms.CharField(label="Должность", required=False, max_length=255)
    organization = OrganizationChoice(label="Организация", queryset=Organization.objects.none(), required=False)
    organization_inn = _inn_field()
    email = forms.EmailField(label="E-mail для приглашений", required=False)

    def __init__(self, *args: Any, group: ProjectGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = group_organizations(group)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = organization_by_inn(data.pop("organization_inn", "") or "")
        if found is not None:
            data["organization"] = found
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Вид документа", choices=GroupDocument.Kind.choices)
    title = forms.CharField(label="Название", max_length=300)
    file = forms.FileField(
        label="Файл", required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=f"{ALLOWED_LABEL}, до 20 МБ.",
    )  # fmt: skip
    url = forms.URLField(label="или ссылка", required=False, max_length=500, assume_scheme="https")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "format"]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]  # type: ignore[attr-defined]


class MeetingStatusForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "speaker", "speaker_text", "heard"]
        widgets = {"heard": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = meeting.group.members.all()  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text = forms.CharField(label="Решили", widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(
        label="По вопросу повестки", queryset=AgendaItem.objects.none(), required=False
    )
    owner_organization = OrganizationChoice(
        label="Ответственная организация", queryset=Organization.objects.none(), required=False
    )
    owner_inn = _inn_field("или ИНН ответственной организации")
    owner_person = forms.CharField(label="Ответственное лицо", max_length=255, required=False)
    deadline = forms.DateField(label="Срок", required=False, widget=DateInput())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()  # type: ignore[attr-defined]
        self.fields["owner_organization"].queryset = group_organizations(meeting.group)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = organization_by_inn(data.pop("owner_inn", "") or "")
        if found is not None:
            data["owner_organization"] = found
        return data


class MeasureChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.roadmap.title}: {obj.code}. {obj.title}"


class DecisionToItemForm(forms.Form):
    measure = MeasureChoice(label="Мера дорожной карты", queryset=RoadmapNode.objects.none())

    def __init__(self, *args: Any, measures: QuerySet[RoadmapNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One choice per member: `status_<member id>`."""

    def __init__(self, *args: Any, rows: list[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for a in rows:
            self.fields[f"status_{a.member_id}"] = forms.ChoiceField(
                label=a.member.full_name, choices=Attendance.Status.choices, initial=a.status
            )

    def marks(self) -> dict[int, str]:
        return {int(name.removeprefix("status_")): value for name, value in self.cleaned_data.items()}


class RoadmapForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ["title", "description", "is_public", "at_risk_days"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def _weight_field(label: str, initial: Decimal | None = None, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
        max_value=Decimal(100), initial=initial,
        error_messages={"min_value": "Вес должен быть больше нуля."},
    )  # fmt: skip


class NodeForm(forms.ModelForm):
    """A goal, measure or item; under explicit weights it also edits the siblings' weights."""

    co_owners = OrganizationMultipleChoice(label="Соисполнители", queryset=Organization.objects.none(), required=False)
    owner_inn = _inn_field("или ИНН ответственной организации")
    co_owner_inns = forms.CharField(
        label="ИНН других соисполнителей", required=False, max_length=500, help_text="Через точку с запятой."
    )

    class Meta:
        model = RoadmapNode
        fields = [
            "title", "owner_organization", "owner_person", "co_owners", "deadline", "expected_result",
            "indicator_unit", "indicator_baseline", "indicator_target", "indicator_actual", "status",
        ]  # fmt: skip
        widgets = {"deadline": DateInput(), "expected_result": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"owner_organization": OrganizationChoice}

    def __init__(
        self, *args: Any, roadmap: Roadmap, is_item: bool, siblings: list[RoadmapNode] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.siblings = siblings
        if is_item:
            orgs = group_organizations(roadmap.group)
            self.fields["owner_organization"].queryset = orgs  # type: ignore[attr-defined]
            self.fields["co_owners"].queryset = orgs  # type: ignore[attr-defined]
            self.order_fields(
                ["title", "owner_organization", "owner_inn", "owner_person", "co_owners", "co_owner_inns"]
            )
        else:
            for name in list(self.fields):
                if name != "title":
                    del self.fields[name]
        if siblings is not None:
            self.fields["weight"] = _weight_field("Вес, %", self.instance.weight if self.instance.pk else None)
            for s in siblings:
                self.fields[f"weight_{s.pk}"] = _weight_field(f"Вес «{s.code}. {s.title}», %", s.weight)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "owner_inn" not in self.fields:
            return data
        found = organization_by_inn(data.pop("owner_inn", "") or "")
        if found is not None:
            data["owner_organization"] = found
        extra = [organization_by_inn(inn) for inn in (data.pop("co_owner_inns", "") or "").split(";") if inn.strip()]
        data["co_owners"] = [*(data.get("co_owners") or []), *(o for o in extra if o is not None)]
        return data

    def sibling_weights(self) -> dict[int, Decimal | None]:
        return {s.pk: self.cleaned_data.get(f"weight_{s.pk}") for s in self.siblings or []}

    def item_fields(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("title", "weight", "co_owners") and not k.startswith("weight_")
        }


class WeightsForm(forms.Form):
    equal = forms.BooleanField(label="Равные веса", required=False)

    def __init__(self, *args: Any, children: list[RoadmapNode], equal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        self.fields["equal"].initial = equal
        for c in children:
            self.fields[f"weight_{c.pk}"] = _weight_field(f"{c.code}. {c.title}", c.weight, required=False)

    def weights(self) -> dict[int, Decimal | None]:
        return {c.pk: self.cleaned_data.get(f"weight_{c.pk}") for c in self.children}


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=ItemStatus.choices)
    indicator_actual = forms.DecimalField(
        label="Фактическое значение показателя", required=False, max_digits=16, decimal_places=4
    )
    comment = forms.CharField(
        label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label="Что подтверждает", max_length=300, required=False)
    file = forms.FileField(
        label="Файл", required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=f"{ALLOWED_LABEL}, до 20 МБ.",
    )  # fmt: skip
    url = forms.URLField(label="или ссылка", required=False, max_length=500, assume_scheme="https")


class CommentForm(forms.Form):
    text = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ImportForm(forms.Form):
    file = forms.FileField(label="Файл XLSX", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
