"""The shipped topics of the consultation line and their service-level targets (working days).

Editors change them in the admin; the data migration and the demo seed only create the missing ones.
"""

from typing import Any

# (name, working days to answer, order)
TOPICS: list[tuple[str, int, int]] = [
    ("Регистрация НКО", 5, 10),
    ("Устав и документы", 5, 20),
    ("Отчётность в Минюст", 3, 30),
    ("Статус СОНКО и реестры", 5, 40),
    ("Гранты и субсидии", 5, 50),
    ("Социальные услуги (442-ФЗ)", 7, 60),
    ("Трансфер практик", 10, 70),
    ("Проектное управление", 10, 80),
    ("Другое", 7, 90),
]


def topics_sync(*, topic_model: Any) -> None:
    for name, days, order in TOPICS:
        topic_model.objects.get_or_create(name=name, defaults={"sla_working_days": days, "order": order})
