from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from konstruktor.incubator.models import InitiativeGroup, MemberRole, Partnership, Stage
from konstruktor.organizations.models import ActivityArea, LegalForm, Organization, TargetGroup
from konstruktor.territories.models import Municipality, Region, Settlement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("0", "Нет"), ("1", "Да")]


class GroupForm(forms.Form):
    name = forms.CharField(label="Название группы", max_length=300)
    region = forms.ModelChoiceField(label="Субъект РФ", queryset=Region.objects.none())
    municipality = forms.ModelChoiceField(
        label="Муниципальное образование", queryset=Municipality.objects.none(), required=False
    )
    settlement = forms.ModelChoiceField(label="Населённый пункт", queryset=Settlement.objects.none(), required=False)
    social_problem = forms.CharField(label="Социальная проблема", widget=forms.Textarea(attrs={"rows": 3}))
    target_groups = forms.ModelMultipleChoiceField(
        label="Целевые группы",
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label="Направления деятельности (7-ФЗ ст. 31.1)",
        queryset=ActivityArea.objects.filter(region__isnull=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    planned_services = forms.CharField(
        label="Услуги, которые группа хочет оказывать",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="По одной на строку.",
    )
    next_step = forms.CharField(label="Следующий шаг", max_length=500, required=False)
    next_step_due = forms.DateField(label="Срок следующего шага", required=False, widget=DATE)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = regions
        municipality: Any = self.fields["municipality"]
        municipality.queryset = Municipality.objects.filter(region__in=regions).order_by("name")
        settlement: Any = self.fields["settlement"]
        settlement.queryset = Settlement.objects.filter(region__in=regions).order_by("name")
        if regions.count() == 1:
            self.fields["region"].initial = regions.first()


class GroupEditForm(forms.Form):
    """The group's core fields; the territory is chosen within the group's region."""

    name = forms.CharField(label="Название группы", max_length=300)
    social_problem = forms.CharField(label="Социальная проблема", widget=forms.Textarea(attrs={"rows": 3}))
    target_groups = forms.ModelMultipleChoiceField(
        label="Целевые группы",
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_services = forms.CharField(
        label="Услуги, которые группа хочет оказывать",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="По одной на строку.",
    )
    municipality = forms.ModelChoiceField(
        label="Муниципальное образование",
        queryset=Municipality.objects.none(),
        required=False,
        help_text="При смене муниципалитета отметка «при создании НКО не было» пересчитывается на сегодня.",
    )
    settlement = forms.ModelChoiceField(label="Населённый пункт", queryset=Settlement.objects.none(), required=False)
    responsible_centre = forms.ModelChoiceField(
        label="Ответственный РЦ", queryset=Organization.objects.none(), required=False
    )
    next_step = forms.CharField(label="Следующий шаг", max_length=500, required=False)
    next_step_due = forms.DateField(label="Срок следующего шага", required=False, widget=DATE)
    next_step_owner = forms.ModelChoiceField(
        label="Ответственный за шаг", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, group: InitiativeGroup, owners: QuerySet[Any], **kwargs: Any) -> None:
        org = group.organization
        kwargs.setdefault(
            "initial",
            {
                "name": group.name, "social_problem": group.social_problem,
                "target_groups": list(group.target_groups.all()), "planned_services": group.planned_services,
                "municipality": org.municipality_ref, "settlement": org.settlement,
                "responsible_centre": group.responsible_centre, "next_step": group.next_step,
                "next_step_due": group.next_step_due, "next_step_owner": group.next_step_owner,
            },
        )  # fmt: skip
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["municipality"].queryset = Municipality.objects.filter(region_id=org.region_id).order_by("name")
        fields["settlement"].queryset = Settlement.objects.filter(region_id=org.region_id).order_by("name")
        fields["responsible_centre"].queryset = Organization.objects.filter(
            kind=Organization.Kind.RESOURCE_CENTRE, region_id=org.region_id
        ).order_by("short_name")
        fields["next_step_owner"].queryset = owners

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("next_step_due") and not data.get("next_step"):
            self.add_error("next_step", "Укажите шаг, у которого есть срок.")
        return data


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="Перевести на этап", choices=Stage.choices)
    note = forms.CharField(label="Комментарий", max_length=255, required=False)


class NextStepForm(forms.Form):
    next_step = forms.CharField(label="Следующий шаг", max_length=500, required=False)
    next_step_due = forms.DateField(label="Срок", required=False, widget=DATE)
    next_step_owner = forms.ModelChoiceField(
        label="Ответственный", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args: Any, owners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["next_step_owner"]
        field.queryset = owners


class MemberForm(forms.Form):
    full_name = forms.CharField(label="ФИО", max_length=255)
    role = forms.ChoiceField(label="Роль", choices=MemberRole.choices)
    institution = forms.CharField(
        label="Учреждение (для высвобождаемых социальных работников)", max_length=500, required=False
    )
    contacts = forms.CharField(label="Контакты", max_length=255, required=False)
    consent_text = forms.CharField(
        label="Согласие на обработку персональных данных",
        max_length=500,
        required=False,
        help_text="Например: «Согласие получено письменно 12.03.2026, хранится в РЦ».",
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="Заметка", widget=forms.Textarea(attrs={"rows": 2}))


class RegisterForm(forms.Form):
    full_name = forms.CharField(label="Полное наименование НКО", max_length=1000)
    short_name = forms.CharField(label="Сокращённое наименование", max_length=500, required=False)
    legal_form = forms.ModelChoiceField(label="Организационно-правовая форма", queryset=LegalForm.objects.all())
    ogrn = forms.CharField(label="ОГРН", max_length=13)
    inn = forms.CharField(label="ИНН", max_length=12)
    kpp = forms.CharField(label="КПП", max_length=9, required=False)
    registration_date = forms.DateField(label="Дата регистрации", widget=DATE)


class ChooserForm(forms.Form):
    founders = forms.IntegerField(label="Сколько учредителей?", min_value=1, max_value=1000, initial=1)
    wants_members = forms.ChoiceField(
        label="Хотите принимать членов (членские взносы, общее собрание членов)?",
        choices=YES_NO,
        initial="0",
        widget=forms.RadioSelect,
    )
    legal_entity_founders = forms.ChoiceField(
        label="Есть ли среди учредителей юридические лица?", choices=YES_NO, initial="0", widget=forms.RadioSelect
    )
    legal_entity_founders_public = forms.ChoiceField(
        label="Если да — все они общественные объединения?", choices=YES_NO, initial="0", widget=forms.RadioSelect
    )
    property_stays_with_founder = forms.ChoiceField(
        label="Учредитель хочет оставить имущество за собой?", choices=YES_NO, initial="0", widget=forms.RadioSelect
    )
    fundraising = forms.ChoiceField(
        label="Главное — собирать пожертвования и выдавать гранты?",
        choices=YES_NO,
        initial="0",
        widget=forms.RadioSelect,
    )
    social_services = forms.ChoiceField(
        label="Планируете оказывать социальные услуги?", choices=YES_NO, initial="1", widget=forms.RadioSelect
    )
    wants_provider_442 = forms.ChoiceField(
        label="Хотите войти в реестр поставщиков социальных услуг (442-ФЗ)?",
        choices=YES_NO,
        initial="0",
        widget=forms.RadioSelect,
    )
    wants_iopu = forms.ChoiceField(
        label="Хотите в будущем получить статус ИОПУ?", choices=YES_NO, initial="0", widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An unanswered yes/no question means «no»: the wizard works with partial answers.
        for name, field in self.fields.items():
            field.required = name == "founders"

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: (v == "1" if isinstance(v, str) else v) for k, v in data.items()}


class PartnershipForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label="Наставник (НКО из реестра)",
        queryset=Organization.objects.filter(kind=Organization.Kind.NGO, state=Organization.State.ACTIVE),
        widget=forms.HiddenInput,
    )
    aim = forms.CharField(label="Цель наставничества", max_length=500)
    plan = forms.CharField(label="План встреч", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    started = forms.DateField(label="Начало", widget=DATE)


class MeetingForm(forms.Form):
    date = forms.DateField(label="Дата встречи", widget=DATE)
    topic = forms.CharField(label="Тема", max_length=500)
    notes = forms.CharField(label="Заметки", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.CharField(label="Итог", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CloseForm(forms.Form):
    results = forms.CharField(label="Результаты", widget=forms.Textarea(attrs={"rows": 3}))
    ended = forms.DateField(label="Окончание", widget=DATE)
    status = forms.ChoiceField(
        label="Итог",
        choices=[(Partnership.Status.COMPLETED, "Завершено"), (Partnership.Status.CANCELLED, "Прекращено")],
    )


class GroupFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False)
    stage = forms.ChoiceField(label="Этап", choices=[("", "Все этапы"), *Stage.choices], required=False)
    municipality = forms.ModelChoiceField(
        label="Муниципальное образование", queryset=Municipality.objects.none(), required=False
    )
    responsible = forms.ModelChoiceField(
        label="Ответственный", queryset=get_user_model().objects.none(), required=False
    )
    overdue = forms.BooleanField(label="Только просроченные шаги", required=False)

    def __init__(self, *args: Any, municipalities: QuerySet[Any], owners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality: Any = self.fields["municipality"]
        municipality.queryset = municipalities
        responsible: Any = self.fields["responsible"]
        responsible.queryset = owners
