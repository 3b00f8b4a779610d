"""HTML input of the practice passport: the main form, inline formsets, filters, screening, import."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, inlineformset_factory

from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.practices.actions import MATERIAL_EXTENSIONS, PassportData, material_file_check
from konstruktor.practices.errors import PracticeError
from konstruktor.practices.models import (
    Component,
    DecisionCategory,
    Effect,
    Evaluation,
    EvidenceLevel,
    LaunchStep,
    Material,
    Outcome,
    Practice,
    Status,
)
from konstruktor.practices.screening import GATES
from konstruktor.territories.models import Municipality, Region

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, help_text="Название или организация")
    status = forms.ChoiceField(label="Статус", required=False, choices=[("", "Все"), *Status.choices])
    region = forms.ModelChoiceField(label="Регион", required=False, queryset=Region.objects.order_by("name"))
    area = forms.ModelChoiceField(label="Направление", required=False, queryset=ActivityArea.objects.all())
    target_group = forms.ModelChoiceField(label="Целевая группа", required=False, queryset=TargetGroup.objects.all())
    level = forms.TypedChoiceField(
        label="Уровень доказанности",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Любой"), *EvidenceLevel.choices],
    )
    decision = forms.ChoiceField(label="Решение", required=False, choices=[("", "Любое"), *DecisionCategory.choices])


class PassportForm(forms.ModelForm):
    """The main section of the passport. NGO members pick one of their organizations (the region
    follows it); РЦ staff pick a region they work in and name the organization by ИНН or name."""

    organization_inn = forms.CharField(
        label="ИНН ведущей организации",
        required=False,
        max_length=12,
        help_text="Если организация есть в реестре, практика будет связана с ней.",
    )

    class Meta:
        model = Practice
        fields = [
            "title", "summary", "organization", "organization_name", "contact_name", "contact_email",
            "contact_phone", "contact_public", "region", "regions", "municipalities", "social_problem", "target_groups",
            "target_group_criteria", "areas", "logic_model", "resources", "cost_per_beneficiary",
            "beneficiaries_per_year", "started_year", "prior_transfers", "grant_amount",
        ]  # fmt: skip
        widgets = {
            "summary": TEXTAREA,
            "social_problem": TEXTAREA,
            "target_group_criteria": TEXTAREA,
            "logic_model": forms.Textarea(attrs={"rows": 5}),
            "resources": TEXTAREA,
            "prior_transfers": TEXTAREA,
            "target_groups": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization] | None,
        regions: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own_organizations = organizations
        if organizations is not None:
            # An NGO member: the organization is chosen from their own, the region follows it.
            org_field = cast(forms.ModelChoiceField, self.fields["organization"])
            org_field.queryset = organizations
            org_field.required = True
            org_field.empty_label = None
            for name in ("region", "organization_inn", "organization_name"):
                del self.fields[name]
        else:
            del self.fields["organization"]
            cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
            if self.instance.organization is not None:
                self.fields["organization_inn"].initial = self.instance.organization.inn
        cast(forms.ModelMultipleChoiceField, self.fields["regions"]).queryset = Region.objects.order_by("name")
        municipalities = cast(forms.ModelMultipleChoiceField, self.fields["municipalities"])
        municipalities.queryset = Municipality.objects.filter(
            region__in=regions.values("pk") if organizations is None else organizations.values("region")
        ).order_by("name")
        municipalities.required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.own_organizations is not None:
            org = data.get("organization")
            data["region"] = org.region if org else None
            data["organization_name"] = ""
            return data
        inn = (data.get("organization_inn") or "").strip()
        data["organization"] = None
        if inn:
            org = Organization.objects.filter(inn=inn).first()
            if org is None:
                self.add_error("organization_inn", "Организации с таким ИНН нет в реестре: укажите её название.")
            elif data.get("region") and org.region_id != data["region"].pk:
                self.add_error("organization_inn", "Организация с этим ИНН зарегистрирована в другом регионе.")
            data["organization"] = org
        if not inn and not (data.get("organization_name") or "").strip():
            self.add_error("organization_name", "Укажите ведущую организацию: ИНН из реестра или название.")
        return data

    def _post_clean(self) -> None:
        # The passport is validated by the form and saved by practices.actions, not by the model form.
        pass


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["name", "indicator", "unit", "baseline", "target", "is_priority"]


class ComponentForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = ["title", "description", "is_core"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class LaunchStepForm(forms.ModelForm):
    class Meta:
        model = LaunchStep
        fields = ["title", "description", "duration_days", "responsible"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class MaterialForm(forms.ModelForm):
    url = forms.URLField(label="Ссылка", required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Material
        fields = ["kind", "title", "file", "url", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"file": "PDF, DOCX, XLSX, PPTX, ODT или изображение, не больше 20 МБ."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in sorted(MATERIAL_EXTENSIONS))

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            try:
                material_file_check(file)
            except PracticeError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return file


EFFECT_CHOICES = [("", "не измерялся"), *Effect.choices]


class EvaluationForm(forms.ModelForm):
    """An evaluation with what it found for each outcome already saved in the passport."""

    class Meta:
        model = Evaluation
        fields = [
            "title", "design", "quality", "sample", "period_start", "period_end", "results",
            "has_comparison", "region", "independent_replication",
        ]  # fmt: skip
        widgets = {
            "results": forms.Textarea(attrs={"rows": 2}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, outcomes: list[Outcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = Region.objects.order_by("name")
        found = {r.outcome_id: r for r in self.instance.results_by_outcome.all()} if self.instance.pk else {}
        for o in outcomes:
            result = found.get(o.pk)
            self.fields[f"effect_{o.pk}"] = forms.ChoiceField(
                label=f"Эффект: {o.name}",
                required=False,
                choices=EFFECT_CHOICES,
                initial=result.effect if result else "",
            )
            self.fields[f"months_{o.pk}"] = forms.IntegerField(
                label="сохранялся, мес.", required=False, min_value=0, max_value=600,
                initial=result.sustained_months if result else None,
            )  # fmt: skip

    def effect_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"effect_{o.pk}"], self[f"months_{o.pk}"]) for o in self.outcomes]

    def effects(self) -> dict[int, tuple[str, int]]:
        """outcome id → (effect, months) for the outcomes this evaluation measured."""
        return {
            o.pk: (self.cleaned_data[f"effect_{o.pk}"], self.cleaned_data.get(f"months_{o.pk}") or 0)
            for o in self.outcomes
            if self.cleaned_data.get(f"effect_{o.pk}")
        }


def _formset(model: type[Any], form: type[forms.ModelForm], extra: int) -> type[BaseInlineFormSet]:
    return inlineformset_factory(Practice, model, form=form, extra=extra, can_delete=True)


FORMSETS: dict[str, type[BaseInlineFormSet]] = {
    "outcomes": _formset(Outcome, OutcomeForm, 2),
    "components": _formset(Component, ComponentForm, 2),
    "launch_steps": _formset(LaunchStep, LaunchStepForm, 2),
    "materials": _formset(Material, MaterialForm, 1),
    "evaluations": _formset(Evaluation, EvaluationForm, 1),
}


def passport_formsets(practice: Practice, data: Any = None, files: Any = None) -> dict[str, BaseInlineFormSet]:
    outcomes = list(practice.outcomes.all()) if practice.pk else []
    result = {}
    for prefix, cls in FORMSETS.items():
        kwargs: dict[str, Any] = {"form_kwargs": {"outcomes": outcomes}} if prefix == "evaluations" else {}
        result[prefix] = cls(data, files, instance=practice, prefix=prefix, **kwargs)
    return result


def _rows(formset: BaseInlineFormSet, fields: tuple[str, ...]) -> list[tuple[forms.ModelForm, dict[str, Any]]]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        row = {name: data.get(name) for name in fields if name in data}
        row["id"] = form.instance.pk
        if "file" in row and not isinstance(row["file"], UploadedFile):
            del row["file"]
        rows.append((form, row))
    return rows


def passport_data(form: PassportForm, formsets: dict[str, BaseInlineFormSet]) -> PassportData:
    d = form.cleaned_data
    outcome_rows = _rows(formsets["outcomes"], ("name", "indicator", "unit", "baseline", "target", "is_priority"))
    position = {f.instance.pk: i for i, (f, _) in enumerate(outcome_rows) if f.instance.pk}
    evaluations = []
    for eval_form, row in _rows(formsets["evaluations"], tuple(EvaluationForm.Meta.fields)):
        assert isinstance(eval_form, EvaluationForm)
        row["effects"] = {position[oid]: effect for oid, effect in eval_form.effects().items() if oid in position}
        evaluations.append(row)
    return PassportData(
        title=d["title"],
        region=d["region"],
        organization=d.get("organization"),
        organization_name=d.get("organization_name") or "",
        summary=d["summary"],
        contact_name=d["contact_name"],
        contact_email=d["contact_email"],
        contact_phone=d["contact_phone"],
        contact_public=d["contact_public"],
        social_problem=d["social_problem"],
        target_group_criteria=d["target_group_criteria"],
        logic_model=d["logic_model"],
        resources=d["resources"],
        cost_per_beneficiary=d["cost_per_beneficiary"],
        beneficiaries_per_year=d["beneficiaries_per_year"],
        started_year=d["started_year"],
        prior_transfers=d["prior_transfers"],
        grant_amount=d["grant_amount"],
        target_groups=list(d["target_groups"]),
        areas=list(d["areas"]),
        regions=list(d["regions"]),
        municipalities=list(d["municipalities"]),
        outcomes=[row for _, row in outcome_rows],
        components=[row for _, row in _rows(formsets["components"], ("title", "description", "is_core"))],
        launch_steps=[
            row for _, row in _rows(formsets["launch_steps"], ("title", "description", "duration_days", "responsible"))
        ],
        materials=[row for _, row in _rows(formsets["materials"], ("kind", "title", "file", "url", "description"))],
        evaluations=evaluations,
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label="Комментарий", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)


class ScreeningForm(forms.Form):
    """One pass/fail choice and a reason per gate; a failed gate needs its reason."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for gate in GATES:
            self.fields[f"{gate.code}_passed"] = forms.TypedChoiceField(
                label=gate.name,
                help_text=gate.description,
                choices=[("yes", "Пройден"), ("no", "Не пройден")],
                widget=forms.RadioSelect,
                coerce=lambda v: v == "yes",
            )
            self.fields[f"{gate.code}_comment"] = forms.CharField(
                label="Причина или комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def gate_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"{g.code}_passed"], self[f"{g.code}_comment"]) for g in GATES]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for gate in GATES:
            if data.get(f"{gate.code}_passed") is False and not (data.get(f"{gate.code}_comment") or "").strip():
                self.add_error(f"{gate.code}_comment", "Укажите, почему фильтр не пройден: это увидит организация.")
        return data

    def gates(self) -> dict[str, tuple[bool, str]]:
        d = self.cleaned_data
        return {g.code: (bool(d[f"{g.code}_passed"]), d.get(f"{g.code}_comment") or "") for g in GATES}


class ImportForm(forms.Form):
    file = forms.FileField(label="Файл CSV с описаниями проектов", help_text="Кодировка UTF-8, разделитель «,».")
    partial = forms.BooleanField(
        label="Загрузить подходящие строки, даже если часть строк отклонена",
        required=False,
        help_text="Без отметки файл загружается целиком или не загружается совсем.",
    )
