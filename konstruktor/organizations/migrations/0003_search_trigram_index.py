"""On PostgreSQL, a trigram index makes the registry's substring search use an index."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organization_search_trgm "
        "ON organizations_organization USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organization_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_load_reference_data")]
    operations = [migrations.RunPython(forwards, backwards)]
