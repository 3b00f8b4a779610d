"""The programme's indicators as shipped: definitions and national targets.

Used by the data migration (with historical models) and by `definitions_sync`; editing a
definition later in the admin is kept — the sync only creates what is missing.
"""

from typing import Any

NGOS_CREATED_DESCRIPTION = (
    "Число НКО, зарегистрированных из инициативных групп инкубатора, в муниципальном образовании которых "
    "при создании группы не было ни одной действующей НКО реестра; считается по дате государственной "
    "регистрации НКО. По региону — по региону организации, по РЦ — по РЦ, ответственному за группу."
)
DEFINITIONS: list[dict[str, Any]] = [
    {
        "code": "ngos_supported", "order": 10, "unit": "организаций", "name": "НКО получили поддержку",
        "description": "Число разных организаций-получателей в журнале поддержки (7-ФЗ ст. 31.2) за период: "
        "организация считается один раз, сколько бы раз её ни поддержали. По региону — по региону получателя, "
        "по РЦ — по РЦ, оказавшему поддержку.",
        "target": 600,
    },
    {
        "code": "regions_participating", "order": 20, "unit": "регионов", "name": "Регионы — участники программы",
        "description": "Число субъектов РФ, отмеченных в справочнике регионов как регионы программы.",
        "target": 14,
    },
    {
        "code": "pilot_regions", "order": 30, "unit": "регионов", "name": "Пилотные регионы",
        "description": "Число регионов программы, отмеченных федеральным координатором как пилотные.",
        "target": 5,
    },
    {
        "code": "consultations_given", "order": 40, "unit": "консультаций", "name": "Консультаций дано",
        "description": "Число записей журнала поддержки по услуге «Консультационная линия»: каждая данная "
        "консультация записывается в журнал один раз.",
    },
    {
        "code": "document_packages", "order": 50, "unit": "пакетов", "name": "Пакетов документов сформировано",
        "description": "Число записей журнала поддержки по услуге «Пакеты документов».",
    },
    {
        "code": "ngos_created", "order": 60, "unit": "организаций", "name": "НКО созданы в территориях без НКО",
        "description": NGOS_CREATED_DESCRIPTION,
    },
    {
        "code": "practices_transferred", "order": 70, "unit": "передач", "name": "Практик отобрано и передано",
        "description": "Пока нет модуля практик: число записей журнала поддержки по услуге «Трансфер практик» "
        "(шаги отбора и передачи практик).",
    },
    {
        "code": "people_trained", "order": 80, "unit": "слушателей", "name": "Обучено",
        "description": "Пока нет модуля обучения: число записей журнала поддержки по услуге «Обучение» — одна "
        "запись на организацию, завершившую курс.",
    },
    {
        "code": "events_held", "order": 90, "unit": "участий", "name": "Мероприятия: участие СОНКО",
        "description": "Пока нет модуля мероприятий: число записей журнала поддержки по услуге «Мероприятия» "
        "(участие СОНКО в мероприятиях РЦ).",
    },
    {
        "code": "services_launched", "order": 100, "unit": "услуг", "name": "Услуги, запущенные ресурсными центрами",
        "description": "Пока нет модуля услуг: число пар «РЦ — услуга», по которым в журнале поддержки есть хотя "
        "бы одна запись за период (услуга считается запущенной с первой записи). По региону — по региону РЦ.",
    },
    {
        "code": "project_participation", "order": 110, "unit": "организаций",
        "name": "СОНКО участвуют в проектном управлении",
        "description": "Число разных СОНКО с записями журнала поддержки по услуге «Участие в проектном "
        "управлении»: ответственные и соисполнители мероприятий дорожных карт, участники заседаний.",
    },
]  # fmt: skip


def definitions_sync(*, definition_model: Any, target_model: Any) -> int:
    """Create the shipped definitions and national programme targets that are missing."""
    created = 0
    for data in DEFINITIONS:
        fields = {k: v for k, v in data.items() if k not in ("code", "target")}
        definition, made = definition_model.objects.get_or_create(code=data["code"], defaults=fields)
        created += made
        if "target" in data and not target_model.objects.filter(indicator=definition, region=None, period="").exists():
            target_model.objects.create(
                indicator=definition, region=None, period="", value=data["target"], note="Цель программы"
            )
    return created
