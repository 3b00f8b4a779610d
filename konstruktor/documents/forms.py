"""HTML input shapes of the documents pages (the questionnaire itself is rendered from its spec)."""

import json
from typing import Any

from django import forms

from konstruktor.documents.models import DocumentTemplate, PackageDefinition, ParameterValue, Question, Step
from konstruktor.documents.parameters import PARAMETERS
from konstruktor.documents.validation import legal_rules
from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DraftStartForm(forms.Form):
    organization: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Для какой организации или инициативной группы",
        queryset=Organization.objects.none(),
        help_text="Черновик и сформированные пакеты видны тем же людям, что и карточка организации.",
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class JSONField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, expect: type = dict, **kwargs: Any) -> None:
        self.expect = expect
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False) if value else ""
        return value

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return self.expect()
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"Ошибка в JSON: {exc.msg} (строка {exc.lineno}).") from exc
        if not isinstance(parsed, self.expect):
            raise forms.ValidationError('Ожидается объект JSON вида {"ключ": "значение"}.')
        return parsed


class PackageForm(forms.ModelForm):
    rules = forms.MultipleChoiceField(
        label="Правила проверки",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Проверки полей (обязательность, даты, ИНН/ОГРН/СНИЛС, паспорт, индекс, адрес) действуют всегда.",
    )
    constants = JSONField(
        label="Постоянные значения",
        help_text='Ответы, которые задаёт сам пакет, например {"legal_form": "ano"}.',
    )

    class Meta:
        model = PackageDefinition
        fields = ["title", "description", "kind", "legal_basis", "order", "is_active", "rules", "constants"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "legal_basis": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = [  # type: ignore[attr-defined]
            (r.id, f"{r.id} — {r.title}") for r in legal_rules() if r.check is not None
        ]


class PackageCreateForm(forms.ModelForm):
    class Meta:
        model = PackageDefinition
        fields = ["slug", "title", "kind", "description", "legal_basis"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StepForm(forms.Form):
    title = forms.CharField(label="Название шага", max_length=255)
    help_text = forms.CharField(label="Пояснение", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    condition = forms.CharField(
        label="Условие показа",
        required=False,
        max_length=500,
        help_text='Например: route == "paper". Пусто — шаг показывается всегда.',
    )


class QuestionForm(forms.Form):
    key = forms.CharField(label="Переменная", max_length=64, help_text="Латиницей, например full_name.")
    kind = forms.ChoiceField(label="Тип", choices=Question.Kind.choices)
    label = forms.CharField(label="Вопрос", max_length=500)
    help_text = forms.CharField(label="Подсказка", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="Правовое основание", required=False, max_length=500)
    required = forms.BooleanField(label="Обязательный", required=False, initial=True)
    choices = forms.CharField(
        label="Варианты",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По одному в строке: «код | подпись», например «paper | На бумаге».",
    )
    condition = forms.CharField(
        label="Условие показа", required=False, max_length=500, help_text="Например: count(founders) > 1"
    )
    min_items = forms.IntegerField(label="Не менее элементов (для группы)", required=False, min_value=0)
    max_items = forms.IntegerField(label="Не более элементов (для группы)", required=False, min_value=1)
    options = JSONField(
        label="Дополнительно",
        help_text='Например {"default": "individual"} или {"min": 1, "max": 10}.',
    )
    step: forms.ModelChoiceField = forms.ModelChoiceField(label="Шаг", queryset=Step.objects.none(), required=False)

    def __init__(self, *args: Any, steps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if steps is None:
            del self.fields["step"]
        else:
            self.fields["step"].queryset = steps  # type: ignore[attr-defined]
            self.fields["step"].required = True


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["title", "filename", "condition", "order", "copies", "note", "is_active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Файл шаблона (DOCX)", help_text="Поля — {{ переменная }}, условия — {%p if … %}.")
    region: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Региональный вариант для",
        queryset=Region.objects.none(),
        required=False,
        empty_label="— федеральная версия —",
        help_text="Региональный вариант заменяет федеральный только для организаций этого региона.",
    )
    comment = forms.CharField(label="Что изменено", required=False, max_length=500)

    def __init__(self, *args: Any, regions: Any, allow_federal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if not allow_federal:
            self.fields["region"].required = True
            self.fields["region"].empty_label = None  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError("Нужен файл в формате DOCX (Документ Word).")
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("Файл больше 10 МБ.")
        return upload


class ParameterValueForm(forms.Form):
    key = forms.ChoiceField(label="Параметр", choices=[(k, d.title) for k, d in PARAMETERS.items()])
    value = forms.CharField(label="Значение", max_length=500)
    valid_from = forms.DateField(label="Действует с", widget=DateInput())
    source = forms.CharField(label="Источник (документ, статья)", max_length=500, required=False)
    note = forms.CharField(label="Примечание", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confidence = forms.ChoiceField(
        label="Достоверность", choices=ParameterValue.Confidence.choices, initial=ParameterValue.Confidence.HIGH
    )


class TimelineForm(forms.Form):
    filing_date = forms.DateField(label="Дата подачи документов", widget=DateInput())
    law = forms.ChoiceField(
        label="Организационно-правовая форма",
        choices=[("7-ФЗ", "АНО, фонд, ассоциация (7-ФЗ)"), ("82-ФЗ", "Общественная организация или движение (82-ФЗ)")],
    )
    decision_date = forms.DateField(label="Дата решения о создании (необязательно)", required=False, widget=DateInput())
