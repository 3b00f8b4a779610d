from typing import Any

from django import forms

from konstruktor.knowledge.models import MAX_ATTACHMENT_BYTES, Article, Audience, Section, Status


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Вопрос",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "например: сколько нужно учредителей для АНО"}),
    )
    section = forms.ModelChoiceField(
        label="Раздел", queryset=Section.objects.all(), required=False, empty_label="все разделы", to_field_name="slug"
    )
    audience = forms.ChoiceField(label="Доступ", required=False, choices=[("", "все статьи"), *Audience.choices])

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["audience"]


class ArticleForm(forms.ModelForm):
    tags_text = forms.CharField(
        label="Метки", required=False, max_length=1000, help_text="Через запятую: регистрация, устав, Минюст."
    )
    comment = forms.CharField(
        label="Что изменено", required=False, max_length=300, help_text="Коротко: попадёт в историю версий."
    )

    class Meta:
        model = Article
        fields = [
            "section", "slug", "title", "body", "legal_basis", "valid_from", "tags_text", "related", "audience",
            "status", "order", "comment",
        ]  # fmt: skip
        widgets = {
            "valid_from": DateInput(),
            "title": forms.TextInput(attrs={"size": 80}),
            "body": forms.Textarea(attrs={"rows": 20, "cols": 80}),
            "legal_basis": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "related": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "title": "Формулируйте как вопрос консультанта или НКО.",
            "body": "Markdown: **жирный**, списки через «- », заголовки «### ».",
            "legal_basis": "Закон и статья, например: 7-ФЗ ст. 13.1.",
            "slug": "Латиница, цифры и дефисы; часть адреса статьи.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        related = Article.objects.select_related("section").order_by("section__order", "order", "title")
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["slug"].disabled = True
        self.fields["related"].queryset = related  # type: ignore[attr-defined]
        self.fields["status"].initial = Status.DRAFT

    def tag_names(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags_text", "").split(",") if t.strip()]


class AttachmentForm(forms.Form):
    title = forms.CharField(label="Название", required=False, max_length=200)
    file = forms.FileField(label="Файл", help_text="PDF, DOCX, XLSX, ODT, PNG или JPG, не больше 20 МБ.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError("Файл больше 20 МБ.")
        return upload


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label="Статья помогла?",
        choices=[("1", "Помогла"), ("0", "Не помогла")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Комментарий", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SynonymForm(forms.Form):
    line = forms.CharField(
        label="Синонимы",
        max_length=500,
        help_text="Равнозначные слова и выражения через запятую: соцуслуги, социальные услуги.",
        widget=forms.TextInput(attrs={"size": 80}),
    )
