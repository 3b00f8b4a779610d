from typing import Any

from django import forms
from django.apps import apps
from django.db.models import Q

from konstruktor.territories.models import Region, WhiteSpotSettings
from konstruktor.territories.whitespots import LEVELS

SORTS = {
    "rank": "месту",
    "name": "названию",
    "population": "численности населения",
    "ngo_count": "числу НКО",
    "sonko_count": "числу СОНКО",
    "ngo_per_10k": "НКО на 10 000 жителей",
    "sonko_per_10k": "СОНКО на 10 000 жителей",
}


def area_choices(region: Region | None) -> list[tuple[int, str, str]]:
    """(id, code, short name) of the areas of activity: federal ones and the subject's own."""
    # territories does not import organizations (it depends on us): the model comes from the registry.
    area_model = apps.get_model("organizations", "ActivityArea")
    condition = Q(region__isnull=True) | Q(region=region) if region is not None else Q(region__isnull=True)
    return list(area_model.objects.filter(condition).values_list("pk", "code", "short_name"))


def target_group_choices() -> list[tuple[int, str, str]]:
    """(id, code, name) of the target groups (organizations.TargetGroup, through the app registry)."""
    group_model = apps.get_model("organizations", "TargetGroup")
    return list(group_model.objects.values_list("pk", "code", "name"))


class WhiteSpotFilterForm(forms.Form):
    area = forms.TypedChoiceField(label="Направление деятельности", required=False, coerce=int, empty_value=None)
    target_group = forms.TypedChoiceField(label="Целевая группа", required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label="Уровень", required=False, choices=list(LEVELS.items()))
    sort = forms.ChoiceField(label="Сортировать по", required=False, choices=list(SORTS.items()))
    dir = forms.ChoiceField(
        label="Порядок", required=False, choices=[("asc", "по возрастанию"), ("desc", "по убыванию")]
    )

    def __init__(
        self,
        *args: Any,
        areas: list[tuple[int, str, str]],
        target_groups: list[tuple[int, str, str]] | None = None,
        with_level: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "все направления"), *((pk, name) for pk, _, name in areas)]  # type: ignore[attr-defined]
        self.fields["target_group"].choices = [  # type: ignore[attr-defined]
            ("", "все целевые группы"),
            *((pk, name) for pk, _, name in target_groups or []),
        ]
        if not with_level:
            del self.fields["level"]


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = WhiteSpotSettings
        fields = ["low_density_per_10k", "min_population"]
