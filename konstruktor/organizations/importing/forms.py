"""Forms of the import pages: the upload and the column mapping with the mode."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings

from konstruktor.organizations.importing.jobs import ALLOWED_SUFFIXES, target_choices
from konstruktor.organizations.importing.layouts import Mapping, mapping_errors
from konstruktor.organizations.models import ImportJob


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл с организациями",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_mb = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["file"].help_text = (
            f"CSV, TSV, TXT или XLSX до {limit_mb} МБ. Первая строка — заголовок. Кодировка "
            "(UTF-8 или Windows-1251) и разделитель определяются сами."
        )


class ImportMappingForm(forms.Form):
    """One select per source column (→ target field or «не загружать») and the mode."""

    mode = forms.ChoiceField(
        label="Что делать со строками с ошибками",
        choices=ImportJob.Mode.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, header: Sequence[str], mapping: Mapping, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header = list(header)
        choices = target_choices()
        for index, title in enumerate(self.header):
            self.fields[self.column_name(index)] = forms.ChoiceField(
                label=title or f"Столбец {index + 1} (без названия)",
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
            )
        self.fields["mode"].help_text = (
            "«Всё или ничего»: при любой ошибке ничего не записывается, но в отчёте будут все "
            "ошибочные строки. «Пропустить ошибочные строки»: записываются все верные строки."
        )

    @staticmethod
    def column_name(index: int) -> str:
        return f"col_{index}"

    def column_fields(self) -> list[forms.BoundField]:
        return [self[self.column_name(i)] for i in range(len(self.header))]

    def mapping(self) -> Mapping:
        return [self.cleaned_data.get(self.column_name(i)) or "" for i in range(len(self.header))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for problem in mapping_errors(self.mapping(), self.header):
            self.add_error(None, problem)
        return cleaned
