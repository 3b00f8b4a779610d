"""The target-group list moves from incubator to organizations (state only; the table stays)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0007_name_order_index"),
        ("incubator", "0002_load_target_groups"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TargetGroup",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="код")),
                        ("name", models.CharField(max_length=200, verbose_name="наименование")),
                        ("order", models.PositiveSmallIntegerField(default=100)),
                    ],
                    options={
                        "verbose_name": "целевая группа",
                        "verbose_name_plural": "целевые группы",
                        "ordering": ["order", "name"],
                        "db_table": "incubator_targetgroup",
                    },
                ),
            ]
        ),
    ]
