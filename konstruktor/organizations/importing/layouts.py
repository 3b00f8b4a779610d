"""Target fields of an import, the known file layouts and the export row that round-trips.

A mapping is a list with one entry per source column: the target field name, or "" for a
column that is not loaded. It is stored as JSON on the import job and can be changed by the user.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from konstruktor.core.text import normalize

# Target field → its Russian title. The titles are also the export's column headers, in order.
TARGET_FIELDS: dict[str, str] = {
    "full_name": "Полное наименование",
    "short_name": "Сокращённое наименование",
    "legal_form": "Организационно-правовая форма",
    "okopf": "Код ОКОПФ",
    "inn": "ИНН",
    "ogrn": "ОГРН",
    "kpp": "КПП",
    "minjust_number": "Учётный номер Минюста",
    "registration_date": "Дата регистрации",
    "state": "Состояние",
    "region": "Субъект РФ",
    "municipality": "Муниципальное образование / населённый пункт",
    "address": "Адрес",
    "phone": "Телефон",
    "email": "E-mail",
    "website": "Сайт",
    "main_activity": "Основной вид деятельности",
    "kind": "Тип",
}

# The single source of the registry's CSV/XLSX export header.
EXPORT_COLUMNS: tuple[str, ...] = tuple(TARGET_FIELDS.values())

Mapping = list[str]


@dataclass(frozen=True)
class Layout:
    """A known file layout: normalised header → target field ("" = known but not loaded)."""

    name: str
    title: str
    columns: dict[str, str]
    # Headers that must all be present for the layout to be recognised.
    required: tuple[str, ...]

    def mapping_for(self, header: Sequence[str]) -> Mapping:
        return [self.columns.get(normalize(h), "") for h in header]


def _layout(name: str, title: str, columns: dict[str, str], required: Sequence[str] | None = None) -> Layout:
    normalized = {normalize(k): v for k, v in columns.items()}
    keys = tuple(normalize(k) for k in required) if required else tuple(normalized)
    return Layout(name=name, title=title, columns=normalized, required=keys)


LAYOUTS: tuple[Layout, ...] = (
    _layout(
        "export",
        "Выгрузка реестра «Конструктора»",
        {title: field for field, title in TARGET_FIELDS.items()},
    ),
    _layout(
        "fns_buh",
        "Сведения ФНС/Росстата о НКО (ОГРН, ОКАТО, отрасль, бухгалтерская отчётность)",
        {
            "Регистрационный номер": "ogrn",
            "Краткое наименование": "short_name",
            "Дата регистрации": "registration_date",
            "Возраст компании, лет": "",
            "Статус": "state",
            "Регион регистрации": "region",
            "Наименование ОКАТО": "municipality",
            "Вид деятельности/отрасль": "main_activity",
            "Организационно-правовая форма": "legal_form",
        },
    ),
    _layout(
        "minjust",
        "Реестр НКО Минюста России (учётный номер, ОГРН, адрес)",
        {
            "registy": "",
            "uniqnum": "minjust_number",
            "name": "full_name",
            "ogrn": "ogrn",
            "ogrndate": "registration_date",
            "address": "address",
            "orgform": "legal_form",
            "region": "region",
            "status": "state",
        },
    ),
    _layout(
        "egrul_foundations",
        "Выписка ЕГРЮЛ по фондам (наименование, ОГРН, статус, регион, ОКОПФ)",
        {
            "name": "short_name",
            "ogrn": "ogrn",
            "status": "state",
            "region": "region",
            "okopf": "legal_form",
            "okopf_id": "okopf",
        },
    ),
    _layout(
        "websites",
        "Сайты и сокращённые наименования по ОГРН (дополнение к реестру, без региона)",
        {"ogrn": "ogrn", "shortName": "short_name", "website": "website", "vk": ""},
    ),
)
LAYOUTS_BY_NAME: dict[str, Layout] = {layout.name: layout for layout in LAYOUTS}

# Header synonyms for files of unknown layout: normalised header → target field.
_SYNONYMS: dict[str, str] = {
    **{normalize(title): field for field, title in TARGET_FIELDS.items()},
    **{
        normalize(k): v
        for k, v in {
            "Наименование": "full_name",
            "Название": "full_name",
            "Наименование организации": "full_name",
            "Полное наименование организации": "full_name",
            "Название организации": "full_name",
            "Организация": "full_name",
            "НКО": "full_name",
            "name": "full_name",
            "full_name": "full_name",
            "Краткое наименование": "short_name",
            "Сокращенное наименование": "short_name",
            "Краткое название": "short_name",
            "short_name": "short_name",
            "shortName": "short_name",
            "ОПФ": "legal_form",
            "Организационно-правовая форма": "legal_form",
            "Правовая форма": "legal_form",
            "Форма": "legal_form",
            "orgform": "legal_form",
            "ОКОПФ": "okopf",
            "okopf_id": "okopf",
            "okopf": "legal_form",
            "ИНН организации": "inn",
            "inn": "inn",
            "ОГРН организации": "ogrn",
            "Регистрационный номер": "ogrn",
            "Основной государственный регистрационный номер": "ogrn",
            "ogrn": "ogrn",
            "kpp": "kpp",
            "Учетный номер": "minjust_number",
            "Учетный номер Минюста": "minjust_number",
            "Учетный номер НКО": "minjust_number",
            "uniqnum": "minjust_number",
            "Дата создания": "registration_date",
            "Дата государственной регистрации": "registration_date",
            "Дата регистрации": "registration_date",
            "Дата ОГРН": "registration_date",
            "ogrndate": "registration_date",
            "Статус": "state",
            "Состояние": "state",
            "Статус организации": "state",
            "status": "state",
            "Регион": "region",
            "Субъект": "region",
            "Субъект РФ": "region",
            "Субъект Российской Федерации": "region",
            "Регион регистрации": "region",
            "region": "region",
            "Муниципальное образование": "municipality",
            "Муниципалитет": "municipality",
            "Район": "municipality",
            "Город": "municipality",
            "Населенный пункт": "municipality",
            "Наименование ОКАТО": "municipality",
            "Адрес": "address",
            "Юридический адрес": "address",
            "Адрес местонахождения": "address",
            "Адрес организации": "address",
            "address": "address",
            "Телефон": "phone",
            "Тел": "phone",
            "Контактный телефон": "phone",
            "phone": "phone",
            "Email": "email",
            "E-mail": "email",
            "Эл почта": "email",
            "Электронная почта": "email",
            "Адрес электронной почты": "email",
            "Почта": "email",
            "Сайт": "website",
            "Веб-сайт": "website",
            "Адрес сайта": "website",
            "website": "website",
            "site": "website",
            "Вид деятельности": "main_activity",
            "Основной вид деятельности": "main_activity",
            "Вид деятельности/отрасль": "main_activity",
            "ОКВЭД": "main_activity",
            "Основной ОКВЭД": "main_activity",
            "Тип": "kind",
            "Тип организации": "kind",
        }.items()
    },
}


def layout_detect(header: Sequence[str]) -> Layout | None:
    """The known layout whose required headers are all present (the most specific wins)."""
    present = {normalize(h) for h in header}
    matches = [layout for layout in LAYOUTS if set(layout.required) <= present]
    return max(matches, key=lambda layout: len(layout.required), default=None)


def mapping_guess(header: Sequence[str]) -> Mapping:
    """A mapping for an unknown header from synonyms; each target is used at most once."""
    used: set[str] = set()
    mapping: Mapping = []
    for title in header:
        target = _SYNONYMS.get(normalize(title), "")
        if target in used:
            target = ""
        if target:
            used.add(target)
        mapping.append(target)
    return mapping


def mapping_detect(header: Sequence[str], layout_name: str | None = None) -> tuple[str, Mapping]:
    """(layout name or "", mapping) for a header; `layout_name` forces a known layout."""
    layout = LAYOUTS_BY_NAME.get(layout_name) if layout_name else layout_detect(header)
    if layout is None:
        return "", mapping_guess(header)
    return layout.name, layout.mapping_for(header)


def mapping_errors(mapping: Sequence[str], header: Sequence[str]) -> list[str]:
    """Why a mapping cannot be used (Russian messages); empty when it is fine."""
    errors: list[str] = []
    if len(mapping) != len(header):
        errors.append("Сопоставление не соответствует столбцам файла: загрузите файл заново.")
        return errors
    unknown = [m for m in mapping if m and m not in TARGET_FIELDS]
    if unknown:
        errors.append("Неизвестное поле: " + ", ".join(unknown) + ".")
    seen: dict[str, str] = {}
    for title, target in zip(header, mapping, strict=True):
        if not target:
            continue
        if target in seen:
            errors.append(f"Поле «{TARGET_FIELDS[target]}» выбрано для двух столбцов: «{seen[target]}» и «{title}».")
        seen[target] = title
    identifiers = {"ogrn", "inn", "minjust_number"}
    if not identifiers & set(seen):
        errors.append("Выберите столбец с ОГРН или ИНН: без них строки не с чем сопоставить.")
    return errors


def layout_title(name: str) -> str:
    layout = LAYOUTS_BY_NAME.get(name)
    return layout.title if layout else "Неизвестный формат: поля сопоставлены по названиям столбцов"


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def organization_export_row(org: Any) -> list[str]:
    """The export values of one organization, in EXPORT_COLUMNS order (re-importable as is).

    Select `region` and `legal_form` with the queryset to avoid a query per row.
    """
    legal_form = org.legal_form
    return [
        org.full_name,
        org.short_name,
        legal_form.name if legal_form else "",
        legal_form.okopf if legal_form else "",
        org.inn,
        org.ogrn,
        org.kpp,
        org.minjust_number,
        _date(org.registration_date),
        org.get_state_display(),
        org.region.name,
        org.municipality,
        org.address,
        org.phone,
        org.email,
        org.website,
        org.main_activity,
        org.get_kind_display(),
    ]
