"""SQLite only: the FTS5 trigram index of the name search (with its triggers) and an index for
the legal-form filter in name order. A no-op on PostgreSQL, which has the pg_trgm index of
0003 and plans the legal-form filter well without it; see konstruktor.organizations.search_index.
"""

from django.db import migrations

from konstruktor.organizations.search_index import search_index_create, search_index_drop

FORM_NAME_INDEX = (
    "CREATE INDEX IF NOT EXISTS organization_form_name_order "
    "ON organizations_organization (legal_form_id, full_name, id)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(FORM_NAME_INDEX)
    search_index_create(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    search_index_drop(schema_editor.connection)
    schema_editor.execute("DROP INDEX IF EXISTS organization_form_name_order")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0009_target_group_table_and_organization_link")]
    operations = [migrations.RunPython(forwards, backwards)]
