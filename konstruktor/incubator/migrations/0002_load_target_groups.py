from typing import Any

from django.db import migrations

TARGET_GROUPS = [
    ("elderly", "Пожилые люди"),
    ("disabled", "Люди с инвалидностью"),
    ("orphans", "Дети-сироты и дети, оставшиеся без попечения родителей"),
    ("families", "Семьи с детьми"),
    ("large_families", "Многодетные семьи"),
    ("svo", "Участники СВО и их семьи"),
    ("hardship", "Люди в трудной жизненной ситуации"),
    ("migrants", "Мигранты"),
    ("youth", "Молодёжь"),
    ("children", "Дети и подростки"),
    ("homeless", "Люди без определённого места жительства"),
    ("addiction", "Люди с зависимостями и их близкие"),
    ("released_prisoners", "Освободившиеся из мест лишения свободы"),
    ("palliative", "Тяжелобольные люди и их родственники"),
    ("caregivers", "Родственники, ухаживающие за тяжелобольными"),
    ("indigenous", "Коренные малочисленные народы"),
]


def load(apps: Any, schema_editor: Any) -> None:
    TargetGroup = apps.get_model("incubator", "TargetGroup")
    for order, (code, name) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10})


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("incubator", "TargetGroup").objects.filter(code__in=[c for c, _ in TARGET_GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("incubator", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
