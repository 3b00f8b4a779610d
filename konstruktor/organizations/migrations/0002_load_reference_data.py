from django.db import migrations


def load(apps, schema_editor):
    from konstruktor.organizations.actions import reference_sync

    reference_sync(
        legal_form_model=apps.get_model("organizations", "LegalForm"),
        area_model=apps.get_model("organizations", "ActivityArea"),
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
