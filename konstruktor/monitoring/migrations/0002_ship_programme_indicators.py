"""Ship the programme's indicators and their national targets (600 NGOs, 14 regions, 5 pilots)."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from konstruktor.monitoring.defaults import definitions_sync

    definitions_sync(
        definition_model=apps.get_model("monitoring", "IndicatorDefinition"),
        target_model=apps.get_model("monitoring", "IndicatorTarget"),
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from konstruktor.monitoring.defaults import DEFINITIONS

    apps.get_model("monitoring", "IndicatorDefinition").objects.filter(code__in=[d["code"] for d in DEFINITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_indicators_targets_snapshots")]

    operations = [migrations.RunPython(forwards, backwards)]
