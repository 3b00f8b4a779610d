"""One source row → the values it would write, or the Russian reasons it is rejected."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from konstruktor.core.access import Scope
from konstruktor.core.identifiers import inn_error, kpp_error, ogrn_error
from konstruktor.core.text import normalize
from konstruktor.organizations.importing.layouts import TARGET_FIELDS
from konstruktor.organizations.models import LegalForm, Organization
from konstruktor.organizations.queries import legal_form_id_by_text
from konstruktor.territories.models import Region
from konstruktor.territories.queries import region_id_by_name

State = Organization.State
Kind = Organization.Kind

# Normalised state text prefixes (ЕГРЮЛ, Минюст, our own export) → state.
_STATE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("недейству", State.LIQUIDATED),
    ("не действу", State.LIQUIDATED),
    ("исключен", State.LIQUIDATED),
    ("ликвидирована", State.LIQUIDATED),
    ("ликвидирован", State.LIQUIDATED),
    ("прекратил", State.LIQUIDATED),
    ("ликвидируется", State.LIQUIDATING),
    ("в процессе ликвидации", State.LIQUIDATING),
    ("в стадии ликвидации", State.LIQUIDATING),
    ("реорганизуется", State.LIQUIDATING),
    ("в процессе реорганизации", State.LIQUIDATING),
    ("в состоянии банкротства", State.LIQUIDATING),
    ("банкрот", State.LIQUIDATING),
    ("действующ", State.ACTIVE),
    ("действует", State.ACTIVE),
    ("зарегистрирован", State.ACTIVE),
    ("нет сведений", State.UNKNOWN),
    ("неизвестно", State.UNKNOWN),
)
_STATE_EXACT = {
    **{normalize(label): value for value, label in State.choices},
    **{value: value for value in State.values},
}
_KINDS = {
    **{normalize(label): value for value, label in Kind.choices},
    **{value: value for value in Kind.values},
    "нко": Kind.NGO,
    "рц": Kind.RESOURCE_CENTRE,
    "ресурсный центр": Kind.RESOURCE_CENTRE,
    "инициативная группа": Kind.INITIATIVE_GROUP,
    "орган власти": Kind.AUTHORITY,
}
_DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
)
_TIME_SUFFIX = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_IDENTIFIER_JUNK = re.compile(r"[\s\-'’`]")
_MAX_LENGTH = {
    f.name: f.max_length
    for f in Organization._meta.get_fields()
    if getattr(f, "max_length", None) and not f.is_relation
}
_TEXT_FIELDS = ("full_name", "short_name", "address", "phone", "website", "main_activity")


def clean_text(value: str) -> str:
    """Non-breaking and other spaces to single spaces, trimmed."""
    return " ".join(value.replace("\ufeff", "").split())


def state_from_text(text: str) -> str | None:
    key = normalize(text)
    if key in _STATE_EXACT:
        return _STATE_EXACT[key]
    return next((state for prefix, state in _STATE_PREFIXES if key.startswith(prefix)), None)


def date_from_text(text: str) -> datetime.date | None:
    text = _TIME_SUFFIX.sub("", text.strip(), count=1)
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def _digits(value: str) -> str:
    return _IDENTIFIER_JUNK.sub("", value)


def _quoted(value: str, limit: int = 80) -> str:
    return "«" + (value if len(value) <= limit else value[: limit - 1] + "…") + "»"


@dataclass
class ImportContext:
    """Reference data and the user's scope, loaded once per import."""

    scope: Scope
    legal_forms: dict[int, LegalForm]
    legal_form_by_okopf: dict[str, int]
    region_names: dict[int, str]

    @classmethod
    def load(cls, scope: Scope) -> "ImportContext":
        forms = {form.pk: form for form in LegalForm.objects.all()}
        return cls(
            scope=scope,
            legal_forms=forms,
            legal_form_by_okopf={form.okopf: form.pk for form in forms.values()},
            region_names=dict(Region.objects.values_list("pk", "name")),
        )


