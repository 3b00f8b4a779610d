from django.db import migrations


def load(apps, schema_editor):
    from konstruktor.territories.actions import regions_sync

    regions_sync(region_model=apps.get_model("territories", "Region"))


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
