"""The register of СОНКО — recipients of support (7-ФЗ ст. 31.2), built from the support log.

The columns follow the entry contents listed in ст. 31.2 (name, address, ОГРН, ИНН, form and
amount of support, its term, the body that granted it, violations). The rules of keeping the
register were set by Приказ Минэкономразвития от 17.05.2011 № 223; check the current wording.
"""

from typing import Any

from konstruktor.organizations.models import SupportRecord

SUPPORT_REGISTER_COLUMNS = [
    "Номер реестровой записи",
    "Дата принятия решения об оказании поддержки",
    "Полное наименование получателя",
    "Сокращённое наименование получателя",
    "Адрес (место нахождения)",
    "ОГРН",
    "ИНН",
    "Форма поддержки",
    "Размер поддержки, руб.",
    "Срок оказания поддержки",
    "Содержание поддержки",
    "Услуга ресурсного центра",
    "Орган (организация), оказавший поддержку",
    "Информация о нарушениях",
]


def support_register_row(record: SupportRecord) -> list[Any]:
    recipient = record.recipient
    return [
        record.pk,
        record.date.strftime("%d.%m.%Y"),
        recipient.full_name,
        recipient.short_name,
        recipient.address,
        recipient.ogrn,
        recipient.inn,
        record.get_form_display(),
        float(record.amount) if record.amount is not None else "",
        record.term_until.strftime("%d.%m.%Y") if record.term_until else "",
        record.description,
        record.get_service_display(),
        record.provider.full_name,
        record.violations,
    ]
