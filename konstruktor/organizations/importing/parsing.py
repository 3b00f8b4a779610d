"""One source row → the values it would write, or the Russian reasons it is rejected."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import CharField

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
_MAX_LENGTH: dict[str, int] = {
    f.name: f.max_length
    for f in Organization._meta.concrete_fields
    if isinstance(f, CharField) and f.max_length and not f.is_relation
}
_TEXT_FIELDS = ("full_name", "short_name", "address", "phone", "website", "main_activity")
_EMAIL_SEPARATORS = re.compile(r"[,;\s]+")


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


_CACHE_LIMIT = 50_000


class RowParser:
    """Turns the cells of one row into model values (only for mapped, non-empty cells).

    Values that repeat across rows (dates, states, legal forms) are interpreted once.
    """

    def __init__(self, *, mapping: Sequence[str], header: Sequence[str], context: ImportContext) -> None:
        self.context = context
        self.width = len(header)
        self.columns = {target: index for index, target in enumerate(mapping) if target}
        self._columns = tuple(self.columns.items())
        self._text_fields = tuple(name for name in _TEXT_FIELDS if name in self.columns)
        self.last_mapped = max(self.columns.values(), default=-1)
        self._dates: dict[str, datetime.date | str] = {}
        self._states: dict[str, str | None] = {}
        self._forms: dict[tuple[str, str], int | str] = {}
        self._today = datetime.date.today()

    def texts(self, cells: Sequence[str]) -> dict[str, str]:
        """Mapped, non-empty cells with spaces (also non-breaking ones) collapsed."""
        texts: dict[str, str] = {}
        count = len(cells)
        for target, index in self._columns:
            if index < count:
                raw = cells[index]
                if raw:
                    text = " ".join(raw.replace("\ufeff", "").split())
                    if text:
                        texts[target] = text
        return texts

    def parse(self, cells: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
        values: dict[str, Any] = {}
        errors: list[str] = []
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
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
        texts = self.texts(cells)
        for name in self._text_fields:
            text = texts.get(name)
            if text:
                values[name] = text

        self._identifiers(texts, values, errors)
        self._region(texts, values, errors)
        self._legal_form(texts, values, errors)

        text = texts.get("registration_date")
        if text:
            date = self._date(text)
            if isinstance(date, str):
                errors.append(date)
            else:
                values["registration_date"] = date

        text = texts.get("state")
        if text:
            if text not in self._states:
                self._remember(self._states, text, state_from_text(text))
            state = self._states[text]
            if state is None:
                errors.append(
                    f"состояние {_quoted(text)} не распознано: ожидается, например, «Действующая», "
                    "«Ликвидируется» или «Исключена»"
                )
            else:
                values["state"] = state

        text = texts.get("kind")
        if text:
            kind = _KINDS.get(normalize(text))
            if kind is None:
                choices = ", ".join(f"«{label}»" for label in Kind.labels)
                errors.append(f"тип {_quoted(text)} не распознан: допустимы {choices}")
            else:
                values["kind"] = kind

        text = texts.get("email")
        if text:
            first = _EMAIL_SEPARATORS.split(text)[0].removeprefix("mailto:")
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

    @staticmethod
    def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = value

    def _date(self, text: str) -> datetime.date | str:
        """The date, or the reason it is rejected."""
        found = self._dates.get(text)
        if found is None:
            date = date_from_text(text)
            if date is None:
                found = f"дата регистрации {_quoted(text)} не распознана: нужна дата вида ДД.ММ.ГГГГ или ГГГГ-ММ-ДД"
            elif date > self._today:
                found = f"дата регистрации {_quoted(text)} ещё не наступила"
            else:
                found = date
            self._remember(self._dates, text, found)
        return found

    def _identifiers(self, texts: dict[str, str], values: dict[str, Any], errors: list[str]) -> None:
        text = texts.get("ogrn")
        if text:
            ogrn = _digits(text)
            message = ogrn_error(ogrn)
            if message:
                errors.append(f"{message.rstrip('.')} (в файле: {_quoted(text)})")
            else:
                values["ogrn"] = ogrn
        text = texts.get("inn")
        if text:
            inn = _digits(text)
            if len(inn) in (9, 11) and inn.isdigit() and inn_error("0" + inn) is None:
                inn = "0" + inn  # Excel drops the leading zero of a number
            message = inn_error(inn)
            if message:
                errors.append(f"{message.rstrip('.')} (в файле: {_quoted(text)})")
            else:
                values["inn"] = inn
        text = texts.get("kpp")
        if text:
            kpp = _digits(text).upper()
            if len(kpp) == 8 and kpp.isdigit():
                kpp = "0" + kpp
            message = kpp_error(kpp)
            if message:
                errors.append(f"{message.rstrip('.')} (в файле: {_quoted(text)})")
            else:
                values["kpp"] = kpp
        text = texts.get("minjust_number")
        if text:
            number = _digits(text)
            if not number.isdigit():
                errors.append(f"учётный номер Минюста {_quoted(text)} должен состоять из цифр")
            elif len(number) > 10:
                errors.append(f"учётный номер Минюста {_quoted(text)} длиннее 10 цифр")
            else:
                values["minjust_number"] = number
        if not errors and "ogrn" not in values and "inn" not in values and "minjust_number" not in values:
            errors.append("не указаны ни ОГРН, ни ИНН: строку не с чем сопоставить")

    def _region(self, texts: dict[str, str], values: dict[str, Any], errors: list[str]) -> None:
        text = texts.get("region")
        region_id = region_id_by_name(text) if text else None
        if text and region_id is None:
            errors.append(f"субъект РФ {_quoted(text)} не найден в справочнике регионов")
        elif region_id is not None:
            if not self.context.scope.can_edit_region(region_id):
                name = self.context.region_names.get(region_id, text)
                errors.append(f"регион «{name}» вне вашей зоны ответственности")
            else:
                values["region_id"] = region_id
        place = texts.get("municipality")
        if place:
            # «Челябинская область, Челябинск, Центральный» → «Челябинск, Центральный».
            if region_id is not None and "," in place:
                first, rest = place.split(",", 1)
                if region_id_by_name(first.strip()) == region_id:
                    place = rest.strip(" ,")
            elif region_id is not None and region_id_by_name(place) == region_id:
                place = ""
            if place:
                values["municipality"] = place

    def _legal_form(self, texts: dict[str, str], values: dict[str, Any], errors: list[str]) -> None:
        code = texts.get("okopf", "")
        text = texts.get("legal_form", "")
        if not (code or text):
            return
        key = (code, text)
        found = self._forms.get(key)
        if found is None:
            digits = _digits(code)
            form_id = self.context.legal_form_by_okopf.get(digits) if digits else None
            if form_id is None and text:
                form_id = legal_form_id_by_text(text)
            if form_id is not None:
                found = form_id
            elif text:
                found = f"организационно-правовая форма {_quoted(text)} не найдена в справочнике"
            else:
                found = f"код ОКОПФ {_quoted(digits)} не найден в справочнике"
            self._remember(self._forms, key, found)
        if isinstance(found, str):
            errors.append(found)
        else:
            values["legal_form_id"] = found
