"""HTML input of expert selection: calls, criteria, assignments, declarations, reviews, decisions."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from konstruktor.expertise import rules
from konstruktor.expertise.actions import THRESHOLD_FIELDS, ScoreInput
from konstruktor.expertise.models import Call, Criterion, Recommendation, ScoreValue
from konstruktor.practices.models import Practice
from konstruktor.territories.models import Region

READINESS_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(rules.SCALE_MAX + 1)]


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ("title", "description", "region", "opens_on", "closes_on", *THRESHOLD_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, regions: QuerySet[Region], may_federal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = regions
        region.required = not may_federal
        region.empty_label = "Федеральный отбор" if may_federal else None
        if self.instance.pk:
            # The region of a call does not change: its entries were taken by it.
            region.disabled = True
            if self.instance.status != "draft":
                for name in THRESHOLD_FIELDS:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Пороги опубликованы с началом отбора и не меняются."

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            ("Отбор", [self[n] for n in ("title", "description", "region", "opens_on", "closes_on")]),
            ("Пороги категорий", [self[n] for n in THRESHOLD_FIELDS[:6]]),
            ("Эксперты и расхождения", [self[n] for n in THRESHOLD_FIELDS[6:]]),
        ]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ("code", "name", "description", "weight", "anchor_0", "anchor_1", "anchor_2", "anchor_3", "anchor_4")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            **{f"anchor_{i}": forms.Textarea(attrs={"rows": 2}) for i in range(rules.SCALE_MAX + 1)},
        }

    def validate_unique(self) -> None:
        # Codes are checked across the whole set by criteria_save (the rows are replaced together).
        pass


CriterionFormSet = forms.modelformset_factory(Criterion, form=CriterionForm, extra=1, can_delete=True)


class PracticeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} — {obj.region.name}"


class ExpertChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name())


class EntryAddForm(forms.Form):
    practice = PracticeChoice(label="Практика «на экспертизе»", queryset=Practice.objects.none())

    def __init__(self, *args: Any, practices: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practice"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = practices


class AssignForm(forms.Form):
    expert = ExpertChoice(label="Эксперт", queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, experts: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expert"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = experts


class ThirdExpertForm(AssignForm):
    minutes = forms.CharField(
        label="Основание",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Если не заполнить, в протокол попадут найденные расхождения.",
    )


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Конфликт интересов",
        choices=[("no", "Конфликта интересов нет"), ("yes", "Конфликт интересов есть — прошу отвода")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Пояснение",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Если конфликт есть, опишите связь с организацией или её руководителями.",
    )
    confirm = forms.BooleanField(label="Подтверждаю, что сведения верны и я сообщу о конфликте, если он возникнет")


SCORE_LABELS = {value: str(label) for value, label in ScoreValue.choices}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    anchor: str
    checked: bool


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    score: forms.BoundField
    comment: forms.BoundField
    options: list[Option]
    current_label: str


class ReviewForm(forms.Form):
    """A Hypha-style review: 0–4 with the anchor shown, «н/п», «нужно больше информации», a comment."""

    recommendation = forms.ChoiceField(
        label="Рекомендация", choices=[("", "—"), *Recommendation.choices], required=False, widget=forms.RadioSelect
    )
    summary = forms.CharField(label="Общее заключение", required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.code}"] = forms.ChoiceField(
                label=c.name, choices=ScoreValue.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"comment_{c.code}"] = forms.CharField(
                label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        for code, label in rules.READINESS_ITEMS:
            self.fields[f"ready_{code}"] = forms.TypedChoiceField(
                label=label, choices=READINESS_CHOICES, coerce=int, empty_value=None, required=False
            )

    def criterion_rows(self) -> list["CriterionRow"]:
        rows = []
        for c in self.criteria:
            score, comment = self[f"score_{c.code}"], self[f"comment_{c.code}"]
            current = str(score.value() or "")
            anchors = dict(c.anchors)
            options = [
                Option(value, str(label), anchors.get(int(value), "") if value.isdigit() else "", value == current)
                for value, label in ScoreValue.choices
            ]
            rows.append(CriterionRow(c, score, comment, options, SCORE_LABELS.get(current, "")))
        return rows

    def readiness_fields(self) -> list[forms.BoundField]:
        return [self[f"ready_{code}"] for code, _ in rules.READINESS_ITEMS]

    def scores(self) -> dict[str, ScoreInput]:
        d = self.cleaned_data
        return {c.code: ScoreInput(d[f"score_{c.code}"], d[f"comment_{c.code}"]) for c in self.criteria}

    def readiness(self) -> dict[str, int | None]:
        return {code: self.cleaned_data[f"ready_{code}"] for code, _ in rules.READINESS_ITEMS}


CONSENSUS_CHOICES = [("", "—")] + [c for c in ScoreValue.choices if c[0] != rules.MORE_INFO]


class ConsensusForm(forms.Form):
    minutes = forms.CharField(
        label="Протокол обсуждения",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Кто участвовал, какие доводы прозвучали, на чём сошлись.",
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"agreed_{c.code}"] = forms.ChoiceField(label=c.name, choices=CONSENSUS_CHOICES, required=False)

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"agreed_{c.code}"] for c in self.criteria]

    def scores(self) -> dict[str, str]:
        return {c.code: self.cleaned_data[f"agreed_{c.code}"] for c in self.criteria}


def consensus_initial(aggregate: rules.Aggregate) -> dict[str, str]:
    """Pre-fill the agreed scores with the current aggregate, rounded half up."""
    initial = {}
    for c in aggregate.criteria:
        if c.state == "na":
            initial[f"agreed_{c.code}"] = rules.NA
        elif c.score is not None:
            initial[f"agreed_{c.code}"] = str(int(Decimal(str(c.score)).quantize(Decimal(1), rounding="ROUND_HALF_UP")))
    return initial


class DecideForm(forms.Form):
    strengths = forms.CharField(label="Сильные стороны", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    weaknesses = forms.CharField(
        label="Слабые стороны и что доработать", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = forms.CharField(label="Комментарий к решению", required=False, max_length=500)
