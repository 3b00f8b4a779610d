from typing import Any

from django import forms

from konstruktor.core.identifiers import digits_only, inn_error, kpp_error, ogrn_error
from konstruktor.organizations.models import (
    ActivityArea,
    LegalForm,
    Organization,
    OrganizationStatus,
    SupportForm,
    SupportRecord,
    SupportService,
    TargetGroup,
)
from konstruktor.organizations.queries import activity_areas_for_region
from konstruktor.territories.models import Region
from konstruktor.territories.queries import municipalities_for_regions, region_group, settlements_for_regions


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label="Поиск",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "название, ИНН или ОГРН"}),
    )
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none(), required=False, empty_label="все")
    legal_form = forms.ModelChoiceField(
        label="Форма", queryset=LegalForm.objects.all(), required=False, empty_label="все"
    )
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "любой"), *OrganizationStatus.Kind.choices]
    )
    area = forms.ModelChoiceField(
        label="Направление", queryset=ActivityArea.objects.all(), required=False, empty_label="все"
    )
    target_group = forms.ModelChoiceField(
        label="Целевая группа", queryset=TargetGroup.objects.all(), required=False, empty_label="все"
    )
    kind = forms.ChoiceField(label="Тип", required=False, choices=[("", "все"), *Organization.Kind.choices])
    state = forms.ChoiceField(label="Состояние", required=False, choices=[("", "любое"), *Organization.State.choices])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "kind", "full_name", "short_name", "legal_form", "inn", "ogrn", "kpp", "minjust_number",
            "registration_date", "state", "region", "municipality", "address", "municipality_ref", "settlement",
            "phone", "email", "website", "contact_person", "main_activity", "areas", "target_groups",
        ]  # fmt: skip
        widgets = {
            "registration_date": DateInput(),
            "areas": forms.CheckboxSelectMultiple(),
            "target_groups": forms.CheckboxSelectMultiple(),
            "full_name": forms.TextInput(attrs={"size": 80}),
            "address": forms.TextInput(attrs={"size": 80}),
        }
        help_texts = {
            "inn": "10 цифр для организации; проверяется контрольное число.",
            "ogrn": "13 цифр; проверяется контрольное число.",
            "kpp": "9 знаков, например 590201001.",
            "municipality_ref": "Из справочника территорий субъекта; по нему считаются «белые пятна». "
            "Если не выбрано, платформа попробует найти его по адресу.",
            "settlement": "Город или другой населённый пункт из справочника.",
            "target_groups": "Для кого организация работает; по ним фильтруются «белые пятна» и подбираются "
            "наставники.",
        }

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        region_id = self.instance.region_id if self.instance.pk else None
        self.fields["areas"].queryset = activity_areas_for_region(region_id)  # type: ignore[attr-defined]
        self._territory_fields(regions)

    def _territory_fields(self, regions: Any) -> None:
        """Municipalities and settlements of the organization's subject (and its code group)."""
        if self.instance.pk:
            region_ids = [self.instance.region_id]
        elif self.is_bound and str(self.data.get("region", "")).isdigit():
            region_ids = [int(self.data["region"])]
        else:
            region_ids = list(regions.values_list("pk", flat=True)[:4])
            region_ids = region_ids if len(region_ids) <= 3 else []
        municipality = self.fields["municipality_ref"]
        settlement = self.fields["settlement"]
        municipality.queryset = municipalities_for_regions(region_ids)  # type: ignore[attr-defined]
        settlement.queryset = settlements_for_regions(region_ids)  # type: ignore[attr-defined]
        municipality.label_from_instance = lambda m: f"{m.name} — {m.get_kind_display()}"  # type: ignore[attr-defined]
        settlement.label_from_instance = lambda s: f"{s.kind} {s.name}"  # type: ignore[attr-defined]
        if not region_ids:
            municipality.help_text = settlement.help_text = (
                "Список появится, когда у организации будет выбран субъект РФ (после сохранения)."
            )

    def _identifier(self, name: str, check: Any) -> str:
        value = (
            digits_only(self.cleaned_data.get(name, ""))
            if name != "kpp"
            else self.cleaned_data.get(name, "").strip().upper()
        )
        if value and (message := check(value)):
            raise forms.ValidationError(message)
        return value

    def clean_inn(self) -> str:
        return self._identifier("inn", inn_error)

    def clean_ogrn(self) -> str:
        return self._identifier("ogrn", ogrn_error)

    def clean_kpp(self) -> str:
        return self._identifier("kpp", kpp_error)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind in (Organization.Kind.NGO, Organization.Kind.RESOURCE_CENTRE) and not (
            data.get("inn") or data.get("ogrn")
        ):
            raise forms.ValidationError("Укажите ИНН или ОГРН: по ним организация ищется и не дублируется в реестре.")
        if data.get("kpp") and len(data.get("inn") or "") == 12:
            self.add_error("kpp", "КПП есть только у организаций (ИНН из 10 цифр).")
        self._clean_territory(data)
        return data

    def _clean_territory(self, data: dict[str, Any]) -> None:
        # A client that does not send the links (the API before they existed) keeps them.
        for name in ("municipality_ref", "settlement"):
            if name not in self.data and self.instance.pk:
                data[name] = getattr(self.instance, name)
        region = data.get("region")
        group = set(region_group(region).values_list("pk", flat=True)) if region is not None else set()
        for name in ("municipality_ref", "settlement"):
            linked = data.get(name)
            if linked is not None and linked.region_id not in group:
                if name in self.data:
                    self.add_error(name, "Выберите территорию субъекта, указанного в карточке.")
                data[name] = None
        municipality, settlement = data.get("municipality_ref"), data.get("settlement")
        if settlement is not None and settlement.municipality_id:
            if municipality is None:
                data["municipality_ref"] = settlement.municipality
            elif municipality.pk not in (settlement.municipality_id, settlement.municipality.parent_id):
                self.add_error("settlement", "Населённый пункт не входит в выбранное муниципальное образование.")


class OrganizationStatusForm(forms.ModelForm):
    class Meta:
        model = OrganizationStatus
        fields = ["kind", "since", "until", "note"]
        widgets = {"since": DateInput(), "until": DateInput()}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "Дата окончания раньше даты начала.")
        return data


class SupportRecordForm(forms.ModelForm):
    form = forms.ChoiceField(label="Форма поддержки", choices=SupportForm.choices)
    service = forms.ChoiceField(label="Услуга РЦ", choices=SupportService.choices)

    class Meta:
        model = SupportRecord
        fields = ["provider", "date", "form", "service", "description", "amount", "term_until"]
        widgets = {"date": DateInput(), "term_until": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        if providers.count() == 1:
            self.fields["provider"].initial = providers.first()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("term_until") and data.get("date") and data["term_until"] < data["date"]:
            self.add_error("term_until", "Срок оказания поддержки не может быть раньше её даты.")
        return data