class RowParser:
    """Turns the cells of one row into model values (only for mapped, non-empty cells)."""

    def __init__(self, *, mapping: Sequence[str], header: Sequence[str], context: ImportContext) -> None:
        self.context = context
        self.width = len(header)
        self.columns = {target: index for index, target in enumerate(mapping) if target}
        self.last_mapped = max(self.columns.values(), default=-1)

    def _cell(self, cells: Sequence[str], target: str) -> str:
        index = self.columns.get(target)
        if index is None or index >= len(cells):
            return ""
        return clean_text(cells[index])

    def parse(self, cells: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
        values: dict[str, Any] = {}
        errors: list[str] = []
        extra = [c for c in cells[self.width :] if c.strip()]
        if extra:
            errors.append(
                f"в строке {len(cells)} ячеек, а в заголовке {self.width}: строка сбита "
                "(лишний разделитель или непарные кавычки)"
            )
            return values, errors
        if len(cells) <= self.last_mapped and len(cells) < self.width:
            errors.append(
                f"в строке {len(cells)} ячеек, а в заголовке {self.width}: строка сбита "
                "(перенос строки внутри ячейки или потерянный разделитель)"
            )
            return values, errors
        cell = self._cell

        for name in _TEXT_FIELDS:
            text = cell(cells, name)
            if text:
                values[name] = text

        self._identifiers(cells, values, errors)
        self._region(cells, values, errors)
        self._legal_form(cells, values, errors)

        text = cell(cells, "registration_date")
        if text:
            date = date_from_text(text)
            if date is None:
                errors.append(
                    f"дата регистрации {_quoted(text)} не распознана: нужна дата вида "
                    "ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"
                )
            elif date > datetime.date.today():
                errors.append(f"дата регистрации {_quoted(text)} ещё не наступила")
            else:
                values["registration_date"] = date

        text = cell(cells, "state")
        if text:
            state = state_from_text(text)
            if state is None:
                errors.append(
                    f"состояние {_quoted(text)} не распознано: ожидается, например, «Действующая», "
                    "«Ликвидируется» или «Исключена»"
                )
            else:
                values["state"] = state

        text = cell(cells, "kind")
        if text:
            kind = _KINDS.get(normalize(text))
            if kind is None:
                choices = ", ".join(f"«{label}»" for label in Kind.labels)
                errors.append(f"тип {_quoted(text)} не распознан: допустимы {choices}")
            else:
                values["kind"] = kind

        text = cell(cells, "email")
        if text:
            first = re.split(r"[,;\s]+", text)[0].removeprefix("mailto:")
            try:
                validate_email(first)
                values["email"] = first.lower()
            except ValidationError:
                errors.append(f"e-mail {_quoted(text)} записан с ошибкой")

        for name, limit in _MAX_LENGTH.items():
            value = values.get(name)
            if isinstance(value, str) and len(value) > limit:
                title = TARGET_FIELDS.get(name, name)
                errors.append(f"поле «{title}» длиннее {limit} знаков ({len(value)})")
        return values, errors

    def _identifiers(self, cells: Sequence[str], values: dict[str, Any], errors: list[str]) -> None:
        text = self._cell(cells, "ogrn")
        if text:
            ogrn = _digits(text)
            message = ogrn_error(ogrn)
            if message:
                errors.append(f"{message.rstrip('.')} (в файле: {_quoted(text)})")
            else:
                values["ogrn"] = ogrn
        text = self._cell(cells, "inn")
        if text:
            inn = _digits(text)
            if len(inn) in (9, 11) and inn.isdigit() and inn_error("0" + inn) is None:
                inn = "0" + inn  # Excel drops the leading zero of a number
            message = inn_error(inn)
            if message:
                errors.append(f"{message.rstrip('.')} (в файле: {_quoted(text)})")
            else:
                values["inn"] = inn
        text = self._cell(cells, "kpp")
        if text:
            kpp = _digits(text).upper()
            if len(kpp) == 8 and kpp.isdigit():
                kpp = "0" + kpp
            message = kpp_error(kpp)
            if message:
                errors.append(f"{message.rstrip('.')} (в файле: {_quoted(text)})")
            else:
                values["kpp"] = kpp
        text = self._cell(cells, "minjust_number")
        if text:
            number = _digits(text)
            if not number.isdigit():
                errors.append(f"учётный номер Минюста {_quoted(text)} должен состоять из цифр")
            elif len(number) > 10:
                errors.append(f"учётный номер Минюста {_quoted(text)} длиннее 10 цифр")
            else:
                values["minjust_number"] = number
        if not (values.keys() & {"ogrn", "inn", "minjust_number"}) and not errors:
            errors.append("не указаны ни ОГРН, ни ИНН: строку не с чем сопоставить")

    def _region(self, cells: Sequence[str], values: dict[str, Any], errors: list[str]) -> None:
        text = self._cell(cells, "region")
        region_id = region_id_by_name(text) if text else None
        if text and region_id is None:
            errors.append(f"субъект РФ {_quoted(text)} не найден в справочнике регионов")
        elif region_id is not None:
            if not self.context.scope.can_edit_region(region_id):
                name = self.context.region_names.get(region_id, text)
                errors.append(f"регион «{name}» вне вашей зоны ответственности")
            else:
                values["region_id"] = region_id
        place = self._cell(cells, "municipality")
        if place:
            parts = [p.strip() for p in place.split(",")]
            # «Челябинская область, Челябинск, Центральный» → «Челябинск, Центральный».
            if region_id is not None and region_id_by_name(parts[0]) == region_id:
                parts = parts[1:]
            place = ", ".join(p for p in parts if p)
            if place:
                values["municipality"] = place

    def _legal_form(self, cells: Sequence[str], values: dict[str, Any], errors: list[str]) -> None:
        code = _digits(self._cell(cells, "okopf"))
        text = self._cell(cells, "legal_form")
        form_id = self.context.legal_form_by_okopf.get(code) if code else None
        if form_id is None and text:
            form_id = legal_form_id_by_text(text)
        if form_id is not None:
            values["legal_form_id"] = form_id
        elif text:
            errors.append(f"организационно-правовая форма {_quoted(text)} не найдена в справочнике")
        elif code:
            errors.append(f"код ОКОПФ {_quoted(code)} не найден в справочнике")
