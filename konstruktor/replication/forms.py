"""HTML input of replication: ratings, priorities, requests and the steps of a transfer."""

from typing import Any

from django import forms

from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.practices.models import Component, Effect, EvaluationQuality
from konstruktor.replication.models import Fidelity, FidelityItem, TransferOutcome
from konstruktor.territories.models import Municipality

RATING_CHOICES = [
    (5, "5 — высоко"),
    (4, "4"),
    (3, "3 — средне"),
    (2, "2"),
    (1, "1 — низко"),
]


def _rating(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect, help_text=help_text
    )


class FitAssessmentForm(forms.Form):
    """The recipient team's Hexagon ratings; each member rates on their own."""

    need = _rating(
        "Потребность",
        "Насколько проблема, которую решает практика, остра для вашей территории и ваших благополучателей; "
        "есть ли данные, подтверждающие потребность.",
    )
    fit = _rating(
        "Соответствие",
        "Насколько практика соответствует приоритетам региона, вашим программам, ценностям и структуре.",
    )
    resources = _rating(
        "Ресурсы",
        "Есть ли кадры, помещение, оборудование, финансирование и время на обучение, которых требует практика.",
    )
    capacity = _rating(
        "Потенциал команды",
        "Квалификация и опыт команды, поддержка руководства, возможность сохранить практику после запуска.",
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PrioritiesForm(forms.Form):
    target_groups = forms.ModelMultipleChoiceField(
        label="Приоритетные целевые группы",
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label="Приоритетные направления (ст. 31.1 7-ФЗ)",
        queryset=ActivityArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basis = forms.CharField(
        label="Основание",
        required=False,
        max_length=500,
        help_text="Госпрограмма, стратегия социально-экономического развития или решение, где закреплены приоритеты.",
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    requester = forms.ModelChoiceField(label="От имени", queryset=Organization.objects.none())
    recipient = forms.ModelChoiceField(
        label="Организация-получатель",
        queryset=Organization.objects.none(),
        required=False,
        help_text="НКО подаёт заявку для себя; РЦ может указать организацию своего региона или только территорию.",
    )
    municipality = forms.ModelChoiceField(label="Муниципалитет", queryset=Municipality.objects.none(), required=False)
    motivation = forms.CharField(
        label="Зачем нужна практика",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Какая проблема есть в территории, кто благополучатели, кто будет запускать практику.",
    )

    def __init__(self, *args: Any, requesters: Any, recipients: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters  # type: ignore[attr-defined]
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label="Организация-получатель", queryset=Organization.objects.none(), required=False
    )
    start = forms.DateField(
        label="Начало трансфера",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Сроки шагов плана считаются от этой даты в рабочих днях.",
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    comment = forms.CharField(label="Причина отказа", widget=forms.Textarea(attrs={"rows": 2}))


class StageForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, max_length=1000)


class FidelityCheckForm(forms.Form):
    """One radio group per core component of the transfer."""

    comment = forms.CharField(label="Общий комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: list[FidelityItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.title, choices=Fidelity.choices, widget=forms.RadioSelect, help_text=item.description
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=f"Комментарий: {item.title}", required=False, max_length=500
            )

    def marks(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {i.pk: (d[f"item_{i.pk}"], d.get(f"note_{i.pk}", "")) for i in self.items}

    def item_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"item_{i.pk}"], self[f"note_{i.pk}"]) for i in self.items]


class AdaptationForm(forms.Form):
    component = forms.ModelChoiceField(
        label="Компонент",
        queryset=Component.objects.none(),
        required=False,
        empty_label="— не относится к компоненту —",
    )
    what_changed = forms.CharField(label="Что изменено", widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="Почему", widget=forms.Textarea(attrs={"rows": 2}))
    justification = forms.CharField(
        label="Обоснование (для ключевого компонента)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ключевые компоненты определяют результат практики: их изменение нужно обосновать.",
    )

    def __init__(self, *args: Any, components: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["component"]
        field.queryset = components  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.title} ({'ключевой' if c.is_core else 'адаптируемый'})"  # type: ignore[attr-defined]


EFFECT_CHOICES = [("", "—"), *Effect.choices]


class OutcomesForm(forms.Form):
    def __init__(self, *args: Any, outcomes: list[TransferOutcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for o in outcomes:
            self.fields[f"actual_{o.pk}"] = forms.CharField(
                label=f"Достигнуто: {o.name}", required=False, max_length=100, initial=o.actual
            )
            self.fields[f"comparison_{o.pk}"] = forms.CharField(
                label=f"В группе сравнения: {o.name}", required=False, max_length=100, initial=o.comparison
            )
            self.fields[f"effect_{o.pk}"] = forms.ChoiceField(
                label=f"Эффект: {o.name}", required=False, choices=EFFECT_CHOICES, initial=o.effect
            )
            self.fields[f"months_{o.pk}"] = forms.IntegerField(
                label=f"Эффект сохранялся, мес.: {o.name}", min_value=0, max_value=240, initial=o.sustained_months
            )

    def values(self) -> dict[int, dict[str, Any]]:
        d = self.cleaned_data
        return {
            o.pk: {
                "actual": d[f"actual_{o.pk}"],
                "comparison": d[f"comparison_{o.pk}"],
                "effect": d[f"effect_{o.pk}"],
                "sustained_months": d[f"months_{o.pk}"],
            }
            for o in self.outcomes
        }

    def rows(self) -> list[tuple[TransferOutcome, Any, Any, Any, Any]]:
        return [
            (o, self[f"actual_{o.pk}"], self[f"comparison_{o.pk}"], self[f"effect_{o.pk}"], self[f"months_{o.pk}"])
            for o in self.outcomes
        ]


class CompleteForm(forms.Form):
    summary = forms.CharField(label="Итог трансфера", widget=forms.Textarea(attrs={"rows": 4}))
    has_comparison = forms.BooleanField(
        label="Есть данные группы сравнения",
        required=False,
        help_text="Тогда итог войдёт в доказанность практики как независимое тиражирование в регионе получателя "
        "(по эффектам, отмеченным в показателях).",
    )
    quality = forms.ChoiceField(
        label="Качество сравнения",
        choices=EvaluationQuality.choices,
        initial=EvaluationQuality.LOW,
        help_text="Среднее или высокое — группы сопоставимы на старте, выбывание небольшое, инструменты валидны.",
    )
    sample = forms.CharField(label="Выборка", required=False, max_length=300)


class StopForm(forms.Form):
    summary = forms.CharField(label="Почему трансфер прекращён", widget=forms.Textarea(attrs={"rows": 3}))
