"""«НКО созданы в территориях без НКО» now counts the incubator's NGOs: the published description follows.

A description the coordinator has edited since is left alone.
"""

from django.db import migrations

OLD = "Пока нет модуля инкубатора: число разных получателей поддержки по услуге «Создание НКО» в журнале поддержки."
NEW = (
    "Число НКО, зарегистрированных из инициативных групп инкубатора, в муниципальном образовании которых "
    "при создании группы не было ни одной действующей НКО реестра; считается по дате государственной "
    "регистрации НКО. По региону — по региону организации, по РЦ — по РЦ, ответственному за группу."
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    definitions = apps.get_model("monitoring", "IndicatorDefinition").objects
    definitions.filter(code="ngos_created", description=OLD).update(description=NEW)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    definitions = apps.get_model("monitoring", "IndicatorDefinition").objects
    definitions.filter(code="ngos_created", description=NEW).update(description=OLD)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_ship_programme_indicators")]

    operations = [migrations.RunPython(forwards, backwards)]
