"""On PostgreSQL, a partial index of active NGOs for the white-spot figures of all Russia.

The figures by subject and by municipality of the whole country read every active NGO: from this
index (region, municipality, settlement, id — 8 MB for 200 000 organizations) PostgreSQL answers
them by an index-only scan, where it otherwise read the whole 100 MB table. Not on SQLite: its
planner takes the partial index for the area-of-activity join without seeing that it covers kind
and state, and reads the table rows (twice slower there than the indexes of 0005).
"""

from django.db import migrations

NAME = "org_whitespots_active_ngo"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON organizations_organization "
        "(region_id, municipality_ref_id, settlement_id, id) WHERE kind = 'ngo' AND state = 'active'"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0010_sqlite_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
